//! `GET /api/doan-cong-tac/{id}/bien-ban.docx`: a visit's report as a Word file, as of
//! `?ngay=` (default today), in the reader's language. Public like the visit's page; people's
//! names and the on-site checklist only for those who may read the province's records.

use app::{
    accounts::Actor,
    error::AppError,
    i18n::Locale,
    state::AppState,
    tasks::parse_as_of,
    visits::{checklist, docx::docx, report::report, service},
};
use axum::{
    Extension,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
};
use http::{HeaderMap, header};
use std::collections::HashMap;

pub async fn report_docx(
    State(state): State<AppState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let actor = actor.map(|Extension(a)| a);
    let as_of = parse_as_of(query.get("ngay").cloned());
    let detail = service::detail(&state, actor.as_ref(), id, as_of).await?;
    let checklist = match detail.reads_checklist() {
        true => Some(checklist::service::checklist(&state, actor.as_ref(), id).await?),
        false => None,
    };
    let cookies: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let locale = Locale::from_cookie_header(&cookies.join("; "));
    let bytes =
        docx(&report(&detail, checklist.as_ref(), locale)).map_err(|_| AppError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"bien-ban-doan-cong-tac-{id}-{}.docx\"",
                    detail.as_of
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
