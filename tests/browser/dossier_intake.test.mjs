// Dossiers coming in: a ministry admin issues Nghệ An's system a token on the integrations
// page and the system sends a batch with it; a province official without an integration
// uploads a spreadsheet, reads the dry run with a wrong row named, fixes it and takes it in.
// The upload works without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn } from './browser.mjs';

const COLUMNS = ['Mã hồ sơ', 'Mã cơ quan', 'Mã xã', 'Mã thủ tục', 'Tiếp nhận lúc', 'Hình thức nộp',
  'Hạn giải quyết', 'Có kết quả lúc', 'Trả kết quả lúc', 'Trạng thái'];

const csv = (rows) => [COLUMNS, ...rows].map((r) => r.join(',')).join('\n');

test('a ministry admin issues a token and the province system sends dossiers with it', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'admin', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/quan-tri/tich-hop`);
    await page.waitForLoadState('networkidle');
    await page.selectOption('#token-province', '40');
    await page.fill('#token-name', 'Hệ thống một cửa Nghệ An');
    await page.click('main form button[type=submit]');
    const secret = (await page.locator('.token-secret').textContent()).trim();
    assert.match(secret, /^tdk_[0-9a-f]{64}$/);
    await page.locator('tr.api-token', { hasText: 'Hệ thống một cửa Nghệ An' }).first().waitFor();

    const code = `API-${Date.now()}`;
    const send = (token) => fetch(`${BASE}/api/v1/tinh/40/ho-so`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{
        code, agency: 'SNV', procedure: '1.001007', received_at: '2025-09-02T08:00:00+07:00',
        channel: 'online', status: 'received',
      }] }),
    });
    const sent = await send(secret);
    assert.equal(sent.status, 200);
    assert.deepEqual(await sent.json(), { created: 1, updated: 0, unchanged: 0 });
    const refused = await send('tdk_' + '0'.repeat(64));
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error, 'invalid_token');

    // Its last use shows; revoked, it is refused.
    await page.reload();
    const row = page.locator('tr.api-token', { hasText: 'Hệ thống một cửa Nghệ An' }).first();
    await row.locator('button', { hasText: 'Thu hồi' }).click();
    await page.locator('tr.api-token.revoked', { hasText: 'Hệ thống một cửa Nghệ An' }).first().waitFor();
    assert.equal((await send(secret)).status, 401);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript no token is issued that nobody would see', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'admin', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/quan-tri/tich-hop`);
    assert.equal(await page.locator('main form button[type=submit]').first().isDisabled(), true);
    assert.match(await page.textContent('main'), /Cần bật JavaScript để cấp khóa/);
  } finally {
    await close();
  }
});

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`a province official uploads dossiers, reads the dry run and takes them in (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled });
    try {
      await signIn(page, 'nghean', DEMO_PASSWORD);
      await landed(page);
      await page.goto(`${BASE}/tinh/40/ho-so/tai-len`);
      const code = `XL-${javaScriptEnabled ? 'js' : 'html'}-${Date.now()}`;
      const row = (procedure) => [code, 'SNV', '', procedure, '01/09/2025 10:00', 'Trực tuyến', '', '', '', 'Đã tiếp nhận'];
      // 1.001007 written by a spreadsheet as a number that lost nothing, and one that did.
      await page.setInputFiles('#file', { name: 'ho-so.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([row('1.00100')])) });
      await page.click('form.upload-form button[type=submit]');
      await page.waitForURL(/\/tinh\/40\/ho-so\/tai-len\?tai-len=[0-9a-f]{32}$/);
      const errorRow = page.locator('table.bulk-errors tbody tr');
      await errorRow.first().waitFor();
      assert.match(await errorRow.first().textContent(), /2.*Mã thủ tục.*dạng 1\.004363/s);
      assert.equal(await page.locator('.preview form button').count(), 0, 'nothing to take in');

      await page.setInputFiles('#file', { name: 'ho-so.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([row('1.001007')])) });
      await page.click('form.upload-form button[type=submit]');
      await page.locator('.bulk-summary', { hasText: '1 hồ sơ mới' }).waitFor();
      await page.locator('.preview form button', { hasText: 'Ghi nhận 1 hồ sơ' }).click();
      await page.locator('.bulk-applied').waitFor();
      assert.equal((await page.textContent('.bulk-applied')).trim(), 'Đã ghi nhận các hồ sơ của tệp.');
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
