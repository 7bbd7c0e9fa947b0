//! The catalogue spreadsheet: `GET /api/thu-tuc.csv|.xlsx` gives the catalogue as it stands
//! (public, like its pages), to edit and upload back; `POST /api/thu-tuc/tai-len` (a plain
//! multipart form, ministry admins) keeps an upload and sends the browser to its dry run.

use crate::{bulk_routes::spreadsheet, uploads};
use app::{
    access::{self, Action, Target},
    accounts::{Actor, session::ClientIp},
    error::AppError,
    procedures::{
        import::PAGE_PATH,
        import_file::{TEMPLATE, rows},
        import_service,
    },
    state::AppState,
};
use axum::{
    Extension,
    extract::{Multipart, State},
    response::{IntoResponse, Redirect, Response},
};

async fn download(state: AppState, extension: &str) -> Result<Response, AppError> {
    let catalogue = import_service::catalogue(&state.db).await?;
    spreadsheet(&TEMPLATE, &rows(&catalogue), "thu-tuc", extension)
}

pub async fn catalogue_csv(State(state): State<AppState>) -> Result<Response, AppError> {
    download(state, "csv").await
}

pub async fn catalogue_xlsx(State(state): State<AppState>) -> Result<Response, AppError> {
    download(state, "xlsx").await
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let actor = access::check(
        &state,
        actor.as_ref(),
        &ip.0.to_string(),
        Action::ManageProcedures,
        Target::Nation,
    )
    .await?;
    let (name, content) = uploads::receive_file(&mut form, TEMPLATE.max_bytes).await?;
    let id = import_service::store(&state, &actor, &name, content).await?;
    Ok(Redirect::to(&format!("{PAGE_PATH}?tai-len={id}")).into_response())
}
