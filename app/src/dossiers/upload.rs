//! Dossiers from a spreadsheet, for a province without an integration: a province official
//! downloads the template, fills one row per dossier, uploads it, reads the dry run (how many
//! dossiers would be new, updated or unchanged, and every error at its line and column) and
//! takes the file in whole or not at all, as a batch of the API would be.

use super::{BatchReport, RecordProblem};
use crate::{error::AppError, uploads::FileProblem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A refused row: its line in the spreadsheet (the header is line 1), the dossier code it
/// gives, the column to fix and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: u32,
    pub code: String,
    pub column: String,
    pub problem: RecordProblem,
}

/// What taking an uploaded file in would do, or did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFilePreview {
    pub id: String,
    pub province_code: String,
    pub file_name: String,
    pub file_problem: Option<FileProblem>,
    pub rows: u32,
    pub errors: Vec<LineError>,
    /// What it would do (or did), when every row is right.
    pub report: Option<BatchReport>,
    pub applied: bool,
}

impl DossierFilePreview {
    /// Only a file without errors, that changes something, may be taken in.
    pub fn can_apply(&self) -> bool {
        !self.applied
            && self.file_problem.is_none()
            && self.errors.is_empty()
            && self.report.is_some_and(|r| r.created + r.updated > 0)
    }
}

/// The page of a province's dossier upload.
pub fn page_path(province: &str) -> String {
    format!("/tinh/{province}/ho-so/tai-len")
}

/// The empty template (`csv` or `xlsx`).
pub fn template_path(province: &str, extension: &str) -> String {
    format!("/api/tinh/{province}/ho-so-mau.{extension}")
}

pub fn upload_path(province: &str) -> String {
    format!("/api/tinh/{province}/ho-so/tai-len")
}

/// The dry run of an upload. Only its province's officials (and admins) may read it.
#[server(endpoint = "dossiers/upload/preview")]
pub async fn dossier_upload_preview(id: String) -> Result<DossierFilePreview, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    super::upload_service::preview(&state, &request, &id).await
}

/// Takes an upload in: every dossier or none. Taking it in twice changes nothing more.
#[server(endpoint = "dossiers/upload/apply")]
pub async fn dossier_upload_apply(id: String) -> Result<DossierFilePreview, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let preview = super::upload_service::apply(&state, &request, &id).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&format!(
            "{}?tai-len={}",
            page_path(&preview.province_code),
            preview.id
        ));
    }
    Ok(preview)
}
