// Tiến Độ's service worker: a visit opened once while online opens again without a
// connection (in a meeting room without Wi-Fi), with its preparation pack, its report, its
// on-site checklist (and its photos), the province's list of visits and its contact points. Pages come from
// the network whenever it answers; the copy on the device is only a fallback. The build's
// files named by their content hash (script, WASM, stylesheet) are kept as they are
// fetched. Signing in or out deletes every page kept.
//
// A visit's recommendations, conclusions and answers, and its checklist's assessments,
// findings and photos, written without a connection are kept on the device (IndexedDB, the outbox) and sent when the connection returns, oldest first,
// each with a key of its own: the server writes each once, whatever is sent twice. One the
// server could not write (someone else answered first, the session ended, another account
// is signed in) waits on the page that shows it with what was typed. Signing out deletes
// the outbox.
const PAGES = 'tiendo-visits-v1';
const ASSETS = 'tiendo-assets-v1';

const VISIT = /^\/doan-cong-tac\/\d+$/;
// The pages kept: a visit, its report, pack and checklist, a province's visits and its
// contact points.
const KEPT = [
  VISIT,
  /^\/doan-cong-tac\/\d+\/bien-ban$/,
  /^\/doan-cong-tac\/\d+\/kiem-tra$/,
  /^\/tinh\/\d{2}\/dau-moi$/,
  /^\/tinh\/\d{2}\/doan-cong-tac$/,
  /^\/tinh\/\d{2}\/doan-cong-tac\/\d+\/chuan-bi$/,
];
// Signing in or out starts the device afresh: nothing one account opened is left to another.
const SESSION = ['/api/account/logout', '/api/account/login'];
const SIGN_OUT = '/api/account/logout';
// The changes kept on the device without a connection: a visit's recommendations,
// conclusions and answers, its checklist's assessments and findings (sent by a form or a
// page's script), and the photos and documents of its checklist's questions and of its
// recommendations and conclusions (plain multipart forms).
const KEPT_CHANGES = ['/api/visits/respond', '/api/visits/follow-up', '/api/visits/answer', '/api/visits/finding'];
const PHOTO = /^\/api\/doan-cong-tac\/\d+\/(cau-hoi\/\d+\/anh|kien-nghi\/\d+\/tai-lieu)$/;
// A checklist's photos as its page shows them: kept with the page, deleted with it.
const PHOTO_FILE = /^\/api\/doan-cong-tac\/anh\/\d+$/;
const keptChange = (path) => KEPT_CHANGES.includes(path) || PHOTO.test(path);
const OUTBOX = 'tiendo-outbox';
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

