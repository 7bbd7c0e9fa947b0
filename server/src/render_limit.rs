//! Pages and open data rendered afresh are the one costly thing a visitor can ask for (a crawler walking
//! every date of every province misses every kept page). They render one fewer at a time
//! than there are cores (at least one), so a core stays for the rest; a request that cannot start within a second is answered at once with a
//! 503 and `Retry-After` rather than queued without bound, so kept pages, sign-ins and saves
//! keep their latency under such a load. A page a device fetches in the background (the
//! service worker keeping a visit's pages for use offline) never waits: it renders only when a
//! turn is free at once, so it never keeps a reader's own page waiting.

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
/// Marks a request a device makes in the background (see `public/sw.js`).
const BACKGROUND_HEADER: &str = "x-tiendo-background";
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
    let turns = limit.turns.clone();
    let turn = if request.headers().contains_key(BACKGROUND_HEADER) {
        turns.try_acquire_owned().ok()
    } else {
        tokio::time::timeout(WAIT, turns.acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
    };
    let Some(turn) = turn else {
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

    #[tokio::test]
    async fn a_background_fetch_never_waits_while_a_reader_waits_for_a_turn() {
        use axum::{Router, middleware::from_fn_with_state, routing::get};
        use tower::ServiceExt;
        let limit = RenderLimit {
            turns: Arc::new(Semaphore::new(1)),
        };
        let app = Router::new()
            .route("/trang", get(|| async { "trang" }))
            .layer(from_fn_with_state(limit.clone(), super::limit));
        let page = |background: bool| {
            let request = Request::get("/trang");
            let request = if background {
                request.header(BACKGROUND_HEADER, "1")
            } else {
                request
            };
            app.clone().oneshot(request.body(Body::empty()).unwrap())
        };
        // Another page is rendering: the background fetch is refused at once.
        let rendering = limit.turns.clone().acquire_owned().await.unwrap();
        let started = std::time::Instant::now();
        let refused = page(true).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], RETRY_AFTER);
        assert!(started.elapsed() < WAIT, "it did not wait");
        // A reader waits for the turn, and gets the page once it is free.
        let reader = tokio::spawn(page(false));
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(rendering);
        assert_eq!(reader.await.unwrap().unwrap().status(), StatusCode::OK);
        // With a turn free, a background fetch renders.
        assert_eq!(page(true).await.unwrap().status(), StatusCode::OK);
    }
}
