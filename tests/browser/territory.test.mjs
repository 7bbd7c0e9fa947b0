import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, rows, searchWhenHydrated, shownNames } from './browser.mjs';

test('national page hydrates, switches language, and opens Nghệ An with its 130 communes', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.equal(await page.textContent('h1'), 'Tiến độ chuyển đổi số và cải cách hành chính của 34 tỉnh, thành phố');
    assert.equal(await rows(page), 34);

    // Filtering as one types happens only once the WASM has hydrated the page; the document
    // must not be reloaded for it.
    await page.evaluate(() => { window.__sameDocument = true; });
    await searchWhenHydrated(page, 'nghe an', 1);
    assert.equal(await page.evaluate(() => window.__sameDocument), true);
    assert.match(page.url(), /\?q=nghe\+an$/);

    // Language switch, in place.
    await page.click('.lang-switch button');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await page.textContent('h1'), 'Digital transformation and administrative reform progress of the 34 provinces');
    assert.equal(await page.evaluate(() => window.__sameDocument), true);
    // …and remembered by the server.
    await page.reload();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Digital transformation and administrative reform progress of the 34 provinces');
    await page.click('.lang-switch button');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');

    await page.click('table.units:not(.ranking-table) a:text-is("Nghệ An")');
    await page.waitForURL(`${BASE}/tinh/40`);
    await page.waitForSelector('h1:text-is("Tỉnh Nghệ An")');
    assert.equal(await rows(page), 130);
    assert.match(await page.textContent('.lead'), /130 đơn vị cấp xã: 119 xã, 11 phường/);

    // The communes are listed once: their progress table is also the list one searches.
    assert.equal(await page.locator('table.units').count(), 1);
    // "nghi loc" also finds Nghĩa Lộc ("nghi" is in "nghia").
    await searchWhenHydrated(page, 'nghi loc', 2);
    assert.deepEqual((await shownNames(page)).map((n) => n.replace(/^Xã /, '')).sort(), ['Nghi Lộc', 'Nghĩa Lộc']);
    assert.match(page.url(), /\/tinh\/40\?(.*&)?q=nghi\+loc$/);

    // A search keeps the date the page is shown for.
    await page.goto(`${BASE}/tinh/40?ngay=2025-08-14`);
    await searchWhenHydrated(page, 'nghi loc', 2);
    assert.match(page.url(), /ngay=2025-08-14/);
    assert.match(await page.textContent('#progress-title'), /14\/08\/2025/);

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an unknown province shows a 404 page in Vietnamese', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    const response = await page.goto(`${BASE}/tinh/99`);
    assert.equal(response.status(), 404);
    assert.equal(await page.textContent('h1'), 'Không tìm thấy trang');
    assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  } finally {
    await close();
  }
});

test('without JavaScript the pages, search and language switch still work', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await page.goto(`${BASE}/`);
    assert.equal(await rows(page), 34);

    await page.fill('#q', 'nghe an');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\?q=nghe\+an$/);
    assert.equal(await rows(page), 1);

    await page.click('table.units:not(.ranking-table) a:text-is("Nghệ An")');
    await page.waitForURL(`${BASE}/tinh/40`);
    assert.equal(await rows(page), 130);

    await page.goto(`${BASE}/tinh/40?ngay=2025-08-14`);
    await page.fill('#q', 'nghi loc');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=nghi\+loc/);
    assert.match(page.url(), /ngay=2025-08-14/, 'the search keeps the date');
    assert.equal(await rows(page), 2);
    assert.deepEqual((await shownNames(page)).map((n) => n.replace(/^Xã /, '')).sort(), ['Nghi Lộc', 'Nghĩa Lộc']);

    const searched = page.url();
    await page.click('.lang-switch button');
    await page.waitForURL(searched);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.textContent('.lead'), /130 commune-level units/);
  } finally {
    await close();
  }
});
