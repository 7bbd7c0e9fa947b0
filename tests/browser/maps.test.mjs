import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

const SEED = '2025-08-14';

/** The map's view (its SVG viewBox) as numbers: x, y, width, height. */
const viewOf = async (page, map) =>
  (await page.getAttribute(`${map} svg.map-svg`, 'viewBox')).split(' ').map(Number);

/**
 * Moves the mouse over the map until the page has hydrated (its zoom buttons appear) and
 * knows all its areas (the map of all communes fetches them once live).
 */
async function hydrated(page, map) {
  await page.locator(`${map} svg.map-svg`).scrollIntoViewIfNeeded();
  const box = await page.locator(`${map} svg.map-svg`).boundingBox();
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.waitForSelector(`${map}:not(.partial) .map-controls`, { timeout: 30000 });
  return box;
}

/**
 * A point well inside the path `selector` names (of a grid over its bounds, the inside one
 * nearest the middle of all inside ones), scrolled into view, in the viewport's coordinates.
 */
const pointInside = (page, selector) => page.locator(selector).first().evaluate((path) => {
  path.scrollIntoView({ block: 'center' });
  const box = path.getBBox();
  const svg = path.ownerSVGElement;
  const inside = [];
  for (let i = 1; i < 24; i++) {
    for (let j = 1; j < 24; j++) {
      const at = svg.createSVGPoint();
      at.x = box.x + (box.width * i) / 24;
      at.y = box.y + (box.height * j) / 24;
      if (path.isPointInFill(at)) inside.push(at);
    }
  }
  if (!inside.length) return null;
  const mx = inside.reduce((s, p) => s + p.x, 0) / inside.length;
  const my = inside.reduce((s, p) => s + p.y, 0) / inside.length;
  const best = inside.reduce((a, b) => (Math.hypot(a.x - mx, a.y - my) <= Math.hypot(b.x - mx, b.y - my) ? a : b));
  const { x, y } = best.matrixTransform(path.getScreenCTM());
  return { x, y };
});

/** The figures of a commune's own page: "done/assigned". */
async function communePageFigures(page, href) {
  await page.goto(`${BASE}${href}`);
  return (await page.textContent('.unit-completion')).match(/(\d+\/\d+)/)[1];
}

