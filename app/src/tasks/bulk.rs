//! Bulk update: a province official downloads the communes' assignments as CSV or XLSX,
//! edits them, uploads the file, reads a dry-run preview (what changes, and every error with
//! its row and column), and applies all of it or nothing.

use super::rules::Status;
use crate::{
    error::{AppError, Problem},
    uploads::FileProblem,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The largest file accepted.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// The most data rows a file may hold (a province has at most a few thousand).
pub const MAX_ROWS: usize = 5_000;

/// The columns of the file, in order. Users edit the last five.
pub const COLUMNS: [&str; 13] = [
    "Mã giao việc",
    "Phiên bản",
    "Mã xã",
    "Tên xã",
    "Nhóm nhiệm vụ",
    "STT",
    "Nhiệm vụ",
    "Hạn",
    "Trạng thái",
    "Tiến độ (%)",
    "Ghi chú",
    "Số văn bản minh chứng",
    "Đường dẫn minh chứng",
];

/// One row with an error: its line in the spreadsheet (the header is line 1), the commune
/// and task it names (as far as they are known), and the column to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u32,
    pub commune: String,
    pub task: String,
    pub column: String,
    pub problem: Problem,
}

/// One row that would change an assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChange {
    pub line: u32,
    pub commune: String,
    pub task: String,
    pub status_before: Status,
    pub status_after: Status,
    pub progress_before: i32,
    pub progress_after: i32,
    pub note_changed: bool,
    pub evidence: bool,
    /// "In progress" at 100%: allowed, but likely meant "done".
    pub full_but_open: bool,
}

/// What applying an uploaded file would do, or did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPreview {
    pub id: String,
    pub province_code: String,
    pub file_name: String,
    pub file_problem: Option<FileProblem>,
    pub changes: Vec<RowChange>,
    pub errors: Vec<RowError>,
    pub unchanged: u32,
    pub applied: bool,
}

impl UploadPreview {
    /// Only a file without errors, that changes something, may be applied.
    pub fn can_apply(&self) -> bool {
        !self.applied
            && self.file_problem.is_none()
            && self.errors.is_empty()
            && !self.changes.is_empty()
    }
}

/// The page of a province's bulk update.
pub fn page_path(province: &str) -> String {
    format!("/tinh/{province}/cap-nhat-hang-loat")
}

/// The download of a province's communes' assignments (`csv` or `xlsx`).
pub fn download_path(province: &str, extension: &str) -> String {
    format!("/api/tinh/{province}/nhiem-vu-xa.{extension}")
}

pub fn upload_path(province: &str) -> String {
    format!("/api/tinh/{province}/tai-len")
}

/// The dry run of an upload. Only its uploader's province (and admins) may read it.
#[server(endpoint = "tasks/bulk/preview")]
pub async fn bulk_preview(id: String) -> Result<UploadPreview, AppError> {
    let state = crate::state::app_state()?;
    super::bulk_service::preview(&state, &id).await
}

/// Applies an upload: every change or none. Applying twice changes nothing more.
#[server(endpoint = "tasks/bulk/apply")]
pub async fn bulk_apply(id: String) -> Result<UploadPreview, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let preview = super::bulk_service::apply(&state, &request, &id).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&format!(
            "{}?tai-len={}",
            page_path(&preview.province_code),
            preview.id
        ));
    }
    Ok(preview)
}

/// Parses a status as written in the file: its label in Vietnamese or English (with or
/// without diacritics) or its code.
pub fn parse_status(text: &str) -> Option<Status> {
    let folded = crate::search::fold(text.trim());
    Status::ALL.into_iter().find(|&status| {
        let labels = [
            status.code().to_owned(),
            crate::search::fold(crate::components::progress::status_label(
                status,
                crate::i18n::Locale::Vi.strings(),
            )),
            crate::search::fold(crate::components::progress::status_label(
                status,
                crate::i18n::Locale::En.strings(),
            )),
        ];
        labels.contains(&folded)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_as_people_write_them() {
        assert_eq!(parse_status("Hoàn thành"), Some(Status::Done));
        assert_eq!(parse_status(" hoan thanh "), Some(Status::Done));
        assert_eq!(parse_status("Đang thực hiện"), Some(Status::InProgress));
        assert_eq!(parse_status("not_started"), Some(Status::NotStarted));
        assert_eq!(parse_status("Done"), Some(Status::Done));
        assert_eq!(parse_status("xong"), None);
    }
}
