// A province's procedures page: a journalist on a phone goes from Nghệ An's page to its
// dossiers week by week, by channel, by agency, commune and procedure, checks the article's
// figures there, and looks back at 22/7/2025 through the date form. With and without
// JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, tapSettled } from './browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };


/// The whole numbers of a table column, read from the page as it is shown.
async function column(table, index) {
  const cells = await table.locator(`tbody tr > :nth-child(${index})`).allTextContents();
  return cells.map((text) => Number(text.replaceAll('.', '')));
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`a reader follows Nghệ An's dossiers by week, agency, commune and procedure (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...PHONE });
    try {
      await page.goto(`${BASE}/tinh/40?ngay=2025-08-06&so-voi=2025-07-22`);
      const section = page.locator('.province-dossiers');
      await section.waitFor();
      await tapSettled(section.getByRole('link', { name: 'Hồ sơ theo tuần, cơ quan, xã và thủ tục' }));
      // The same dates: the rank's change is said against the same day as on the province page.
      await page.waitForURL(/\/tinh\/40\/thu-tuc\?ngay=2025-08-06&so-voi=2025-07-22$/);
      assert.match(await page.textContent('h1'), /Thủ tục hành chính và hồ sơ · Nghệ An/);
      assert.equal(await page.textContent('.dossiers-received'), '310.903');
      assert.equal(await page.textContent('.dossiers-online'), '224.930');
      assert.equal(await page.textContent('.dossiers-rate'), '72,35%');
      assert.equal(await page.textContent('.dossiers-returned'), '252.648');
      assert.equal(await page.textContent('.dossiers-rank'), '20/34');

      // Each table adds up to the headline: the weeks, the agencies; the communes and the
      // procedures are parts of it.
      const weeks = page.locator('table.dossiers-weeks');
      assert.equal((await column(weeks, 2)).reduce((a, b) => a + b), 310_903);
      assert.equal((await column(weeks, 3)).reduce((a, b) => a + b), 224_930);
      const [agencies, communes, procedures] = [0, 1, 2].map((i) => page.locator('table.dossiers-units').nth(i));
      assert.equal((await column(agencies, 2)).reduce((a, b) => a + b), 310_903);
      assert.equal((await column(agencies, 3)).reduce((a, b) => a + b), 224_930);
      assert.equal((await column(agencies, 5)).reduce((a, b) => a + b), 252_648);
      assert.match(await agencies.textContent(), /Sở Khoa học và Công nghệ/);
      const communeTotal = (await column(communes, 2)).reduce((a, b) => a + b);
      const commune = (await column(agencies, 2))[
        (await agencies.locator('tbody th').allTextContents()).findIndex((name) => name.includes('UBNDX'))
      ];
      assert.equal(communeTotal, commune, 'the communes add up to their People\'s Committees');
      assert.equal(await procedures.locator('tbody tr').count(), 50);
      const received = await column(procedures, 2);
      assert.deepEqual(received, [...received].sort((a, b) => b - a), 'most dossiers first');
      assert.equal(await page.locator('.weekly-online svg').count(), 1);
      // Each channel has a colour of its own, its legend's swatch the same.
      const fills = await page.locator('.stacked-chart .segment').evaluateAll((marks) => marks.map((m) => getComputedStyle(m).fill));
      assert.ok(fills.length >= 2, `${fills}`);
      assert.equal(new Set(fills).size, fills.length, `${fills}`);
      assert.ok(!fills.includes('rgb(0, 0, 0)'), `${fills}`);
      const swatches = await page.locator('.stacked-chart .chart-legend .swatch').evaluateAll((s) => s.map((e) => getComputedStyle(e).backgroundColor));
      assert.deepEqual(swatches.slice(0, fills.length), fills);

      // A procedure leads to its page in the catalogue; the page keeps the phone's width.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0);
      const first = procedures.locator('tbody th a').first();
      const href = await first.getAttribute('href');
      assert.match(href, /^\/thu-tuc\/\d\.\d{6}$/);

      // Back to 22/7/2025: fewer dossiers, and the rank of that day.
      await page.fill('#ngay', '2025-07-22');
      await tapSettled(page.getByRole('button', { name: 'Xem' }));
      await page.waitForURL(/ngay=2025-07-22/);
      await page.locator('.dossiers-rank').filter({ hasText: '25/34' }).waitFor();
      assert.equal(await page.textContent('.dossiers-received'), '186.000');
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('a province without dossiers says so, and an unknown province is not found', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false, ...PHONE });
  try {
    const before = await page.goto(`${BASE}/tinh/40/thu-tuc?ngay=2025-06-30`);
    assert.equal(before.status(), 200);
    assert.match(await page.textContent('main'), /Chưa có hồ sơ nào trong kỳ\./);
    const missing = await page.goto(`${BASE}/tinh/99/thu-tuc`);
    assert.equal(missing.status(), 404);
  } finally {
    await close();
  }
});
