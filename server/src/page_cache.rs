//! The public pages as anonymous visitors get them (national, province, commune), and their
//! open data (JSON, CSV), kept rendered and compressed until the data changes. Every request first reads the data
//! revision from the database (which every write raises, through any instance), so a page is
//! never served from before a change. Signed-in users and anything else pass through.
//!
//! A kept page is served with the script nonce of the render it came from. That nonce admits
//! only what that render wrote: data written later raises the revision and is rendered afresh
//! with a new nonce, and a URL with other parameters is another render, so no one can learn a
//! nonce before the content it would have to sit in is fixed. (Hashes instead of the nonce
//! would stop the loader's dynamic import of the WebAssembly glue under 'strict-dynamic'.)

use app::{accounts::Actor, rankings::revision, state::AppState, tasks::service::today};
use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, LazyLock, Mutex},
};
use tokio::sync::{OnceCell, Semaphore};

/// Pages kept per instance, and their bytes (raw and both compressions) at most.
const MAX_PAGES: usize = 512;
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// What the middleware needs: the app's state (for the database and the date) and the pages.
#[derive(Clone)]
pub struct PageCache {
    state: AppState,
    pages: Arc<Mutex<Pages>>,
}

impl PageCache {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            pages: Arc::default(),
        }
    }
}

#[derive(Default)]
struct Pages {
    revision: i64,
    bytes: usize,
    pages: HashMap<String, Arc<Page>>,
    /// Pages being rendered for this revision: the requests for one wait for its render
    /// instead of each rendering it (after a write, every visitor misses at once). If the
    /// request rendering it goes away, a waiting one renders it; if it was not a page to
    /// keep, each waiting request renders its own.
    rendering: HashMap<String, Arc<OnceCell<Option<Arc<Page>>>>>,
}

/// Renders waited for at once, at most (a render given up leaves its place until the next
/// write; past this, requests render for themselves).
const MAX_RENDERING: usize = 1024;

struct Page {
    headers: HeaderMap,
    etag: HeaderValue,
    raw: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

/// `/`, `/tinh/NN` (with its procedures and visits pages), `/xa/NNNNN`, and their open data
/// (JSON and CSV), with any query.
fn is_public(path: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let between = |prefix: &str, suffix: &str, n: usize| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|code| digits(code, n))
    };
    matches!(path, "/" | "/api/v1/xep-hang" | "/api/xep-hang.csv")
        || between("/tinh/", "", 2)
        || between("/tinh/", "/thu-tuc", 2)
        || between("/tinh/", "/doan-cong-tac", 2)
        || between("/xa/", "", 5)
        || between("/api/v1/tinh/", "", 2)
        || between("/api/v1/xa/", "", 5)
        || between("/api/tinh/", "/xa.csv", 2)
        || between("/api/xa/", "/nhiem-vu.csv", 5)
}

/// The parameters the public pages read, in a fixed order; None when the query has others (such
/// a page is rendered but not kept, so made-up URLs cannot fill the cache).
fn known_query(query: Option<&str>) -> Option<String> {
    const KNOWN: [&str; 11] = [
        "chi-so", "ngay", "so-voi", "tinh", "q", "sap-xep", "chieu", "danh-gia", "ban-do",
        "to-mau", "tim",
    ];
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !KNOWN.contains(&name) || pairs.iter().any(|(n, _)| *n == name) {
            return None;
        }
        pairs.push((name, value));
    }
    pairs.sort_unstable();
    Some(
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
    )
}

fn accepts(request: &HeaderMap, encoding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut parts = e.split(';');
            parts.next().is_some_and(|name| name.trim() == encoding)
                && !parts.any(|p| p.trim().replace(' ', "") == "q=0")
        })
}

pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let state = &cache.state;
    let cacheable = request.method() == Method::GET
        && request.extensions().get::<Actor>().is_none()
        && is_public(request.uri().path());
    if !cacheable {
        return next.run(request).await;
    }
    let revision = match revision::current(&state.db).await {
        Ok(r) => r,
        Err(error) => {
            tracing::error!(%error, "reading the data revision");
            return next.run(request).await;
        }
    };
    // All Cookie headers, joined, as the page reads them: the language must be the one the
    // page is rendered in.
    let cookies: Vec<&str> = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let locale = app::i18n::Locale::from_cookie_header(&cookies.join("; "));
    let Some(query) = known_query(request.uri().query()) else {
        return next.run(request).await;
    };
    // Today is in the key: without a date in the URL, a page shows today's figures.
    let key = format!(
        "{} {} {}?{query}",
        locale.code(),
        today(state),
        request.uri().path()
    );
    let headers = request.headers().clone();
    let (kept, rendering) = {
        let mut pages = cache.pages.lock().expect("not poisoned");
        // Forward only: a request that read an older revision than the kept pages' is
        // answered afresh below and keeps nothing.
        if revision > pages.revision {
            *pages = Pages {
                revision,
                ..Pages::default()
            };
        }
        if pages.revision != revision {
            (None, None)
        } else if let Some(page) = pages.pages.get(&key) {
            (Some(page.clone()), None)
        } else if pages.rendering.len() < MAX_RENDERING || pages.rendering.contains_key(&key) {
            let cell = pages.rendering.entry(key.clone()).or_default().clone();
            (None, Some(cell))
        } else {
            (None, None)
        }
    };
    // The request, for whichever render uses it: the one all wait for, or its own.
    let mut own = Some((next, request));
    let mut refused = None;
    let page = match (kept, rendering) {
        (Some(page), _) => Some(page),
        (None, None) => None,
        (None, Some(cell)) => {
            let outcome = cell
                .get_or_init(|| async {
                    let (next, request) = own.take()?;
                    match keep(next.run(request).await, revision).await {
                        Ok(page) => Some(Arc::new(page)),
                        Err(response) => {
                            refused = Some(response);
                            None
                        }
                    }
                })
                .await
                .clone();
            let mut pages = cache.pages.lock().expect("not poisoned");
            // Settled: its place goes (this render's only: another may have begun since).
            if pages
                .rendering
                .get(&key)
                .is_some_and(|c| Arc::ptr_eq(c, &cell))
            {
                pages.rendering.remove(&key);
                // Kept only under the revision it was rendered for (read before rendering).
                if let Some(page) = outcome.as_ref().filter(|_| pages.revision == revision) {
                    let size = page.raw.len() + page.gzip.len() + page.brotli.len();
                    if pages.pages.len() >= MAX_PAGES || pages.bytes + size > MAX_BYTES {
                        pages.pages.clear();
                        pages.bytes = 0;
                    }
                    pages.bytes += size;
                    pages.pages.insert(key, page.clone());
                }
            }
            outcome
        }
    };
    if let Some(response) = refused {
        return response;
    }
    let page = match (page, own) {
        (Some(page), _) => page,
        // Not to be kept (another revision, not a page to keep, too many at once): this
        // request renders it for itself.
        (None, Some((next, request))) => match keep(next.run(request).await, revision).await {
            Ok(page) => Arc::new(page),
            Err(response) => return response,
        },
        (None, None) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    answer(&headers, &page)
}

