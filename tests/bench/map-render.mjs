// Our server-rendered SVG maps next to Leaflet drawing the same GeoJSON, in the same Chromium
// and the same run. For each map (34 provinces; the 130 communes of Nghệ An; all 3,321
// communes) it prints:
//   - bytes of our page as served with `accept-encoding: br` and `gzip` (body bytes as they
//     come off the socket, not decompressed) and uncompressed, then the map figure's own
//     outerHTML: raw, brotli (quality 11) and gzip (level 9);
//   - time to first render, median and minimum of 5 runs (fresh browser context, cache off,
//     1024x768 at scale 1), in ms since navigation start: the moment the map's legend, which
//     follows its <svg> in the page, is parsed (so the whole map is), plus two animation frames;
//   - the same for our map alone: its <figure> as served, in a page with nothing else but our
//     stylesheet, from the loopback static server Leaflet's page comes from (what the map
//     itself costs, apart from the rest of its page);
//     Leaflet (1.9.4, its default SVG renderer, no tiles) is timed the same way after
//     fetching the GeoJSON, L.geoJSON(...).addTo(map) and fitBounds, from a throwaway page
//     on a loopback static server this script starts. Leaflet is installed once into
//     $BENCH_DIR (default /tmp/tiendo-bench), outside the repo's lockfile.
// Prints figures only; asserts nothing about speed. Usage, from the repo root:
//   BASE=http://127.0.0.1:3000 node tests/bench/map-render.mjs
// Without BASE only the Leaflet half is measured.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import zlib from 'node:zlib';

const BASE = process.env.BASE?.replace(/\/$/, '');
const LEAFLET = '1.9.4';
const RUNS = 5;
const VIEWPORT = { width: 1024, height: 768 };
const TIMEOUT = 120_000;
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// --- Leaflet, installed idempotently outside the repo ---
const benchDir = process.env.BENCH_DIR || '/tmp/tiendo-bench';
const leafletDist = join(benchDir, 'node_modules/leaflet/dist');
if (!existsSync(join(leafletDist, 'leaflet.js'))) {
  mkdirSync(benchDir, { recursive: true });
  execFileSync('npm', ['install', '--prefix', benchDir, `leaflet@${LEAFLET}`, '--no-audit', '--no-fund'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

// --- the maps: our page and figure, and the same boundaries as GeoJSON ---
const geo = (name) => readFileSync(new URL(`../../data/maps/${name}.simplified.geojson`, import.meta.url));
const provinces = geo('vn-provinces-34');
const communes = geo('vn-communes-3321');
const all = JSON.parse(communes);
const ngheAn = Buffer.from(JSON.stringify({
  type: 'FeatureCollection',
  features: all.features.filter((f) => (f.properties.provinceCode ?? f.properties.province_code) === '40'),
}));
const MAPS = [
  { name: '34 provinces', path: '/?ngay=2025-08-14', figure: 'province-map', geojson: 'provinces', body: provinces },
  { name: 'Nghệ An, 130 communes', path: '/tinh/40?ngay=2025-08-14', figure: 'commune-map', geojson: 'nghe-an', body: ngheAn },
  { name: 'all 3,321 communes', path: '/?ngay=2025-08-14&ban-do=xa', figure: 'all-communes-map', geojson: 'communes', body: communes },
];

// --- a static server for Leaflet's page, script and GeoJSON ---
const LEAFLET_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Leaflet</title>
<link rel="stylesheet" href="/leaflet/leaflet.css">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; background: #fff; }</style>
<script src="/leaflet/leaflet.js"></script>
</head><body><div id="map"></div><script>
fetch('/geo/' + new URLSearchParams(location.search).get('geo') + '.geojson').then((r) => r.json()).then((data) => {
  const map = L.map('map');
  const style = () => ({ color: '#fff', weight: 0.5, fillColor: '#2f7d5b', fillOpacity: 1 });
  const layer = L.geoJSON(data, { style }).addTo(map);
  map.fitBounds(layer.getBounds());
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('map-rendered')));
});
</script></body></html>`;
const files = new Map([['/map.html', ['text/html', Buffer.from(LEAFLET_PAGE)]]]);
for (const f of ['leaflet.js', 'leaflet.css']) {
  files.set(`/leaflet/${f}`, [f.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(leafletDist, f))]);
}
for (const m of MAPS) files.set(`/geo/${m.geojson}.geojson`, ['application/geo+json', m.body]);
const statics = http.createServer((req, res) => {
  const file = files.get(new URL(req.url, 'http://x').pathname);
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': file[0], 'content-length': file[1].length, 'cache-control': 'no-store' });
  res.end(file[1]);
});
await new Promise((resolve) => statics.listen(0, '127.0.0.1', resolve));
const STATIC = `http://127.0.0.1:${statics.address().port}`;

// --- bytes ---
/** Body bytes as served for one accept-encoding (not decompressed), and the body itself. */
const fetchRaw = (url, encoding) => new Promise((resolve, reject) => {
  http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
  }).on('error', reject);
});

/** The outerHTML of the first <figure> carrying class `cls`, as served, or null. */
function figureHtml(html, cls) {
  const start = html.search(new RegExp(`<figure\\b[^>]*class="(?:[^"]*\\s)?${cls}(?:\\s[^"]*)?"`));
  if (start < 0) return null;
  const tag = /<(\/?)figure\b/g;
  tag.lastIndex = start;
  for (let depth = 0, m; (m = tag.exec(html));) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, html.indexOf('>', m.index) + 1);
  }
  return null;
}

