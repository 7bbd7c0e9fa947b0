// The ministry's visits: a journalist on a phone finds, on Nghệ An's page, what the visit of
// 22/8/2025 left to follow up, opens the visit and reads the locality's recommendations and
// the conclusions with their status, titles and no names. With and without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, openBrowser, tapSettled } from './browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`a reader follows Nghệ An's visit of 22/8/2025 to its conclusions (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...PHONE });
    try {
      await page.goto(`${BASE}/tinh/40?ngay=2025-12-01`);
      const section = page.locator('.province-visits');
      await section.waitFor();
      assert.equal(await section.locator('.follow-ups-open').textContent(), '5');
      assert.equal(await section.locator('.follow-ups-overdue').textContent(), '2');
      assert.equal(await section.locator('.follow-ups-closed').textContent(), '3');
      await tapSettled(section.locator('a.latest-visit'));
      await page.waitForURL(/\/doan-cong-tac\/\d+\?ngay=2025-12-01$/);
      assert.match(await page.textContent('h1'), /phân cấp, phân quyền và chuyển đổi số/);
      const recommendations = page.locator('.recommendations .follow-up');
      assert.equal(await recommendations.count(), 2);
      assert.match(await recommendations.nth(1).textContent(), /Đề án 06.*Đang thực hiện.*Quá hạn/s);
      const conclusions = page.locator('.conclusions .follow-up');
      assert.equal(await conclusions.count(), 6);
      assert.match(await conclusions.first().textContent(), /người đứng đầu.*Đã hoàn thành/s);
      const main = await page.textContent('main');
      assert.match(main, /Phó Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia/);
      assert.doesNotMatch(main, /Trần Ngọc Hậu/);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test("the visit's report prints on A4 with its recommendations and conclusions", async () => {
  const { page, errors, close } = await openBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-report-'));
  try {
    await page.goto(`${BASE}/tinh/40/doan-cong-tac?ngay=2025-12-01`);
    await page.getByRole('link', { name: /phân cấp, phân quyền và chuyển đổi số/ }).click();
    await page.click('.visit-report-link a[href*="bien-ban"]');
    await page.waitForURL(/\/doan-cong-tac\/\d+\/bien-ban\?ngay=2025-12-01$/);
    await page.locator('.report-part').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'no site frame on paper');
    const pdf = join(dir, 'bien-ban.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Kiến nghị của địa phương',
      'Đề án 06',
      'lộ trình đầu tư trang thiết bị',
      'Kết luận của trưởng đoàn',
      'sinh viên tình nguyện',
      '01/12/2025',
    ]) {
      assert.ok(text.includes(words), `${words} in the PDF`);
    }
    assert.doesNotMatch(text, /Trần Ngọc Hậu/);
    // A4: 595 × 842 points.
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Page size:.*\(A4\)/);
    const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
    assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
    assert.deepEqual(errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await close();
  }
});
