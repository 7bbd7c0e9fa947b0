//! Changing assignments: one checked change, one writer that keeps every version with its
//! audit row, the save and the province's verification.

use super::{
    ChangeForm, TaskItem,
    rules::{Status, Verification},
    service::{checklist, unit_target},
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::SaveOutcome,
    state::AppState,
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{assignment, assignment_change, evidence, task};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

use super::{MAX_DOC_NUMBER, MAX_LINK, MAX_NOTE};

fn optional(text: &str, max: usize) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(AppError::Invalid(Problem::TextTooLong));
    }
    Ok(Some(text.to_owned()).filter(|t| !t.is_empty()))
}

fn audit_value(a: &assignment::Model) -> serde_json::Value {
    serde_json::json!({
        "status": a.status,
        "progress": a.progress,
        "value": a.value,
        "note": a.note,
        "difficulties": a.difficulties,
        "recommendations": a.recommendations,
        "verification": a.verification,
        "verification_note": a.verification_note,
        "version": a.version,
    })
}

/// Records an assignment's new state: its change row and its audit row, in `txn`.
async fn record_change(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    ip: &str,
    at: DateTime<Utc>,
    before: &assignment::Model,
    after: &assignment::Model,
    after_value: serde_json::Value,
) -> Result<(), DbErr> {
    assignment_change::ActiveModel {
        assignment_id: Set(after.id),
        at: Set(at),
        actor_id: Set(Some(actor.user_id)),
        actor: Set(Some(actor.username.clone())),
        status: Set(after.status.clone()),
        progress: Set(after.progress),
        value: Set(after.value),
        note: Set(after.note.clone()),
        difficulties: Set(after.difficulties.clone()),
        recommendations: Set(after.recommendations.clone()),
        version: Set(after.version),
        verification: Set(after.verification.clone()),
        verification_note: Set(after.verification_note.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let entry = audit::Entry {
        action: "update",
        entity: Some("assignment"),
        entity_id: Some(after.id.to_string()),
        province_code: Some(after.province_code.clone()),
        before: Some(audit_value(before)),
        after: Some(after_value),
        ..Default::default()
    };
    audit::record(txn, at, Some(actor), Some(ip), entry).await
}

/// A change of one assignment, checked field by field.
pub struct Change {
    pub status: Status,
    pub progress: i32,
    /// The measured value, for a task with a target.
    pub value: Option<f64>,
    pub note: String,
    pub difficulties: String,
    pub recommendations: String,
    pub doc_number: Option<String>,
    pub doc_date: Option<NaiveDate>,
    pub link: Option<String>,
}

/// Reads a date as the date input sends it (`YYYY-MM-DD`); empty is none.
pub fn optional_date(text: &str) -> Result<Option<NaiveDate>, Problem> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Problem::DateInvalid),
    }
}

/// Reads a percentage as people write it (`55`, `55,0`, `55.0`; empty: `current`).
fn percent(text: &str, current: i32) -> Result<i64, Problem> {
    match text.trim() {
        "" => Ok(i64::from(current)),
        text => match text.replace(',', ".").parse::<f64>() {
            Ok(p) if p.fract() == 0.0 && p.is_finite() => Ok(p as i64),
            _ => Err(Problem::NotANumber),
        },
    }
}

