//! Per-request security: who is asking (client address, session), cross-site request
//! refusal, and the headers every response carries.

use app::{
    accounts::{
        Actor,
        session::{self, ClientIp},
    },
    audit,
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderMap, HeaderValue, Method, header};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's address: the peer's, or with `trusted_proxies` proxies in front, the
/// address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, so
/// entries a client writes itself are never believed).
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted_proxies: usize) -> IpAddr {
    let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if trusted_proxies == 0 {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|entry| entry.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    forwarded
        .len()
        .checked_sub(trusted_proxies)
        .and_then(|i| forwarded.get(i).copied())
        .unwrap_or(peer)
}

/// Resolves the client address and the session, and keeps responses to signed-in users out
/// of every cache.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = client_ip(peer, request.headers(), state.auth.trusted_proxies);
    request.extensions_mut().insert(ClientIp(ip));
    // Build files are the same for everyone: no session lookup for them.
    let is_asset = request.uri().path().starts_with("/pkg/");
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| state.auth.token_in(v))
        .filter(|_| !is_asset);
    let mut signed_in = false;
    if let Some(token) = token {
        match session::resolve(&state.db, &state.auth, &token, state.clock.now()).await {
            Ok(Some(actor)) => {
                request.extensions_mut().insert(actor);
                signed_in = true;
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "resolving a session"),
        }
    }
    let mut response = next.run(request).await;
    if signed_in {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Refuses state-changing requests that a browser says come from another site.
/// The refusal is audited: for a signed-in user (whose browser another site tried to use)
/// as an entry of its own, for anyone else counted per address and minute.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || !is_cross_site(request.headers()) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    tracing::warn!(%path, "cross-site request refused");
    let ip = request
        .extensions()
        .get::<ClientIp>()
        .map_or_else(String::new, |ip| ip.0.to_string());
    let actor = request.extensions().get::<Actor>();
    let entry = audit::Entry {
        action: "cross_site_refused",
        entity_id: Some(path),
        province_code: actor.and_then(|a| a.province_code.clone()),
        ..Default::default()
    };
    let now = state.clock.now();
    let recorded = match actor {
        Some(actor) => audit::record(&state.db, now, Some(actor), Some(&ip), entry).await,
        None => audit::record_refusal(&state.db, now, &ip, entry).await,
    };
    if let Err(error) = recorded {
        tracing::error!(%error, "auditing a cross-site refusal");
    }
    AppError::CrossSite.into_response()
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        // Browsers send Origin on every POST; compare its host with the one addressed.
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        // Not a browser (curl, scripts): no ambient credentials to abuse.
        (None, _) => false,
    }
}

/// The service worker's script (`public/sw.js`).
const SERVICE_WORKER: &str = "/sw.js";

/// Headers on every response. Pages carry their own Content-Security-Policy with the
/// nonce of their scripts (see `app::shell`); everything else gets a locked-down one.
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // Every page sets its own; one without would be blocked by the default below.
        tracing::error!(%path, "a page without its Content-Security-Policy");
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if path == SERVICE_WORKER {
        // The service worker fetches this site's pages and files to keep them, and nothing
        // else.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    if state.auth.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    http::HeaderName::from_static(k),
                    HeaderValue::from_str(v).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn forged_forwarded_for_is_not_believed() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(client_ip(Some(peer), &h, 0), peer, "no proxy: the peer");
        assert_eq!(
            client_ip(Some(peer), &h, 1),
            "203.0.113.9".parse::<IpAddr>().unwrap(),
            "one proxy: its entry"
        );
        assert_eq!(
            client_ip(Some(peer), &h, 3),
            peer,
            "fewer entries than proxies: the peer"
        );
        let garbage = headers(&[("x-forwarded-for", "not-an-ip")]);
        assert_eq!(client_ip(Some(peer), &garbage, 1), peer);
    }

    #[test]
    fn cross_site_is_told_by_fetch_metadata_or_origin() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "tiendo.vn")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://tiendo.vn"),
            ("host", "tiendo.vn")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "tiendo.vn")
        ])));
        assert!(!is_cross_site(&headers(&[("host", "tiendo.vn")])));
    }
}
