//! The catalogue from a spreadsheet: a ministry admin downloads the catalogue as it stands
//! (or the empty template), adds or corrects procedures, one a row, uploads the file, reads
//! the dry run (how many procedures would be new, changed or unchanged, and every error at
//! its line and column) and takes it in whole or not at all. A procedure is found by its
//! national code: a row changes it, never duplicates it; none is removed.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Why a row of the catalogue file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// Not a national procedure code (`1.004363`): often one read as a number.
    CodeMalformed,
    /// The same code twice in the file.
    CodeRepeated,
    /// Empty, or longer than the column allows.
    NameInvalid,
    FieldInvalid,
    LevelUnknown,
    /// Not the code of a department (or the communes' People's Committees) that receives
    /// dossiers.
    SectorUnknown,
    OnlineUnknown,
}

impl RowProblem {
    pub fn message(self, t: &'static crate::i18n::Strings) -> &'static str {
        match self {
            RowProblem::CodeMalformed => t.record_procedure_code_malformed,
            RowProblem::CodeRepeated => t.catalogue_import_code_repeated,
            RowProblem::NameInvalid => t.catalogue_import_name_invalid,
            RowProblem::FieldInvalid => t.catalogue_import_field_invalid,
            RowProblem::LevelUnknown => t.catalogue_import_level_unknown,
            RowProblem::SectorUnknown => t.catalogue_import_sector_unknown,
            RowProblem::OnlineUnknown => t.catalogue_import_online_unknown,
        }
    }
}

/// A refused row: its line (the header is line 1), the code it gives, the column and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u32,
    pub code: String,
    pub column: String,
    pub problem: RowProblem,
}

/// What taking the file in would do, or did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueFilePreview {
    pub id: String,
    pub file_name: String,
    pub file_problem: Option<crate::uploads::FileProblem>,
    pub rows: u32,
    pub errors: Vec<RowError>,
    /// When every row is right.
    pub report: Option<ImportReport>,
    pub applied: bool,
}

impl CatalogueFilePreview {
    /// Only a file without errors, that changes something, may be taken in.
    pub fn can_apply(&self) -> bool {
        !self.applied
            && self.file_problem.is_none()
            && self.errors.is_empty()
            && self.report.is_some_and(|r| r.created + r.updated > 0)
    }
}

pub const PAGE_PATH: &str = "/quan-tri/thu-tuc";
pub const UPLOAD_PATH: &str = "/api/thu-tuc/tai-len";

/// The catalogue as it stands, as a file to edit and upload back (`csv` or `xlsx`).
pub fn download_path(extension: &str) -> String {
    format!("/api/thu-tuc.{extension}")
}

/// The dry run of a catalogue upload. Ministry admins only.
#[server(endpoint = "procedures/import/preview")]
pub async fn catalogue_import_preview(id: String) -> Result<CatalogueFilePreview, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    super::import_service::preview(&state, &request, &id).await
}

/// Takes a catalogue upload in: every row or none. Taking it in twice changes nothing more.
#[server(endpoint = "procedures/import/apply")]
pub async fn catalogue_import_apply(id: String) -> Result<CatalogueFilePreview, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let preview = super::import_service::apply(&state, &request, &id).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&format!("{PAGE_PATH}?tai-len={}", preview.id));
    }
    Ok(preview)
}
