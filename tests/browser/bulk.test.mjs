import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, openBrowser, signIn, landed } from './browser.mjs';

/// Parses one CSV line of the download (quoted cells may hold commas).
function cells(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cell); cell = ''; } else cell += c;
  }
  out.push(cell);
  return out;
}
const quote = (c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

test('without JavaScript a province official uploads an edited file, previews and applies it', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'nghean', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/tinh/40/cap-nhat-hang-loat`);
    const download = await page.request.get(`${BASE}/api/tinh/40/nhiem-vu-xa.csv`);
    assert.equal(download.status(), 200);
    const lines = (await download.text()).replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines.length, 1 + 130 * 16);
    const index = lines.findIndex((l, i) => i > 0 && cells(l)[8] === 'Đang thực hiện');
    const row = cells(lines[index]);
    row[9] = row[9] === '42' ? '43' : '42';
    row[10] = 'Cập nhật qua tệp';
    const edited = [lines[0], lines[index].replace(lines[index], row.map(quote).join(','))].join('\n');
    await page.setInputFiles('#file', { name: 'sua.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + edited) });
    await page.click('.upload-form button[type=submit]');
    await page.waitForURL(/tai-len=/);
    assert.match(await page.textContent('.bulk-summary'), /1 dòng thay đổi, 0 dòng giữ nguyên, 0 lỗi/);
    assert.match(await page.textContent('table.bulk-changes tbody'), /ghi chú mới/);
    await page.click('.preview form button[type=submit]');
    await page.waitForSelector('.bulk-applied');
    const after = await page.request.get(`${BASE}/api/tinh/40/nhiem-vu-xa.csv`);
    const again = (await after.text()).split('\n').map(cells).find((c) => c[0] === row[0]);
    assert.equal(again[9], row[9]);
    assert.equal(again[10], 'Cập nhật qua tệp');
  } finally {
    await close();
  }
});
