//! Evidence files: a PDF or image attached to an assignment (or, as its document, to a
//! decision), checked by its content (not its name), limited in size, stored once per
//! SHA-256 in the database.

use super::{changes::authorized, service::unit_target};
use crate::state::begin_write;
pub use crate::uploads::FileRefusal;
use crate::{
    access::{self, Action, Target},
    accounts::session::RequestInfo,
    audit,
    error::AppError,
    state::AppState,
};
use entity::{assignment, evidence, evidence_file};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// The largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 5 * 1024 * 1024;

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

/// A file that may be kept, with its type; or why not: empty, too large, not a PDF, PNG or
/// JPEG.
pub fn accepted(
    bytes: Result<Vec<u8>, FileRefusal>,
) -> Result<(Vec<u8>, &'static str), FileRefusal> {
    let bytes = bytes?;
    if bytes.is_empty() {
        return Err(FileRefusal::Empty);
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(FileRefusal::TooLarge);
    }
    let content_type = sniff(&bytes).ok_or(FileRefusal::WrongType)?;
    Ok((bytes, content_type))
}

/// Keeps a file in the caller's transaction, once per content; returns its SHA-256.
pub async fn keep_file(
    txn: &impl sea_orm::ConnectionTrait,
    bytes: Vec<u8>,
    content_type: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, sea_orm::DbErr> {
    let sha = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    // The same file sent twice at once is kept once.
    evidence_file::Entity::insert(evidence_file::ActiveModel {
        sha256: Set(sha.clone()),
        content_type: Set(content_type.to_owned()),
        size: Set(bytes.len() as i64),
        bytes: Set(bytes),
        created_at: Set(now),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(evidence_file::Column::Sha256)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(sha)
}

/// An evidence file as the form sent it.
pub struct Upload {
    pub file_name: String,
    /// The file, or why it could not even be received.
    pub bytes: Result<Vec<u8>, FileRefusal>,
    pub doc_number: String,
    pub doc_date: String,
}

/// A file name as it is kept and shown: without control characters, path separators, or
/// the invisible characters that reorder or hide text (`a\u{202e}fdp.exe` would show as
/// "aexe.pdf").
pub fn clean_file_name(name: &str) -> String {
    name.chars()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c, '/' | '\\')
                && !matches!(c,
                    '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
                    | '\u{061c}' | '\u{feff}' | '\u{00ad}')
        })
        .take(200)
        .collect()
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
    let (bytes, content_type) = match accepted(bytes) {
        Ok(file) => file,
        Err(refusal) => return Ok(Err((unit, refusal))),
    };
    let name = clean_file_name(&file_name);
    let doc_number =
        Some(doc_number.trim().chars().take(100).collect::<String>()).filter(|d| !d.is_empty());
    // A date that cannot be read is left out rather than refusing the file.
    let doc_date = super::changes::optional_date(&doc_date).ok().flatten();
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let sha = keep_file(&txn, bytes, content_type, now).await?;
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

/// A stored file, for those who may read the records of a unit it is evidence for.
pub async fn fetch(
    state: &AppState,
    request: &RequestInfo,
    sha: &str,
) -> Result<evidence_file::Model, AppError> {
    let ids: Vec<i64> = evidence::Entity::find()
        .filter(evidence::Column::FileSha256.eq(sha))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|e| e.assignment_id)
        .collect();
    let targets: Vec<Target> = assignment::Entity::find()
        .filter(assignment::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .iter()
        .map(|a| unit_target(&a.unit_code, &a.province_code))
        .collect();
    let actor = request.actor.as_ref();
    let target = targets
        .iter()
        .find(|t| access::authorize(actor, Action::ReadUnitRecords, t).is_ok())
        .or(targets.first())
        .cloned()
        .unwrap_or(Target::Nation);
    access::check(state, actor, &request.ip, Action::ReadUnitRecords, target).await?;
    evidence_file::Entity::find_by_id(sha.to_owned())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::{clean_file_name, sniff};

    #[test]
    fn file_names_show_what_they_are() {
        assert_eq!(clean_file_name("a\u{202e}fdp.exe"), "afdp.exe");
        assert_eq!(clean_file_name("b\u{200b}\u{2066}c.pdf"), "bc.pdf");
        assert_eq!(clean_file_name("../x\n.pdf"), "..x.pdf");
        assert_eq!(clean_file_name("Quyết định.pdf"), "Quyết định.pdf");
    }

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0..JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None, "an executable named .pdf");
    }

    proptest::proptest! {
        /// Only a PDF, PNG or JPEG signature is ever taken for one, whatever follows.
        #[test]
        fn only_known_signatures_pass(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let known = bytes.starts_with(b"%PDF-")
                || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
                || bytes.starts_with(b"\xff\xd8\xff");
            proptest::prop_assert_eq!(sniff(&bytes).is_some(), known);
            let name: String = bytes.iter().map(|&b| char::from(b)).collect();
            let clean = clean_file_name(&name);
            proptest::prop_assert!(clean.chars().count() <= 200);
            proptest::prop_assert!(!clean.contains(['/', '\\']) && !clean.chars().any(char::is_control));
        }
    }
}
