//! Server functions answer every error with status 500, including those raised before a
//! function body runs (a missing or malformed argument). This layer reads the error the body
//! carries and gives the response that error's own status: 400 for bad input, 401, 403, 404,
//! 422, 429…

use app::error::AppError;
use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::StatusCode;

/// Error bodies are small; anything larger is passed on untouched.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn status_from_error(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer to a request whose handler panicked (the panic is logged): a plain 500.
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %message, "a request's handler panicked");
    let mut response = Response::new(Body::from(
        "Lỗi máy chủ: yêu cầu này không thực hiện được. Internal server error.",
    ));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