impl Change {
    /// Checks what a user typed over `current` of `task`. Progress is 0 for "not started"
    /// and 100 for "done" whatever was typed; for a task with a target it is the measured
    /// value's share of the target. A refusal names the field (as `ChangeForm` names it).
    pub fn check(
        form: &ChangeForm,
        current: &assignment::Model,
        task: &task::Model,
    ) -> Result<Self, (&'static str, Problem)> {
        let status = Status::parse(form.status.trim()).ok_or(("status", Problem::StatusUnknown))?;
        let value = match (task.target_value, form.value.trim()) {
            (Some(_), "") => current.value,
            (Some(_), text) => match text.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => return Err(("value", Problem::ValueInvalid)),
            },
            (None, _) => None,
        };
        let progress = match (task.target_value, value) {
            (Some(target), Some(v)) if target > 0.0 => {
                ((v / target * 100.0).round() as i64).min(100)
            }
            _ => percent(&form.progress, current.progress).map_err(|p| ("progress", p))?,
        };
        if !(0..=100).contains(&progress) {
            return Err(("progress", Problem::ProgressOutOfRange));
        }
        let progress = match status {
            Status::Done => 100,
            Status::NotStarted => 0,
            Status::InProgress => progress as i32,
        };
        let text =
            |field, t: &str, max| optional(t, max).map_err(|_| (field, Problem::TextTooLong));
        let link = text("evidence_link", &form.evidence_link, MAX_LINK)?;
        if let Some(link) = &link
            && !(link.starts_with("https://") || link.starts_with("http://"))
        {
            return Err(("evidence_link", Problem::LinkInvalid));
        }
        Ok(Self {
            status,
            progress,
            value,
            note: text("note", &form.note, MAX_NOTE)?.unwrap_or_default(),
            difficulties: text("difficulties", &form.difficulties, MAX_NOTE)?.unwrap_or_default(),
            recommendations: text("recommendations", &form.recommendations, MAX_NOTE)?
                .unwrap_or_default(),
            doc_number: text("evidence_number", &form.evidence_number, MAX_DOC_NUMBER)?,
            doc_date: optional_date(&form.evidence_date).map_err(|p| ("evidence_date", p))?,
            link,
        })
    }

    fn has_evidence(&self) -> bool {
        self.doc_number.is_some() || self.link.is_some()
    }

    /// Whether applying it would change anything.
    pub fn differs_from(&self, current: &assignment::Model) -> bool {
        self.status.code() != current.status
            || self.progress != current.progress
            || self.value != current.value
            || self.note != current.note
            || self.difficulties != current.difficulties
            || self.recommendations != current.recommendations
            || self.has_evidence()
    }
}

/// Refuses marking a task done without evidence where the task asks for it (a task already
/// done is not marked again).
pub async fn check_evidence(
    db: &impl ConnectionTrait,
    before: &assignment::Model,
    task: &task::Model,
    change: &Change,
) -> Result<(), AppError> {
    if change.status != Status::Done
        || before.status == Status::Done.code()
        || !task.evidence_required
        || change.has_evidence()
    {
        return Ok(());
    }
    let stored = evidence::Entity::find()
        .filter(evidence::Column::AssignmentId.eq(before.id))
        .one(db)
        .await?;
    match stored {
        Some(_) => Ok(()),
        None => Err(AppError::at("evidence_number", Problem::EvidenceRequired)),
    }
}

