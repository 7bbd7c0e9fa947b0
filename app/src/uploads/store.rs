//! Uploads in the database: kept with their rows as read (so the preview and the apply, on
//! any app instance, see the same rows), reachable only by those who may act on their
//! province, and marked applied in the transaction that applies them.

use super::FileProblem;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    error::AppError,
    state::AppState,
};
use chrono::{DateTime, Utc};
use entity::bulk_upload;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, sea_query::Expr,
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// A row of an uploaded spreadsheet as read: its line (the header is line 1) and its cells.
#[derive(Serialize, Deserialize)]
pub struct FileRow {
    pub line: u32,
    pub cells: Vec<String>,
}

/// The rows of an uploaded file of `template`, each with its line.
pub fn template_rows(
    template: &crate::spreadsheet::template::Template,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<FileRow>, FileProblem> {
    Ok(template
        .read(file_name, bytes)?
        .into_iter()
        .map(|(line, cells)| FileRow { line, cells })
        .collect())
}

fn new_id() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads an uploaded file with `read` off the request threads and keeps it as an upload of
/// `kind` (even one that cannot be used, so the page can say why); returns its id. `content`
/// is the file, or why it could not even be received.
pub async fn store_file<R: Serialize + Send + 'static>(
    state: &AppState,
    actor: &Actor,
    province: &str,
    kind: &str,
    file_name: &str,
    content: Result<Vec<u8>, FileProblem>,
    read: fn(&str, &[u8]) -> Result<Vec<R>, FileProblem>,
) -> Result<String, AppError> {
    let rows = match content {
        Ok(bytes) => {
            let name = file_name.to_owned();
            crate::spreadsheet::parse_apart(move || read(&name, &bytes))
                .await
                .unwrap_or(Err(FileProblem::Unreadable))
        }
        Err(problem) => Err(problem),
    };
    store(state, actor, province, kind, file_name, rows).await
}

/// Keeps an upload of `kind` with its rows, or with why the file could not be read.
async fn store<R: Serialize>(
    state: &AppState,
    actor: &Actor,
    province: &str,
    kind: &str,
    file_name: &str,
    read: Result<Vec<R>, FileProblem>,
) -> Result<String, AppError> {
    let (rows, problem) = match read {
        Ok(rows) => (rows, None),
        Err(problem) => (Vec::new(), Some(problem)),
    };
    let id = new_id();
    bulk_upload::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.to_owned()),
        province_code: Set(province.to_owned()),
        user_id: Set(actor.user_id),
        created_at: Set(state.clock.now()),
        file_name: Set(file_name.chars().take(200).collect()),
        rows: Set(serde_json::to_string(&rows).map_err(|_| AppError::Internal)?),
        file_error: Set(problem.map(|p| p.code().to_owned())),
        applied_at: Set(None),
    }
    .insert(&state.db)
    .await?;
    Ok(id)
}

/// An upload of `kind`, for one who may do `action` in its province (a refusal audited). One
/// that does not exist is refused like one out of reach; admins learn it is not there.
pub async fn load(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
    kind: &str,
    action: Action,
) -> Result<(Actor, bulk_upload::Model), AppError> {
    let upload = bulk_upload::Entity::find_by_id(id.to_owned())
        .one(&state.db)
        .await?
        .filter(|u| u.kind == kind);
    // An upload without a province (the national catalogue) is national data.
    let target = match &upload {
        Some(u) if !u.province_code.is_empty() => Target::Province(u.province_code.clone()),
        _ => Target::Nation,
    };
    let actor = access::check(state, request.actor.as_ref(), &request.ip, action, target).await?;
    Ok((actor, upload.ok_or(AppError::NotFound)?))
}

/// The rows an upload was stored with.
pub fn rows<R: DeserializeOwned>(upload: &bulk_upload::Model) -> Result<Vec<R>, AppError> {
    serde_json::from_str(&upload.rows).map_err(|_| AppError::Internal)
}

/// Why the upload's file could not be read, if it could not.
pub fn problem(upload: &bulk_upload::Model) -> Option<FileProblem> {
    upload.file_error.as_deref().and_then(FileProblem::parse)
}

/// Marks the upload applied in the transaction that applies it, unless another request
/// already has: false then, and the caller rolls back. Called first in that transaction, it
/// is also the write that takes SQLite's lock before anything is read.
pub async fn claim(
    txn: &impl ConnectionTrait,
    upload: &bulk_upload::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = bulk_upload::Entity::update_many()
        .col_expr(bulk_upload::Column::AppliedAt, Expr::value(Some(now)))
        .filter(bulk_upload::Column::Id.eq(upload.id.as_str()))
        .filter(bulk_upload::Column::AppliedAt.is_null())
        .exec(txn)
        .await?;
    Ok(done.rows_affected == 1)
}
