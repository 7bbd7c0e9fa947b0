// The catalogue from a spreadsheet: a ministry admin finds the import from the catalogue,
// uploads a file with a wrong row and reads it named at its line, fixes it, takes it in,
// and finds the new procedure in the catalogue. With and without JavaScript; a province
// official is not offered the import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn } from './browser.mjs';

const COLUMNS = ['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thực hiện', 'Cơ quan quản lý', 'Mức trực tuyến'];
const csv = (rows) => [COLUMNS, ...rows].map((r) => r.join(',')).join('\n');

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`a ministry admin imports procedures into the catalogue (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled });
    try {
      await signIn(page, 'admin', DEMO_PASSWORD);
      await landed(page);
      await page.goto(`${BASE}/thu-tuc`);
      await page.getByRole('link', { name: 'Nhập danh mục từ bảng tính' }).click();
      await page.waitForURL(/\/quan-tri\/thu-tuc$/);
      // Distinct per run: the demo database is shared by the runs.
      const code = `9.${String(Date.now()).slice(-5)}${javaScriptEnabled ? 1 : 2}`;
      const name = `Thủ tục thử nhập ${code}`;
      const row = (level) => [code, name, 'Thử nghiệm', level, 'SKHCN', 'Toàn trình'];
      await page.setInputFiles('#file', { name: 'thu-tuc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([row('Cấp huyện')])) });
      await page.click('form.upload-form button[type=submit]');
      await page.waitForURL(/\/quan-tri\/thu-tuc\?tai-len=[0-9a-f]{32}$/);
      const errorRow = page.locator('table.bulk-errors tbody tr');
      await errorRow.first().waitFor();
      assert.match(await errorRow.first().textContent(), /2.*Cấp thực hiện.*cấp tỉnh hoặc cấp xã/s);
      assert.equal(await page.locator('.preview form button').count(), 0, 'nothing to take in');

      await page.setInputFiles('#file', { name: 'thu-tuc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([row('Cấp tỉnh')])) });
      await page.click('form.upload-form button[type=submit]');
      await page.locator('.bulk-summary', { hasText: '1 thủ tục mới' }).waitFor();
      await page.locator('.preview form button', { hasText: 'Ghi 1 thủ tục vào danh mục' }).click();
      await page.locator('.bulk-applied').waitFor();

      await page.goto(`${BASE}/thu-tuc?q=${encodeURIComponent(code)}`);
      const found = page.locator('main tbody tr', { hasText: name });
      await found.first().waitFor();
      assert.equal(await found.locator('a').first().textContent(), code);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('a province official is not offered the import and cannot open it', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'nghean', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/thu-tuc`);
    assert.equal(await page.getByRole('link', { name: 'Nhập danh mục từ bảng tính' }).count(), 0);
    const response = await page.goto(`${BASE}/quan-tri/thu-tuc`);
    assert.equal(response.status(), 403);
  } finally {
    await close();
  }
});
