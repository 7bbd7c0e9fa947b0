//! Writing visits: planning and changing one, adding the locality's recommendations and the
//! delegation's conclusions, and the responses that follow them up to the end. Every write
//! is audited. A response names the version of the item it answers: one that someone else
//! overtook meanwhile is not written, and both versions go back to the user.

use super::{
    ActedBy, FollowUpInput, FollowUpKind, FollowUpLine, FollowUpStatus, MAX_LINE, MAX_MEMBERS,
    MAX_TEXT, ResponseInput, VisitInput, VisitKind, VisitStatus, follow_up_link,
    service::{follow_ups, line, province_name, sees_names, with_files},
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::session::RequestInfo,
    audit,
    error::{AppError, Problem},
    forms::{SaveOutcome, claim, optional_date, optional_text, required_text},
    notifications::{
        NoticeKind,
        service::{Event, Recipients, notify},
    },
    state::AppState,
    tasks::service::today,
};
use chrono::NaiveDate;
use entity::{follow_up, follow_up_response, visit, visit_member};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    TryIntoModel,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

/// The other members, one a line: `name; title`, or the title alone.
fn members(text: &str) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for entry in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, title) = entry.split_once(';').unwrap_or(("", entry));
        let (name, title) = (name.trim(), title.trim());
        if title.is_empty() || name.chars().count() > MAX_LINE || title.chars().count() > MAX_LINE {
            return Err(AppError::at("members", Problem::MemberInvalid));
        }
        if out.len() == MAX_MEMBERS {
            return Err(AppError::at("members", Problem::TooMany));
        }
        out.push((name.to_owned(), title.to_owned()));
    }
    Ok(out)
}

fn audited(v: &visit::Model) -> serde_json::Value {
    json!({
        "title": v.title,
        "kind": v.kind,
        "starts_on": v.starts_on,
        "ends_on": v.ends_on,
        "status": v.status,
    })
}

/// The visit `id` names; a missing one is refused as another province's would be, before
/// saying it does not exist.
async fn visit_named(
    db: &impl ConnectionTrait,
    id: &str,
    action: Action,
) -> Result<visit::Model, AppError> {
    let found = match id.trim().parse::<i64>() {
        Ok(id) => visit::Entity::find_by_id(id).one(db).await?,
        Err(_) => None,
    };
    match found {
        Some(v) => Ok(v),
        None => {
            access::require(action, Target::Nation).await?;
            Err(AppError::NotFound)
        }
    }
}

/// Visit `id` as the transaction sees it, unless its follow-up is closed.
async fn open_visit(db: &impl ConnectionTrait, id: i64) -> Result<visit::Model, AppError> {
    let v = visit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if VisitStatus::parse(&v.status) == Some(VisitStatus::Closed) {
        return Err(AppError::Invalid(Problem::VisitClosed));
    }
    Ok(v)
}

