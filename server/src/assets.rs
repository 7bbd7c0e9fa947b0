//! Cache lifetimes: hashed build files forever, everything else revalidated.

use axum::{extract::Request, middleware::Next, response::Response};
use http::{HeaderValue, header};

pub async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    // Only a file that is there is kept for good (a missing one may come with the next build).
    let found = matches!(response.status().as_u16(), 200 | 206 | 304);
    let headers = response.headers_mut();
    if headers.contains_key(header::CONTENT_ENCODING) && !headers.contains_key(header::VARY) {
        // A file served precompressed is chosen by Accept-Encoding.
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = if hashed && found {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        // Pages are rendered in the language of the `lang` cookie.
        headers.append(header::VARY, HeaderValue::from_static("cookie"));
    }
    response
}

/// `/pkg/tiendo.3f9a0c1b2d4e5f60.wasm`: a build file whose name carries its content hash.
fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let mut parts = file.split('.');
    let (Some(_name), Some(hash), Some(_ext)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_hashed_build_files_are_immutable() {
        assert!(is_hashed_asset("/pkg/tiendo.3f9a0c1b2d4e5f60.wasm"));
        assert!(is_hashed_asset("/pkg/tiendo.3f9a0c1b2d4e5f60.js.br"));
        assert!(!is_hashed_asset("/pkg/tiendo.wasm"));
        assert!(!is_hashed_asset("/pkg/tiendo.css"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/tinh/40"));
    }
}
