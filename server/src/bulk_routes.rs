//! The bulk-update file: `GET /api/tinh/{code}/nhiem-vu-xa.csv|.xlsx` downloads a province's
//! communes' assignments; `POST /api/tinh/{code}/tai-len` (a plain multipart form) stores an
//! upload and sends the browser to its preview.

use app::{
    accounts::{Actor, session::ClientIp},
    error::AppError,
    state::AppState,
    tasks::{
        bulk::{FileProblem, MAX_FILE_BYTES, page_path},
        bulk_file, bulk_service,
    },
};
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use http::header;

async fn rows(
    state: &AppState,
    ip: ClientIp,
    actor: Option<Extension<Actor>>,
    code: &str,
) -> Result<Vec<Vec<String>>, AppError> {
    let actor = actor.map(|Extension(a)| a);
    bulk_service::authorize(state, actor.as_ref(), &ip.0.to_string(), code).await?;
    Ok(bulk_service::export_rows(&state.db, code).await?)
}

fn attachment(content_type: &'static str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let rows = rows(&state, ip, actor, &code).await?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        format!("nhiem-vu-xa-{code}.csv"),
        bulk_file::write_csv(&rows)?,
    ))
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let rows = rows(&state, ip, actor, &code).await?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("nhiem-vu-xa-{code}.xlsx"),
        bulk_file::write_xlsx(&rows)?,
    ))
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let actor = bulk_service::authorize(&state, actor.as_ref(), &ip.0.to_string(), &code).await?;
    let bad = |_| AppError::BadRequest("unreadable upload".into());
    let mut file = None;
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        // Read in chunks and stop at the limit: an oversized file is named, not held.
        let mut bytes = Vec::new();
        let content = loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > MAX_FILE_BYTES {
                        break Err(FileProblem::TooLarge);
                    }
                }
                Ok(None) => break Ok(bytes),
                Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                    break Err(FileProblem::TooLarge);
                }
                Err(e) => return Err(bad(e)),
            }
        };
        file = Some((name, content));
        break;
    }
    let (name, content) = file.ok_or_else(|| AppError::BadRequest("no file".into()))?;
    let id = bulk_service::store(&state, &actor, &code, &name, content).await?;
    Ok(Redirect::to(&format!("{}?tai-len={id}", page_path(&code))).into_response())
}