/// Writes `change` over `before` if it is still at `version`, with its change row, evidence
/// and audit row, in `txn`. None: someone else saved first; nothing was written.
pub async fn write_change(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    ip: &str,
    now: DateTime<Utc>,
    before: &assignment::Model,
    version: i32,
    change: &Change,
) -> Result<Option<assignment::Model>, AppError> {
    // A commune's "done" waits for its province; anything else needs no verification.
    let verification = match (change.status, before.unit_code.len()) {
        (Status::Done, 5) => Verification::Pending,
        _ => Verification::None,
    };
    // The version check and the write are one statement: of two saves from the same
    // version, exactly one succeeds.
    let written = assignment::Entity::update_many()
        .col_expr(assignment::Column::Status, change.status.code().into())
        .col_expr(assignment::Column::Verification, verification.code().into())
        .col_expr(assignment::Column::VerificationNote, String::new().into())
        .col_expr(assignment::Column::Progress, change.progress.into())
        .col_expr(assignment::Column::Value, change.value.into())
        .col_expr(assignment::Column::Note, change.note.clone().into())
        .col_expr(
            assignment::Column::Difficulties,
            change.difficulties.clone().into(),
        )
        .col_expr(
            assignment::Column::Recommendations,
            change.recommendations.clone().into(),
        )
        .col_expr(assignment::Column::UpdatedBy, Some(actor.user_id).into())
        .col_expr(assignment::Column::UpdatedAt, now.into())
        .col_expr(assignment::Column::Version, (version + 1).into())
        .filter(assignment::Column::Id.eq(before.id))
        .filter(assignment::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if written.rows_affected == 0 {
        return Ok(None);
    }
    let after = assignment::Entity::find_by_id(before.id)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let mut after_value = audit_value(&after);
    if change.has_evidence() {
        evidence::ActiveModel {
            assignment_id: Set(after.id),
            doc_number: Set(change.doc_number.clone()),
            doc_date: Set(change.doc_date),
            link: Set(change.link.clone()),
            file_sha256: Set(None),
            file_name: Set(None),
            created_at: Set(now),
            created_by: Set(Some(actor.user_id)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        after_value["evidence"] = serde_json::json!({ "doc_number": change.doc_number, "doc_date": change.doc_date, "link": change.link });
    }
    record_change(txn, actor, ip, now, before, &after, after_value).await?;
    tell_next(txn, actor, before, &after, now).await?;
    Ok(Some(after))
}

/// Tells those who act next: a province of its commune's report now waiting, a commune of
/// its report returned.
async fn tell_next(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    before: &assignment::Model,
    after: &assignment::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::notifications::{
        NoticeKind,
        service::{Event, Recipients, notify},
    };
    let became =
        |v: Verification| after.verification == v.code() && before.verification != v.code();
    let (to, kind, name, link) = if became(Verification::Pending) {
        (
            Recipients::Province(&after.province_code),
            NoticeKind::VerificationWaiting,
            "waiting",
            super::work::queue_path(&after.province_code),
        )
    } else if became(Verification::Returned) {
        (
            Recipients::Commune(&after.unit_code),
            NoticeKind::TaskReturned,
            "returned",
            format!(
                "{}#{}",
                super::work::unit_path(&after.unit_code),
                crate::components::checklist::task_anchor(after.id)
            ),
        )
    } else {
        return Ok(());
    };
    let title = task::Entity::find_by_id(after.task_id)
        .one(txn)
        .await?
        .map(|t| t.title)
        .unwrap_or_default();
    let event = Event {
        key: format!("{name}:{}:{}", after.id, after.version),
        kind,
        title: &title,
        link,
        by: Some(actor.user_id),
    };
    notify(txn, to, event, now).await?;
    Ok(())
}

/// The assignment `id` if `request`'s actor may do `action` to it. One that does not exist
/// is refused like one out of reach, except to an admin, who learns it is not there.
pub async fn authorized(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    action: Action,
) -> Result<(Actor, assignment::Model), AppError> {
    let found = assignment::Entity::find_by_id(id).one(&state.db).await?;
    let target = match &found {
        Some(a) => unit_target(&a.unit_code, &a.province_code),
        None => Target::Nation,
    };
    let actor = access::check(state, request.actor.as_ref(), &request.ip, action, target).await?;
    Ok((actor, found.ok_or(AppError::NotFound)?))
}

/// Saves a change from `input.version`. A stale version changes nothing and returns the
/// current state for the user to choose from.
pub async fn update(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    version: i32,
    form: ChangeForm,
) -> Result<SaveOutcome<TaskItem>, AppError> {
    let db = &state.db;
    let (actor, before) = authorized(state, request, id, Action::UpdateAssignment).await?;
    let task = task::Entity::find_by_id(before.task_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let change =
        Change::check(&form, &before, &task).map_err(|(field, p)| AppError::at(field, p))?;
    check_evidence(db, &before, &task, &change).await?;
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    match write_change(&txn, &actor, &request.ip, now, &before, version, &change).await? {
        Some(after) => {
            txn.commit().await?;
            let saved = item(state, Some(&actor), &after.unit_code, after.id).await?;
            Ok(SaveOutcome::Saved(saved))
        }
        None => {
            txn.rollback().await?;
            let current = item(state, Some(&actor), &before.unit_code, before.id).await?;
            Ok(SaveOutcome::Conflict(current))
        }
    }
}

/// The assignment `id` if `request`'s actor may answer its report, with the reason checked.
async fn answerable(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    accept: bool,
    reason: &str,
) -> Result<(Actor, assignment::Model, String), AppError> {
    let (actor, before) = authorized(state, request, id, Action::VerifyAssignment).await?;
    let reason = optional(reason, MAX_NOTE)
        .map_err(|_| AppError::at("reason", Problem::TextTooLong))?
        .unwrap_or_default();
    if before.status != Status::Done.code() || before.unit_code.len() != 5 {
        return Err(AppError::Invalid(Problem::NotReportedDone));
    }
    if !accept && reason.is_empty() {
        return Err(AppError::at("reason", Problem::ReasonRequired));
    }
    Ok((actor, before, reason))
}

/// The province's answer to a report: verified, or returned with a reason.
struct Answer<'a> {
    accept: bool,
    reason: &'a str,
}

/// Writes the province's answer over `before` if it is still at `version`, with its change
/// and audit rows, in `txn`. None: someone else changed it first; nothing was written.
async fn write_answer(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    ip: &str,
    now: DateTime<Utc>,
    before: &assignment::Model,
    version: i32,
    Answer { accept, reason }: Answer<'_>,
) -> Result<Option<assignment::Model>, AppError> {
    let verification = if accept {
        Verification::Verified
    } else {
        Verification::Returned
    };
    let written = assignment::Entity::update_many()
        .col_expr(assignment::Column::Verification, verification.code().into())
        .col_expr(assignment::Column::VerificationNote, reason.into())
        .col_expr(assignment::Column::UpdatedBy, Some(actor.user_id).into())
        .col_expr(assignment::Column::UpdatedAt, now.into())
        .col_expr(assignment::Column::Version, (version + 1).into())
        .filter(assignment::Column::Id.eq(before.id))
        .filter(assignment::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if written.rows_affected == 0 {
        return Ok(None);
    }
    let after = assignment::Entity::find_by_id(before.id)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let after_value = audit_value(&after);
    record_change(txn, actor, ip, now, before, &after, after_value).await?;
    tell_next(txn, actor, before, &after, now).await?;
    Ok(Some(after))
}

/// A province verifies a commune's "done", or returns it with a reason. Like a save, it
/// names the version it started from.
pub async fn verify(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    version: i32,
    accept: bool,
    reason: &str,
) -> Result<SaveOutcome<TaskItem>, AppError> {
    let (actor, before, reason) = answerable(state, request, id, accept, reason).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let written = write_answer(
        &txn,
        &actor,
        &request.ip,
        now,
        &before,
        version,
        Answer {
            accept,
            reason: &reason,
        },
    )
    .await?;
    let Some(after) = written else {
        txn.rollback().await?;
        let current = item(state, Some(&actor), &before.unit_code, id).await?;
        return Ok(SaveOutcome::Conflict(current));
    };
    txn.commit().await?;
    let saved = item(state, Some(&actor), &after.unit_code, id).await?;
    Ok(SaveOutcome::Saved(saved))
}

/// The most reports answered at once.
pub const MAX_ANSWERS: usize = 500;

/// Answers every report picked (`id` → the version read) the same way, all or none: if any
/// changed since it was read, nothing is written and the answer is a conflict. Returns the
/// ids answered.
pub async fn verify_all(
    state: &AppState,
    request: &RequestInfo,
    picked: &std::collections::BTreeMap<String, String>,
    accept: bool,
    reason: &str,
) -> Result<Vec<i64>, AppError> {
    if picked.is_empty() {
        return Err(AppError::at("pick", Problem::NothingPicked));
    }
    if picked.len() > MAX_ANSWERS {
        return Err(AppError::BadRequest("too many reports".into()));
    }
    let mut answers = Vec::with_capacity(picked.len());
    for (id, version) in picked {
        let (Ok(id), Ok(version)) = (id.parse::<i64>(), version.parse::<i32>()) else {
            return Err(AppError::BadRequest("pick".into()));
        };
        let (actor, before, reason) = answerable(state, request, id, accept, reason).await?;
        answers.push((actor, before, version, reason));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    for (actor, before, version, reason) in &answers {
        let written = write_answer(
            &txn,
            actor,
            &request.ip,
            now,
            before,
            *version,
            Answer { accept, reason },
        )
        .await?;
        if written.is_none() {
            txn.rollback().await?;
            return Err(AppError::Conflict);
        }
    }
    txn.commit().await?;
    Ok(answers.iter().map(|(_, before, ..)| before.id).collect())
}

/// One assignment of a unit's checklist as of today.
/// One task as `actor` sees it now.
pub async fn item(
    state: &AppState,
    actor: Option<&Actor>,
    unit_code: &str,
    id: i64,
) -> Result<TaskItem, AppError> {
    checklist(state, actor, unit_code, None)
        .await?
        .groups
        .into_iter()
        .flat_map(|g| g.items)
        .find(|i| i.assignment_id == id)
        .ok_or(AppError::Internal)
}
