//! The public pages as anonymous visitors get them (national, province, commune), kept
//! rendered and compressed until the data changes. Every request first reads the data
//! revision from the database (which every write raises, through any instance), so a page is
//! never served from before a change. Signed-in users and anything else pass through.
//!
//! A kept page is served to every visitor with the script nonce it was rendered with. That
//! nonce still only admits the scripts of that exact page: anything written to the data after
//! it was rendered raises the revision, and is rendered afresh with a new nonce.

use app::{accounts::Actor, rankings::revision, state::AppState, tasks::service::today};
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, Mutex},
};

/// Pages kept per instance, and their bytes (raw and both compressions) at most.
const MAX_PAGES: usize = 512;
const MAX_BYTES: usize = 256 * 1024 * 1024;

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
}

struct Page {
    headers: HeaderMap,
    etag: HeaderValue,
    raw: Vec<u8>,
    gzip: Vec<u8>,
    brotli: Vec<u8>,
}

/// `/`, `/tinh/NN`, `/xa/NNNNN`, with any query.
fn is_public_page(path: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    path == "/"
        || path.strip_prefix("/tinh/").is_some_and(|c| digits(c, 2))
        || path.strip_prefix("/xa/").is_some_and(|c| digits(c, 5))
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
        && is_public_page(request.uri().path());
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
    let locale = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(app::i18n::Locale::from_cookie_header)
        .unwrap_or_default();
    // Today is in the key: without a date in the URL, a page shows today's figures.
    let key = format!("{} {} {}", locale.code(), today(state), request.uri());
    let headers = request.headers().clone();
    let kept = {
        let mut pages = cache.pages.lock().expect("not poisoned");
        if pages.revision != revision {
            *pages = Pages {
                revision,
                ..Pages::default()
            };
        }
        pages.pages.get(&key).cloned()
    };
    let page = match kept {
        Some(page) => page,
        None => {
            let page = match keep(next.run(request).await).await {
                Ok(page) => Arc::new(page),
                Err(response) => return response,
            };
            let mut pages = cache.pages.lock().expect("not poisoned");
            // Only under the revision it was rendered for (read before rendering).
            if pages.revision == revision {
                let size = page.raw.len() + page.gzip.len() + page.brotli.len();
                if pages.pages.len() >= MAX_PAGES || pages.bytes + size > MAX_BYTES {
                    pages.pages.clear();
                    pages.bytes = 0;
                }
                pages.bytes += size;
                pages.pages.insert(key, page.clone());
            }
            page
        }
    };
    answer(&headers, &page)
}

/// A rendered page to keep: 200 HTML only; anything else is handed back as it came.
async fn keep(response: Response) -> Result<Page, Response> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let failed = |what: &str| {
        tracing::error!("keeping a page: {what}");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    };
    let raw = to_bytes(body, usize::MAX)
        .await
        .map_err(|_| failed("reading the body"))?
        .to_vec();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&raw).map_err(|_| failed("gzip"))?;
    let gzip = gzip.finish().map_err(|_| failed("gzip"))?;
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 9, 22);
        writer.write_all(&raw).map_err(|_| failed("brotli"))?;
    }
    let etag = HeaderValue::from_str(&app::open_data::etag(&raw)).map_err(|_| failed("etag"))?;
    // Nothing that belongs to one visitor is kept.
    parts.headers.remove(header::SET_COOKIE);
    Ok(Page {
        headers: parts.headers,
        etag,
        raw,
        gzip,
        brotli,
    })
}

fn answer(request: &HeaderMap, page: &Page) -> Response {
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == page.etag.as_bytes());
    let (body, encoding) = if fresh {
        (Vec::new(), None)
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
        assert!(is_public_page("/"));
        assert!(is_public_page("/tinh/40"));
        assert!(is_public_page("/xa/17827"));
        assert!(!is_public_page("/tinh/40/cap-nhat-hang-loat"));
        assert!(!is_public_page("/quan-tri/tai-khoan"));
        assert!(!is_public_page("/tinh/4"));
        assert!(!is_public_page("/api/v1/xep-hang"));
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
