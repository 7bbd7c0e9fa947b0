//! Bulk update on the server: the download, the stored upload, its dry run and its
//! all-or-nothing application.

use super::{
    ChangeForm,
    bulk::{COLUMNS, RowChange, RowError, UploadPreview, parse_status},
    bulk_file::{self, SheetRow},
    changes::{Change, check_evidence, write_change},
    rules::Status,
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    error::{AppError, Problem},
    format,
    i18n::Locale,
    state::AppState,
    uploads::{self, FileProblem},
};
use entity::{assignment, bulk_upload, commune, task, task_group};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// Who may bulk-update a province's communes (checked, and a refusal audited).
pub async fn authorize(
    state: &AppState,
    actor: Option<&Actor>,
    ip: &str,
    province: &str,
) -> Result<Actor, AppError> {
    access::check(
        state,
        actor,
        ip,
        Action::UpdateAssignment,
        Target::Province(province.to_owned()),
    )
    .await
}

/// The province's commune assignments with what a row needs to show.
struct Context {
    assignments: HashMap<i64, assignment::Model>,
    tasks: HashMap<i64, task::Model>,
    groups: HashMap<i64, String>,
    communes: HashMap<String, String>,
}

async fn context(db: &impl ConnectionTrait, province: &str) -> Result<Context, DbErr> {
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::ProvinceCode.eq(province))
        .all(db)
        .await?
        .into_iter()
        .filter(|a| a.unit_code.len() == 5)
        .map(|a| (a.id, a))
        .collect();
    Ok(Context {
        assignments,
        tasks: task::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect(),
        groups: task_group::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect(),
        communes: commune::Entity::find()
            .filter(commune::Column::ProvinceCode.eq(province))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.code, c.full_name))
            .collect(),
    })
}

/// The rows of the download: every commune assignment of the province as it stands.
pub async fn export_rows(
    db: &impl ConnectionTrait,
    province: &str,
) -> Result<Vec<Vec<String>>, DbErr> {
    let ctx = context(db, province).await?;
    let labels = Locale::Vi.strings();
    let mut list: Vec<&assignment::Model> = ctx.assignments.values().collect();
    list.sort_by_key(|a| {
        let position = ctx.tasks.get(&a.task_id).map_or(0, |t| t.position);
        (a.unit_code.clone(), position, a.id)
    });
    Ok(list
        .into_iter()
        .filter_map(|a| {
            let task = ctx.tasks.get(&a.task_id)?;
            let status = Status::parse(&a.status).unwrap_or(Status::NotStarted);
            Some(vec![
                a.id.to_string(),
                a.version.to_string(),
                a.unit_code.clone(),
                ctx.communes.get(&a.unit_code).cloned().unwrap_or_default(),
                ctx.groups.get(&task.group_id).cloned().unwrap_or_default(),
                task.position.to_string(),
                task.title.clone(),
                format::date(task.deadline, Locale::Vi),
                crate::components::progress::status_label(status, labels).to_owned(),
                a.progress.to_string(),
                a.note.clone(),
                String::new(),
                String::new(),
            ])
        })
        .collect())
}

/// The kind of upload these are.
const KIND: &str = "assignments";

/// Reads and keeps an upload (even one that cannot be used, so the page can say why).
/// `content` is the file, or why it could not even be received.
pub async fn store(
    state: &AppState,
    actor: &Actor,
    province: &str,
    file_name: &str,
    content: Result<Vec<u8>, FileProblem>,
) -> Result<String, AppError> {
    uploads::store::store_file(
        state,
        actor,
        province,
        KIND,
        file_name,
        content,
        bulk_file::read,
    )
    .await
}

/// A row that would change an assignment, checked.
struct Planned {
    before: assignment::Model,
    version: i32,
    change: Change,
}

fn column(n: usize) -> String {
    COLUMNS[n].to_owned()
}

/// The file's column of a checklist form's field.
fn column_of(field: &str) -> usize {
    match field {
        "status" => 8,
        "progress" | "value" => 9,
        "evidence_number" => 11,
        "evidence_link" => 12,
        _ => 10,
    }
}

