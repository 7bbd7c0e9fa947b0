//! Assignments in the database as they stood on any date, rebuilt from the stored changes:
//! checklists and province overviews computed with the rules.

use super::{
    Checklist, CommuneProgress, EvidenceView, ProvinceProgress, TaskGroupView, TaskItem,
    rules::{self, CommuneRollup, Completion, RuleSettings, Status, Verification},
    settings_service::settings,
};
use crate::{
    access::{self, Action, Target},
    accounts::Actor,
    error::AppError,
    format::vietnam,
    rankings::{self, Indicator, Standing},
    state::AppState,
    territory::is_unit_code,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{assignment, commune, deadline_change, evidence, plan, task, task_group};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Statement, Value,
};
use std::collections::HashMap;

/// Today in Vietnam.
pub fn today(state: &AppState) -> NaiveDate {
    state.clock.now().with_timezone(&vietnam()).date_naive()
}

/// The last moment of `day` in Vietnam, in UTC: changes up to it count on that day.
pub fn end_of(day: NaiveDate) -> DateTime<Utc> {
    let next = (day + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(vietnam())
        .single()
        .expect("fixed offset");
    next.to_utc() - Duration::microseconds(1)
}

/// Which assignments to read.
enum Scope<'a> {
    Unit(&'a str),
    CommunesOf(&'a str),
}

/// An assignment as it stood on a date.
struct Snapshot {
    id: i64,
    task_id: i64,
    unit_code: String,
    status: Status,
    progress: u8,
    value: Option<f64>,
    note: String,
    difficulties: String,
    recommendations: String,
    verification: Verification,
    verification_note: String,
    at: Option<DateTime<Utc>>,
    actor: Option<String>,
}

/// Each assignment in `scope` as of the end of `day`: its latest change up to then, or not
/// started if it had none.
async fn snapshots(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    day: NaiveDate,
) -> Result<Vec<Snapshot>, DbErr> {
    let backend = db.get_database_backend();
    let (filter, value): (&str, Option<Value>) = match scope {
        Scope::Unit(code) => ("a.unit_code = ?", Some(code.into())),
        Scope::CommunesOf(code) => (
            "a.province_code = ? AND LENGTH(a.unit_code) = 5",
            Some(code.into()),
        ),
    };
    let sql = format!(
        "SELECT a.id, a.task_id, a.unit_code, c.status, c.progress, c.value, c.note, \
         c.difficulties, c.recommendations, c.verification, c.verification_note, c.at, c.actor FROM assignment a LEFT JOIN assignment_change c ON c.id = ( \
         SELECT c2.id FROM assignment_change c2 WHERE c2.assignment_id = a.id AND c2.at <= ? \
         ORDER BY c2.at DESC, c2.id DESC LIMIT 1) WHERE {filter}"
    );
    let mut values: Vec<Value> = vec![end_of(day).into()];
    values.extend(value);
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    rows.into_iter()
        .map(|row| {
            let status: Option<String> = row.try_get("", "status")?;
            let progress: Option<i32> = row.try_get("", "progress")?;
            Ok(Snapshot {
                id: row.try_get("", "id")?,
                task_id: row.try_get("", "task_id")?,
                unit_code: row.try_get("", "unit_code")?,
                status: status
                    .as_deref()
                    .and_then(Status::parse)
                    .unwrap_or(Status::NotStarted),
                progress: progress.unwrap_or(0).clamp(0, 100) as u8,
                value: row.try_get("", "value")?,
                note: row
                    .try_get::<Option<String>>("", "note")?
                    .unwrap_or_default(),
                difficulties: row
                    .try_get::<Option<String>>("", "difficulties")?
                    .unwrap_or_default(),
                recommendations: row
                    .try_get::<Option<String>>("", "recommendations")?
                    .unwrap_or_default(),
                verification: row
                    .try_get::<Option<String>>("", "verification")?
                    .as_deref()
                    .and_then(Verification::parse)
                    .unwrap_or(Verification::None),
                verification_note: row
                    .try_get::<Option<String>>("", "verification_note")?
                    .unwrap_or_default(),
                at: row.try_get("", "at")?,
                actor: row.try_get("", "actor")?,
            })
        })
        .collect()
}

/// `?` placeholders as the backend wants them (`$1, $2…` for PostgreSQL).
fn placeholders(backend: DatabaseBackend, sql: &str) -> String {
    if backend != DatabaseBackend::Postgres {
        return sql.to_owned();
    }
    let mut n = 0;
    sql.chars()
        .map(|c| {
            if c == '?' {
                n += 1;
                format!("${n}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every task as it stood at the end of `day`: a deadline moved later is put back to the
/// one in force then.
async fn tasks_on(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<HashMap<i64, task::Model>, DbErr> {
    let mut tasks: HashMap<i64, task::Model> = task::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let later = deadline_change::Entity::find()
        .filter(deadline_change::Column::At.gt(end_of(day)))
        .order_by_desc(deadline_change::Column::At)
        .order_by_desc(deadline_change::Column::Id)
        .all(db)
        .await?;
    // Undo the moves from the newest back: what is left is the earliest one's "before".
    for change in later {
        if let Some(task) = tasks.get_mut(&change.task_id) {
            task.deadline = change.before;
        }
    }
    Ok(tasks)
}

fn schedule_of(
    snapshot: &Snapshot,
    task: &task::Model,
    day: NaiveDate,
    t: &RuleSettings,
) -> rules::Schedule {
    rules::schedule(
        snapshot.status,
        snapshot.progress,
        task.starts_on,
        task.deadline,
        day,
        t,
    )
}

/// The target the authorization point checks for changing a unit's assignments.
pub fn unit_target(unit_code: &str, province_code: &str) -> Target {
    Target::Unit {
        province: province_code.to_owned(),
        commune: (unit_code.len() == 5).then(|| unit_code.to_owned()),
    }
}

async fn province_of_unit(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<String>, AppError> {
    if is_unit_code(code, 2) {
        return Ok(entity::province::Entity::find_by_id(code)
            .one(db)
            .await?
            .map(|p| p.code));
    }
    if is_unit_code(code, 5) {
        return Ok(commune::Entity::find_by_id(code)
            .one(db)
            .await?
            .map(|c| c.province_code));
    }
    Ok(None)
}

pub(super) async fn evidence_of(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<HashMap<i64, Vec<EvidenceView>>, DbErr> {
    let mut by_assignment: HashMap<i64, Vec<EvidenceView>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for e in evidence::Entity::find()
            .filter(evidence::Column::AssignmentId.is_in(chunk.iter().copied()))
            .order_by_asc(evidence::Column::Id)
            .all(db)
            .await?
        {
            by_assignment
                .entry(e.assignment_id)
                .or_default()
                .push(EvidenceView {
                    file: e.file_sha256.map(|sha| {
                        (
                            super::evidence_file_path(&sha),
                            super::evidence::clean_file_name(&e.file_name.unwrap_or_default()),
                        )
                    }),
                    doc_number: e.doc_number,
                    doc_date: e.doc_date,
                    link: e.link,
                    created_at: e.created_at,
                });
        }
    }
    Ok(by_assignment)
}

pub async fn checklist(
    state: &AppState,
    actor: Option<&Actor>,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<Checklist, AppError> {
    let db = &state.db;
    let province = province_of_unit(db, code)
        .await?
        .ok_or(AppError::NotFound)?;
    let day = as_of.unwrap_or_else(|| today(state));
    let settings = settings(db).await?;
    let snaps = snapshots(db, Scope::Unit(code), day).await?;
    let tasks = tasks_on(db, day).await?;
    let groups: HashMap<i64, task_group::Model> = task_group::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let current: HashMap<i64, assignment::Model> = assignment::Entity::find()
        .filter(assignment::Column::UnitCode.eq(code))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut evidence = evidence_of(db, snaps.iter().map(|s| s.id).collect()).await?;
    let cutoff = end_of(day);
    // Officials' own words (notes, difficulties, reasons), who wrote them, and evidence files
    // and links are for those who may read the unit's records.
    let private = actor.is_some_and(|a| {
        access::authorize(
            Some(a),
            Action::ReadUnitRecords,
            &unit_target(code, &province),
        )
        .is_ok()
    });
    let public = |text: &str| {
        if private {
            text.to_owned()
        } else {
            String::new()
        }
    };
    let mut by_group: HashMap<i64, Vec<TaskItem>> = HashMap::new();
    let mut plan_id = None;
    for snap in &snaps {
        let Some(task) = tasks.get(&snap.task_id) else {
            continue;
        };
        plan_id = plan_id.or(Some(task.plan_id));
        let schedule = schedule_of(snap, task, day, &settings);
        let item = TaskItem {
            assignment_id: snap.id,
            position: task.position,
            title: task.title.clone(),
            description: task.description.clone(),
            starts_on: task.starts_on,
            deadline: task.deadline,
            evidence_required: task.evidence_required,
            status: snap.status,
            progress: snap.progress,
            value: snap.value,
            target: task
                .target_value
                .map(|v| (v, task.target_unit.clone().unwrap_or_default())),
            note: public(&snap.note),
            difficulties: public(&snap.difficulties),
            recommendations: public(&snap.recommendations),
            verification: snap.verification,
            verification_note: public(&snap.verification_note),
            schedule,
            rating: rules::rating(schedule),
            version: current.get(&snap.id).map_or(0, |a| a.version),
            updated_at: snap.at,
            // Who changed it is shown with the unit's records only: public pages carry no
            // official's name.
            updated_by: snap.actor.clone().filter(|_| private),
            evidence: evidence
                .remove(&snap.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.created_at <= cutoff)
                // The public see which document stands as evidence, not files or links.
                .map(|e| {
                    if private {
                        e
                    } else {
                        EvidenceView {
                            file: None,
                            link: None,
                            ..e
                        }
                    }
                })
                .collect(),
        };
        by_group.entry(task.group_id).or_default().push(item);
    }
    let mut groups: Vec<TaskGroupView> = by_group
        .into_iter()
        .map(|(id, mut items)| {
            items.sort_by_key(|i| i.position);
            let group = groups.get(&id);
            TaskGroupView {
                position: group.map_or(0, |g| g.position),
                name: group.map(|g| g.name.clone()).unwrap_or_default(),
                items,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.position);
    let plan = match plan_id {
        Some(id) => plan::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    // Only today's checklist is edited; a past date is for reading.
    let may = |action| {
        day == today(state)
            && actor.is_some_and(|a| {
                access::authorize(Some(a), action, &unit_target(code, &province)).is_ok()
            })
    };
    let editable = may(Action::UpdateAssignment);
    let verifiable = code.len() == 5 && may(Action::VerifyAssignment);
    let items: Vec<TaskItem> = groups.iter().flat_map(|g| g.items.clone()).collect();
    let (completion, rating) = super::unit_summary(&items);
    Ok(Checklist {
        unit_code: code.to_owned(),
        plan_code: plan.as_ref().map(|p| p.code.clone()),
        demo: plan.is_some_and(|p| p.demo),
        as_of: day,
        groups,
        completion,
        rating,
        editable,
        verifiable,
        history: Vec::new(),
    })
}

/// A checklist as its page shows it: for a commune, with its completion week by week.
pub async fn checklist_with_history(
    state: &AppState,
    actor: Option<&Actor>,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<Checklist, AppError> {
    let mut list = checklist(state, actor, code, as_of).await?;
    if code.len() == 5 && !list.groups.is_empty() {
        list.history =
            rankings::engine::history(state, code, Indicator::CommuneProgress, Some(list.as_of))
                .await?;
    }
    Ok(list)
}

/// One commune's assignments taken together on a date.
#[derive(Default)]
struct CommuneState {
    completion: Completion,
    schedules: Vec<rules::Schedule>,
    last_update: Option<DateTime<Utc>>,
}

/// The completion, schedules and last update of each commune of `province` as of `day`.
async fn commune_states(
    db: &impl ConnectionTrait,
    province: &str,
    day: NaiveDate,
    settings: &RuleSettings,
) -> Result<HashMap<String, CommuneState>, DbErr> {
    let tasks = tasks_on(db, day).await?;
    let mut communes: HashMap<String, CommuneState> = HashMap::new();
    for snap in snapshots(db, Scope::CommunesOf(province), day).await? {
        let Some(task) = tasks.get(&snap.task_id) else {
            continue;
        };
        let state = communes.entry(snap.unit_code.clone()).or_default();
        state.completion.add(snap.status, snap.verification);
        state
            .schedules
            .push(schedule_of(&snap, task, day, settings));
        state.last_update = state.last_update.max(snap.at);
    }
    Ok(communes)
}

pub async fn province_progress(
    state: &AppState,
    code: &str,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<ProvinceProgress, AppError> {
    let db = &state.db;
    if !is_unit_code(code, 2) {
        return Err(AppError::NotFound);
    }
    entity::province::Entity::find_by_id(code)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let day = as_of.unwrap_or_else(|| today(state));
    let settings = settings(db).await?;
    let tasks = tasks_on(db, day).await?;
    let mut own = Completion::default();
    let mut own_schedules = Vec::new();
    for snap in snapshots(db, Scope::Unit(code), day).await? {
        if let Some(task) = tasks.get(&snap.task_id) {
            own.add(snap.status, snap.verification);
            own_schedules.push(schedule_of(&snap, task, day, &settings));
        }
    }
    let communes = commune_states(db, code, day, &settings).await?;
    let own_communes: Vec<Completion> = communes.values().map(|c| c.completion).collect();
    let reported = CommuneRollup::of(own_communes.iter().copied());
    let verified = CommuneRollup::of(own_communes.iter().map(|c| c.verified_only()));
    let ranking =
        rankings::engine::ranking(state, Indicator::CommuneProgress, Some(day), reference).await?;
    let standing = ranking.standing(code).cloned();
    let history =
        rankings::engine::history(state, code, Indicator::CommuneProgress, Some(day)).await?;
    let names: HashMap<String, String> = commune::Entity::find()
        .filter(commune::Column::ProvinceCode.eq(code))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.full_name))
        .collect();
    let mut commune_rows: Vec<CommuneProgress> = communes
        .iter()
        .map(|(c, state)| CommuneProgress {
            code: c.clone(),
            name: names.get(c).cloned().unwrap_or_default(),
            completion: state.completion,
            rating: rules::unit_rating(state.schedules.iter().copied()),
            counted: state.completion.counted(&settings).percent(),
            last_update: state.last_update,
        })
        .collect();
    commune_rows.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(ProvinceProgress {
        code: code.to_owned(),
        as_of: day,
        demo: ranking.demo,
        history,
        own,
        own_rating: rules::unit_rating(own_schedules),
        reported,
        verified,
        count_verified: settings.count_verified,
        rank: standing.as_ref().and_then(|s| s.rank),
        rank_change: standing.as_ref().and_then(Standing::change),
        reference: ranking.reference,
        ranked: ranking.ranked,
        commune_rows,
        ranking,
    })
}
