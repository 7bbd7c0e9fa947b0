// Tiến Độ's service worker: a visit opened once while online opens again without a
// connection (in a meeting room without Wi-Fi), with its preparation pack, its report and the
// province's list of visits. Pages come from the network whenever it answers; the copy on the
// device is only a fallback. The build's files named by their content hash (script, WASM,
// stylesheet) are kept as they are fetched. Signing in or out deletes every page kept.
const PAGES = 'tiendo-visits-v1';
const ASSETS = 'tiendo-assets-v1';

const VISIT = /^\/doan-cong-tac\/\d+$/;
// The pages kept: a visit, its report and pack, a province's visits.
const KEPT = [
  VISIT,
  /^\/doan-cong-tac\/\d+\/bien-ban$/,
  /^\/tinh\/\d{2}\/doan-cong-tac$/,
  /^\/tinh\/\d{2}\/doan-cong-tac\/\d+\/chuan-bi$/,
];
// Signing in or out starts the device afresh: nothing one account opened is left to another.
const SESSION = ['/api/account/logout', '/api/account/login'];
// The build's files named by their content hash never change: kept as first fetched.
const HASHED = /^\/pkg\/[^/.]+\.[0-9a-f]{16,}\./;
// Raised by each sign-in or sign-out: pages fetched before it are not kept after it.
let generation = 0;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== PAGES && k !== ASSETS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const kept = (url) => url.origin === self.location.origin && KEPT.some((re) => re.test(url.pathname));
const asset = (url) => url.origin === self.location.origin && HASHED.test(url.pathname);

/// Keeps `response` for `request`, unless a sign-in or sign-out came since `fetched`.
async function keep(request, response, fetched) {
  if (generation !== fetched) return;
  const cache = await caches.open(PAGES);
  if (generation === fetched) await cache.put(request, response);
}

// A visit page names its pack and report: they are kept with it.
async function keepLinked(html, fetched) {
  const links = [...html.matchAll(/href="(\/[^"]*\/(?:chuan-bi|bien-ban)[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  await Promise.all(
    links.map(async (link) => {
      const response = await fetch(link, { credentials: 'same-origin' }).catch(() => null);
      if (response && response.ok) await keep(link, response, fetched);
    }),
  );
}

async function page(event) {
  const request = event.request;
  const url = new URL(request.url);
  const fetched = generation;
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    response = null;
  }
  if (response) {
    if (response.ok) {
      const copy = response.clone();
      const linked = VISIT.test(url.pathname) ? response.clone() : null;
      event.waitUntil(
        keep(request, copy, fetched)
          .then(() => linked && linked.text().then((html) => keepLinked(html, fetched)))
          .catch(() => {}),
      );
    }
    return response;
  }
  const cache = await caches.open(PAGES);
  const copy =
    (await cache.match(request, { ignoreVary: true })) ??
    (await cache.match(request, { ignoreVary: true, ignoreSearch: true }));
  return copy ?? offlinePage();
}

// Without a connection, a page not kept: what is kept instead.
async function offlinePage() {
  const cache = await caches.open(PAGES);
  const items = (await cache.keys())
    .map((r) => new URL(r.url))
    .filter((u) => VISIT.test(u.pathname))
    .map((u) => `<li><a href="${u.pathname}${u.search}">${u.pathname}</a></li>`)
    .join('');
  const body = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Không có kết nối · Tiến Độ</title></head><body><main><h1>Không có kết nối mạng</h1><p>Trang này chưa được lưu trên thiết bị. Các đoàn công tác đã mở khi có mạng vẫn xem được:</p><ul>${items}</ul><p lang="en">No connection: this page is not kept on the device.</p></main></body></html>`;
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function assetFile(request) {
  const cache = await caches.open(ASSETS);
  const copy = await cache.match(request, { ignoreVary: true });
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function newSession(request) {
  generation += 1;
  await caches.delete(PAGES);
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === 'POST' && url.origin === self.location.origin && SESSION.includes(url.pathname)) {
    event.respondWith(newSession(request));
  } else if (request.method !== 'GET') {
    return;
  } else if (request.mode === 'navigate' && kept(url)) {
    event.respondWith(page(event));
  } else if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => offlinePage()));
  } else if (asset(url)) {
    event.respondWith(assetFile(request));
  }
});
