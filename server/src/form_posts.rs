//! Plain form posts (no JavaScript yet, or none at all) to the server functions of saving
//! forms: the function runs as for a script, and the browser is sent back to the page it
//! came from, at the form's anchor, with the outcome (see `app::forms`). A form opened by
//! another account than the one signed in writes nothing. The same posts sent again by the
//! service worker (changes kept on the device without a connection, each with its key) get
//! their outcome as data, and a change written before is not written again.

use app::{
    accounts::Actor,
    error::AppError,
    forms::{
        ACCOUNT_FIELD, ANCHOR_FIELD, BACK_FIELD, DRAFT_PARAM, FORM_FIELD, PLAIN_FORM_HEADER,
        REPLAY_HEADER, REQUEST_HEADER, Replayed, RequestKey, SAVED_PARAM, drafts, errors_anchor,
        local_page, page_without_outcome, return_address, sign_in_path,
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

pub async fn plain_forms(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // A change sent with its key (by the service worker): claimed where it is written.
    let key = request
        .headers()
        .get(REQUEST_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(RequestKey::parse);
    if let Some(key) = key {
        request.extensions_mut().insert(key);
    }
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    // Sent again from the device's outbox: answered with its outcome as data.
    let replay = request.headers().contains_key(REPLAY_HEADER);
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
    // A form another account opened writes nothing for this one; one sent again from the
    // device's outbox must say who opened it.
    let opened_by = field(ACCOUNT_FIELD).and_then(|v| v.parse::<i64>().ok());
    if replay && opened_by.is_none() {
        return answer(true, "refused", format!("{page}#{at}"));
    }
    let outcome = match (opened_by, &actor) {
        (Some(by), Some(actor)) if by != actor.user_id => Err(AppError::OtherAccount),
        _ => {
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
                Ok(())
            } else {
                Err(
                    match axum::body::to_bytes(response.into_body(), MAX_ERROR_BYTES).await {
                        Ok(body) => serde_json::from_slice(&body).unwrap_or(AppError::Internal),
                        Err(_) => AppError::Internal,
                    },
                )
            }
        }
    };
    let error = match outcome {
        // Saved now, or when it was sent before.
        Ok(()) | Err(AppError::AlreadyApplied) => {
            let to = return_address(&page, SAVED_PARAM, &at, &at);
            return answer(replay, "saved", to);
        }
        // Another account's, or signed out meanwhile: the device keeps it for its account,
        // and nobody else gets a draft of it.
        Err(AppError::OtherAccount) if replay => {
            return answer(true, "refused", format!("{page}#{at}"));
        }
        Err(AppError::Unauthorized) if replay => {
            return answer(true, "sign-in", sign_in_path(&page));
        }
        Err(error) => error,
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
    let back = match &token {
        Some(token) => return_address(&page, DRAFT_PARAM, token, &errors_anchor(&form)),
        None => format!("{page}#{}", errors_anchor(&form)),
    };
    let mut response = if error == AppError::Unauthorized {
        answer(false, "sign-in", sign_in_path(&back))
    } else {
        answer(replay, "draft", back)
    };
    // Typed after the session ended: this browser alone reads it back once signed in.
    if let (None, Some(token)) = (&actor, &token) {
        let cookie = drafts::draft_cookie(token, state.auth.secure_cookies);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A redirect to `to`, or for a change sent again from a device its outcome as data.
fn answer(replay: bool, outcome: &str, to: String) -> Response {
    if replay {
        let outcome = outcome.to_owned();
        return axum::Json(Replayed { outcome, to }).into_response();
    }
    Redirect::to(&to).into_response()
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
