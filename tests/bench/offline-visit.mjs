// A visit on a tablet without a connection: what the device keeps and how fast a kept
// visit opens. An inspector opens the seed visit online (the service worker keeps it with
// its pack, report, checklist and the province's contact points, and the build's files);
// then prints the bytes kept (the app shell: the build's files; a visit: its pages), the
// browser's own estimate of the origin's storage, and the median of RUNS offline opens of
// the kept visit and of its checklist with the CPU slowed 4× (navigation start to the page
// interactive, `<html data-live>`).
// Usage: TIENDO_URL=http://127.0.0.1:3000 node bench/offline-visit.mjs
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn } from '../browser/browser.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const VISIT = process.env.VISIT ?? '/doan-cong-tac/1';
const TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/// The bytes of every response in each of the service worker's caches.
const kept = (page) =>
  page.evaluate(async () => {
    const sizes = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let bytes = 0;
      const urls = [];
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        bytes += (await response.arrayBuffer()).byteLength;
        urls.push(new URL(request.url).pathname);
      }
      sizes[name] = { bytes, urls };
    }
    const estimate = await navigator.storage.estimate();
    return { sizes, usage: estimate.usage };
  });

const { page, context, close } = await openBrowser(TABLET);
try {
  await signIn(page, 'kiemtra', DEMO_PASSWORD);
  await landed(page);
  await page.goto(`${BASE}${VISIT}`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForSelector('html[data-live]', { state: 'attached' });
  await page.goto(`${BASE}${VISIT}/kiem-tra`);
  await page.waitForSelector('html[data-live]', { state: 'attached' });
  await page.waitForLoadState('networkidle');
  const { sizes, usage } = await kept(page);
  for (const [name, { bytes, urls }] of Object.entries(sizes)) {
    console.log(`${name}: ${kb(bytes)} in ${urls.length} responses (${urls.join(', ')})`);
  }
  console.log(`origin storage (navigator.storage.estimate): ${kb(usage)}`);

  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await context.setOffline(true);
  for (const path of [VISIT, `${VISIT}/kiem-tra`]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
      await page.waitForSelector('html[data-live]', { state: 'attached', timeout: 60000 });
      times.push(await page.evaluate(() => performance.now()));
    }
    console.log(`offline open of ${path}, CPU 4× slower: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await close();
}
