//! Catalogue uploads on the server, through the one upload pattern: the file kept with its
//! rows, its dry run (each row compared with the catalogue as it stands) and its taking in,
//! all or nothing, marked applied and audited in the same transaction.

use super::{
    import::{CatalogueFilePreview, ImportReport, RowError, RowProblem},
    import_file::{COLUMNS, TEMPLATE, procedure},
};
use crate::state::begin_write;
use crate::{
    access::Action,
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    state::AppState,
    uploads::{self, FileProblem, store::FileRow},
};
use entity::{agency, bulk_upload, procedure as procedure_entity};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};
use std::collections::{HashMap, HashSet};

const KIND: &str = "catalogue";
/// Rows per statement.
const CHUNK: usize = 500;

fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<FileRow>, FileProblem> {
    uploads::store::template_rows(&TEMPLATE, file_name, bytes)
}

/// Reads and keeps a catalogue upload (the catalogue is national: no province).
pub async fn store(
    state: &AppState,
    actor: &Actor,
    file_name: &str,
    content: Result<Vec<u8>, FileProblem>,
) -> Result<String, AppError> {
    uploads::store::store_file(state, actor, "", KIND, file_name, content, read).await
}

/// The catalogue as it stands, in code order.
pub async fn catalogue(
    db: &impl ConnectionTrait,
) -> Result<Vec<procedure_entity::Model>, AppError> {
    Ok(procedure_entity::Entity::find()
        .order_by_asc(procedure_entity::Column::Code)
        .all(db)
        .await?)
}

/// The preview, and the procedures that would change when every row is right.
async fn evaluate(
    db: &impl ConnectionTrait,
    upload: &bulk_upload::Model,
) -> Result<(CatalogueFilePreview, Vec<procedure_entity::Model>), AppError> {
    let rows: Vec<FileRow> = uploads::store::rows(upload)?;
    let mut preview = CatalogueFilePreview {
        id: upload.id.clone(),
        file_name: upload.file_name.clone(),
        file_problem: uploads::store::problem(upload),
        rows: rows.len() as u32,
        errors: Vec::new(),
        report: None,
        applied: upload.applied_at.is_some(),
    };
    if preview.file_problem.is_some() {
        return Ok((preview, Vec::new()));
    }
    let sectors: HashSet<String> = agency::Entity::find()
        .select_only()
        .column(agency::Column::Code)
        .distinct()
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut seen = HashSet::new();
    let mut read = Vec::with_capacity(rows.len());
    for row in &rows {
        let refuse = |column: usize, problem| RowError {
            line: row.line,
            code: crate::audit::escape_control(
                &row.cells
                    .first()
                    .map_or("", |c| c.trim())
                    .chars()
                    .take(40)
                    .collect::<String>(),
            ),
            column: COLUMNS[column].to_owned(),
            problem,
        };
        match procedure(&row.cells) {
            Err((column, problem)) => preview.errors.push(refuse(column, problem)),
            Ok(p) if !seen.insert(p.code.clone()) => {
                preview.errors.push(refuse(0, RowProblem::CodeRepeated));
            }
            Ok(p) if !sectors.contains(&p.sector) => {
                preview.errors.push(refuse(4, RowProblem::SectorUnknown));
            }
            Ok(p) => read.push(p),
        }
    }
    if !preview.errors.is_empty() {
        return Ok((preview, Vec::new()));
    }
    let codes: Vec<&str> = read.iter().map(|p| p.code.as_str()).collect();
    let mut existing = HashMap::new();
    for chunk in codes.chunks(CHUNK) {
        for found in procedure_entity::Entity::find()
            .filter(procedure_entity::Column::Code.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            existing.insert(found.code.clone(), found);
        }
    }
    let mut report = ImportReport::default();
    let mut changed = Vec::new();
    for p in read {
        match existing.get(&p.code) {
            Some(old) if *old == p => report.unchanged += 1,
            Some(_) => {
                report.updated += 1;
                changed.push(p);
            }
            None => {
                report.created += 1;
                changed.push(p);
            }
        }
    }
    preview.report = Some(report);
    Ok((preview, changed))
}

async fn load(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<(Actor, bulk_upload::Model), AppError> {
    uploads::store::load(state, request, id, KIND, Action::ManageProcedures).await
}

pub async fn preview(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<CatalogueFilePreview, AppError> {
    let (_, upload) = load(state, request, id).await?;
    Ok(evaluate(&state.db, &upload).await?.0)
}

pub async fn apply(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<CatalogueFilePreview, AppError> {
    let (actor, upload) = load(state, request, id).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // Claimed first: a second request for the same file finds it applied, and on SQLite the
    // write lock is taken before the rows are read.
    if !uploads::store::claim(&txn, &upload, now).await? {
        txn.rollback().await?;
        let (mut preview, _) = evaluate(&state.db, &upload).await?;
        preview.applied = true;
        return Ok(preview);
    }
    // Checked again in the transaction that writes: the report is what it did.
    let (mut preview, changed) = evaluate(&txn, &upload).await?;
    let report = match preview.report {
        Some(report) if preview.can_apply() => report,
        _ => {
            txn.rollback().await?;
            return Err(AppError::Invalid(Problem::BulkHasErrors));
        }
    };
    use procedure_entity::Column as C;
    let models: Vec<procedure_entity::ActiveModel> = changed
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect();
    for chunk in models.chunks(CHUNK) {
        procedure_entity::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(C::Code)
                    .update_columns([C::Name, C::Field, C::Level, C::Sector, C::Online])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    let entry = audit::Entry {
        action: "catalogue_import",
        entity: Some("bulk_upload"),
        entity_id: Some(id.to_owned()),
        after: Some(serde_json::json!({
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    preview.applied = true;
    Ok(preview)
}
