//! Assignments in the database: their state on any date rebuilt from the stored changes,
//! checklists and province overviews computed with the rules, and updates that keep every
//! version.

use super::{
    ChangeForm, Checklist, CommuneProgress, EvidenceView, ProvinceProgress, SaveOutcome,
    TaskGroupView, TaskItem,
    rules::{self, CommuneRollup, Completion, RuleSettings, Status, Verification},
};
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    format::vietnam,
    state::AppState,
    territory::is_unit_code,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{
    assignment, assignment_change, commune, deadline_change, evidence, plan, setting, task,
    task_group,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Statement, TransactionTrait, Value,
};
use std::collections::HashMap;

/// Setting keys of the rules' settings.
pub const NEAR_DUE_DAYS: &str = "near_due_days";
pub const TOLERANCE_POINTS: &str = "tolerance_points";
pub const COUNT_VERIFIED: &str = "count_verified";

pub async fn settings(db: &impl ConnectionTrait) -> Result<RuleSettings, DbErr> {
    let stored: HashMap<String, String> = setting::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.key, s.value))
        .collect();
    let defaults = RuleSettings::default();
    Ok(RuleSettings {
        near_due_days: stored
            .get(NEAR_DUE_DAYS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.near_due_days),
        tolerance_points: stored
            .get(TOLERANCE_POINTS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.tolerance_points),
        count_verified: stored
            .get(COUNT_VERIFIED)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.count_verified),
    })
}

/// Today in Vietnam.
pub fn today(state: &AppState) -> NaiveDate {
    state.clock.now().with_timezone(&vietnam()).date_naive()
}

/// The last moment of `day` in Vietnam, in UTC: changes up to it count on that day.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
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
    AllCommunes,
}

