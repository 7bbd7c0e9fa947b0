//! An official's work and the verification queue, read from the same checklists and
//! roll-ups the pages show.

use super::{
    rules::{Schedule, Status, Verification},
    service::{checklist, evidence_of, province_progress},
    work::{MyWork, QUEUE_PAGE_SIZE, Queue, WaitingReport, WorkTask},
};
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, Role, session::RequestInfo},
    error::AppError,
    state::AppState,
};
use entity::{assignment, commune, province, task};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// How many of the oldest waiting reports and of the communes furthest behind the landing
/// page lists.
const FIRST_FEW: usize = 5;

/// The unit an official answers for: their commune, or their province.
fn own_unit(actor: &Actor) -> Result<String, AppError> {
    match actor.role {
        Role::CommuneOfficial => actor.commune_code.clone(),
        Role::ProvinceOfficial => actor.province_code.clone(),
        Role::MinistryAdmin | Role::Inspector => None,
    }
    .ok_or(AppError::Forbidden)
}

/// The unit's tasks that need action today: returned by the province, overdue, near due.
async fn needing_action(
    state: &AppState,
    actor: &Actor,
    unit: &str,
) -> Result<Vec<WorkTask>, AppError> {
    let list = checklist(state, Some(actor), unit, None).await?;
    let mut tasks: Vec<WorkTask> = list
        .groups
        .into_iter()
        .flat_map(|g| g.items)
        .filter(|i| {
            i.verification == Verification::Returned
                || (i.status != Status::Done
                    && matches!(i.schedule, Schedule::Overdue | Schedule::NearDue))
        })
        .map(|i| WorkTask {
            assignment_id: i.assignment_id,
            title: i.title,
            deadline: i.deadline,
            status: i.status,
            progress: i.progress,
            schedule: i.schedule,
            verification: i.verification,
            reason: i.verification_note,
        })
        .collect();
    tasks.sort_by_key(WorkTask::urgency);
    Ok(tasks)
}

fn waiting_in(province: &str) -> sea_orm::Select<assignment::Entity> {
    assignment::Entity::find()
        .filter(assignment::Column::ProvinceCode.eq(province))
        .filter(assignment::Column::Status.eq(Status::Done.code()))
        .filter(assignment::Column::Verification.eq(Verification::Pending.code()))
}

pub async fn my_work(state: &AppState, actor: &Actor) -> Result<MyWork, AppError> {
    let unit = own_unit(actor)?;
    let db = &state.db;
    let tasks = needing_action(state, actor, &unit).await?;
    let unit_name = if unit.len() == 5 {
        commune::Entity::find_by_id(unit.clone())
            .one(db)
            .await?
            .map(|c| c.full_name)
    } else {
        province::Entity::find_by_id(unit.clone())
            .one(db)
            .await?
            .map(|p| p.full_name)
    }
    .unwrap_or_default();
    let follow_ups = if actor.role == Role::ProvinceOfficial {
        let visits = crate::visits::service::province(state, Some(actor), &unit, None).await?;
        Some(visits.figures)
    } else {
        None
    };
    let (waiting, oldest, behind) = if actor.role == Role::ProvinceOfficial {
        let waiting = waiting_in(&unit).count(db).await? as usize;
        let oldest = reports(db, &unit, None, None, Some(FIRST_FEW)).await?;
        let mut communes = province_progress(state, &unit, None, None)
            .await?
            .commune_rows;
        communes.sort_by(|a, b| a.counted.total_cmp(&b.counted).then(a.name.cmp(&b.name)));
        communes.truncate(FIRST_FEW);
        (waiting, oldest, communes)
    } else {
        (0, Vec::new(), Vec::new())
    };
    Ok(MyWork {
        unit_code: unit,
        unit_name,
        today: super::service::today(state),
        tasks,
        waiting,
        oldest,
        behind,
        follow_ups,
    })
}

pub async fn count(state: &AppState, actor: &Actor) -> Result<usize, AppError> {
    let Ok(unit) = own_unit(actor) else {
        return Ok(0);
    };
    let tasks = needing_action(state, actor, &unit).await?.len();
    let waiting = if actor.role == Role::ProvinceOfficial {
        waiting_in(&unit).count(&state.db).await? as usize
    } else {
        0
    };
    Ok(tasks + waiting)
}

