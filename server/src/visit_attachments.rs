//! A visit's photos and documents: `POST /api/doan-cong-tac/{id}/cau-hoi/{question}/anh`
//! attaches one to a checklist question, `POST /api/doan-cong-tac/{id}/kien-nghi/{item}/tai-lieu`
//! to a recommendation or conclusion (each a plain multipart form, or the same form sent
//! again from the device's outbox), and each returns to its page at the form, saying so or
//! saying why the file was refused; `GET /api/doan-cong-tac/anh/{id}` and
//! `GET /api/doan-cong-tac/tai-lieu/{id}` serve one to those who read the province's records.

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
    visits::attachments::{self, AttachRefusal, AttachedTo, Kept},
};
use axum::{
    Extension, Json,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{HeaderMap, header};

pub async fn upload_photo(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    key: Option<Extension<RequestKey>>,
    Path((visit, question)): Path<(i64, i64)>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let request = sender(ip, actor, key);
    let to = AttachedTo::Question { visit, question };
    upload(state, request, &headers, to, form).await
}

pub async fn upload_follow_up_file(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    key: Option<Extension<RequestKey>>,
    Path((visit, id)): Path<(i64, i64)>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let request = sender(ip, actor, key);
    let to = AttachedTo::FollowUp { visit, id };
    upload(state, request, &headers, to, form).await
}

fn sender(
    ip: ClientIp,
    actor: Option<Extension<Actor>>,
    key: Option<Extension<RequestKey>>,
) -> RequestInfo {
    RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor: actor.map(|Extension(a)| a),
        key: key.map(|Extension(k)| k.0),
    }
}

async fn upload(
    state: AppState,
    request: RequestInfo,
    headers: &HeaderMap,
    to: AttachedTo,
    mut form: Multipart,
) -> Response {
    // Sent again from the device's outbox: answered with its outcome as data.
    let replay = headers.contains_key(REPLAY_HEADER);
    let at = to.anchor();
    let fallback = format!("{}#{at}", to.page());
    // Nobody who may not add it gets as far as sending a file into memory (audited).
    if let Err(error) = attachments::authorized(&state, &request, to).await {
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
        .unwrap_or_else(|| to.page());
    // Back at the file's form, saying why it was not attached.
    let refused = |why: AttachRefusal| {
        let why = format!("{}.{}", to.key(), why.code());
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
        return refused(AttachRefusal::OtherAccount);
    }
    let content = received.content.map_err(|problem| match problem {
        FileProblem::TooLarge => FileRefusal::TooLarge,
        _ => FileRefusal::Empty,
    });
    match attachments::attach(&state, &request, to, &received.name, content).await {
        // Attached now, or when it was sent before.
        Ok(Ok(())) | Err(AppError::AlreadyApplied) => {
            let to = return_address(&page, SAVED_PARAM, &at, &at);
            answer(replay, "saved", to)
        }
        Ok(Err(refusal)) => refused(AttachRefusal::File(refusal)),
        Err(AppError::Invalid(Problem::VisitClosed)) => refused(AttachRefusal::VisitClosed),
        Err(AppError::Invalid(Problem::TooManyPhotos)) => refused(AttachRefusal::TooMany),
        Err(AppError::Unauthorized) if replay => answer(true, "sign-in", sign_in_path(&page)),
        Err(error) if replay => {
            tracing::info!(%error, "a file sent again was not attached");
            answer(true, "refused", format!("{page}#{at}"))
        }
        Err(error) => error.into_response(),
    }
}

/// A redirect to `to`, or for a file sent again from a device its outcome as data.
fn answer(replay: bool, outcome: &str, to: String) -> Response {
    if replay {
        let outcome = outcome.to_owned();
        return Json(Replayed { outcome, to }).into_response();
    }
    Redirect::to(&to).into_response()
}

pub async fn download_photo(
    State(state): State<AppState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    download(state, actor, Kept::Photo(id), "anh", id).await
}

pub async fn download_follow_up_file(
    State(state): State<AppState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    download(state, actor, Kept::FollowUpFile(id), "tai-lieu", id).await
}

/// File `id` as `<prefix>-<id>.<extension>`: images shown, PDFs downloaded.
async fn download(
    state: AppState,
    actor: Option<Extension<Actor>>,
    kept: Kept,
    prefix: &str,
    id: i64,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let file = attachments::fetch(&state, actor.as_ref(), kept).await?;
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
                format!("{disposition}; filename=\"{prefix}-{id}.{extension}\""),
            ),
            // Not kept by a shared tablet's browser for the next account.
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        file.bytes,
    )
        .into_response())
}