/** Our map's figure alone in a page with only our stylesheet, served by the static server. */
async function alonePage(map, html, figure) {
  const css = html.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
  if (!css) throw new Error(`${map.path}: no stylesheet link`);
  if (!files.has(css)) files.set(css, ['text/css', (await fetchRaw(BASE + css, 'identity')).body]);
  const page = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="${css}">
</head><body><main class="wrap">${figure}</main></body></html>`;
  files.set(`/alone/${map.geojson}.html`, ['text/html', Buffer.from(page)]);
}

async function bytes(map) {
  const url = BASE + map.path;
  const [br, gz, raw] = await Promise.all(['br', 'gzip', 'identity'].map((e) => fetchRaw(url, e)));
  const html = raw.body.toString('utf8');
  const figure = raw.status === 200 ? figureHtml(html, map.figure) : null;
  if (!figure) return null;
  await alonePage(map, html, figure);
  const fig = Buffer.from(figure);
  return {
    pageBr: br.body.length, pageGz: gz.body.length, html: raw.body.length, map: fig.length,
    mapBr: zlib.brotliCompressSync(fig, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fig.length } }).length,
    mapGz: zlib.gzipSync(fig, { level: 9 }).length,
  };
}

// --- time to first render ---
/** Installed before any page script (through CDP, so the page's CSP does not apply). */
function markWhenMapParsed(selector) {
  let done = false;
  const check = () => {
    // The map is parsed whole once its legend, which follows it, is in the document.
    if (done || !document.querySelector(selector)) return;
    done = true;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('map-rendered')));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('readystatechange', check);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS });

/** ms from navigation start to the 'map-rendered' mark, in a fresh context with the cache off. */
async function renderTime(url, svgSelector) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (svgSelector) await page.addInitScript(markWhenMapParsed, svgSelector);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
    await page.waitForFunction(() => performance.getEntriesByName('map-rendered').length > 0, null, { timeout: TIMEOUT });
    return await page.evaluate(() => performance.getEntriesByName('map-rendered')[0].startTime);
  } finally {
    await context.close();
  }
}

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
};

// --- run: one unreported warm-up of each kind, then ours and Leaflet alternately ---
const results = [];
let warm = false;
try {
  await renderTime(`${STATIC}/map.html?geo=nghe-an`);
  for (const map of MAPS) {
    const size = BASE ? await bytes(map) : null;
    const ours = [], alone = [], leaflet = [];
    const oursUrl = BASE + map.path, oursSvg = `figure.${map.figure} .map-legend`;
    if (size && !warm) {
      await renderTime(oursUrl, oursSvg);
      warm = true;
    }
    for (let i = 0; i < RUNS; i++) {
      if (size) ours.push(await renderTime(oursUrl, oursSvg));
      if (size) alone.push(await renderTime(`${STATIC}/alone/${map.geojson}.html`, oursSvg));
      leaflet.push(await renderTime(`${STATIC}/map.html?geo=${map.geojson}`));
    }
    results.push({ map, size, ours: size && stats(ours), alone: size && stats(alone), leaflet: stats(leaflet) });
  }
} finally {
  await browser.close();
  statics.close();
}

// --- report ---
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (t) => `${t.toFixed(0)} ms`;
const W = 12;
const row = (name, ...cells) => console.log(name.padEnd(22) + cells.map((c) => String(c).padStart(W)).join(''));
console.log();
row('map', 'page br', 'page gz', 'html raw', 'map raw', 'map br', 'map gz', 'page p50', 'page min', 'alone p50', 'alone min',
  'Leaflet p50', 'Leaflet min', 'page ratio', 'alone ratio');
for (const { map, size, ours, alone, leaflet } of results) {
  const ourCells = size
    ? [kb(size.pageBr), kb(size.pageGz), kb(size.html), kb(size.map), kb(size.mapBr), kb(size.mapGz),
      ms(ours.p50), ms(ours.min), ms(alone.p50), ms(alone.min)]
    : [(BASE ? 'not available' : 'not measured (no BASE)').padStart(10 * W)];
  const ratio = (t) => (t ? (t.p50 / leaflet.p50).toFixed(2) : '–');
  row(map.name, ...ourCells, ms(leaflet.p50), ms(leaflet.min), ratio(ours), ratio(alone));
}
console.log(`
Measured: page = our HTML document as served (br, gzip: body bytes off the socket) and uncompressed;
map = the map <figure> alone, compressed here (brotli q11, gzip -9). Times = ms from navigation
start to two animation frames after our map's <svg> is in a parsed document (page: our page as
served; alone: its map <figure> in a page with only our stylesheet, served like Leaflet's), or after Leaflet
${LEAFLET} (SVG renderer, no tiles) has fetched the GeoJSON, added it and fitted its bounds;
median and minimum of ${RUNS} runs each, alternated, fresh context, cache off, ${VIEWPORT.width}x${VIEWPORT.height} at scale 1.
Leaflet's GeoJSON is served uncompressed on loopback: provinces ${kb(provinces.length)}, Nghệ An ${kb(ngheAn.length)},
all communes ${kb(communes.length)}. ratio = page or alone p50 / Leaflet p50.`);