/// Compressions at once: each brotli encoder holds megabytes, and a crawler's distinct
/// pages would otherwise all compress together.
static COMPRESSING: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    Arc::new(Semaphore::new(
        std::thread::available_parallelism().map_or(2, usize::from),
    ))
});

/// A 200 to keep: a page with its own policy (its scripts' nonce is in it), or open data;
/// anything else is handed back as it came.
async fn keep(response: Response, revision: i64) -> Result<Page, Response> {
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let page = content_type.starts_with("text/html")
        && response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY);
    let data = content_type.starts_with("application/json") || content_type.starts_with("text/csv");
    if response.status() != StatusCode::OK || !(page || data) {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let failed = |what: &str| {
        tracing::error!("keeping a page: {what}");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    };
    let raw = to_bytes(body, usize::MAX)
        .await
        .map_err(|_| failed("reading the body"))?;
    let compressing = raw.clone();
    let turn = COMPRESSING
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| failed("compressing"))?;
    // The turn goes with the compression: a client gone meanwhile does not free it early.
    let (gzip, brotli) = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(&compressing)?;
        let gzip = gzip.finish()?;
        let mut brotli = Vec::new();
        {
            // A 1 MB window: larger than any page.
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 7, 20);
            writer.write_all(&compressing)?;
        }
        Ok::<_, std::io::Error>((gzip, brotli))
    })
    .await
    .map_err(|_| failed("compressing"))?
    .map_err(|_| failed("compressing"))?;
    let etag = HeaderValue::from_str(&format!(
        "W/\"{revision}-{}",
        &app::open_data::etag(&raw)[1..]
    ))
    .map_err(|_| failed("etag"))?;
    // Nothing that belongs to one visitor is kept.
    parts.headers.remove(header::SET_COOKIE);
    Ok(Page {
        headers: parts.headers,
        etag,
        raw,
        gzip: gzip.into(),
        brotli: brotli.into(),
    })
}

fn answer(request: &HeaderMap, page: &Page) -> Response {
    let fresh = page
        .etag
        .to_str()
        .is_ok_and(|etag| app::open_data::not_modified(request, etag));
    let (body, encoding) = if fresh {
        (Bytes::new(), None)
    } else if accepts(request, "br") {
        (page.brotli.clone(), Some("br"))
    } else if accepts(request, "gzip") {
        (page.gzip.clone(), Some("gzip"))
    } else {
        (page.raw.clone(), None)
    };
    let mut response = Response::new(Body::from(body));
    if fresh {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        // A browser keeps the headers a 304 brings with its copy: the page's own policy (its
        // nonce is in the copy), so the copy's stylesheet and scripts still load.
        if let Some(policy) = page.headers.get(header::CONTENT_SECURITY_POLICY) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        }
    } else {
        *response.headers_mut() = page.headers.clone();
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    let headers = response.headers_mut();
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    headers.insert(header::ETAG, page.etag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // The page itself varies on the cookie (its language); the bytes on the encoding.
    for vary in ["cookie", "accept-encoding"] {
        if !headers.get_all(header::VARY).iter().any(|v| v == vary) {
            headers.append(header::VARY, HeaderValue::from_static(vary));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_pages_are_kept() {
        for kept in [
            "/",
            "/tinh/40",
            "/tinh/40/thu-tuc",
            "/tinh/40/doan-cong-tac",
            "/xa/17827",
            "/api/v1/xep-hang",
            "/api/xep-hang.csv",
            "/api/v1/tinh/40",
            "/api/v1/xa/17827",
            "/api/tinh/40/xa.csv",
            "/api/xa/17827/nhiem-vu.csv",
        ] {
            assert!(is_public(kept), "{kept}");
        }
        for passed in [
            "/tinh/40/cap-nhat-hang-loat",
            "/tinh/40/quyet-dinh",
            "/tinh/4/thu-tuc",
            "/quan-tri/tai-khoan",
            "/tinh/4",
            "/api/tinh/40/nhiem-vu-xa.csv",
            "/api/v1/xa/1782",
            "/api/nhat-ky.csv",
        ] {
            assert!(!is_public(passed), "{passed}");
        }
    }

    #[test]
    fn encodings_are_read_from_accept_encoding() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=0"),
        );
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
    }
}
