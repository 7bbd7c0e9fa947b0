//! Open data: the public figures as JSON (`/api/v1/…`, documented in `docs/open-data.md`)
//! and the public tables as CSV, for any date. No login; nothing personal. Each answer
//! carries an ETag, so a client asking again gets `304 Not Modified` until the figures change.

use app::{
    error::AppError,
    open_data,
    rankings::{Indicator, engine},
    state::AppState,
    tasks::{parse_as_of, service},
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

fn date(params: &Params, name: &str) -> Option<chrono::NaiveDate> {
    parse_as_of(params.get(name).cloned())
}

fn indicator(params: &Params) -> Result<Indicator, AppError> {
    match params.get("chi-so") {
        None => Ok(Indicator::default()),
        Some(slug) => Indicator::from_slug(slug).ok_or(AppError::NotFound),
    }
}

/// The body, or `304` when the client already has it.
fn public(
    request: &HeaderMap,
    content_type: &'static str,
    download: Option<String>,
    body: Vec<u8>,
) -> Response {
    let etag = open_data::etag(&body);
    let fresh = open_data::not_modified(request, &etag);
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(value) = download
        .and_then(|name| HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).ok())
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn json(request: &HeaderMap, value: &impl serde::Serialize) -> Result<Response, AppError> {
    let body = serde_json::to_vec(value).map_err(|_| AppError::Internal)?;
    Ok(public(request, "application/json", None, body))
}

const CSV: &str = "text/csv; charset=utf-8";

async fn ranking(state: &AppState, params: &Params) -> Result<app::rankings::Ranking, AppError> {
    engine::ranking(
        state,
        indicator(params)?,
        date(params, "ngay"),
        date(params, "so-voi"),
    )
    .await
}

/// `GET /api/v1/xep-hang?chi-so=&ngay=&so-voi=`
pub async fn ranking_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, AppError> {
    json(&headers, &ranking(&state, &params).await?)
}

/// `GET /api/xep-hang.csv?chi-so=&ngay=&so-voi=`
pub async fn ranking_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, AppError> {
    let ranking = ranking(&state, &params).await?;
    let name = format!(
        "xep-hang-{}-{}.csv",
        ranking.indicator.slug(),
        ranking.as_of
    );
    Ok(public(
        &headers,
        CSV,
        Some(name),
        open_data::ranking_csv(&ranking)?,
    ))
}

/// `GET /api/v1/tinh/{code}?ngay=&so-voi=`
pub async fn province_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    params: Params,
) -> Result<Response, AppError> {
    let progress = service::province_progress(
        &state,
        &code,
        date(&params, "ngay"),
        date(&params, "so-voi"),
    )
    .await?;
    json(&headers, &progress)
}

/// `GET /api/tinh/{code}/xa.csv?ngay=`
pub async fn communes_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    params: Params,
) -> Result<Response, AppError> {
    let progress = service::province_progress(&state, &code, date(&params, "ngay"), None).await?;
    let name = format!("tien-do-xa-{code}-{}.csv", progress.as_of);
    Ok(public(
        &headers,
        CSV,
        Some(name),
        open_data::communes_csv(&progress)?,
    ))
}

/// `GET /api/v1/xa/{code}?ngay=` (also a province's own checklist with a 2-digit code).
pub async fn checklist_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    params: Params,
) -> Result<Response, AppError> {
    // Read as nobody: what an anonymous visitor sees, whoever asks.
    let checklist =
        service::checklist_with_history(&state, None, &code, date(&params, "ngay")).await?;
    json(&headers, &checklist)
}

/// `GET /api/xa/{code}/nhiem-vu.csv?ngay=`
pub async fn checklist_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    params: Params,
) -> Result<Response, AppError> {
    let checklist = service::checklist(&state, None, &code, date(&params, "ngay")).await?;
    let name = format!("nhiem-vu-{code}-{}.csv", checklist.as_of);
    Ok(public(
        &headers,
        CSV,
        Some(name),
        open_data::checklist_csv(&checklist)?,
    ))
}
