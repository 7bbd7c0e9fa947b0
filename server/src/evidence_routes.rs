//! Evidence files: `POST /api/nhiem-vu/{id}/minh-chung` attaches one to an assignment (a
//! multipart form that returns to its page at the task, as every saving form does: see
//! `app::forms`); `GET /api/minh-chung/{sha256}` serves one to those who may read the
//! records of its unit.

use app::{
    access::{self, Action, Target},
    accounts::{
        Actor,
        session::{ClientIp, RequestInfo},
    },
    error::AppError,
    forms::{
        BACK_FIELD, DRAFT_PARAM, SAVED_PARAM, drafts, errors_anchor, local_page,
        page_without_outcome, return_address,
    },
    state::AppState,
    tasks::{
        changes,
        evidence::{self, FileRefusal, MAX_EVIDENCE_BYTES},
        evidence_form_id,
    },
};
use axum::{
    Extension, Json,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{HeaderMap, header};
use std::collections::BTreeMap;

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    // The page's script asks for JSON and updates the task in place; a plain form post is
    // sent back to its page.
    let script = headers
        .get(header::ACCEPT)
        .is_some_and(|accept| accept.as_bytes() == b"application/json");
    let actor = actor.map(|Extension(a)| a);
    match receive(&state, ip, actor, id, form, script).await {
        Ok(response) => response,
        Err(error) if script => (error.status(), Json(error)).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn receive(
    state: &AppState,
    ip: ClientIp,
    actor: Option<Actor>,
    id: i64,
    mut form: Multipart,
    script: bool,
) -> Result<Response, AppError> {
    // Nobody unknown gets as far as sending a file into memory (the refusal is audited).
    if actor.is_none() {
        access::check(
            state,
            None,
            &ip.0.to_string(),
            Action::UpdateAssignment,
            Target::Nation,
        )
        .await?;
    }
    let bad = |_| AppError::BadRequest("unreadable upload".into());
    let (mut name, mut content) = (String::new(), Err(FileRefusal::Empty));
    let (mut doc_number, mut doc_date, mut back) = (String::new(), String::new(), String::new());
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // The body went over its limit: the file was too large, whatever came after it.
            Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                content = Err(FileRefusal::TooLarge);
                break;
            }
            Err(e) => return Err(bad(e)),
        };
        match field.name() {
            Some("file") => {
                name = field.file_name().unwrap_or("").to_owned();
                let mut bytes = Vec::new();
                content = loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            bytes.extend_from_slice(&chunk);
                            if bytes.len() > MAX_EVIDENCE_BYTES {
                                break Err(FileRefusal::TooLarge);
                            }
                        }
                        Ok(None) => break Ok(bytes),
                        Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                            break Err(FileRefusal::TooLarge);
                        }
                        Err(e) => return Err(bad(e)),
                    }
                };
            }
            Some("doc_number") => doc_number = field.text().await.map_err(bad)?,
            Some("doc_date") => doc_date = field.text().await.map_err(bad)?,
            Some(BACK_FIELD) => back = field.text().await.map_err(bad)?,
            _ => {}
        }
        // A file too large is not read further, nor is anything after it.
        if matches!(content, Err(FileRefusal::TooLarge)) {
            break;
        }
    }
    // Where to return is settled before anything is stored: an address that is not a
    // plain page of this site gives way to the task's own page.
    let back = local_page(&back).map(|page| {
        let (path, query) = page.split_once('?').unwrap_or((page, ""));
        page_without_outcome(path, query)
    });
    let upload = evidence::Upload {
        file_name: name,
        bytes: content,
        doc_number: doc_number.clone(),
        doc_date: doc_date.clone(),
    };
    let request = RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor,
        key: None,
    };
    let outcome = evidence::attach(state, &request, id, upload).await?;
    let (unit, refusal) = match outcome {
        Ok(unit) => (unit, None),
        Err((unit, refusal)) => (unit, Some(refusal)),
    };
    if script {
        return match refusal {
            None => {
                let item = changes::item(state, request.actor.as_ref(), &unit, id).await?;
                Ok(Json(item).into_response())
            }
            Some(refusal) => Err(AppError::at("file", refusal.problem())),
        };
    }
    let page = back.unwrap_or_else(|| {
        let kind = if unit.len() == 5 { "xa" } else { "tinh" };
        format!("/{kind}/{unit}")
    });
    let anchor = format!("task-{id}");
    let target = match refusal {
        None => return_address(&page, SAVED_PARAM, &anchor, &anchor),
        Some(refusal) => {
            // What was typed comes back with the message, at the file field.
            let typed = BTreeMap::from([
                ("doc_number".to_owned(), doc_number),
                ("doc_date".to_owned(), doc_date),
            ]);
            let error = AppError::at("file", refusal.problem());
            let form = evidence_form_id(id);
            let now = state.clock.now();
            match drafts::save(state, request.actor.as_ref(), now, &form, typed, &error).await? {
                Some(token) => return_address(&page, DRAFT_PARAM, &token, &errors_anchor(&form)),
                None => format!("{page}#{}", errors_anchor(&form)),
            }
        }
    };
    Ok(Redirect::to(&target).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(sha): Path<String>,
) -> Result<Response, AppError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let request = RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor: actor.map(|Extension(a)| a),
        key: None,
    };
    let file = evidence::fetch(&state, &request, &sha.to_ascii_lowercase()).await?;
    let extension = match file.content_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"minh-chung-{}.{extension}\"",
                    &sha[..12]
                ),
            ),
        ],
        file.bytes,
    )
        .into_response())
}
