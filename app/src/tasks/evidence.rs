//! Evidence files: a PDF or image attached to an assignment, checked by its content (not its
//! name), limited in size, stored once per SHA-256 in the database.

use super::changes::authorized;
use crate::{
    access::Action,
    accounts::{Actor, session::RequestInfo},
    audit,
    error::AppError,
    state::AppState,
};
use entity::{evidence, evidence_file};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 5 * 1024 * 1024;

/// Why a file was refused, named in the page's URL (`?loi-minh-chung=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileRefusal {
    TooLarge,
    WrongType,
    Empty,
}

impl FileRefusal {
    pub fn code(self) -> &'static str {
        match self {
            FileRefusal::TooLarge => "qua-lon",
            FileRefusal::WrongType => "sai-loai",
            FileRefusal::Empty => "trong",
        }
    }
}

/// The type of a file from its first bytes: PDF, PNG or JPEG, nothing else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// An evidence file as the form sent it.
pub struct Upload {
    pub file_name: String,
    /// The file, or why it could not even be received.
    pub bytes: Result<Vec<u8>, FileRefusal>,
    pub doc_number: String,
    pub doc_date: String,
}

/// Attaches a file to an assignment; returns the unit whose checklist to go back to, or why
/// the file was refused.
pub async fn attach(
    state: &AppState,
    request: &RequestInfo,
    assignment_id: i64,
    upload: Upload,
) -> Result<Result<String, (String, FileRefusal)>, AppError> {
    let Upload {
        file_name,
        bytes,
        doc_number,
        doc_date,
    } = upload;
    let db = &state.db;
    let (actor, found) =
        authorized(state, request, assignment_id, Action::UpdateAssignment).await?;
    let unit = found.unit_code.clone();
    let bytes = match bytes {
        Ok(bytes) if bytes.is_empty() => return Ok(Err((unit, FileRefusal::Empty))),
        Ok(bytes) if bytes.len() > MAX_EVIDENCE_BYTES => {
            return Ok(Err((unit, FileRefusal::TooLarge)));
        }
        Ok(bytes) => bytes,
        Err(refusal) => return Ok(Err((unit, refusal))),
    };
    let Some(content_type) = sniff(&bytes) else {
        return Ok(Err((unit, FileRefusal::WrongType)));
    };
    let sha = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(200)
        .collect();
    let doc_number =
        Some(doc_number.trim().chars().take(100).collect::<String>()).filter(|d| !d.is_empty());
    // A date that cannot be read is left out rather than refusing the file.
    let doc_date = super::changes::optional_date(&doc_date).ok().flatten();
    let now = state.clock.now();
    let txn = db.begin().await?;
    if evidence_file::Entity::find_by_id(sha.clone())
        .one(&txn)
        .await?
        .is_none()
    {
        evidence_file::ActiveModel {
            sha256: Set(sha.clone()),
            content_type: Set(content_type.to_owned()),
            size: Set(bytes.len() as i64),
            bytes: Set(bytes),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    let row = evidence::ActiveModel {
        assignment_id: Set(found.id),
        doc_number: Set(doc_number.clone()),
        doc_date: Set(doc_date),
        link: Set(None),
        file_sha256: Set(Some(sha.clone())),
        file_name: Set(Some(name.clone())),
        created_at: Set(now),
        created_by: Set(Some(actor.user_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = audit::Entry {
        action: "create",
        entity: Some("evidence"),
        entity_id: Some(row.id.to_string()),
        province_code: Some(found.province_code.clone()),
        after: Some(serde_json::json!({
            "assignment_id": found.id,
            "file_name": name,
            "sha256": sha,
            "doc_number": doc_number,
            "doc_date": doc_date,
        })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(Ok(unit))
}

/// A stored file, for signed-in readers.
pub async fn fetch(
    state: &AppState,
    actor: Option<&Actor>,
    sha: &str,
) -> Result<evidence_file::Model, AppError> {
    actor.ok_or(AppError::Unauthorized)?;
    evidence_file::Entity::find_by_id(sha.to_owned())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0..JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None, "an executable named .pdf");
    }
}
