//! Dossier uploads on the server: the file kept with its rows, its dry run (the batch
//! written and rolled back, so the preview says exactly what taking it in would do) and its
//! all-or-nothing taking in, marked applied in the same transaction.

use super::{
    DossierRecord,
    ingest::{Checked, begin_batch, check, write_checked},
    upload::{DossierFilePreview, LineError},
    upload_file::{TEMPLATE, column_of, record},
};
use crate::{
    access::Action,
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    state::AppState,
    uploads::{self, FileProblem, store::FileRow},
};
use chrono::{DateTime, Utc};
use entity::bulk_upload;
use sea_orm::DatabaseConnection;

const KIND: &str = "dossiers";

fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<FileRow>, FileProblem> {
    uploads::store::template_rows(&TEMPLATE, file_name, bytes)
}

/// Reads and keeps an upload (even one that cannot be used, so the page can say why).
pub async fn store(
    state: &AppState,
    actor: &Actor,
    province: &str,
    file_name: &str,
    content: Result<Vec<u8>, FileProblem>,
) -> Result<String, AppError> {
    uploads::store::store_file(state, actor, province, KIND, file_name, content, read).await
}

/// The upload's preview, and its dossiers checked when every row is right.
async fn evaluate(
    db: &DatabaseConnection,
    upload: &bulk_upload::Model,
    now: DateTime<Utc>,
) -> Result<(DossierFilePreview, Option<Checked>), AppError> {
    let rows: Vec<FileRow> = uploads::store::rows(upload)?;
    let mut preview = DossierFilePreview {
        id: upload.id.clone(),
        province_code: upload.province_code.clone(),
        file_name: upload.file_name.clone(),
        file_problem: uploads::store::problem(upload),
        rows: rows.len() as u32,
        errors: Vec::new(),
        report: None,
        applied: upload.applied_at.is_some(),
    };
    if preview.file_problem.is_some() {
        return Ok((preview, None));
    }
    // Rows that read well go on to the database's checks, so every error shows at once.
    let mut records: Vec<DossierRecord> = Vec::with_capacity(rows.len());
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        match record(&row.cells) {
            Ok(r) => {
                records.push(r);
                lines.push(row.line);
            }
            Err((field, problem)) => preview.errors.push(LineError {
                line: row.line,
                code: row.cells.first().cloned().unwrap_or_default(),
                column: column_of(field).to_owned(),
                problem,
            }),
        }
    }
    let checked = match check(db, &upload.province_code, &records, now).await? {
        Ok(checked) => Some(checked),
        Err(refused) => {
            preview
                .errors
                .extend(refused.into_iter().map(|e| LineError {
                    line: lines[e.index],
                    code: e.code,
                    column: column_of(&e.field).to_owned(),
                    problem: e.problem,
                }));
            None
        }
    };
    if !preview.errors.is_empty() {
        preview.errors.sort_by_key(|e| e.line);
        return Ok((preview, None));
    }
    Ok((preview, checked))
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
) -> Result<DossierFilePreview, AppError> {
    let (_, upload) = load(state, request, id).await?;
    let (mut preview, checked) = evaluate(&state.db, &upload, state.clock.now()).await?;
    if let (Some(checked), false) = (checked, preview.applied) {
        // Written and rolled back: exactly what taking it in would do now.
        let (_turn, txn) = begin_batch(&state.db).await?;
        preview.report = Some(write_checked(&txn, &upload.province_code, checked).await?);
        txn.rollback().await?;
    }
    Ok(preview)
}

pub async fn apply(
    state: &AppState,
    request: &RequestInfo,
    id: &str,
) -> Result<DossierFilePreview, AppError> {
    let (actor, upload) = load(state, request, id).await?;
    let now = state.clock.now();
    let (mut preview, checked) = evaluate(&state.db, &upload, now).await?;
    if preview.applied {
        return Ok(preview);
    }
    let Some(checked) = checked else {
        return Err(AppError::Invalid(Problem::BulkHasErrors));
    };
    let province = upload.province_code.clone();
    let (_turn, txn) = begin_batch(&state.db).await?;
    if !uploads::store::claim(&txn, &upload, now).await? {
        // Taken in meanwhile by another request.
        txn.rollback().await?;
        preview.applied = true;
        return Ok(preview);
    }
    let report = write_checked(&txn, &province, checked).await?;
    let entry = audit::Entry {
        action: "dossier_batch",
        entity: Some("bulk_upload"),
        entity_id: Some(id.to_owned()),
        province_code: Some(province),
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
    preview.report = Some(report);
    Ok(preview)
}
