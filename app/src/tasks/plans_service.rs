//! Plans and tasks in the database; every change is a ministry admin's, audited in the same
//! transaction.

use super::plans::{GroupRow, PlanDetail, PlanSummary, TaskInput, TaskRow};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::session::RequestInfo,
    audit,
    error::{AppError, Problem},
    state::AppState,
};
use chrono::NaiveDate;
use entity::{assignment, commune, deadline_change, plan, province, task, task_group};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};

fn date(text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(Problem::DateInvalid))
}

fn required(text: &str, max: usize) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(AppError::Invalid(Problem::TextRequired));
    }
    Ok(text.to_owned())
}

async fn summary(
    db: &impl sea_orm::ConnectionTrait,
    p: plan::Model,
) -> Result<PlanSummary, AppError> {
    let tasks = task::Entity::find()
        .filter(task::Column::PlanId.eq(p.id))
        .count(db)
        .await? as u32;
    Ok(PlanSummary {
        id: p.id,
        code: p.code,
        title: p.title,
        issuer: p.issuer,
        issued_on: p.issued_on,
        demo: p.demo,
        tasks,
    })
}

pub async fn list(state: &AppState) -> Result<Vec<PlanSummary>, AppError> {
    access::require(Action::ManagePlans, Target::Nation).await?;
    let mut out = Vec::new();
    for p in plan::Entity::find()
        .order_by_desc(plan::Column::IssuedOn)
        .all(&state.db)
        .await?
    {
        out.push(summary(&state.db, p).await?);
    }
    Ok(out)
}

pub async fn detail(state: &AppState, id: i64) -> Result<PlanDetail, AppError> {
    access::require(Action::ManagePlans, Target::Nation).await?;
    let db = &state.db;
    let p = plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let tasks = task::Entity::find()
        .filter(task::Column::PlanId.eq(id))
        .order_by_asc(task::Column::Position)
        .all(db)
        .await?;
    let mut assigned: HashMap<i64, u32> = HashMap::new();
    for t in &tasks {
        let n = assignment::Entity::find()
            .filter(assignment::Column::TaskId.eq(t.id))
            .count(db)
            .await?;
        assigned.insert(t.id, n as u32);
    }
    let groups = task_group::Entity::find()
        .filter(task_group::Column::PlanId.eq(id))
        .order_by_asc(task_group::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|g| GroupRow {
            tasks: tasks
                .iter()
                .filter(|t| t.group_id == g.id)
                .map(|t| TaskRow {
                    id: t.id,
                    position: t.position,
                    level: t.level.clone(),
                    title: t.title.clone(),
                    starts_on: t.starts_on,
                    deadline: t.deadline,
                    assigned: assigned.get(&t.id).copied().unwrap_or(0),
                })
                .collect(),
            id: g.id,
            position: g.position,
            name: g.name,
        })
        .collect();
    Ok(PlanDetail {
        plan: summary(db, p).await?,
        groups,
    })
}

pub async fn create(
    state: &AppState,
    request: &RequestInfo,
    code: &str,
    title: &str,
    issuer: &str,
    issued_on: &str,
) -> Result<PlanSummary, AppError> {
    let actor = access::require(Action::ManagePlans, Target::Nation).await?;
    let code = required(code, 40)?;
    let (title, issuer, issued_on) = (
        required(title, 500)?,
        required(issuer, 300)?,
        date(issued_on)?,
    );
    let db = &state.db;
    if plan::Entity::find()
        .filter(plan::Column::Code.eq(&code))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(Problem::PlanCodeTaken));
    }
    let txn = begin_write(db).await?;
    let created = plan::ActiveModel {
        code: Set(code),
        title: Set(title),
        issuer: Set(issuer),
        issued_on: Set(issued_on),
        demo: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = audit::Entry {
        action: "create",
        entity: Some("plan"),
        entity_id: Some(created.id.to_string()),
        after: Some(serde_json::json!({ "code": created.code, "title": created.title })),
        ..Default::default()
    };
    audit::record(
        &txn,
        state.clock.now(),
        Some(&actor),
        Some(&request.ip),
        entry,
    )
    .await?;
    txn.commit().await?;
    summary(db, created).await
}

pub async fn add_group(
    state: &AppState,
    request: &RequestInfo,
    plan_id: i64,
    name: &str,
) -> Result<(), AppError> {
    let actor = access::require(Action::ManagePlans, Target::Nation).await?;
    let name = required(name, 300)?;
    let db = &state.db;
    plan::Entity::find_by_id(plan_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let position = task_group::Entity::find()
        .filter(task_group::Column::PlanId.eq(plan_id))
        .count(db)
        .await? as i32
        + 1;
    let txn = begin_write(db).await?;
    let group = task_group::ActiveModel {
        plan_id: Set(plan_id),
        position: Set(position),
        name: Set(name),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = audit::Entry {
        action: "create",
        entity: Some("task_group"),
        entity_id: Some(group.id.to_string()),
        after: Some(serde_json::json!({ "plan_id": plan_id, "name": group.name })),
        ..Default::default()
    };
    audit::record(
        &txn,
        state.clock.now(),
        Some(&actor),
        Some(&request.ip),
        entry,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The units to assign: every unit of the level, or those listed (all must exist).
async fn units_for(
    db: &impl sea_orm::ConnectionTrait,
    level: &str,
    listed: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let all: Vec<(String, String)> = if level == "province" {
        province::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.code.clone(), p.code))
            .collect()
    } else {
        commune::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.code, c.province_code))
            .collect()
    };
    let wanted: HashSet<&str> = listed
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if wanted.is_empty() {
        return Ok(all);
    }
    let known: HashSet<&str> = all.iter().map(|(c, _)| c.as_str()).collect();
    if wanted.iter().any(|code| !known.contains(code)) {
        return Err(AppError::Invalid(Problem::ScopeUnknown));
    }
    Ok(all
        .into_iter()
        .filter(|(c, _)| wanted.contains(c.as_str()))
        .collect())
}

