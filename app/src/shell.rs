//! The HTML document around the app, rendered on the server only.

use crate::app::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;
use std::sync::OnceLock;

/// The site's stylesheet, as pages link it.
pub fn stylesheet_path(options: &LeptosOptions) -> String {
    format!("/{}/{}", options.site_pkg_dir, asset_file(options, "css"))
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = stylesheet_path(&options);
    content_security_policy();
    // Officials get the interactive page at once; a visitor reading a public page gets the
    // WebAssembly only once they interact (see `LazyHydration`).
    let scripts = if crate::accounts::current_actor_ctx().is_some() {
        view! { <HydrationScripts options /> }.into_any()
    } else {
        view! { <LazyHydration options /> }.into_any()
    };
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5cad" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="stylesheet" href=stylesheet />
                {scripts}
                <OfflineScript />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts run only with this response's nonce (Leptos puts it on the hydration script and
/// its inline data); `strict-dynamic` lets that script load the WASM glue, and
/// `wasm-unsafe-eval` lets it compile the WASM.
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Registers the service worker (`public/sw.js`) that keeps the visits opened for use
/// without a connection (a page opened before it took charge is handed to it once the page
/// has loaded, with the build's files), asks it to send what the device kept (at each page,
/// whenever the connection returns, and every ten seconds while changes wait), and shows
/// what it holds in the page's outbox notice (`#outbox`, see `Layout`): what waits to be
/// sent, and what was sent but not written, each linked to the page that shows it; and how
/// many changes were sent and written while the page was open, with a link to load it again.
/// Built from text nodes only.
#[component]
fn OfflineScript() -> impl IntoView {
    let script = r#"(() => {
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  // Whether the worker served this page (read before it may take charge of it).
  const servedByWorker = Boolean(sw.controller);
  sw.register("/sw.js").catch(() => {});
  // The account signed in (see `Layout`): the device's outbox shows and sends only its changes.
  const me = () => document.getElementById("outbox")?.dataset.account ?? "";
  const tell = (message) => sw.ready.then((r) => r.active && r.active.postMessage({ ...message, account: me() }));
  const list = (items, item) => {
    const ul = document.createElement("ul");
    for (const entry of items) { const li = document.createElement("li"); li.append(item(entry)); ul.append(li); }
    return ul;
  };
  const say = (box, text, n) => { const p = document.createElement("p"); p.textContent = text.replace("{n}", n); box.append(p); };
  // The changes sent and written while this page was open: said until it is loaded again.
  let sent = 0;
  // While changes wait, the device tries again every ten seconds: a try that fails (the
  // connection not back yet when the browser said it was, a server busy) is not the last.
  let again = null;
  const show = (status) => {
    if (status.waiting.length && !again) again = setTimeout(() => { again = null; tell({ type: "send" }); }, 10000);
    const box = document.getElementById("outbox");
    if (!box) return;
    sent += Number(status.written) || 0;
    box.replaceChildren();
    if (sent) {
      say(box, box.dataset.sent, sent);
      const reload = document.createElement("a");
      reload.href = location.href;
      reload.rel = "external";
      reload.textContent = box.dataset.reload;
      box.append(reload);
    }
    if (status.waiting.length) {
      say(box, box.dataset.waiting, status.waiting.length);
      box.append(list(status.waiting, (w) => document.createTextNode(w.text)));
    }
    if (status.attention.length) {
      say(box, box.dataset.attention, status.attention.length);
      box.append(list(status.attention, (a) => {
        const link = document.createElement("a");
        link.href = a.to;
        link.rel = "external"; // a whole page load: the page as it is now, with the draft
        link.textContent = a.text || a.to;
        link.addEventListener("click", () => tell({ type: "seen", key: a.key }));
        return link;
      }));
    }
    box.hidden = !sent && !status.waiting.length && !status.attention.length;
  };
  sw.addEventListener("message", (event) => {
    if (event.data && event.data.type === "outbox") {
      if (document.readyState === "loading") addEventListener("DOMContentLoaded", () => show(event.data));
      else show(event.data);
    }
  });
  // A visit's change being sent by the page's script: its form, as a plain post would send it
  // (the script sends the change alone), for the device to keep if there is no connection.
  const kept = ["/api/visits/respond", "/api/visits/follow-up", "/api/visits/answer", "/api/visits/finding"];
  addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const action = new URL(form.action, location.href).pathname;
    if (kept.includes(action)) tell({ type: "submitting", action, body: new URLSearchParams(new FormData(form)).toString() });
  }, true);
  addEventListener("online", () => tell({ type: "send" }));
  // A page the worker did not serve (the device's first visit, before it took charge) is
  // kept now, with the build's files the page loaded.
  const opened = () => {
    if (servedByWorker) return;
    const named = [...document.querySelectorAll('[href^="/pkg/"], [src^="/pkg/"]')].map((e) => e.getAttribute("href") ?? e.getAttribute("src"));
    const loaded = performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => p.startsWith("/pkg/"));
    tell({ type: "opened", path: location.pathname + location.search, files: [...new Set([...named, ...loaded])] });
  };
  const start = () => { tell({ type: "send" }); tell({ type: "report" }); };
  addEventListener("load", opened);
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", start);
  else start();
})();"#;
    view! { <script nonce=leptos::nonce::use_nonce()>{script}</script> }
}

/// Loads and hydrates the WebAssembly on the visitor's first interaction (a pointer over or
/// on the page, a key, a focus, a touch) instead of at once. Reading a public page needs
/// none of it: the page is complete as served, its links and forms work, its charts and
/// tables show. No preload either, so a visitor who only reads never downloads it.
#[component]
fn LazyHydration(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let script = format!(
        "(() => {{ const events = [\"pointerover\", \"pointerdown\", \"keydown\", \"focusin\", \"touchstart\"]; \
         const go = () => {{ events.forEach((e) => removeEventListener(e, go, true)); \
         import(\"{pkg}/{js}\").then((mod) => mod.default({{ module_or_path: \"{pkg}/{wasm}\" }}).then(() => mod.hydrate())); }}; \
         events.forEach((e) => addEventListener(e, go, {{ capture: true, passive: true }})); }})();",
        js = asset_file(&options, "js"),
        wasm = asset_file(&options, "wasm"),
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

/// `tiendo.<ext>`, or `tiendo.<hash>.<ext>` when the build wrote a hash file next to the
/// binary (the same file leptos reads for its own script tags).
fn asset_file(options: &LeptosOptions, ext: &'static str) -> &'static str {
    static FILES: OnceLock<std::collections::HashMap<&'static str, String>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let name = &options.output_name;
        let hashes: Vec<(String, String)> = options
            .hash_files
            .then(|| {
                let path = std::env::current_exe()
                    .ok()?
                    .parent()?
                    .join(options.hash_file.as_ref());
                std::fs::read_to_string(path).ok()
            })
            .flatten()
            .map(|text| {
                text.lines()
                    .filter_map(|line| line.split_once(':'))
                    .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        ["css", "js", "wasm"]
            .into_iter()
            .map(|ext| {
                let file = match hashes.iter().find(|(kind, _)| kind == ext) {
                    Some((_, hash)) => format!("{name}.{hash}.{ext}"),
                    None => format!("{name}.{ext}"),
                };
                (ext, file)
            })
            .collect()
    });
    files.get(ext).map_or("", String::as_str)
}
