import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, openBrowser, signIn, signOut, landed } from './browser.mjs';

// Markup in a name must stay text: on the server-rendered page and after hydration.
const EVIL_NAME = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">';

test('an admin creates an account through the form; a name with markup stays text', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'admin', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/quan-tri/tai-khoan/moi`);
    await page.fill('#username', 'xss_test');
    await page.fill('#display_name', EVIL_NAME);
    await page.selectOption('#role', 'commune_official');
    await page.fill('#scope_code', '17827');
    await page.fill('#password', 'mot mat khau dai');
    await page.click('main form button[type=submit]');
    await page.waitForURL(`${BASE}/quan-tri/tai-khoan`);

    // Server-rendered list, then hydrated: the name is the text of its link.
    await page.reload();
    const link = page.locator('table.units a', { hasText: 'window.__xss=1' });
    assert.equal(await link.textContent(), EVIL_NAME);
    assert.equal(await page.locator('img[src=x]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);

    // The account's own menu shows the name after hydration.
    await signOut(page);
    await signIn(page, 'xss_test', 'mot mat khau dai');
    await landed(page);
    await page.waitForSelector('.account-name');
    assert.ok((await page.textContent('.account-name')).includes(EVIL_NAME));
    await page.reload();
    assert.ok((await page.textContent('.account-name')).includes(EVIL_NAME), 'server-rendered too');
    assert.equal(await page.locator('img[src=x]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  } finally {
    await close();
  }
});

test('an admin reads the audit log and filters it; the CSV link keeps the filter', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'admin', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/quan-tri/nhat-ky`);
    assert.ok((await page.locator('table.audit tbody tr').count()) > 0);
    await page.fill('#user', 'admin');
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/user=admin/);
    const actors = await page.locator('table.audit tbody tr td:nth-child(2)').allTextContents();
    assert.ok(actors.length > 0 && actors.every((a) => a === 'admin'), actors.join());
    assert.match(await page.getAttribute('a[download]', 'href'), /^\/api\/nhat-ky\.csv\?user=admin/);
  } finally {
    await close();
  }
});