/// The province's waiting reports, oldest first, optionally of one commune or task.
async fn reports(
    db: &impl ConnectionTrait,
    province: &str,
    commune_code: Option<&str>,
    task_id: Option<i64>,
    limit: Option<usize>,
) -> Result<Vec<WaitingReport>, AppError> {
    let mut query = waiting_in(province)
        .order_by_asc(assignment::Column::UpdatedAt)
        .order_by_asc(assignment::Column::Id);
    if let Some(code) = commune_code {
        query = query.filter(assignment::Column::UnitCode.eq(code));
    }
    if let Some(id) = task_id {
        query = query.filter(assignment::Column::TaskId.eq(id));
    }
    if let Some(limit) = limit {
        query = query.limit(limit as u64);
    }
    let waiting = query.all(db).await?;
    let titles = titles(db, waiting.iter().map(|a| a.task_id)).await?;
    let names = commune_names(db, waiting.iter().map(|a| a.unit_code.clone())).await?;
    let mut evidence = evidence_of(db, waiting.iter().map(|a| a.id).collect()).await?;
    Ok(waiting
        .into_iter()
        .map(|a| WaitingReport {
            assignment_id: a.id,
            version: a.version,
            commune_name: names.get(&a.unit_code).cloned().unwrap_or_default(),
            commune_code: a.unit_code,
            task_id: a.task_id,
            task_title: titles.get(&a.task_id).cloned().unwrap_or_default(),
            reported_at: a.updated_at,
            note: a.note,
            evidence: evidence.remove(&a.id).unwrap_or_default(),
        })
        .collect())
}

async fn titles(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, AppError> {
    let ids: Vec<i64> = ids.collect();
    let mut titles = HashMap::new();
    for chunk in ids.chunks(500) {
        for t in task::Entity::find()
            .filter(task::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            titles.insert(t.id, t.title);
        }
    }
    Ok(titles)
}

async fn commune_names(
    db: &impl ConnectionTrait,
    codes: impl Iterator<Item = String>,
) -> Result<HashMap<String, String>, AppError> {
    let codes: Vec<String> = codes.collect();
    let mut names = HashMap::new();
    for chunk in codes.chunks(500) {
        for c in commune::Entity::find()
            .filter(commune::Column::Code.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            names.insert(c.code, c.full_name);
        }
    }
    Ok(names)
}

pub async fn queue(
    state: &AppState,
    request: &RequestInfo,
    province_code: &str,
    (commune_code, task_id): (Option<String>, Option<i64>),
    page: usize,
) -> Result<Queue, AppError> {
    let db = &state.db;
    let province = province::Entity::find_by_id(province_code.to_owned())
        .one(db)
        .await?;
    // A province out of reach is refused like one that does not exist, except to an admin.
    let target = match &province {
        Some(p) => Target::Province(p.code.clone()),
        None => Target::Nation,
    };
    access::check(
        state,
        request.actor.as_ref(),
        &request.ip,
        Action::VerifyAssignment,
        target,
    )
    .await?;
    let province = province.ok_or(AppError::NotFound)?;
    let all = reports(db, &province.code, None, None, None).await?;
    let mut communes: Vec<(String, String)> = all
        .iter()
        .map(|r| (r.commune_code.clone(), r.commune_name.clone()))
        .collect();
    communes.sort_by(|a, b| a.1.cmp(&b.1));
    communes.dedup();
    let mut tasks: Vec<(i64, String)> = all
        .iter()
        .map(|r| (r.task_id, r.task_title.clone()))
        .collect();
    tasks.sort();
    tasks.dedup();
    let matching: Vec<WaitingReport> = all
        .into_iter()
        .filter(|r| commune_code.as_ref().is_none_or(|c| &r.commune_code == c))
        .filter(|r| task_id.is_none_or(|t| r.task_id == t))
        .collect();
    let total = matching.len();
    let pages = total.div_ceil(QUEUE_PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let reports = matching
        .into_iter()
        .skip((page - 1) * QUEUE_PAGE_SIZE)
        .take(QUEUE_PAGE_SIZE)
        .collect();
    Ok(Queue {
        province_code: province.code,
        province_name: province.full_name,
        reports,
        total,
        page,
        pages,
        communes,
        tasks,
    })
}
