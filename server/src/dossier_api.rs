//! The JSON API of the provinces' dossier systems: `POST /api/v1/tinh/{code}/ho-so` with a
//! batch of up to 10,000 dossiers, authenticated by the province's API token, taken in whole
//! or not at all. Its OpenAPI description is generated from this code and served at
//! `/api/openapi.json`, and as a page people read at `/api/tai-lieu`.

use app::{
    accounts::session::ClientIp,
    audit,
    dossiers::{
        BatchReport, DossierRecord, MAX_BATCH, RecordError,
        ingest::{begin_batch, check, write_checked},
    },
    error::AppError,
    integrations::service::{authenticate, touch},
    state::AppState,
};
use axum::{
    Extension, Json,
    body::Body,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};

/// A full batch of 10,000 records is about 4 MB; more is refused unread.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A batch of dossiers of one province.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// At most 10,000 records. Re-sending a dossier's code updates that dossier.
    #[serde(deserialize_with = "at_most_a_batch")]
    #[schema(max_items = 10000)]
    pub records: Vec<DossierRecord>,
}

const TOO_MANY: &str = "more records than a batch may hold";

/// The records, refused as soon as there are more than a batch may hold (nothing beyond is
/// kept).
fn at_most_a_batch<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DossierRecord>, D::Error> {
    struct Records;
    impl<'de> serde::de::Visitor<'de> for Records {
        type Value = Vec<DossierRecord>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a list of at most {MAX_BATCH} dossier records")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_BATCH));
            while let Some(record) = seq.next_element()? {
                if records.len() == MAX_BATCH {
                    return Err(serde::de::Error::custom(TOO_MANY));
                }
                records.push(record);
            }
            Ok(records)
        }
    }
    d.deserialize_seq(Records)
}

/// Why a request was refused, for a machine: `error` is one of `missing_token`,
/// `invalid_token`, `wrong_province`, `malformed_json`, `batch_too_large`, `invalid_records`.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: &'static str,
    /// The same, for a person (in Vietnamese).
    pub message: String,
    /// With `invalid_records`: each refused record, its place in the batch (from 0), its
    /// code, the field and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordError>,
}

fn refuse(status: StatusCode, error: &'static str, message: impl Into<String>) -> Response {
    let body = ApiError {
        error,
        message: message.into(),
        records: Vec::new(),
    };
    (status, Json(body)).into_response()
}

#[utoipa::path(
    post,
    path = "/api/v1/tinh/{code}/ho-so",
    tag = "ho-so",
    summary = "Gửi một lô hồ sơ của tỉnh (send a batch of the province's dossiers)",
    description = "Taken in whole or not at all: if any record is refused, nothing of the batch is written and every refused record is named. Sending the same batch again changes nothing; a dossier sent again with other values is updated and the counts move with it.",
    params(("code" = String, Path, description = "The province's code (`40` for Nghệ An); the token must be this province's.")),
    request_body = Batch,
    responses(
        (status = 200, description = "Taken in.", body = BatchReport),
        (status = 400, description = "`malformed_json`: the body is not a batch.", body = ApiError),
        (status = 401, description = "`missing_token` or `invalid_token` (unknown or revoked).", body = ApiError),
        (status = 403, description = "`wrong_province`: the token is another province's.", body = ApiError),
        (status = 413, description = "`batch_too_large`: more than 10,000 records, or a body over 16 MB.", body = ApiError),
        (status = 422, description = "`invalid_records`: the refused records, each named; nothing was written.", body = ApiError),
    ),
    security(("token" = []))
)]
pub async fn ingest_batch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ip = ip.0.to_string();
    let now = state.clock.now();
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(secret) = secret else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "missing_token",
            "Thiếu khóa API (Authorization: Bearer …).",
        );
    };
    let token = match authenticate(&state.db, secret).await {
        Ok(Some(token)) => token,
        Ok(None) => {
            let entry = audit::Entry {
                action: "access_denied",
                entity: Some("api_token"),
                entity_id: Some(code.chars().take(8).collect()),
                ..Default::default()
            };
            if let Err(error) = audit::record_refusal(&state.db, now, &ip, entry).await {
                return AppError::from(error).into_response();
            }
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "Khóa API không đúng hoặc đã bị thu hồi.",
            );
        }
        Err(error) => return error.into_response(),
    };
    if token.province_code != code {
        return refuse(
            StatusCode::FORBIDDEN,
            "wrong_province",
            "Khóa API này là của tỉnh khác.",
        );
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "batch_too_large",
                "Lô hồ sơ quá lớn (tối đa 16 MB).",
            );
        }
    };
    let batch: Batch = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(error) if error.to_string().starts_with(TOO_MANY) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "batch_too_large",
                format!("Một lô có tối đa {MAX_BATCH} hồ sơ."),
            );
        }
        Err(error) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("Nội dung không phải một lô hồ sơ: {error}"),
            );
        }
    };
    match take_in(&state, &code, &batch.records, now, token.id, &ip).await {
        Ok(Ok(report)) => Json(report).into_response(),
        Ok(Err(records)) => {
            let body = ApiError {
                error: "invalid_records",
                message: format!(
                    "{} hồ sơ bị từ chối; không hồ sơ nào của lô được ghi.",
                    records.len()
                ),
                records,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// Takes a batch in and records it in the audit log, in one transaction.
async fn take_in(
    state: &AppState,
    province: &str,
    records: &[DossierRecord],
    now: chrono::DateTime<chrono::Utc>,
    token: i64,
    ip: &str,
) -> Result<Result<BatchReport, Vec<RecordError>>, AppError> {
    let checked = match check(&state.db, province, records, now).await? {
        Ok(checked) => checked,
        Err(refused) => return Ok(Err(refused)),
    };
    let (_turn, txn) = begin_batch(&state.db).await?;
    let report = write_checked(&txn, province, checked).await?;
    touch(&txn, token, now).await?;
    let entry = audit::Entry {
        action: "dossier_batch",
        entity: Some("api_token"),
        entity_id: Some(token.to_string()),
        province_code: Some(province.to_owned()),
        after: Some(serde_json::json!({
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        })),
        ..Default::default()
    };
    audit::record(&txn, now, None, Some(ip), entry).await?;
    txn.commit().await?;
    Ok(Ok(report))
}

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description =
            Some("The province's API token, issued by a ministry admin (`tdk_…`).".to_owned());
        components.add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tiendo API",
        description = "Gửi hồ sơ thủ tục hành chính của tỉnh vào tiendo (the provinces' dossier systems send their dossiers to tiendo). Times are RFC 3339 with their offset.",
    ),
    paths(ingest_batch),
    modifiers(&BearerToken),
)]
pub struct ApiDoc;

/// `/api/openapi.json`.
pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}
