// Bytes a first visit downloads, as Chromium counts them (every response's transfer size, so
// compressed as served): the page alone while the visitor only reads, then after a first
// interaction (a pointer over the page), which loads the WebAssembly. Usage:
//   node bench/first-visit.mjs http://127.0.0.1:3000/tinh/40 …
import { openBrowser } from '../browser/browser.mjs';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

for (const url of process.argv.slice(2)) {
  const { page, close } = await openBrowser();
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    const files = new Map();
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    cdp.on('Network.responseReceived', (e) => files.set(e.requestId, e.response.url));
    await page.goto(url, { waitUntil: 'networkidle' });
    const reading = bytes;
    const readingFiles = files.size;
    await page.mouse.move(200, 300);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
    await page.waitForLoadState('networkidle');
    console.log(`  ${url.replace(/^https?:\/\/[^/]+/, '').padEnd(28)} reading: ${kb(reading)} in ${readingFiles} files; after first interaction: ${kb(bytes)} in ${files.size} files`);
  } finally {
    await close();
  }
}
