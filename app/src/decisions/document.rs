//! A decision's document: the signed text as a PDF or a scan, kept in the evidence store and
//! attached by those who manage the decision's province (the last one attached is the
//! decision's); served to everyone, as the decision itself is public.

use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::AppError,
    state::AppState,
    tasks::evidence::{self, FileRefusal},
};
use entity::{decision, evidence_file};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

/// The one asking, if they may attach decision `id`'s document (checked before its file is
/// received). One that does not exist is refused as another province's would be, then not
/// found.
pub async fn authorized(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
) -> Result<Actor, AppError> {
    let found = decision::Entity::find_by_id(id).one(&state.db).await?;
    let target = found.as_ref().map_or(Target::Nation, |d| {
        Target::Province(d.province_code.clone())
    });
    let actor = access::check(
        state,
        request.actor.as_ref(),
        &request.ip,
        Action::ManageProcedures,
        target,
    )
    .await?;
    found.ok_or(AppError::NotFound)?;
    Ok(actor)
}

/// Attaches `bytes` as decision `id`'s document, or says why the file was refused.
pub async fn attach(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    bytes: Result<Vec<u8>, FileRefusal>,
) -> Result<Result<(), FileRefusal>, AppError> {
    let actor = authorized(state, request, id).await?;
    let (bytes, content_type) = match evidence::accepted(bytes) {
        Ok(file) => file,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // The file kept first: a write, so on SQLite the lock is taken before the decision is
    // read again, as it stands now.
    let sha = evidence::keep_file(&txn, bytes, content_type, now).await?;
    let found = decision::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = found.document_sha256.clone();
    let province = found.province_code.clone();
    let mut changed = found.into_active_model();
    changed.document_sha256 = Set(Some(sha.clone()));
    changed.updated_at = Set(now);
    changed.update(&txn).await?;
    let entry = audit::Entry {
        action: "update",
        entity: Some("decision"),
        entity_id: Some(id.to_string()),
        province_code: Some(province),
        before: Some(serde_json::json!({ "document_sha256": before })),
        after: Some(serde_json::json!({ "document_sha256": sha })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Decision `id`'s document.
pub async fn fetch(state: &AppState, id: i64) -> Result<evidence_file::Model, AppError> {
    let sha = decision::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .and_then(|d| d.document_sha256)
        .ok_or(AppError::NotFound)?;
    evidence_file::Entity::find_by_id(sha)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}
