//! `GET /api/nhat-ky.csv`: the audit log as the viewer filters it, for a spreadsheet.

use app::{
    accounts::{Actor, session::ClientIp},
    audit::{AuditFilter, query},
    error::AppError,
    state::AppState,
};
use axum::{
    Extension,
    extract::{Query, State},
    response::{IntoResponse, Response},
};
use http::header;

pub async fn csv(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    actor: Option<Extension<Actor>>,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let ip = ip.0.to_string();
    let province = query::authorize(&state, actor.as_ref(), &ip).await?;
    let rows = query::rows(&state.db, &filter, province.as_deref(), query::EXPORT_LIMIT).await?;
    let body = query::csv(&rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nhat-ky-tiendo.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
