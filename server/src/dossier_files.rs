//! The dossier spreadsheet: `GET /api/tinh/{code}/ho-so-mau.csv|.xlsx` gives the empty
//! template; `POST /api/tinh/{code}/ho-so/tai-len` (a plain multipart form) keeps an upload
//! and sends the browser to its dry run.

use crate::{bulk_routes::spreadsheet, uploads};
use app::{
    access::{self, Action, Target},
    accounts::{Actor, session::ClientIp},
    dossiers::{upload::page_path, upload_file::TEMPLATE, upload_service},
    error::AppError,
    state::AppState,
};
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};

async fn allowed(
    state: &AppState,
    ip: &ClientIp,
    actor: Option<Extension<Actor>>,
    code: &str,
) -> Result<Actor, AppError> {
    let actor = actor.map(|Extension(a)| a);
    access::check(
        state,
        actor.as_ref(),
        &ip.0.to_string(),
        Action::ManageProcedures,
        Target::Province(code.to_owned()),
    )
    .await
}

async fn template(
    state: AppState,
    ip: ClientIp,
    actor: Option<Extension<Actor>>,
    code: String,
    extension: &str,
) -> Result<Response, AppError> {
    allowed(&state, &ip, actor, &code).await?;
    spreadsheet(&TEMPLATE, &[], &format!("ho-so-{code}"), extension)
}

pub async fn template_csv(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    template(state, ip, actor, code, "csv").await
}

pub async fn template_xlsx(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    template(state, ip, actor, code, "xlsx").await
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Path(code): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let actor = allowed(&state, &ip, actor, &code).await?;
    let (name, content) = uploads::receive_file(&mut form, TEMPLATE.max_bytes).await?;
    let id = upload_service::store(&state, &actor, &code, &name, content).await?;
    Ok(Redirect::to(&format!("{}?tai-len={id}", page_path(&code))).into_response())
}
