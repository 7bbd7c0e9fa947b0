//! A checklist question's photos: `POST /api/doan-cong-tac/{id}/cau-hoi/{question}/anh` (a
//! plain multipart form, or the same form sent again from the device's outbox) attaches one
//! and returns to the checklist at the question, saying so or saying why the file was
//! refused; `GET /api/doan-cong-tac/anh/{id}` serves one to those who read the checklist.

use crate::uploads::receive_form;
use app::{
    accounts::{
        Actor,
        session::{ClientIp, RequestInfo},
    },
    error::AppError,
    error::Problem,
    forms::{
        ACCOUNT_FIELD, BACK_FIELD, FILE_REFUSED_PARAM, REPLAY_HEADER, Replayed, RequestKey,
        SAVED_PARAM, local_page, page_without_outcome, return_address, sign_in_path,
    },
    state::AppState,
    tasks::evidence::{FileRefusal, MAX_EVIDENCE_BYTES},
    uploads::FileProblem,
    visits::checklist::{PhotoRefusal, checklist_path, photo_anchor, photos},
};
use axum::{
    Extension, Json,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{HeaderMap, header};

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    key: Option<Extension<RequestKey>>,
    Path((visit, question)): Path<(i64, i64)>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    // Sent again from the device's outbox: answered with its outcome as data.
    let replay = headers.contains_key(REPLAY_HEADER);
    let request = RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor: actor.map(|Extension(a)| a),
        key: key.map(|Extension(k)| k.0),
    };
    let fallback = format!("{}#{}", checklist_path(visit), photo_anchor(question));
    // Nobody who may not add it gets as far as sending a file into memory (audited).
    if let Err(error) = photos::authorized(&state, &request, visit, question).await {
        return match (error, replay) {
            (AppError::Unauthorized, true) => answer(true, "sign-in", sign_in_path(&fallback)),
            (_, true) => answer(true, "refused", fallback),
            (error, false) => error.into_response(),
        };
    }
    let received = match receive_form(&mut form, MAX_EVIDENCE_BYTES).await {
        Ok(received) => received,
        Err(error) => return error.into_response(),
    };
    let page = received
        .field(BACK_FIELD)
        .and_then(local_page)
        .map(|page| {
            let (path, query) = page.split_once('?').unwrap_or((page, ""));
            page_without_outcome(path, query)
        })
        .unwrap_or_else(|| checklist_path(visit));
    let at = photo_anchor(question);
    // Back at the photo's form, saying why it was not attached.
    let refused = |why: PhotoRefusal| {
        let why = format!("{question}.{}", why.code());
        answer(
            replay,
            "refused",
            return_address(&page, FILE_REFUSED_PARAM, &why, &at),
        )
    };
    // A form another account opened writes nothing for this one; one sent again from the
    // device's outbox must say who opened it.
    let opened_by = received
        .field(ACCOUNT_FIELD)
        .and_then(|v| v.parse::<i64>().ok());
    let signed_in = request.actor.as_ref().map(|a| a.user_id);
    if (replay && opened_by.is_none()) || opened_by.is_some_and(|by| Some(by) != signed_in) {
        return refused(PhotoRefusal::OtherAccount);
    }
    let content = received.content.map_err(|problem| match problem {
        FileProblem::TooLarge => FileRefusal::TooLarge,
        _ => FileRefusal::Empty,
    });
    match photos::attach(&state, &request, visit, question, content).await {
        // Attached now, or when it was sent before.
        Ok(Ok(())) | Err(AppError::AlreadyApplied) => {
            let to = return_address(&page, SAVED_PARAM, &at, &at);
            answer(replay, "saved", to)
        }
        Ok(Err(refusal)) => refused(PhotoRefusal::File(refusal)),
        Err(AppError::Invalid(Problem::VisitClosed)) => refused(PhotoRefusal::VisitClosed),
        Err(AppError::Invalid(Problem::TooManyPhotos)) => refused(PhotoRefusal::TooMany),
        Err(AppError::Unauthorized) if replay => answer(true, "sign-in", sign_in_path(&page)),
        Err(error) if replay => {
            tracing::info!(%error, "a photo sent again was not attached");
            answer(true, "refused", format!("{page}#{at}"))
        }
        Err(error) => error.into_response(),
    }
}

/// A redirect to `to`, or for a photo sent again from a device its outcome as data.
fn answer(replay: bool, outcome: &str, to: String) -> Response {
    if replay {
        let outcome = outcome.to_owned();
        return Json(Replayed { outcome, to }).into_response();
    }
    Redirect::to(&to).into_response()
}

pub async fn download(
    State(state): State<AppState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let file = photos::fetch(&state, actor.as_ref(), id).await?;
    let (disposition, extension) = match file.content_type.as_str() {
        "application/pdf" => ("attachment", "pdf"),
        "image/png" => ("inline", "png"),
        _ => ("inline", "jpg"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"anh-{id}.{extension}\""),
            ),
            // Not kept by a shared tablet's browser for the next account.
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        file.bytes,
    )
        .into_response())
}
