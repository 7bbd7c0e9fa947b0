//! Plain form posts (no JavaScript yet, or none at all) to the server functions of saving
//! forms: the function runs as for a script, and the browser is sent back to the page it
//! came from, at the form's anchor, with the outcome (see `app::forms`).

use app::{
    accounts::Actor,
    error::AppError,
    forms::{
        ANCHOR_FIELD, BACK_FIELD, DRAFT_PARAM, FORM_FIELD, PLAIN_FORM_HEADER, SAVED_PARAM, drafts,
        errors_anchor, local_page, page_without_outcome, return_address, sign_in_path,
    },
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{HeaderValue, Method, header};
use std::collections::BTreeMap;

/// A form's fields are a few KB; the server functions' own limit is larger.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// Error bodies are small.
const MAX_ERROR_BYTES: usize = 64 * 1024;

fn is_plain_form_post(request: &Request) -> bool {
    let header_has = |name, text| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(text))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
}

/// An anchor is an element id this site writes: letters, digits and `-`.
fn anchor(text: &str) -> Option<&str> {
    let plain = text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (plain && !text.is_empty() && text.len() <= 100).then_some(text)
}

pub async fn plain_forms(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::BadRequest("form too large".into()).into_response();
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    // A form that does not follow the pattern (signing in, say) keeps Leptos' own answer.
    let (Some(form), Some(page)) = (
        field(FORM_FIELD).and_then(anchor),
        field(BACK_FIELD).and_then(local_page),
    ) else {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    };
    let (path, query) = page.split_once('?').unwrap_or((page, ""));
    let page = page_without_outcome(path, query);
    let at = field(ANCHOR_FIELD)
        .and_then(anchor)
        .unwrap_or(form)
        .to_owned();
    let form = form.to_owned();
    let actor = parts.extensions.get::<Actor>().cloned();
    parts
        .headers
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    parts
        .headers
        .insert(PLAIN_FORM_HEADER, HeaderValue::from_static("1"));
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if response.status().is_success() {
        return Redirect::to(&return_address(&page, SAVED_PARAM, &at, &at)).into_response();
    }
    let error = match axum::body::to_bytes(response.into_body(), MAX_ERROR_BYTES).await {
        Ok(body) => serde_json::from_slice(&body).unwrap_or(AppError::Internal),
        Err(_) => AppError::Internal,
    };
    // What was typed, without the form's own hidden fields (nor any password).
    let typed: BTreeMap<String, String> = fields
        .into_iter()
        .filter(|(name, _)| !name.starts_with('_') && !name.contains("password"))
        .collect();
    let now = state.clock.now();
    let token = match drafts::save(&state, actor.as_ref(), now, &form, typed, &error).await {
        Ok(token) => token,
        Err(error) => return error.into_response(),
    };
    // Back at the form's error summary, which the browser then focuses.
    let back = return_address(&page, DRAFT_PARAM, &token, &errors_anchor(&form));
    if error == AppError::Unauthorized {
        return Redirect::to(&sign_in_path(&back)).into_response();
    }
    Redirect::to(&back).into_response()
}

#[cfg(test)]
mod tests {
    use super::anchor;

    #[test]
    fn anchors_are_plain_ids() {
        assert_eq!(anchor("task-12"), Some("task-12"));
        for hostile in ["", "a b", "x\"onload", "a#b", &"a".repeat(101)] {
            assert_eq!(anchor(hostile), None, "{hostile:?}");
        }
    }
}
