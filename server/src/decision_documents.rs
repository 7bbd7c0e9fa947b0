//! A decision's document: `POST /api/quyet-dinh/{id}/van-ban` (a plain multipart form) attaches
//! it and returns to the decision's page, saying so or saying why the file was refused;
//! `GET /api/quyet-dinh/{id}/van-ban` serves it to everyone.

use crate::uploads::receive_file;
use app::{
    accounts::{
        Actor,
        session::{ClientIp, RequestInfo},
    },
    decisions::{decision_path, document},
    error::AppError,
    state::AppState,
    tasks::evidence::{FileRefusal, MAX_EVIDENCE_BYTES},
    uploads::FileProblem,
};
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::header;

/// The anchor of the document's part of the decision's page.
const ANCHOR: &str = "van-ban";

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let request = RequestInfo {
        ip: ip.0.to_string(),
        token: None,
        actor: actor.map(|Extension(a)| a),
        key: None,
    };
    // Nobody who may not attach it gets as far as sending a file into memory (the refusal is
    // audited).
    document::authorized(&state, &request, id).await?;
    let (_, content) = receive_file(&mut form, MAX_EVIDENCE_BYTES).await?;
    let content = content.map_err(|problem| match problem {
        FileProblem::TooLarge => FileRefusal::TooLarge,
        _ => FileRefusal::Empty,
    });
    let outcome = match document::attach(&state, &request, id, content).await? {
        Ok(()) => "van-ban=da-luu".to_owned(),
        Err(refusal) => format!("loi-van-ban={}", refusal.code()),
    };
    Ok(Redirect::to(&format!("{}?{outcome}#{ANCHOR}", decision_path(id))).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let file = document::fetch(&state, id).await?;
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
                format!("attachment; filename=\"quyet-dinh-{id}.{extension}\""),
            ),
        ],
        file.bytes,
    )
        .into_response())
}
