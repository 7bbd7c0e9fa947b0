//! Photos and documents taken for a checklist question: kept in the evidence store (checked
//! by content, limited in size), attached by the delegation, read by those who read the
//! visit's checklist.

use super::{
    record::writable,
    service::{questions, target},
};
use crate::state::begin_write;
use crate::{
    access::{self, Action},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::claim,
    state::AppState,
    tasks::evidence::{self, FileRefusal},
    visits::VisitStatus,
};
use entity::{evidence_file, visit, visit_photo};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The visit and the one asking, if they may add a photo to question `question` (checked
/// before the file is received). A missing visit is refused as another province's would be.
pub async fn authorized(
    state: &AppState,
    request: &RequestInfo,
    visit_id: i64,
    question: i64,
) -> Result<(visit::Model, Actor), AppError> {
    let (v, actor) = writable(state, request, visit_id).await?;
    let asked = questions(&state.db, &v).await?;
    if !asked.iter().any(|q| q.id == question) {
        return Err(AppError::NotFound);
    }
    Ok((v, actor))
}

/// Attaches `bytes` to question `question` of visit `visit_id`, or says why the file was
/// refused. A photo kept offline and sent twice is attached once.
pub async fn attach(
    state: &AppState,
    request: &RequestInfo,
    visit_id: i64,
    question: i64,
    bytes: Result<Vec<u8>, FileRefusal>,
) -> Result<Result<(), FileRefusal>, AppError> {
    let (v, actor) = authorized(state, request, visit_id, question).await?;
    let (bytes, content_type) = match evidence::accepted(bytes) {
        Ok(file) => file,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let size = bytes.len() as i64;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // Claimed first: a photo attached when it was sent before is not refused now.
    claim(&txn, request, actor.user_id, now).await?;
    let sha = evidence::keep_file(&txn, bytes, content_type, now).await?;
    // Read after the writes above took the lock: a visit closed meanwhile takes no more.
    let status = visit::Entity::find_by_id(visit_id)
        .one(&txn)
        .await?
        .map(|v| v.status);
    if status.as_deref().and_then(VisitStatus::parse) == Some(VisitStatus::Closed) {
        return Err(AppError::Invalid(Problem::VisitClosed));
    }
    let kept = visit_photo::Entity::find()
        .filter(visit_photo::Column::VisitId.eq(visit_id))
        .filter(visit_photo::Column::QuestionId.eq(question))
        .count(&txn)
        .await?;
    if kept >= super::MAX_PHOTOS {
        return Err(AppError::Invalid(Problem::TooManyPhotos));
    }
    let photo = visit_photo::Entity::insert(visit_photo::ActiveModel {
        visit_id: Set(visit_id),
        question_id: Set(question),
        sha256: Set(sha.clone()),
        content_type: Set(content_type.to_owned()),
        size: Set(size),
        author_id: Set(Some(actor.user_id)),
        author: Set(actor.display_name.clone()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let entry = audit::Entry {
        action: "create",
        entity: Some("visit_photo"),
        entity_id: Some(photo.last_insert_id.to_string()),
        province_code: Some(v.province_code),
        after: Some(serde_json::json!({ "question": question, "sha256": sha, "size": size })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Photo `id`'s file, for those who read its visit's checklist.
pub async fn fetch(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
) -> Result<evidence_file::Model, AppError> {
    let photo = visit_photo::Entity::find_by_id(id).one(&state.db).await?;
    let province = match &photo {
        Some(p) => visit::Entity::find_by_id(p.visit_id)
            .one(&state.db)
            .await?
            .map(|v| v.province_code)
            .unwrap_or_default(),
        None => String::new(),
    };
    access::authorize(actor, Action::ReadUnitRecords, &target(&province))?;
    let photo = photo.ok_or(AppError::NotFound)?;
    evidence_file::Entity::find_by_id(photo.sha256)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}
