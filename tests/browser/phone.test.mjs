// Phones and tablets: chart text is never drawn under 12 px, the page itself never scrolls
// sideways, and a table wider than the screen scrolls inside its box with the unit's name
// kept in view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

const PAGES = ['/', '/tinh/40', '/xa/17827', '/tinh/40/thu-tuc?ngay=2025-08-06'];
const SCREENS = { phone: { width: 390, height: 844 }, tablet: { width: 768, height: 1024 } };

/// The smallest size, in CSS pixels on screen, of any text drawn in a chart.
const smallestChartText = (page) =>
  page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('svg.chart-svg text')].map((text) => {
        const svg = text.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(text).fontSize) * scale;
      }),
    ),
  );

for (const [name, viewport] of Object.entries(SCREENS)) {
  test(`chart text is 12 px or more and nothing overflows the page (${name})`, async () => {
    const { page, errors, close } = await openBrowser({ viewport, isMobile: true, hasTouch: true });
    try {
      for (const path of PAGES) {
        await page.goto(`${BASE}${path}`);
        const smallest = await smallestChartText(page);
        assert.ok(Number.isFinite(smallest), `${path} has charts`);
        assert.ok(smallest >= 12, `${path}: chart text drawn at ${smallest.toFixed(1)} px`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.equal(overflow, 0, `${path} scrolls sideways by ${overflow} px`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('a wide table scrolls in its box and keeps the commune names in view (phone)', async () => {
  const { page, close } = await openBrowser({ viewport: SCREENS.phone, isMobile: true, hasTouch: true });
  try {
    await page.goto(`${BASE}/tinh/40`);
    const box = page.locator('.table-wrap:has(.progress-table)');
    const name = box.locator('tbody tr').first().locator('th');
    const before = await name.boundingBox();
    const scrolled = await box.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      return el.scrollLeft;
    });
    assert.ok(scrolled > 100, `the table scrolls (${scrolled} px)`);
    const after = await name.boundingBox();
    assert.equal(Math.round(after.x), Math.round(before.x), 'the name column stays where it was');
    // A name that wraps takes the lines it needs, not 44 px each.
    const link = await name.locator('a').evaluate((a) => parseFloat(getComputedStyle(a).lineHeight));
    assert.ok(link < 30, `name line height ${link} px`);
  } finally {
    await close();
  }
});