/// An assignment as it stood on a date.
struct Snapshot {
    id: i64,
    task_id: i64,
    unit_code: String,
    province_code: String,
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
        Scope::AllCommunes => ("LENGTH(a.unit_code) = 5", None),
    };
    let sql = format!(
        "SELECT a.id, a.task_id, a.unit_code, a.province_code, c.status, c.progress, c.value, c.note, \
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
                province_code: row.try_get("", "province_code")?,
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

async fn evidence_of(
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
                            e.file_name.unwrap_or_default(),
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
    let mut completion = Completion::default();
    let mut schedules = Vec::new();
    let mut by_group: HashMap<i64, Vec<TaskItem>> = HashMap::new();
    let mut plan_id = None;
    for snap in &snaps {
        let Some(task) = tasks.get(&snap.task_id) else {
            continue;
        };
        plan_id = plan_id.or(Some(task.plan_id));
        let schedule = schedule_of(snap, task, day, &settings);
        completion.add(snap.status, snap.verification);
        schedules.push(schedule);
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
            note: snap.note.clone(),
            difficulties: snap.difficulties.clone(),
            recommendations: snap.recommendations.clone(),
            verification: snap.verification,
            verification_note: snap.verification_note.clone(),
            schedule,
            rating: rules::rating(schedule),
            version: current.get(&snap.id).map_or(0, |a| a.version),
            updated_at: snap.at,
            updated_by: snap.actor.clone(),
            evidence: evidence
                .remove(&snap.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.created_at <= cutoff)
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
    Ok(Checklist {
        unit_code: code.to_owned(),
        plan_code: plan.as_ref().map(|p| p.code.clone()),
        demo: plan.is_some_and(|p| p.demo),
        as_of: day,
        groups,
        completion,
        rating: rules::unit_rating(schedules),
        editable,
        verifiable,
    })
}

/// One commune's assignments taken together on a date.
#[derive(Default)]
struct CommuneState {
    province: String,
    completion: Completion,
    schedules: Vec<rules::Schedule>,
    last_update: Option<DateTime<Utc>>,
}

/// Every commune's completion, schedules and last update as of `day` (for the roll-ups and
/// the ranking of all provinces).
async fn commune_states(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    settings: &RuleSettings,
) -> Result<HashMap<String, CommuneState>, DbErr> {
    let tasks = tasks_on(db, day).await?;
    let mut communes: HashMap<String, CommuneState> = HashMap::new();
    for snap in snapshots(db, Scope::AllCommunes, day).await? {
        let Some(task) = tasks.get(&snap.task_id) else {
            continue;
        };
        let state = communes.entry(snap.unit_code.clone()).or_default();
        state.province.clone_from(&snap.province_code);
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
    let communes = commune_states(db, day, &settings).await?;
    let mut by_province: HashMap<&str, Vec<Completion>> = HashMap::new();
    for state in communes.values() {
        by_province
            .entry(state.province.as_str())
            .or_default()
            .push(state.completion);
    }
    // Ranks count as the settings say; both figures are given for the province itself.
    let mut rollups: Vec<(String, CommuneRollup)> = by_province
        .iter()
        .map(|(p, list)| {
            let counted = list.iter().map(|c| c.counted(&settings));
            ((*p).to_owned(), CommuneRollup::of(counted))
        })
        .collect();
    rollups.sort_by(|a, b| a.0.cmp(&b.0));
    let ranks = rules::rank_on_commune_progress(&rollups);
    let position = rollups.iter().position(|(p, _)| p == code);
    let own_communes = by_province.get(code).cloned().unwrap_or_default();
    let reported = CommuneRollup::of(own_communes.iter().copied());
    let verified = CommuneRollup::of(own_communes.iter().map(|c| c.verified_only()));
    let names: HashMap<String, String> = commune::Entity::find()
        .filter(commune::Column::ProvinceCode.eq(code))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.full_name))
        .collect();
    let mut commune_rows: Vec<CommuneProgress> = communes
        .iter()
        .filter(|(_, state)| state.province == code)
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
    let demo = plan::Entity::find()
        .filter(plan::Column::Demo.eq(true))
        .one(db)
        .await?
        .is_some();
    Ok(ProvinceProgress {
        code: code.to_owned(),
        as_of: day,
        demo,
        own,
        own_rating: rules::unit_rating(own_schedules),
        reported,
        verified,
        count_verified: settings.count_verified,
        rank: position.map_or(0, |i| ranks[i]),
        ranked: rollups.len() as u32,
        commune_rows,
    })
}

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
    /// value's share of the target.
    pub fn check(
        form: &ChangeForm,
        current: &assignment::Model,
        task: &task::Model,
    ) -> Result<Self, Problem> {
        let status = Status::parse(form.status.trim()).ok_or(Problem::StatusUnknown)?;
        let value = match (task.target_value, form.value.trim()) {
            (Some(_), "") => current.value,
            (Some(_), text) => match text.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => return Err(Problem::ValueInvalid),
            },
            (None, _) => None,
        };
        let progress = match (task.target_value, value) {
            (Some(target), Some(v)) if target > 0.0 => {
                ((v / target * 100.0).round() as i64).min(100)
            }
            _ => percent(&form.progress, current.progress)?,
        };
        if !(0..=100).contains(&progress) {
            return Err(Problem::ProgressOutOfRange);
        }
        let progress = match status {
            Status::Done => 100,
            Status::NotStarted => 0,
            Status::InProgress => progress as i32,
        };
        let text = |t: &str, max| optional(t, max).map_err(|_| Problem::TextTooLong);
        let link = text(&form.evidence_link, 500)?;
        if let Some(link) = &link
            && !(link.starts_with("https://") || link.starts_with("http://"))
        {
            return Err(Problem::LinkInvalid);
        }
        Ok(Self {
            status,
            progress,
            value,
            note: text(&form.note, 2000)?.unwrap_or_default(),
            difficulties: text(&form.difficulties, 2000)?.unwrap_or_default(),
            recommendations: text(&form.recommendations, 2000)?.unwrap_or_default(),
            doc_number: text(&form.evidence_number, 100)?,
            doc_date: optional_date(&form.evidence_date)?,
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
        None => Err(AppError::Invalid(Problem::EvidenceRequired)),
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
    Ok(Some(after))
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
) -> Result<SaveOutcome, AppError> {
    let db = &state.db;
    let (actor, before) = authorized(state, request, id, Action::UpdateAssignment).await?;
    let task = task::Entity::find_by_id(before.task_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let change = Change::check(&form, &before, &task).map_err(AppError::Invalid)?;
    check_evidence(db, &before, &task, &change).await?;
    let now = state.clock.now();
    let txn = db.begin().await?;
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

/// A province verifies a commune's "done", or returns it with a reason. Like a save, it
/// names the version it started from.
pub async fn verify(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    version: i32,
    accept: bool,
    reason: &str,
) -> Result<SaveOutcome, AppError> {
    let db = &state.db;
    let (actor, before) = authorized(state, request, id, Action::VerifyAssignment).await?;
    let reason = optional(reason, 2000)?.unwrap_or_default();
    if before.status != Status::Done.code() || before.unit_code.len() != 5 {
        return Err(AppError::Invalid(Problem::NotReportedDone));
    }
    if !accept && reason.is_empty() {
        return Err(AppError::Invalid(Problem::ReasonRequired));
    }
    let verification = if accept {
        Verification::Verified
    } else {
        Verification::Returned
    };
    let now = state.clock.now();
    let txn = db.begin().await?;
    let written = assignment::Entity::update_many()
        .col_expr(assignment::Column::Verification, verification.code().into())
        .col_expr(assignment::Column::VerificationNote, reason.into())
        .col_expr(assignment::Column::UpdatedBy, Some(actor.user_id).into())
        .col_expr(assignment::Column::UpdatedAt, now.into())
        .col_expr(assignment::Column::Version, (version + 1).into())
        .filter(assignment::Column::Id.eq(id))
        .filter(assignment::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        txn.rollback().await?;
        let current = item(state, Some(&actor), &before.unit_code, id).await?;
        return Ok(SaveOutcome::Conflict(current));
    }
    let after = assignment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let after_value = audit_value(&after);
    record_change(&txn, &actor, &request.ip, now, &before, &after, after_value).await?;
    txn.commit().await?;
    let saved = item(state, Some(&actor), &after.unit_code, id).await?;
    Ok(SaveOutcome::Saved(saved))
}

/// One assignment of a unit's checklist as of today.
async fn item(
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

/// Writes the rules' settings after checking them; audited in the same transaction.
pub async fn save_settings(
    state: &AppState,
    request: &RequestInfo,
    wanted: RuleSettings,
) -> Result<RuleSettings, AppError> {
    let actor = access::require(Action::ManageSettings, Target::Nation).await?;
    if !(0..=90).contains(&wanted.near_due_days) {
        return Err(AppError::Invalid(Problem::NearDueOutOfRange));
    }
    if !(0.0..=100.0).contains(&wanted.tolerance_points) {
        return Err(AppError::Invalid(Problem::ToleranceOutOfRange));
    }
    let db = &state.db;
    let before = settings(db).await?;
    let txn = db.begin().await?;
    for (key, value) in [
        (NEAR_DUE_DAYS, wanted.near_due_days.to_string()),
        (TOLERANCE_POINTS, wanted.tolerance_points.to_string()),
        (COUNT_VERIFIED, wanted.count_verified.to_string()),
    ] {
        setting::Entity::delete_by_id(key).exec(&txn).await?;
        setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(value),
        }
        .insert(&txn)
        .await?;
    }
    let entry = audit::Entry {
        action: "update",
        entity: Some("setting"),
        entity_id: Some("rules".to_owned()),
        before: Some(serde_json::to_value(before).unwrap_or_default()),
        after: Some(serde_json::to_value(wanted).unwrap_or_default()),
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
    Ok(wanted)
}
