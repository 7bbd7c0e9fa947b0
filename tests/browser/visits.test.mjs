// The ministry's visits: a journalist on a phone finds, on Nghệ An's page, what the visit of
// 22/8/2025 left to follow up, opens the visit and reads the locality's recommendations and
// the conclusions with their status, titles and no names. With and without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