/// Adds a task with its assignments in one transaction; returns how many units got it.
pub async fn add_task(
    state: &AppState,
    request: &RequestInfo,
    input: TaskInput,
) -> Result<u32, AppError> {
    let actor = access::require(Action::ManagePlans, Target::Nation).await?;
    let db = &state.db;
    let group = task_group::Entity::find_by_id(input.group_id)
        .one(db)
        .await?
        .filter(|g| g.plan_id == input.plan_id)
        .ok_or(AppError::NotFound)?;
    let level = match input.level.as_str() {
        "province" | "commune" => input.level.clone(),
        _ => return Err(AppError::Invalid(Problem::LevelUnknown)),
    };
    let title = required(&input.title, 500)?;
    let (starts_on, deadline) = (date(&input.starts_on)?, date(&input.deadline)?);
    if deadline < starts_on {
        return Err(AppError::Invalid(Problem::DeadlineBeforeStart));
    }
    let target = match (input.target_value.trim(), input.target_unit.trim()) {
        ("", "") => None,
        (value, unit) => match value.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 && !unit.is_empty() && unit.chars().count() <= 40 => {
                Some((v, unit.to_owned()))
            }
            _ => return Err(AppError::Invalid(Problem::TargetInvalid)),
        },
    };
    let units = units_for(db, &level, &input.units).await?;
    let position = task::Entity::find()
        .filter(task::Column::PlanId.eq(input.plan_id))
        .filter(task::Column::Level.eq(&level))
        .count(db)
        .await? as i32
        + 1;
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let created = task::ActiveModel {
        plan_id: Set(input.plan_id),
        group_id: Set(group.id),
        level: Set(level),
        position: Set(position),
        title: Set(title),
        description: Set(input.description.trim().chars().take(5000).collect()),
        starts_on: Set(starts_on),
        deadline: Set(deadline),
        kind: Set(if target.is_some() {
            "target"
        } else {
            "checklist"
        }
        .to_owned()),
        target_value: Set(target.as_ref().map(|t| t.0)),
        target_unit: Set(target.map(|t| t.1)),
        evidence_required: Set(input.evidence_required.is_some()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for chunk in units.chunks(1000) {
        let rows = chunk
            .iter()
            .map(|(unit, province)| assignment::ActiveModel {
                task_id: Set(created.id),
                unit_code: Set(unit.clone()),
                province_code: Set(province.clone()),
                status: Set("not_started".to_owned()),
                progress: Set(0),
                value: Set(None),
                note: Set(String::new()),
                difficulties: Set(String::new()),
                recommendations: Set(String::new()),
                updated_by: Set(Some(actor.user_id)),
                updated_at: Set(now),
                version: Set(1),
                verification: Set("none".to_owned()),
                verification_note: Set(String::new()),
                ..Default::default()
            });
        assignment::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let entry = audit::Entry {
        action: "create",
        entity: Some("task"),
        entity_id: Some(created.id.to_string()),
        after: Some(serde_json::json!({
            "title": created.title,
            "level": created.level,
            "starts_on": created.starts_on,
            "deadline": created.deadline,
            "assigned": units.len(),
        })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(units.len() as u32)
}

/// Moves a deadline; returns the task's plan.
pub async fn set_deadline(
    state: &AppState,
    request: &RequestInfo,
    task_id: i64,
    deadline: &str,
) -> Result<i64, AppError> {
    let actor = access::require(Action::ManagePlans, Target::Nation).await?;
    let db = &state.db;
    let before = task::Entity::find_by_id(task_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let deadline = date(deadline)?;
    if deadline < before.starts_on {
        return Err(AppError::Invalid(Problem::DeadlineBeforeStart));
    }
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let mut change = before.clone().into_active_model();
    change.deadline = Set(deadline);
    change.update(&txn).await?;
    deadline_change::ActiveModel {
        task_id: Set(task_id),
        at: Set(now),
        before: Set(before.deadline),
        after: Set(deadline),
        actor_id: Set(Some(actor.user_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = audit::Entry {
        action: "update",
        entity: Some("task"),
        entity_id: Some(task_id.to_string()),
        before: Some(serde_json::json!({ "deadline": before.deadline })),
        after: Some(serde_json::json!({ "deadline": deadline })),
        ..Default::default()
    };
    audit::record(
        &txn,
        state.clock.now(),
        Some(&actor),
        Some(&request.ip),
        entry,
    )
    .await?;
    txn.commit().await?;
    Ok(before.plan_id)
}
