//! Pages and open data rendered afresh are the one costly thing a visitor can ask for (a crawler walking
//! every date of every province misses every kept page). They render one fewer at a time
//! than there are cores (at least one), so a core stays for the rest; a request that cannot start within a second is answered at once with a
//! 503 and `Retry-After` rather than queued without bound, so kept pages, sign-ins and saves
//! keep their latency under such a load.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderValue, Method, StatusCode, header};
use std::{sync::Arc, time::Duration};
use tokio::sync::Semaphore;

/// How long a render may wait for its turn.
const WAIT: Duration = Duration::from_secs(1);
/// What a refused client is told to wait, in seconds.
const RETRY_AFTER: &str = "5";

#[derive(Clone)]
pub struct RenderLimit {
    turns: Arc<Semaphore>,
}

impl RenderLimit {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            turns: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
        }
    }
}

/// A render: a GET of a page (not a build file, a file with an extension or `/healthz`), or
/// of open data (JSON and CSV under `/api/`).
fn is_page(method: &Method, path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    let page = !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/healthz"
        && !last.contains('.');
    let data =
        path.starts_with("/api/v1/") || (path.starts_with("/api/") && last.ends_with(".csv"));
    matches!(*method, Method::GET | Method::HEAD) && (page || data)
}

pub async fn limit(State(limit): State<RenderLimit>, request: Request, next: Next) -> Response {
    if !is_page(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let Ok(Ok(turn)) = tokio::time::timeout(WAIT, limit.turns.clone().acquire_owned()).await else {
        tracing::warn!(path = %request.uri().path(), "too many pages rendering: 503");
        return busy();
    };
    // The page renders as its body is read: read whole under the turn, then sent without
    // it, so a client that reads slowly holds no one else up.
    let (parts, body) = next.run(request).await.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        tracing::error!("reading a rendered page");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    drop(turn);
    Response::from_parts(parts, Body::from(bytes))
}

/// Pages are a few hundred kilobytes; anything near this is an error.
const MAX_BODY: usize = 32 * 1024 * 1024;

fn busy() -> Response {
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        "Máy chủ đang bận, xin thử lại sau vài giây. The server is busy: please retry in a few seconds.",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_wait_their_turn() {
        assert!(is_page(&Method::GET, "/tinh/40"));
        assert!(is_page(&Method::GET, "/"));
        assert!(!is_page(&Method::POST, "/tinh/40"));
        assert!(is_page(&Method::GET, "/api/v1/xep-hang"));
        assert!(is_page(&Method::GET, "/api/xa/17827/nhiem-vu.csv"));
        assert!(!is_page(&Method::POST, "/api/tasks/update"));
        assert!(!is_page(&Method::GET, "/pkg/tiendo.abc.wasm"));
        assert!(!is_page(&Method::GET, "/favicon.svg"));
        assert!(!is_page(&Method::GET, "/healthz"));
    }
}
