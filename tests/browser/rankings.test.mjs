import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

const SEED = '2025-08-14';

/** Rank text per province code, from the page's league table. */
const leagueTable = (page) => page.$$eval('section.national-ranking > .table-wrap .ranking-table tbody tr', (trs) =>
  Object.fromEntries(trs.map((tr) => [tr.dataset.code, {
    rank: tr.querySelector('.rank').textContent.trim(),
    value: tr.querySelector('.value').textContent.trim(),
  }])));

/** Hovers `target` until the hydrated chart answers with a tooltip; returns its text. */
async function tooltipFor(page, target, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await page.mouse.move(0, 0);
    await page.hover(target);
    const tip = page.locator('.chart-tooltip');
    if (await tip.count() > 0) return (await tip.first().textContent()).trim();
    await page.waitForTimeout(250);
  }
  throw new Error(`no tooltip for ${target}`);
}

test('a citizen reads the ranking, taps Nghệ An and finds 15/34 with its history', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/?ngay=${SEED}`);
    await page.waitForSelector('.ranking-chart svg[role="group"]');
    const table = await leagueTable(page);
    assert.equal(Object.keys(table).length, 34);
    assert.equal(table['40'].rank, '15/34');
    assert.match(await page.textContent('.demo-marker'), /minh hoạ/);

    // The tooltip of a bar shows that province's exact figures, as the table does.
    const tip = await tooltipFor(page, '.ranking-chart .bar-row[data-code="40"] .bar');
    assert.match(tip, /15\. Nghệ An/);
    assert.ok(tip.includes(table['40'].value), `${tip} has ${table['40'].value}`);

    // Nghệ An on the map links to its page.
    assert.match(await page.getAttribute('.province-map [data-code="40"] a', 'href'), /^\/tinh\/40\?/);

    // Tap Nghệ An in the table: its page, the seed article's figures, highlighted in the chart.
    await page.click(`section.national-ranking > .table-wrap a:text-is("Nghệ An")`);
    await page.waitForURL(`${BASE}/tinh/40?ngay=${SEED}`);
    await page.waitForSelector('.province-progress');
    assert.equal((await page.textContent('.rank')).trim(), '15/34');
    assert.equal(await page.textContent('.own-done'), '14/23');
    assert.equal(await page.textContent('.completed-all'), '95/130');
    // The ranking of all 34 is the national page's; the province's page links to it.
    assert.equal(await page.locator('.ranking-chart').count(), 0);
    assert.equal(await page.getAttribute('a[href$="#ranking-title"]', 'href'), `/?ngay=${SEED}#ranking-title`);
    assert.ok(await page.locator('.history-progress .dot').count() >= 2, 'a history with several weeks');
    // Its communes' map: 130 communes, Nghi Lộc's figures as on its page.
    assert.equal(await page.locator(".commune-map .area path").count(), 130);
    const nghiLoc = await page.textContent('.commune-map [data-code="17827"] title');
    const href = await page.getAttribute('.commune-map [data-code="17827"] a', 'href');
    assert.equal(href, `/xa/17827?ngay=${SEED}`);
    await page.goto(`${BASE}${href}`);
    const summary = await page.textContent('.unit-completion');
    const done = summary.match(/(\d+)\/(\d+)/);
    assert.ok(nghiLoc.includes(`(${done[1]}/${done[2]} `), `${nghiLoc} / ${summary}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('changing the as-of date changes the ranks shown', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/?ngay=${SEED}`);
    const before = await leagueTable(page);
    await page.fill('#ngay', '2025-07-10');
    await page.click('.ranking-form button[type="submit"]');
    await page.waitForURL(/ngay=2025-07-10/);
    await page.waitForFunction(() => document.querySelector('#ranking-title')?.textContent.includes('10/07/2025'));
    const after = await leagueTable(page);
    assert.equal(Object.keys(after).length, 34);
    const changed = Object.keys(before).filter((code) => before[code].rank !== after[code].rank);
    assert.ok(changed.length > 0, 'some rank differs on 10/7');
    const values = Object.keys(before).filter((code) => before[code].value !== after[code].value);
    assert.ok(values.length > 20, 'progress was lower on 10/7');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the chart's table opens with the keyboard", async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await page.goto(`${BASE}/tinh/40?ngay=${SEED}`);
    const summary = page.locator('.band-chart summary');
    await summary.focus();
    assert.equal(await page.locator('.band-chart .chart-data').isVisible(), false);
    await page.keyboard.press('Enter');
    await page.locator('.band-chart .chart-data').waitFor({ state: 'visible' });
    // The six bands add up to the 130 communes.
    const counts = await page.$$eval('.band-chart .chart-data tbody tr td:nth-of-type(1)', (tds) =>
      tds.map((td) => Number(td.textContent.replace(/\./g, ''))));
    assert.equal(counts.reduce((a, b) => a + b, 0), 130);
    await page.keyboard.press('Space');
    await page.locator('.band-chart .chart-data').waitFor({ state: 'hidden' });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript the charts and their tables are there', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await page.goto(`${BASE}/tinh/40?ngay=${SEED}`);
    for (const chart of ['.history-progress', '.history-rank', '.band-chart', '.stacked-chart', '.ring-chart']) {
      assert.ok(await page.locator(`${chart} svg[role]`).isVisible(), chart);
      assert.ok((await page.getAttribute(`${chart} svg`, 'aria-label')).length > 10, `${chart} is described`);
    }
    await page.goto(`${BASE}/?ngay=${SEED}`);
    assert.ok(await page.locator('.ranking-chart svg[role="group"]').isVisible());
    assert.ok((await page.getAttribute('.ranking-chart svg', 'aria-label')).length > 10);
    assert.equal(await page.locator('.ranking-chart .bar-row').count(), 34);
    await page.click('.ranking-chart summary');
    assert.equal(await page.locator('.ranking-chart .ranking-table tbody tr').count(), 34);
    assert.equal(await page.locator('section.national-ranking > .table-wrap .ranking-table tbody tr').count(), 34);
    // The map is there, and its areas are links.
    assert.equal(await page.locator('.map-svg a').count(), 34);
    await page.click('.map-svg a[href^="/tinh/40?"]');
    await page.waitForURL(/\/tinh\/40\?/);
    assert.equal((await page.textContent('.rank')).trim(), '15/34');
  } finally {
    await close();
  }
});

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`a journalist ranks the provinces on online dossiers and finds Nghệ An's figures on its page (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${BASE}/?ngay=2025-08-06&so-voi=2025-07-22`);
      await page.selectOption('#chi-so', 'ho-so-truc-tuyen');
      await page.click('.ranking-form button[type=submit]');
      await page.waitForURL(/chi-so=ho-so-truc-tuyen/);
      const row = page.locator('section.national-ranking > .table-wrap .ranking-table tbody tr[data-code="40"]');
      await row.locator('.rank', { hasText: '20/34' }).waitFor();
      assert.equal((await row.locator('.value').textContent()).trim(), '72,35%');
      assert.equal((await row.locator('.change').textContent()).trim(), '↑5');

      await page.goto(`${BASE}/tinh/40?ngay=${SEED}&so-voi=2025-07-22`);
      const section = page.locator('.province-dossiers');
      await section.waitFor();
      assert.match(await section.locator('.lead').textContent(), /01\/07\/2025 00:00 đến 06\/08\/2025 16:00/);
      assert.equal(await section.locator('.dossiers-received').textContent(), '310.903');
      assert.equal(await section.locator('.dossiers-online').textContent(), '224.930');
      assert.equal(await section.locator('.dossiers-rate').textContent(), '72,35%');
      assert.equal(await section.locator('.dossiers-returned').textContent(), '252.648');
      assert.equal(await section.locator('.dossiers-rank').textContent(), '20/34');
      assert.match(await section.locator('.rank-change').textContent(), /↑5/);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
