//! The checklist's template: the questions each kind of visit asks, grouped by topic, kept
//! by the ministry's admins. A question taken out is no longer asked; the visits that
//! answered it keep it.

use super::{Gauge, MAX_QUESTION, MAX_QUESTIONS, MAX_TOPIC, QuestionInput, TemplateQuestion};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::required_text,
    state::AppState,
    visits::VisitKind,
};
use entity::checklist_question;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, TryIntoModel,
};
use serde_json::json;

fn line(q: checklist_question::Model) -> TemplateQuestion {
    TemplateQuestion {
        id: q.id,
        kind: VisitKind::parse(&q.kind).unwrap_or(VisitKind::Inspection),
        topic: q.topic,
        body: q.body,
        gauge: q.gauge.as_deref().and_then(Gauge::parse),
        target: q.target,
        position: q.position,
        active: q.active,
    }
}

pub async fn all(
    state: &AppState,
    actor: Option<&Actor>,
) -> Result<Vec<TemplateQuestion>, AppError> {
    access::authorize(actor, Action::ManageChecklist, &Target::Nation)?;
    Ok(checklist_question::Entity::find()
        .order_by_asc(checklist_question::Column::Kind)
        .order_by_asc(checklist_question::Column::Position)
        .order_by_asc(checklist_question::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(line)
        .collect())
}

pub async fn save(
    state: &AppState,
    request: &RequestInfo,
    input: QuestionInput,
) -> Result<TemplateQuestion, AppError> {
    let actor = access::check(
        state,
        request.actor.as_ref(),
        &request.ip,
        Action::ManageChecklist,
        Target::Nation,
    )
    .await?;
    let db = &state.db;
    let existing = match input.id.trim() {
        "" => None,
        id => Some(
            checklist_question::Entity::find_by_id(id.parse::<i64>().unwrap_or(0))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    // A question stays with its kind of visit: the visits that answered it keep it.
    let kind = match &existing {
        Some(q) => VisitKind::parse(&q.kind),
        None => VisitKind::parse(input.kind.trim()),
    }
    .ok_or_else(|| AppError::at("kind", Problem::KindUnknown))?;
    let topic = required_text("topic", &input.topic, MAX_TOPIC)?;
    let body = required_text("body", &input.body, MAX_QUESTION)?;
    let gauge = match input.gauge.trim() {
        "" => None,
        code => {
            Some(Gauge::parse(code).ok_or_else(|| AppError::at("gauge", Problem::GaugeUnknown))?)
        }
    };
    let target = match (gauge, input.target.trim()) {
        (Some(g), text) if g.has_target() => Some(
            text.parse::<i32>()
                .ok()
                .filter(|t| (1..=100).contains(t))
                .ok_or_else(|| AppError::at("target", Problem::TargetInvalid))?,
        ),
        _ => None,
    };
    let position = match input.position.trim() {
        "" => None,
        text => Some(
            text.parse::<i32>()
                .ok()
                .filter(|p| (0..=10_000).contains(p))
                .ok_or_else(|| AppError::at("position", Problem::ValueInvalid))?,
        ),
    };
    let active = existing.is_none() || !input.active.trim().is_empty();
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let asked = checklist_question::Entity::find()
        .filter(checklist_question::Column::Kind.eq(kind.code()))
        .count(&txn)
        .await?;
    let (before, mut model) = match existing {
        Some(q) => (
            Some(json!({ "topic": q.topic, "body": q.body, "active": q.active })),
            q.into_active_model(),
        ),
        None => {
            if asked as usize >= MAX_QUESTIONS {
                return Err(AppError::at("body", Problem::TooMany));
            }
            (
                None,
                checklist_question::ActiveModel {
                    position: Set(i32::try_from(asked).unwrap_or(i32::MAX)),
                    ..Default::default()
                },
            )
        }
    };
    model.kind = Set(kind.code().to_owned());
    model.topic = Set(topic);
    model.body = Set(body);
    model.gauge = Set(gauge.map(|g| g.code().to_owned()));
    model.target = Set(target);
    model.active = Set(active);
    if let Some(position) = position {
        model.position = Set(position);
    }
    let saved = model.save(&txn).await?.try_into_model()?;
    let entry = audit::Entry {
        action: if before.is_some() { "update" } else { "create" },
        entity: Some("checklist_question"),
        entity_id: Some(saved.id.to_string()),
        before,
        after: Some(json!({ "topic": saved.topic, "body": saved.body, "active": saved.active })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(line(saved))
}