test('a citizen hovers and taps Nghệ An, then taps a commune and reads its card', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/?ngay=${SEED}`);
    const rank = (await page.textContent('.ranking-table tr[data-code="40"] .rank')).trim();
    const value = (await page.textContent('.ranking-table tr[data-code="40"] .value')).trim();
    await hydrated(page, '.province-map');
    await page.hover('.province-map [data-code="40"] path');
    const tip = await page.locator('.province-map .map-tip').textContent();
    assert.ok(tip.includes('Nghệ An') && tip.includes(value) && tip.includes(rank), `${tip} / ${value} ${rank}`);

    // Tapping the province opens its communes' map.
    await page.click('.province-map [data-code="40"] path');
    await page.waitForURL(/\/tinh\/40\?/);
    assert.equal(await page.locator('.commune-map .area path').count(), 130);
    assert.ok(await page.locator('.commune-map .context path').count() >= 2, 'the neighbours are drawn');

    // Tapping a commune opens its card: its figures equal its page's, and the card links there.
    await hydrated(page, '.commune-map');
    await page.click('.commune-map [data-code="17827"] path');
    const card = page.locator('.map-card');
    await card.waitFor();
    assert.match(await card.locator('.map-card-name').textContent(), /Nghi Lộc/);
    const cardText = await card.textContent();
    const href = await card.locator('a').getAttribute('href');
    assert.equal(href, `/xa/17827?ngay=${SEED}`);
    assert.ok(page.url().includes('/tinh/40'), 'the tap opened the card, not the page');

    // Switching the language renames the areas and the open card in place.
    const title = '.commune-map [data-code="17827"] title';
    assert.match(await page.textContent(title), /nhiệm vụ/);
    await page.click('.lang-switch button');
    await page.waitForFunction((t) => document.querySelector(t).textContent.includes('tasks'), title);
    assert.match(await card.textContent(), /Rating/);
    assert.equal((await card.locator('a').textContent()).trim(), 'Open its page');
    assert.ok(page.url().includes('/tinh/40'));
    await page.click('.lang-switch button');
    await page.waitForFunction((t) => document.querySelector(t).textContent.includes('nhiệm vụ'), title);
    const figures = await communePageFigures(page, href);
    assert.ok(cardText.includes(figures), `${cardText} / ${figures}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the wheel, a pinch, a drag, the buttons and the keys move the map', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/tinh/40?ngay=${SEED}`);
    const map = '.commune-map';
    const box = await hydrated(page, map);
    const whole = await viewOf(page, map);
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // The wheel zooms in at the pointer.
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((w) => Number(document.querySelector('.commune-map svg.map-svg').getAttribute('viewBox').split(' ')[2]) < w, whole[2]);
    await page.click(`${map} .map-reset`);
    assert.deepEqual(await viewOf(page, map), whole);

    // Two fingers spreading apart zoom in about twice.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    const fingers = (spread) => [
      { x: centre.x - spread, y: centre.y, id: 1 },
      { x: centre.x + spread, y: centre.y, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(40) });
    for (const spread of [50, 60, 70, 80]) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const pinched = await viewOf(page, map);
    const zoom = whole[2] / pinched[2];
    assert.ok(zoom > 1.8 && zoom < 2.2, `a pinch from 80 to 160 pixels apart zooms ${zoom}×`);

    // A mouse drag moves the map with the pointer and follows no link.
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - 60, centre.y, { steps: 5 });
    await page.mouse.up();
    const dragged = await viewOf(page, map);
    assert.ok(dragged[0] > pinched[0], `dragging left shows what was to the right: ${pinched} → ${dragged}`);
    assert.ok(page.url().includes('/tinh/40'), 'the drag followed no link');

    // The keys: 0 shows the whole map, + zooms in, an arrow pans.
    await page.focus(`${map} svg.map-svg`);
    await page.keyboard.press('0');
    assert.deepEqual(await viewOf(page, map), whole);
    await page.keyboard.press('+');
    const zoomed = await viewOf(page, map);
    assert.ok(zoomed[2] < whole[2]);
    await page.keyboard.press('Shift+ArrowRight');
    assert.ok((await viewOf(page, map))[0] > zoomed[0]);
    await page.click(`${map} .map-zoom-out`);
    assert.ok((await viewOf(page, map))[2] > zoomed[2]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('searching "nghi loc" finds Nghi Lộc, highlights it and zooms to it', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/tinh/40?ngay=${SEED}`);
    const map = '.commune-map';
    await hydrated(page, map);
    await page.fill('#commune-map-q', 'nghi loc');
    await page.waitForSelector(`${map} .highlights [data-of="17827"]`);
    assert.match(await page.textContent(`${map} .map-card-name`), /^Nghi Lộc$/);
    assert.match(await page.textContent(`${map} .map-search + .search-status`), /Nghi Lộc/);
    const [x, y, w] = await viewOf(page, map);
    assert.ok(w < 500, `zoomed in: ${w}`);
    const bbox = await page.locator(`${map} [data-code="17827"] path`).evaluate((p) => { const b = p.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; });
    assert.ok(bbox.x >= x && bbox.x + bbox.width <= x + w, `Nghi Lộc is in view: ${JSON.stringify(bbox)} in ${[x, y, w]}`);
    // Nothing found says so.
    await page.fill('#commune-map-q', 'zzz');
    assert.match(await page.textContent(`${map} .map-search + .search-status`), /Không có xã, phường nào khớp/);
    assert.equal(await page.locator(`${map} .highlights path`).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript the maps show, their links work and the search finds a commune', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await page.goto(`${BASE}/tinh/40?ngay=${SEED}`);
    await page.fill('#commune-map-q', 'nghi loc');
    await page.press('#commune-map-q', 'Enter');
    await page.waitForURL(/tim=nghi\+loc/);
    assert.match(await page.textContent('.commune-map .map-card-name'), /^Nghi Lộc$/);
    assert.equal(await page.locator('.commune-map .highlights [data-of="17827"]').count(), 1);
    assert.ok(Number((await page.getAttribute('.commune-map svg.map-svg', 'viewBox')).split(' ')[2]) < 500, 'zoomed to it');

    // Coloured by rating: every commune with figures has a rating fill, and the legend says which.
    await page.click('.map-choice a:text-is("Đánh giá")');
    await page.waitForURL(/to-mau=danh-gia/);
    const fills = await page.$$eval('.commune-map .area path', (ps) => ps.map((p) => p.getAttribute('class')));
    assert.equal(fills.length, 130);
    assert.ok(fills.every((f) => /^fill-(xanh|vang|do|0)$/.test(f)), fills.join());
    assert.match(await page.textContent('.commune-map .map-legend'), /Xanh.*Vàng.*Đỏ/);

    // The provinces coloured by their own rating, in words in each name and the legend.
    await page.goto(`${BASE}/?ngay=${SEED}`);
    await page.click('.map-choice a:text-is("Đánh giá")');
    await page.waitForURL(/to-mau=danh-gia/);
    const provinces = await page.$$eval('.province-map .area path', (ps) => ps.map((p) => p.getAttribute('class')));
    assert.equal(provinces.length, 34);
    assert.ok(provinces.every((f) => /^fill-(xanh|vang|do|0)$/.test(f)), provinces.join());
    assert.match(await page.textContent('.province-map [data-code="40"] title'), /Đánh giá nhiệm vụ cấp tỉnh: Xanh$/);

    // All communes on one map: a tap opens the province's map, where each commune is a link.
    await page.goto(`${BASE}/?ngay=${SEED}`);
    await page.click('.map-choice a:text-is("3.321 xã, phường")');
    await page.waitForURL(/ban-do=xa/);
    assert.ok(await page.locator('.all-communes-map path.group').count() >= 34);
    assert.equal(await page.locator('.all-communes-map .over a').count(), 34);
    const ngheAn = await pointInside(page, '.all-communes-map .over a[aria-label="Nghệ An"] path');
    await page.mouse.click(ngheAn.x, ngheAn.y);
    await page.waitForURL(/\/tinh\/40\?ngay=/);
    const nghiLoc = await pointInside(page, '.commune-map [data-code="17827"] path');
    await page.mouse.click(nghiLoc.x, nghiLoc.y);
    await page.waitForURL(/\/xa\/17827\?ngay=/);
  } finally {
    await close();
  }
});

test('on the map of all communes, the commune under the pointer shows its figures and a tap its card', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/?ngay=${SEED}&ban-do=xa`);
    const map = '.all-communes-map';
    assert.equal(await page.locator(`${map}.partial`).count(), 1, 'served without its communes');
    await hydrated(page, map);
    // Over Nghệ An, one of its communes is outlined and named.
    const ngheAn = await pointInside(page, `${map} .over a[aria-label="Nghệ An"] path`);
    await page.mouse.move(ngheAn.x, ngheAn.y);
    await page.waitForSelector(`${map} .highlights .hover`);
    assert.match(await page.locator(`${map} .map-tip`).textContent(), /\(Nghệ An\)/);

    // Found by its name, it is drawn on top and the map zooms to it.
    await page.fill('#all-communes-map-q', 'nghi loc');
    const found = `${map} .highlights [data-of="17827"]`;
    await page.waitForSelector(found);
    assert.ok((await viewOf(page, map))[2] < 500, 'zoomed in');
    await page.click(`${map} .map-card-close`);
    await page.waitForSelector(`${map} .map-card`, { state: 'detached' });

    // Under the mouse: its name and figures; a tap: its card, with its page's figures.
    const spot = await pointInside(page, found);
    await page.mouse.move(spot.x, spot.y);
    await page.waitForFunction((m) => /^Nghi Lộc/.test(document.querySelector(`${m} .map-tip`)?.textContent), map);
    const tip = await page.locator(`${map} .map-tip`).textContent();
    assert.match(tip, /^Nghi Lộc \(Nghệ An\)/);
    await page.mouse.click(spot.x, spot.y);
    const card = page.locator(`${map} .map-card[data-code="17827"]`);
    await card.waitFor();
    assert.ok(page.url().includes('ban-do=xa'), 'the tap opened the card, not a page');
    const done = (await card.textContent()).match(/(\d+\/\d+)/)[1];
    assert.ok(tip.includes(done), `${tip} / ${done}`);
    const href = await card.locator('a').getAttribute('href');
    assert.deepEqual(errors, []);
    assert.equal(await communePageFigures(page, href), done);

    // Opened on a commune found (`?tim=`), the page carries that commune's figures only; once
    // live, it fetches the others, and they show under the pointer as well.
    await page.goto(`${BASE}/?ngay=${SEED}&ban-do=xa&tim=nghi+loc`);
    assert.match(await page.locator(`${map} .map-card[data-code="17827"]`).textContent(), new RegExp(done));
    await hydrated(page, map);
    await page.click(`${map} .map-reset`);
    const haTinh = await pointInside(page, `${map} .over a[aria-label="Hà Tĩnh"] path`);
    await page.mouse.move(haTinh.x, haTinh.y);
    await page.waitForFunction((m) => /\(Hà Tĩnh\)/.test(document.querySelector(`${m} .map-tip`)?.textContent), map);
    assert.ok(await page.locator(`${map} .map-card[data-code="17827"]`).isVisible(), 'the card stays open');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('once live, a change of colouring redraws each map in place, and it still answers the pointer', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/?ngay=${SEED}`);
    await hydrated(page, '.province-map');
    await page.click('.map-choice a:text-is("Đánh giá")');
    await page.waitForURL(/to-mau=danh-gia/);
    await page.waitForFunction(() => document.querySelectorAll('.province-map .area path').length === 34);
    const fills = await page.$$eval('.province-map .area path', (ps) => ps.map((p) => p.getAttribute('class')));
    assert.ok(fills.every((f) => /^fill-(xanh|vang|do|0)$/.test(f)), fills.join());

    const map = '.all-communes-map';
    await page.goto(`${BASE}/?ngay=${SEED}&ban-do=xa`);
    await hydrated(page, map);
    await page.click('.map-choice a:text-is("Đánh giá")');
    await page.waitForURL(/ban-do=xa.*to-mau=danh-gia|to-mau=danh-gia.*ban-do=xa/);
    await page.waitForSelector(`${map}:not(.partial) path.group.fill-xanh`);
    const ngheAn = await pointInside(page, `${map} .over a[aria-label="Nghệ An"] path`);
    await page.mouse.move(ngheAn.x, ngheAn.y);
    await page.waitForFunction((m) => /\(Nghệ An\)/.test(document.querySelector(`${m} .map-tip`)?.textContent), map);
    assert.match(await page.locator(`${map} .map-tip`).textContent(), /Xanh|Vàng|Đỏ/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a map is one tab stop: the arrow keys move between its areas and Enter opens one', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/tinh/40`);
    const map = '.commune-map';
    await page.mouse.move(5, 5); // loads the page's code
    await page.locator(`${map}.live`).waitFor();
    const areas = page.locator(`${map} .layers a`);
    assert.ok((await areas.count()) >= 130);
    const stops = await areas.evaluateAll((as) => as.filter((a) => a.getAttribute('tabindex') !== '-1').length);
    assert.equal(stops, 0, 'no area is a tab stop of its own');
    await page.focus(`${map} svg.map-svg`);
    const focused = () => page.evaluate(() => document.activeElement.getAttribute('href'));
    await page.keyboard.press('ArrowRight');
    const first = await focused();
    assert.match(first ?? '', /^\/xa\//);
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await focused(), first);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), first);
    // The skip link before the map leads past it.
    const skip = page.locator(`a.skip-map[href="#commune-map-sau"]`);
    assert.equal(await skip.count(), 1);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === first.split('?')[0] || url.pathname.startsWith('/xa/'));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