/// Checks every row against the database as it is now.
async fn evaluate(
    db: &impl ConnectionTrait,
    upload: &bulk_upload::Model,
) -> Result<(UploadPreview, Vec<Planned>), AppError> {
    let mut preview = UploadPreview {
        id: upload.id.clone(),
        province_code: upload.province_code.clone(),
        file_name: upload.file_name.clone(),
        file_problem: uploads::store::problem(upload),
        changes: Vec::new(),
        errors: Vec::new(),
        unchanged: 0,
        applied: upload.applied_at.is_some(),
    };
    let rows: Vec<SheetRow> = uploads::store::rows(upload)?;
    let ctx = context(db, &upload.province_code).await?;
    let mut seen = HashSet::new();
    let mut planned = Vec::new();
    for row in rows {
        let known = row
            .id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| ctx.assignments.get(&id));
        // Errors name the commune and task the row is about, as far as they are known.
        let (commune, task_title) = match known {
            Some(a) => (
                ctx.communes
                    .get(&a.unit_code)
                    .cloned()
                    .unwrap_or_else(|| a.unit_code.clone()),
                ctx.tasks
                    .get(&a.task_id)
                    .map(|t| t.title.clone())
                    .unwrap_or_default(),
            ),
            None => (row.commune.trim().to_owned(), String::new()),
        };
        let mut error = |col: usize, problem: Problem| {
            preview.errors.push(RowError {
                line: row.line,
                commune: commune.clone(),
                task: task_title.clone(),
                column: column(col),
                problem,
            });
        };
        let Some(before) = known else {
            error(0, Problem::NotInProvince);
            continue;
        };
        if crate::territory::commune_code(&row.commune) != before.unit_code {
            error(2, Problem::CommuneMismatch);
            continue;
        }
        if !seen.insert(before.id) {
            error(0, Problem::DuplicateRow);
            continue;
        }
        let Ok(version) = row.version.trim().parse::<i32>() else {
            error(1, Problem::NotANumber);
            continue;
        };
        if version != before.version {
            error(1, Problem::ChangedSinceDownload);
            continue;
        }
        let Some(status) = parse_status(&row.status) else {
            error(8, Problem::StatusUnknown);
            continue;
        };
        // The file does not carry difficulties and recommendations: they stay as they are.
        let Some(task) = ctx.tasks.get(&before.task_id) else {
            error(0, Problem::NotInProvince);
            continue;
        };
        let form = ChangeForm {
            status: status.code().to_owned(),
            progress: row.progress.clone(),
            value: String::new(),
            note: row.note.clone(),
            difficulties: before.difficulties.clone(),
            recommendations: before.recommendations.clone(),
            evidence_number: row.doc_number.clone(),
            evidence_date: String::new(),
            evidence_link: row.link.clone(),
        };
        let change = match Change::check(&form, before, task) {
            Ok(change) => change,
            Err((field, problem)) => {
                error(column_of(field), problem);
                continue;
            }
        };
        if let Err(AppError::InvalidField(field, problem)) =
            check_evidence(db, before, task, &change).await
        {
            error(column_of(&field), problem);
            continue;
        }
        if !change.differs_from(before) {
            preview.unchanged += 1;
            continue;
        }
        preview.changes.push(RowChange {
            line: row.line,
            commune: ctx
                .communes
                .get(&before.unit_code)
                .cloned()
                .unwrap_or_default(),
            task: task.title.clone(),
            status_before: Status::parse(&before.status).unwrap_or(Status::NotStarted),
            status_after: change.status,
            progress_before: before.progress,
            progress_after: change.progress,
            note_changed: change.note != before.note,
            full_but_open: change.status == Status::InProgress && change.progress == 100,
            evidence: change.doc_number.is_some() || change.link.is_some(),
        });
        planned.push(Planned {
            before: before.clone(),
            version,
            change,
        });
    }
    Ok((preview, planned))
}

async fn load(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<(Actor, bulk_upload::Model), AppError> {
    uploads::store::load(state, request, id, KIND, Action::UpdateAssignment).await
}

pub async fn preview(state: &AppState, id: &str) -> Result<UploadPreview, AppError> {
    let request = RequestInfo::current();
    let (_, upload) = load(state, &request, id).await?;
    Ok(evaluate(&state.db, &upload).await?.0)
}

/// Applies every change of an upload in one transaction, or none: a row whose assignment
/// changed since the preview undoes them all.
pub async fn apply(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<UploadPreview, AppError> {
    let (actor, upload) = load(state, request, id).await?;
    let (mut preview, planned) = evaluate(&state.db, &upload).await?;
    if preview.applied {
        return Ok(preview);
    }
    if !preview.can_apply() {
        return Err(AppError::Invalid(Problem::BulkHasErrors));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    if !uploads::store::claim(&txn, &upload, now).await? {
        // Applied meanwhile by another request.
        txn.rollback().await?;
        preview.applied = true;
        return Ok(preview);
    }
    for p in &planned {
        let written = write_change(
            &txn,
            &actor,
            &request.ip,
            now,
            &p.before,
            p.version,
            &p.change,
        )
        .await?;
        if written.is_none() {
            txn.rollback().await?;
            return Err(AppError::Conflict);
        }
    }
    txn.commit().await?;
    preview.applied = true;
    Ok(preview)
}