/// Plans a visit, or changes one (a visit stays in its province); returns its id.
pub async fn save(
    state: &AppState,
    request: &RequestInfo,
    input: VisitInput,
) -> Result<i64, AppError> {
    let db = &state.db;
    let existing = match input.id.trim() {
        "" => None,
        id => Some(visit_named(db, id, Action::ManageVisits).await?),
    };
    let province = match &existing {
        Some(v) => v.province_code.clone(),
        None => input.province.trim().to_owned(),
    };
    let actor = access::require(Action::ManageVisits, Target::Province(province.clone())).await?;
    province_name(db, &province).await?;
    let kind = VisitKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::at("kind", Problem::KindUnknown))?;
    let title = required_text("title", &input.title, MAX_LINE)?;
    let organiser = required_text("organiser", &input.organiser, MAX_LINE)?;
    let starts_on = optional_date("starts_on", &input.starts_on)?
        .ok_or_else(|| AppError::at("starts_on", Problem::DateInvalid))?;
    let ends_on = optional_date("ends_on", &input.ends_on)?.unwrap_or(starts_on);
    if ends_on < starts_on {
        return Err(AppError::at("ends_on", Problem::DateOutOfOrder));
    }
    let places = optional_text("places", &input.places, MAX_TEXT)?;
    let topics = required_text("topics", &input.topics, MAX_TEXT)?;
    let participants = optional_text("participants", &input.participants, MAX_TEXT)?;
    let head_name = optional_text("head_name", &input.head_name, MAX_LINE)?;
    let head_title = required_text("head_title", &input.head_title, MAX_LINE)?;
    let others = members(&input.members)?;
    // Before its last day the dates say where a visit stands; after it, the delegation says
    // when its conclusions are issued and when their follow-up is closed.
    let status = match input.status.trim() {
        "" => VisitStatus::Planned,
        code => VisitStatus::parse(code)
            .ok_or_else(|| AppError::at("status", Problem::StatusUnknown))?,
    };
    if status >= VisitStatus::ReportIssued && today(state) < ends_on {
        return Err(AppError::at("status", Problem::VisitNotEnded));
    }
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    if let Some(v) = &existing {
        keeps_its_record(&txn, v, kind, starts_on, status).await?;
    }
    let (before, mut model) = match existing {
        Some(v) => (Some(audited(&v)), v.into_active_model()),
        None => (
            None,
            visit::ActiveModel {
                province_code: Set(province.clone()),
                demo: Set(false),
                ..Default::default()
            },
        ),
    };
    model.kind = Set(kind.code().to_owned());
    model.title = Set(title);
    model.organiser = Set(organiser);
    model.starts_on = Set(starts_on);
    model.ends_on = Set(ends_on);
    model.places = Set(places);
    model.topics = Set(topics);
    model.participants = Set(participants);
    model.status = Set(status.code().to_owned());
    model.updated_at = Set(now);
    let saved = model.save(&txn).await?.try_into_model()?;
    visit_member::Entity::delete_many()
        .filter(visit_member::Column::VisitId.eq(saved.id))
        .exec(&txn)
        .await?;
    let rows = std::iter::once((head_name, head_title, true))
        .chain(others.into_iter().map(|(name, title)| (name, title, false)))
        .zip(0..)
        .map(
            |((name, title, is_head), position)| visit_member::ActiveModel {
                visit_id: Set(saved.id),
                position: Set(position),
                name: Set(name),
                title: Set(title),
                is_head: Set(is_head),
                ..Default::default()
            },
        );
    visit_member::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    let entry = audit::Entry {
        action: if before.is_some() { "update" } else { "create" },
        entity: Some("visit"),
        entity_id: Some(saved.id.to_string()),
        province_code: Some(province),
        before,
        after: Some(audited(&saved)),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// What a change to visit `v` may not undo: a closed visit is reopened before it changes; its
/// kind stays once its checklist holds anything (another kind asks other questions); it
/// starts no later than its recommendations and conclusions were written or fall due.
async fn keeps_its_record(
    txn: &impl ConnectionTrait,
    v: &visit::Model,
    kind: VisitKind,
    starts_on: NaiveDate,
    status: VisitStatus,
) -> Result<(), AppError> {
    if VisitStatus::parse(&v.status) == Some(VisitStatus::Closed) && status == VisitStatus::Closed {
        return Err(AppError::at("status", Problem::ReopenFirst));
    }
    if kind.code() != v.kind && super::checklist::service::recorded(txn, v.id).await? {
        return Err(AppError::at("kind", Problem::KindHasRecord));
    }
    if starts_on > v.starts_on {
        let earliest = follow_up::Entity::find()
            .filter(follow_up::Column::VisitId.eq(v.id))
            .all(txn)
            .await?
            .into_iter()
            .flat_map(|f| [f.created_on, f.due_on])
            .flatten()
            .min();
        if earliest.is_some_and(|day| day < starts_on) {
            return Err(AppError::at("starts_on", Problem::StartsAfterFollowUps));
        }
    }
    Ok(())
}

/// Adds a recommendation or conclusion to a visit that has started and is not closed.
pub async fn add(
    state: &AppState,
    request: &RequestInfo,
    input: FollowUpInput,
) -> Result<FollowUpLine, AppError> {
    let db = &state.db;
    let v = visit_named(db, &input.visit, Action::ManageVisits).await?;
    let actor = access::require(
        Action::ManageVisits,
        Target::Province(v.province_code.clone()),
    )
    .await?;
    let day = today(state);
    if day < v.starts_on {
        return Err(AppError::Invalid(Problem::VisitNotStarted));
    }
    let kind = FollowUpKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::at("kind", Problem::KindUnknown))?;
    let acted_by = ActedBy::of(kind, !input.by_delegation.is_empty());
    let body = required_text("body", &input.body, MAX_TEXT)?;
    let addressed_to = required_text("addressed_to", &input.addressed_to, MAX_LINE)?;
    let responsible = optional_text("responsible", &input.responsible, MAX_LINE)?;
    let due_on = optional_date("due_on", &input.due_on)?;
    if due_on.is_some_and(|due| due < v.starts_on) {
        return Err(AppError::at("due_on", Problem::DueBeforeVisit));
    }
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    // A change kept offline and sent twice is written once.
    claim(&txn, request, actor.user_id, now).await?;
    // Read in the transaction: a visit closed meanwhile takes nothing more.
    open_visit(&txn, v.id).await?;
    let position = follow_up::Entity::find()
        .filter(follow_up::Column::VisitId.eq(v.id))
        .count(&txn)
        .await?;
    let saved = follow_up::ActiveModel {
        visit_id: Set(v.id),
        province_code: Set(v.province_code.clone()),
        kind: Set(kind.code().to_owned()),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        body: Set(body),
        addressed_to: Set(addressed_to),
        acted_by: Set(acted_by.code().to_owned()),
        responsible: Set(responsible),
        due_on: Set(due_on),
        status: Set(FollowUpStatus::Open.code().to_owned()),
        closed_on: Set(None),
        version: Set(1),
        created_on: Set(Some(day)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if acted_by == ActedBy::Province {
        let event = Event {
            key: format!("conclusion:{}", saved.id),
            kind: NoticeKind::ConclusionAssigned,
            title: &saved.body,
            link: follow_up_link(v.id, saved.id),
            by: Some(actor.user_id),
        };
        notify(&txn, Recipients::Province(&v.province_code), event, now).await?;
    }
    let entry = audit::Entry {
        action: "create",
        entity: Some("follow_up"),
        entity_id: Some(saved.id.to_string()),
        province_code: Some(v.province_code.clone()),
        after: Some(json!({
            "body": saved.body.chars().take(120).collect::<String>(),
            "kind": saved.kind,
            "visit_id": v.id,
            "addressed_to": saved.addressed_to,
            "acted_by": saved.acted_by,
            "due_on": saved.due_on,
        })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(line(&saved, &[], day, true))
}

/// Follow-up `id` of visit `visit` as it stands on `day`, with its responses.
async fn current(
    db: &impl ConnectionTrait,
    visit: i64,
    id: i64,
    day: NaiveDate,
    names: bool,
) -> Result<FollowUpLine, AppError> {
    let mut found = follow_ups(db, &[visit])
        .await?
        .remove(&visit)
        .unwrap_or_default()
        .into_iter()
        .find(|(item, _)| item.id == id)
        .map(|(item, responses)| line(&item, &responses, day, names))
        .ok_or(AppError::NotFound)?;
    with_files(db, std::slice::from_mut(&mut found), day, names).await?;
    Ok(found)
}

/// Answers a recommendation or conclusion from `version`, leaving it in the status chosen.
pub async fn respond(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    version: i32,
    input: ResponseInput,
) -> Result<SaveOutcome<FollowUpLine>, AppError> {
    let db = &state.db;
    let Some(item) = follow_up::Entity::find_by_id(id).one(db).await? else {
        access::require(Action::RespondFollowUp, Target::Nation).await?;
        return Err(AppError::NotFound);
    };
    let province = item.province_code.clone();
    let actor =
        access::require(Action::RespondFollowUp, Target::Province(province.clone())).await?;
    let body = required_text("body", &input.body, MAX_TEXT)?;
    let status = FollowUpStatus::parse(input.status.trim())
        .ok_or_else(|| AppError::at("status", Problem::StatusUnknown))?;
    // The delegation closes what it followed up; the province reports how far it has come.
    let target = Target::Province(province.clone());
    let may_close = access::authorize(Some(&actor), Action::ManageVisits, &target).is_ok();
    let was = FollowUpStatus::parse(&item.status);
    if status == FollowUpStatus::Closed && !may_close && was != Some(FollowUpStatus::Closed) {
        return Err(AppError::at("status", Problem::CloseByDelegation));
    }
    let names = sees_names(Some(&actor), &province);
    let now = state.clock.now();
    let day = today(state);
    let txn = begin_write(db).await?;
    claim(&txn, request, actor.user_id, now).await?;
    // Taken first in the transaction: of two responses to one version, one is written.
    let taken = follow_up::Entity::update_many()
        .col_expr(
            follow_up::Column::Version,
            Expr::col(follow_up::Column::Version).add(1),
        )
        .col_expr(follow_up::Column::Status, Expr::value(status.code()))
        .col_expr(
            follow_up::Column::ClosedOn,
            Expr::value(match status {
                // Closed again: it stays closed since the first time.
                FollowUpStatus::Closed => item.closed_on.or(Some(day)),
                _ => None,
            }),
        )
        .col_expr(follow_up::Column::UpdatedAt, Expr::value(now))
        .filter(follow_up::Column::Id.eq(id))
        .filter(follow_up::Column::Version.eq(version))
        .exec(&txn)
        .await?
        .rows_affected;
    if taken == 0 {
        txn.rollback().await?;
        return Ok(SaveOutcome::Conflict(
            current(db, item.visit_id, id, day, names).await?,
        ));
    }
    open_visit(&txn, item.visit_id).await?;
    let response = follow_up_response::ActiveModel {
        follow_up_id: Set(id),
        at: Set(now),
        author_id: Set(Some(actor.user_id)),
        author: Set(actor.display_name.clone()),
        body: Set(body),
        status_after: Set(status.code().to_owned()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The ministry's answer to the locality's recommendation is told to the locality.
    if item.kind == FollowUpKind::Recommendation.code() && may_close {
        let event = Event {
            key: format!("answer:{}", response.id),
            kind: NoticeKind::RecommendationAnswered,
            title: &item.body,
            link: follow_up_link(item.visit_id, id),
            by: Some(actor.user_id),
        };
        notify(&txn, Recipients::Province(&province), event, now).await?;
    }
    let entry = audit::Entry {
        action: "update",
        entity: Some("follow_up"),
        entity_id: Some(id.to_string()),
        province_code: Some(province),
        before: Some(json!({ "status": item.status })),
        after: Some(json!({
            "body": item.body.chars().take(120).collect::<String>(),
            "status": status.code(),
        })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved(
        current(db, item.visit_id, id, day, names).await?,
    ))
}
