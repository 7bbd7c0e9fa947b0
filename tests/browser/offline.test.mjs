// A ministry inspector opens a visit once while online; in a meeting room without a
// connection the visit, its preparation pack and its report open again from the tablet's
// copy (on a 4× slower CPU, timed); a page never opened says it is not kept; signing out
// deletes the copy; the very first page a device opens is kept as well. Prints the copy's
// size and the time to open it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn, signOut } from './browser.mjs';

const PAGES = 'tiendo-visits-v1';

const kept = (page) =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), PAGES);

/// Bytes kept in each of the worker's caches.
const sizes = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let bytes = 0;
      for (const request of await cache.keys()) bytes += (await (await cache.match(request)).blob()).size;
      out[name] = bytes;
    }
    return out;
  });

test('a visit opened once opens again without a connection, until its reader signs out', async () => {
  const { page, context, close } = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/doan-cong-tac/1`);
    // The page registered the worker; registering it again rejects if its script fails to run.
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
    });
    // Opened again under the worker, the visit is kept, with its pack and report.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Its pack and report are fetched beside it: waited for, a check at a time.
    for (let i = 0; ; i++) {
      const paths = await kept(page);
      if (paths.some((p) => p.endsWith('/chuan-bi')) && paths.some((p) => p.endsWith('/bien-ban'))) break;
      assert.ok(i < 600, `the pack and report were not kept: ${paths}`);
      await page.waitForTimeout(100);
    }
    const copy = await sizes(page);
    console.log(`offline copy on the device: ${JSON.stringify(copy)} (bytes)`);

    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const started = Date.now();
    await page.reload();
    await page.locator('.follow-up').first().waitFor();
    console.log(`a kept visit opened offline on a 4x slower CPU in ${Date.now() - started} ms`);
    assert.match(await page.textContent('h1'), /phân cấp, phân quyền và chuyển đổi số/);
    assert.match(await page.textContent('.visit-members'), /Trần Ngọc Hậu/);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const [pack, report] = await Promise.all(
      ['chuan-bi', 'bien-ban'].map((p) => page.getAttribute(`.visit-report-link a[href*="${p}"]`, 'href')),
    );
    await page.goto(`${BASE}${pack}`);
    assert.match(await page.textContent('h1'), /Hồ sơ chuẩn bị/);
    await page.goto(`${BASE}${report}`);
    assert.match(await page.textContent('.report'), /Đề án 06/);
    // A page never opened: said plainly.
    await page.goto(`${BASE}/xa/18073`);
    assert.match(await page.textContent('h1'), /Không có kết nối/);

    await context.setOffline(false);
    await page.goto(`${BASE}/doan-cong-tac/1`);
    await page.waitForLoadState('networkidle');
    const again = await kept(page);
    assert.ok(again.length > 0, `kept again once online: ${JSON.stringify(again)}`);
    await signOut(page);
    assert.deepEqual(await kept(page), [], 'signing out deletes the copy');
  } finally {
    await close();
  }
});

test('the first page a tablet ever opens is kept too, with the build files it loaded', async () => {
  const first = await openBrowser();
  const fresh = await openBrowser();
  try {
    await signIn(first.page, 'kiemtra', DEMO_PASSWORD);
    await landed(first.page);
    // A device that never opened the site, with the session: its first page is served
    // before the worker exists.
    await fresh.context.addCookies(await first.context.cookies());
    const { page, context } = fresh;
    await page.goto(`${BASE}/doan-cong-tac/1/kiem-tra`);
    await page.locator('.checklist-question').first().waitFor();
    for (let i = 0; ; i++) {
      const files = await page.evaluate(async () =>
        (await (await caches.open('tiendo-assets-v1')).keys()).map((r) => new URL(r.url).pathname),
      );
      const paths = await kept(page);
      if (paths.some((p) => p.endsWith('/kiem-tra')) && files.some((f) => f.endsWith('.css'))) break;
      assert.ok(i < 600, `not kept: ${paths} ${files}`);
      await page.waitForTimeout(100);
    }
    await context.setOffline(true);
    await page.reload();
    await page.locator('.checklist-question').first().waitFor();
    // Styled as online: the stylesheet came from the device.
    const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
    assert.ok(rules > 100, `the stylesheet applies offline (${rules} rules)`);
    await context.setOffline(false);
  } finally {
    await first.close();
    await fresh.close();
  }
});
