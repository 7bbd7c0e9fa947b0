//! The bulk-update file: `GET /api/tinh/{code}/nhiem-vu-xa.csv|.xlsx` downloads a province's
//! communes' assignments; `POST /api/tinh/{code}/tai-len` (a plain multipart form) stores an
//! upload and sends the browser to its preview.

use crate::uploads;
use app::{
    accounts::{Actor, session::ClientIp},
    error::AppError,
    spreadsheet::template::Template,
    state::AppState,
    tasks::{
        bulk::{MAX_FILE_BYTES, page_path},
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

/// A spreadsheet for download, as CSV (`csv`) or XLSX (`xlsx`), named `{stem}.{extension}`.
pub fn spreadsheet(
    template: &Template,
    rows: &[Vec<String>],
    stem: &str,
    extension: &str,
) -> Result<Response, AppError> {
    let (content_type, body) = match extension {
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            template.write_xlsx(rows)?,
        ),
        _ => ("text/csv; charset=utf-8", template.write_csv(rows)?),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let rows = rows(&state, ip, actor, &code).await?;
    spreadsheet(
        &bulk_file::TEMPLATE,
        &rows,
        &format!("nhiem-vu-xa-{code}"),
        "csv",
    )
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let rows = rows(&state, ip, actor, &code).await?;
    spreadsheet(
        &bulk_file::TEMPLATE,
        &rows,
        &format!("nhiem-vu-xa-{code}"),
        "xlsx",
    )
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
    let (name, content) = uploads::receive_file(&mut form, MAX_FILE_BYTES).await?;
    let id = bulk_service::store(&state, &actor, &code, &name, content).await?;
    Ok(Redirect::to(&format!("{}?tai-len={id}", page_path(&code))).into_response())
}
