//! Addresses as people type or paste them: `/xa/17827/` is `/xa/17827`.

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::Method;

/// A page asked for with a trailing slash is sent, permanently, to its address without one
/// (its query kept).
pub async fn trailing_slash(request: Request, next: Next) -> Response {
    if let Some(target) = without_trailing_slash(request.method(), request.uri()) {
        return Redirect::permanent(&target).into_response();
    }
    next.run(request).await
}

fn without_trailing_slash(method: &Method, uri: &http::Uri) -> Option<String> {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    // `//host/` must never become `//host`, an address on another site (nor `/\host/`,
    // which browsers read the same).
    let plain = !trimmed.is_empty() && !trimmed.starts_with("//") && !trimmed.contains('\\');
    if !matches!(*method, Method::GET | Method::HEAD) || trimmed == path || !plain {
        return None;
    }
    Some(match uri.query() {
        Some(query) => format!("{trimmed}?{query}"),
        None => trimmed.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(method: Method, uri: &str) -> Option<String> {
        without_trailing_slash(&method, &uri.parse().unwrap())
    }

    #[test]
    fn a_trailing_slash_leads_to_the_page() {
        assert_eq!(target(Method::GET, "/xa/17827/"), Some("/xa/17827".into()));
        assert_eq!(
            target(Method::GET, "/tinh/40//?ngay=2025-08-14"),
            Some("/tinh/40?ngay=2025-08-14".into())
        );
        assert_eq!(target(Method::GET, "/"), None);
        assert_eq!(target(Method::GET, "/xa/17827"), None);
        assert_eq!(target(Method::GET, "//evil.example/"), None);
        assert_eq!(
            target(Method::GET, "/%5Cevil.example/"),
            Some("/%5Cevil.example".into())
        );
        assert_eq!(target(Method::POST, "/api/x/"), None);
    }
}
