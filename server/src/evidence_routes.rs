//! Evidence files: `POST /api/nhiem-vu/{id}/minh-chung` attaches one to an assignment (a
//! plain multipart form that returns to its page); `GET /api/minh-chung/{sha256}` serves one
//! to signed-in users.

use app::{
    access::{self, Action, Target},
    accounts::{
        Actor,
        session::{ClientIp, RequestInfo},
    },
    error::AppError,
    state::AppState,
    tasks::evidence::{self, FileRefusal, MAX_EVIDENCE_BYTES},
};
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::header;

/// A path on this site to return to (never another site).
fn local(path: &str) -> Option<&str> {
    (path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')).then_some(path)
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    // Nobody unknown gets as far as sending a file into memory (the refusal is audited).
    if actor.is_none() {
        access::check(
            &state,
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
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
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
            Some("back") => back = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    let upload = evidence::Upload {
        file_name: name,
        bytes: content,
        doc_number,
        doc_date,
    };
    let request = RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor,
    };
    let outcome = evidence::attach(&state, &request, id, upload).await?;
    let (unit, refusal) = match outcome {
        Ok(unit) => (unit, None),
        Err((unit, refusal)) => (unit, Some(refusal)),
    };
    let page = local(&back).map(str::to_owned).unwrap_or_else(|| {
        let kind = if unit.len() == 5 { "xa" } else { "tinh" };
        format!("/{kind}/{unit}")
    });
    let page = page.split(['?', '#']).next().unwrap_or("/").to_owned();
    let target = match refusal {
        Some(r) => format!("{page}?loi-minh-chung={}#task-{id}", r.code()),
        None => format!("{page}#task-{id}"),
    };
    Ok(Redirect::to(&target).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    actor: Option<Extension<Actor>>,
    Path(sha): Path<String>,
) -> Result<Response, AppError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let actor = actor.map(|Extension(a)| a);
    let file = evidence::fetch(&state, actor.as_ref(), &sha).await?;
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