// A visit page names its pack, report, checklist and the province's contact points: they
// are kept with it, one after another, and the checklist's photos with the checklist.
async function keepLinked(html, fetched) {
  const links = [...html.matchAll(/href="(\/[^"]*\/(?:chuan-bi|bien-ban|kiem-tra|dau-moi)[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  for (const link of new Set(links)) {
    const response = await inBackground(link);
    if (!response || !response.ok) continue;
    const photos = link.includes('/kiem-tra') ? keepPhotos(await response.clone().text(), fetched) : null;
    await Promise.all([keep(link, response, fetched), photos]);
  }
}

// A page fetched in the background: the server renders it only when it has a turn free at
// once, never ahead of a reader's own page, and says when to ask again (a few tries).
async function inBackground(link) {
  for (let tries = 0; tries < 3; tries++) {
    const response = await fetch(link, { credentials: 'same-origin', headers: { 'x-tiendo-background': '1' } }).catch(() => null);
    if (!response || response.status !== 503) return response;
    const seconds = Number(response.headers.get('retry-after')) || 5;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
  return null;
}

/// Keeps the photos a checklist page shows.
async function keepPhotos(html, fetched) {
  const photos = [...html.matchAll(/src="(\/api\/doan-cong-tac\/anh\/\d+)"/g)].map((m) => m[1]);
  await Promise.all(
    photos.map(async (photo) => {
      const response = await fetch(photo, { credentials: 'same-origin' }).catch(() => null);
      if (response && response.ok) await keep(photo, response, fetched);
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

// A page opened before this worker took charge of it (the device's first visit): kept now
// if it is one of those kept, with what it links to, and the build's files it loaded, so
// that it opens again without a connection.
async function keepOpened(path, files, fetched) {
  const cache = await caches.open(ASSETS);
  for (const file of files) {
    const url = new URL(file, self.location.origin);
    if (!asset(url) || (await cache.match(url.pathname))) continue;
    const response = await fetch(url.pathname).catch(() => null);
    if (response && response.ok) await cache.put(url.pathname, response);
  }
  const url = new URL(path, self.location.origin);
  if (!kept(url)) return;
  const link = url.pathname + url.search;
  const response = await inBackground(link);
  if (!response || !response.ok) return;
  const linked = VISIT.test(url.pathname) ? response.clone() : null;
  const photos = url.pathname.endsWith('/kiem-tra') ? keepPhotos(await response.clone().text(), fetched) : null;
  await Promise.all([keep(link, response, fetched), photos]);
  if (linked) await keepLinked(await linked.text(), fetched);
}

async function newSession(request) {
  generation += 1;
  await caches.delete(PAGES);
  if (new URL(request.url).pathname === SIGN_OUT) {
    await outbox('readwrite', (waiting, attention) => {
      waiting.clear();
      attention.clear();
    }).catch(() => {});
    account = null;
    tellPages();
  }
  return fetch(request);
}

// The outbox: `waiting` (changes not sent yet) and `attention` (sent, not written: the page
// that shows why). `work` gets both stores in one transaction; its result once committed.
function outbox(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(OUTBOX, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('waiting', { keyPath: 'key' });
      open.result.createObjectStore('attention', { keyPath: 'key' });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['waiting', 'attention'], mode);
      let result;
      const request = work(tx.objectStore('waiting'), tx.objectStore('attention'));
      if (request) request.onsuccess = () => (result = request.result);
      tx.oncomplete = () => {
        db.close();
        resolve(result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

const all = (store) => outbox('readonly', (waiting, attention) => (store === 'waiting' ? waiting : attention).getAll());

// A page of this site (printable ASCII, starting with one slash), or the home page.
function localPage(text) {
  return typeof text === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(text) && !text.includes('\\') ? text : '/';
}

// The account signed in on the pages that spoke last: only its changes are shown and sent.
let account = null;

/// Keeps a change that could not be sent (once, however often it is sent offline); what the
/// page it came from needs to say so. `body` is a form's text; or, for a photo, the bytes a
/// multipart form of `type` sends, with its plain `fields`, the `name` shown and what makes
/// it the same photo (`same`: its file's name and SHA-256; the form's boundary differs).
function keepChange(url, body, key, { type = 'application/x-www-form-urlencoded', fields = new URLSearchParams(body), name = '', same = body } = {}) {
  // What the outbox shows of it: the text written, else the assessment chosen, else the file.
  const text = name || ['follow_up[body]', 'response[body]', 'body', 'answer[note]', 'answer[answer]'].map((f) => fields.get(f)).find(Boolean) || '';
  const item = {
    key,
    at: Date.now(),
    url,
    body,
    type,
    account: fields.get('_account'),
    text: text.slice(0, 4000),
    back: `${localPage(fields.get('_back'))}#${(fields.get('_anchor') ?? '').replace(/[^A-Za-z0-9-]/g, '')}`,
    same,
  };
  return outbox('readwrite', (waiting) => {
    const request = waiting.getAll();
    request.onsuccess = () => {
      if (!request.result.some((kept) => kept.url === url && (kept.same ?? kept.body) === same)) waiting.put(item);
    };
  }).then(() => {
    if (self.registration.sync) self.registration.sync.register(OUTBOX).catch(() => {});
    tellPages();
    return item;
  });
}

// The forms being sent by this site's pages' scripts, by the address they post to: a script
// sends only the change itself; its form also has what brings it back to its page (its id,
// anchor and page, and the account that opened it), which the page tells first.
const submitted = new Map();

// Whether every field the script sent is in the form as it was submitted (an empty one may
// be absent: a box left unticked).
function sameChange(sent, form) {
  const fields = new URLSearchParams(form);
  return [...new URLSearchParams(sent)].every(
    ([name, value]) => fields.getAll(name).includes(value) || (value === '' && !fields.has(name)),
  );
}

async function formFields(path, sent) {
  for (let i = 0; i < 40; i++) {
    const form = submitted.get(path);
    if (form && Date.now() - form.at < 10000 && sameChange(sent, form.body)) {
      submitted.delete(path);
      return form.body;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

// A change sent from a page of this site: sent with a key of its own, so that if its answer
// is lost and it is kept and sent again, it is written once.
async function sendOrKeep(request) {
  const navigate = request.mode === 'navigate';
  // A form of another site posting here goes as it came, never kept (nor sent as this site's).
  if (navigate && !request.referrer.startsWith(`${self.location.origin}/`)) return fetch(request);
  const path = new URL(request.url).pathname;
  // A photo's form: kept as the bytes it sends.
  const type = request.headers.get('Content-Type') ?? '';
  if (type.startsWith('multipart/form-data')) return sendOrKeepFile(request, type);
  const sent = await request.clone().text();
  const key = self.crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('X-Tiendo-Request', key);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body: sent,
      headers,
      credentials: 'same-origin',
      redirect: navigate ? 'manual' : 'follow',
    });
    submitted.delete(path);
    return response;
  } catch (offline) {
    // Kept only as this site's own form posted it, with the account that opened it;
    // otherwise not at all (the page then says it was not sent).
    const body = navigate ? sent : await formFields(path, sent);
    const fields = new URLSearchParams(body ?? '');
    if (!body || !fields.has('_back') || !fields.has('_account')) throw offline;
    const item = await keepChange(request.url, body, key);
    // A plain form goes back to its page (the device's copy); a script hears it was kept.
    if (navigate) return Response.redirect(new URL(item.back, self.location.origin).href, 303);
    return new Response(JSON.stringify('Queued'), { status: 503, headers: { 'Content-Type': 'application/json' } });
  }
}

// A photo's form (a plain post from this site's checklist): sent with a key of its own, and
// kept as it is sent when there is no connection. A device without room for it says so.
async function sendOrKeepFile(request, type) {
  const body = await request.clone().arrayBuffer();
  const key = self.crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('X-Tiendo-Request', key);
  try {
    return await fetch(request.url, { method: 'POST', body, headers, credentials: 'same-origin', redirect: 'manual' });
  } catch (offline) {
    const form = await request.clone().formData();
    const fields = new URLSearchParams([...form].filter(([, value]) => typeof value === 'string'));
    const file = form.get('file');
    if (!fields.has('_back') || !fields.has('_account') || !(file instanceof File)) throw offline;
    const digest = new Uint8Array(await self.crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    // The same file for the same account (another account's waiting copy is not this one).
    const same = `${fields.get('_account')}:${file.name}:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    let item;
    try {
      item = await keepChange(request.url, body, key, { type, fields, name: `📷 ${file.name}`, same });
    } catch (full) {
      return noRoom();
    }
    return Response.redirect(new URL(item.back, self.location.origin).href, 303);
  }
}

// A change the device had no room to keep (its storage quota is used up).
function noRoom() {
  const body = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Không lưu được trên thiết bị · Tiến Độ</title></head><body><main><h1>Không lưu được trên thiết bị</h1><p>Không có kết nối mạng và bộ nhớ của thiết bị không đủ chỗ giữ tệp này. Các thay đổi khác đã giữ vẫn còn. Hãy chọn ảnh nhỏ hơn, hoặc gửi lại khi có mạng.</p><p>Dùng nút Quay lại của trình duyệt để về trang trước.</p><p lang="en">No connection, and the device has no room to keep this file. Choose a smaller photo, or send it again once online.</p></main></body></html>`;
  return new Response(body, { status: 507, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

// Sends the signed-in account's changes kept, oldest first, until the connection fails
// again (then it fails, for the browser's background sync to try again). One at a time.
let sending = null;
function sendKept() {
  sending ??= sendEach().finally(() => {
    sending = null;
  });
  return sending;
}

async function sendEach() {
  const waiting = (await all('waiting')).filter((item) => account && item.account === account).sort((a, b) => a.at - b.at);
  for (const item of waiting) {
    let response;
    try {
      response = await fetch(item.url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': item.type ?? 'application/x-www-form-urlencoded',
          Accept: 'text/html',
          'X-Tiendo-Request': item.key,
          'X-Tiendo-Replay': '1',
        },
        body: item.body,
      });
    } catch (offline) {
      throw new Error('no connection');
    }
    // A server in trouble: sent again later.
    if (response.status >= 500) throw new Error(`server ${response.status}`);
    const outcome = response.ok
      ? await response.json().catch(() => ({ outcome: 'unknown', to: item.back }))
      : { outcome: 'refused', to: item.back };
    // Signed out meanwhile: sent once signed in again.
    if (outcome.outcome === 'sign-in') return;
    let written = 0;
    await outbox('readwrite', (kept, attention) => {
      // Unless signing out deleted it meanwhile.
      const still = kept.get(item.key);
      still.onsuccess = () => {
        if (!still.result) return;
        kept.delete(item.key);
        if (outcome.outcome === 'saved') written = 1;
        else attention.put({ key: item.key, at: item.at, account: item.account, text: item.text, to: localPage(outcome.to) });
      };
    });
    tellPages(written);
  }
  tellPages();
}

// Every open page of this site hears what the outbox holds for the account signed in, and
// how many changes were just sent and written (`written`).
async function tellPages(written = 0) {
  const [waiting, attention] = await Promise.all([all('waiting'), all('attention')]).catch(() => [[], []]);
  const mine = (item) => account && item.account === account;
  const status = {
    type: 'outbox',
    written,
    waiting: waiting.filter(mine).map(({ text }) => ({ text })),
    attention: attention.filter(mine).map(({ key, text, to }) => ({ key, text, to })),
  };
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(status);
}

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  if ('account' in message) account = typeof message.account === 'string' && message.account ? message.account : null;
  if (message.type === 'submitting' && KEPT_CHANGES.includes(message.action) && typeof message.body === 'string') {
    submitted.set(message.action, { body: message.body, at: Date.now() });
  } else if (message.type === 'send') event.waitUntil(sendKept().catch(() => {}).then(tellPages));
  else if (message.type === 'report') event.waitUntil(tellPages());
  else if (message.type === 'opened' && typeof message.path === 'string' && Array.isArray(message.files)) {
    const files = message.files.filter((f) => typeof f === 'string').slice(0, 16);
    event.waitUntil(keepOpened(message.path, files, generation).catch(() => {}));
  }
  else if (message.type === 'seen' && typeof message.key === 'string') {
    event.waitUntil(
      outbox('readwrite', (waiting, attention) => {
        attention.delete(message.key);
      }).then(tellPages),
    );
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag === OUTBOX) event.waitUntil(sendKept());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const here = url.origin === self.location.origin;
  if (request.method === 'POST' && here && SESSION.includes(url.pathname)) {
    event.respondWith(newSession(request));
  } else if (request.method === 'POST' && here && keptChange(url.pathname)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== 'GET') {
    return;
  } else if ((request.mode === 'navigate' && kept(url)) || (here && PHOTO_FILE.test(url.pathname))) {
    event.respondWith(page(event));
  } else if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => offlinePage()));
  } else if (asset(url)) {
    event.respondWith(assetFile(request));
  }
});
