// Time to interactive on a slow phone: Chromium with its CPU slowed 4× and a slow 4G link
// (1.6 Mbps down, 750 kbps up, 150 ms round trip), as CDP emulates them. "Interactive" is
// the moment the page has hydrated (`<html data-live>`). Prints, for each case, the median
// of RUNS loads:
//   - an official's page (signed in: the code loads at once): from navigation start;
//   - a public page: from the visitor's first interaction (the code loads then) to
//     interactive.
// Also prints the code each case downloaded (the build's files as sent, compressed): the
// main part and the parts of the page's own code.
// Usage: TIENDO_URL=http://127.0.0.1:3000 node bench/interactive.mjs
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn } from '../browser/browser.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
// Service workers blocked: the code comes over the slow link. (The worker keeps the build's
// files for use offline and serves them from the device; its own fetches are not throttled
// with the page's, so with it the figures would be those of a device that kept the code.)
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, serviceWorkers: 'block' };

async function throttled(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const live = (page) => page.waitForSelector('html[data-live]', { state: 'attached', timeout: 60000 });
// Bytes of the build's files (`/pkg/`) the page downloaded, as sent.
const codeBytes = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((r) => new URL(r.name).pathname.startsWith('/pkg/') && !r.name.endsWith('.css'))
      .reduce((sum, r) => sum + r.encodedBodySize, 0),
  );

async function official(user, path) {
  const times = [];
  const bytes = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, close } = await openBrowser(PHONE);
    try {
      await signIn(page, user, DEMO_PASSWORD);
      await landed(page);
      await throttled(page);
      await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
      await live(page);
      times.push(await page.evaluate(() => performance.now()));
      bytes.push(await codeBytes(page));
    } finally {
      await close();
    }
  }
  return { times, bytes };
}

async function visitor(path) {
  const times = [];
  const bytes = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, close } = await openBrowser(PHONE);
    try {
      await throttled(page);
      await page.goto(`${BASE}${path}`, { waitUntil: 'load' });
      const touched = await page.evaluate(() => performance.now());
      // The first interaction (a pointer over the page) loads the code.
      await page.mouse.move(200, 400);
      await live(page);
      times.push((await page.evaluate(() => performance.now())) - touched);
      bytes.push(await codeBytes(page));
    } finally {
      await close();
    }
  }
  return { times, bytes };
}

const show = (label, { times, bytes }) =>
  console.log(
    `  ${label.padEnd(52)} median ${(median(times) / 1000).toFixed(2)} s  (${times.map((t) => (t / 1000).toFixed(2)).join(', ')}); code ${(median(bytes) / 1024).toFixed(1)} KB`,
  );

show('commune official, /xa/17827 (navigation → interactive)', await official('nghiloc', '/xa/17827'));
show('province official, /tinh/40 (navigation → interactive)', await official('nghean', '/tinh/40'));
show('visitor, /tinh/40 (first interaction → interactive)', await visitor('/tinh/40'));
show('visitor, / (first interaction → interactive)', await visitor('/'));
