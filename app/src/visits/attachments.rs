//! Photos and documents a visit keeps: taken for a checklist question by the delegation, or
//! attached to a recommendation or conclusion by those who answer it. Each is kept in the
//! evidence store (checked by content, limited in size), sent by a plain multipart form that
//! the device keeps without a connection, and read by those who read the province's records.

use super::{checklist::checklist_path, follow_up_anchor, visit_path};
use crate::{error::AppError, uploads::FileRefusal};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a photo or document is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachedTo {
    /// A question of visit `visit`'s checklist.
    Question { visit: i64, question: i64 },
    /// Recommendation or conclusion `id` of visit `visit`.
    FollowUp { visit: i64, id: i64 },
}

impl AttachedTo {
    /// Where its files are sent (a multipart form).
    pub fn upload_path(self) -> String {
        match self {
            AttachedTo::Question { visit, question } => {
                format!("/api/doan-cong-tac/{visit}/cau-hoi/{question}/anh")
            }
            AttachedTo::FollowUp { visit, id } => {
                format!("/api/doan-cong-tac/{visit}/kien-nghi/{id}/tai-lieu")
            }
        }
    }

    /// The visit it belongs to.
    pub fn visit(self) -> i64 {
        match self {
            AttachedTo::Question { visit, .. } | AttachedTo::FollowUp { visit, .. } => visit,
        }
    }

    /// The page that shows its files and their form.
    pub fn page(self) -> String {
        match self {
            AttachedTo::Question { visit, .. } => checklist_path(visit),
            AttachedTo::FollowUp { visit, .. } => visit_path(visit),
        }
    }

    /// The anchor a file sent returns to: its outcome, above its form.
    pub fn anchor(self) -> String {
        match self {
            AttachedTo::Question { question, .. } => format!("photo-{question}"),
            AttachedTo::FollowUp { id, .. } => format!("{}-files", follow_up_anchor(id)),
        }
    }

    /// What names it before `.` in `forms::FILE_REFUSED_PARAM`.
    pub fn key(self) -> String {
        match self {
            AttachedTo::Question { question, .. } => question.to_string(),
            AttachedTo::FollowUp { id, .. } => format!("kn{id}"),
        }
    }

    /// File `id` attached to it.
    pub fn kept(self, id: i64) -> Kept {
        match self {
            AttachedTo::Question { .. } => Kept::Photo(id),
            AttachedTo::FollowUp { .. } => Kept::FollowUpFile(id),
        }
    }
}

/// A photo or document kept: of a checklist question, or of a recommendation or conclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Photo(i64),
    FollowUpFile(i64),
}

impl Kept {
    /// Where it is read.
    pub fn path(self) -> String {
        match self {
            Kept::Photo(id) => format!("/api/doan-cong-tac/anh/{id}"),
            Kept::FollowUpFile(id) => format!("/api/doan-cong-tac/tai-lieu/{id}"),
        }
    }
}

/// How many photos or documents one question, or one recommendation or conclusion, keeps
/// (what its problem message says).
pub const MAX_ATTACHED: u64 = 20;

/// A photo or document as its page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachedFile {
    pub id: i64,
    pub image: bool,
    pub size: i64,
    pub at: DateTime<Utc>,
    pub author: String,
    /// The name it came with (a document attached to a recommendation or conclusion).
    pub name: Option<String>,
}

/// Why a file was not attached, as its page is told (after `<key>.` in
/// `forms::FILE_REFUSED_PARAM`): the file's fault, or the visit's or the account's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachRefusal {
    File(FileRefusal),
    VisitClosed,
    TooMany,
    OtherAccount,
}

impl AttachRefusal {
    pub fn code(self) -> &'static str {
        match self {
            AttachRefusal::File(refusal) => refusal.code(),
            AttachRefusal::VisitClosed => "da-dong",
            AttachRefusal::TooMany => "qua-nhieu",
            AttachRefusal::OtherAccount => "tai-khoan-khac",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "da-dong" => Some(AttachRefusal::VisitClosed),
            "qua-nhieu" => Some(AttachRefusal::TooMany),
            "tai-khoan-khac" => Some(AttachRefusal::OtherAccount),
            code => FileRefusal::parse(code).map(AttachRefusal::File),
        }
    }

    pub fn error(self) -> AppError {
        match self {
            AttachRefusal::File(refusal) => AppError::Invalid(refusal.problem()),
            AttachRefusal::VisitClosed => AppError::Invalid(crate::error::Problem::VisitClosed),
            AttachRefusal::TooMany => AppError::Invalid(crate::error::Problem::TooManyPhotos),
            AttachRefusal::OtherAccount => AppError::OtherAccount,
        }
    }
}

#[cfg(feature = "ssr")]
pub use store::{attach, authorized, fetch};

#[cfg(feature = "ssr")]
mod store {
    use super::{AttachedTo, Kept, MAX_ATTACHED};
    use crate::{
        access::{self, Action, Target},
        accounts::{Actor, session::RequestInfo},
        audit,
        error::{AppError, Problem},
        forms::claim,
        state::{AppState, begin_write},
        tasks::evidence::{self, FileRefusal},
        visits::{
            VisitStatus,
            checklist::{record::writable, service::questions, service::target},
        },
    };
    use entity::{evidence_file, follow_up, follow_up_file, visit, visit_photo};
    use sea_orm::{
        ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait,
        QueryFilter,
    };

    /// The visited province and the one asking, if they may attach a file to `to` (checked
    /// before the file is received): the delegation to its checklist's questions; those who
    /// answer a recommendation or conclusion to it. What is missing is refused as another
    /// province's would be.
    pub async fn authorized(
        state: &AppState,
        request: &RequestInfo,
        to: AttachedTo,
    ) -> Result<(String, Actor), AppError> {
        match to {
            AttachedTo::Question { visit, question } => {
                let (v, actor) = writable(state, request, visit).await?;
                let asked = questions(&state.db, &v).await?;
                if !asked.iter().any(|q| q.id == question) {
                    return Err(AppError::NotFound);
                }
                Ok((v.province_code, actor))
            }
            AttachedTo::FollowUp { visit, id } => {
                let item = follow_up::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .filter(|item| item.visit_id == visit);
                let target = item.as_ref().map_or(Target::Nation, |item| {
                    Target::Province(item.province_code.clone())
                });
                let (actor, ip) = (request.actor.as_ref(), &request.ip);
                let actor =
                    access::check(state, actor, ip, Action::RespondFollowUp, target).await?;
                let item = item.ok_or(AppError::NotFound)?;
                Ok((item.province_code, actor))
            }
        }
    }

    /// Attaches the file `name` with `bytes` to `to`, or says why it was refused. A file
    /// kept offline and sent twice is attached once.
    pub async fn attach(
        state: &AppState,
        request: &RequestInfo,
        to: AttachedTo,
        name: &str,
        bytes: Result<Vec<u8>, FileRefusal>,
    ) -> Result<Result<(), FileRefusal>, AppError> {
        let (province, actor) = authorized(state, request, to).await?;
        let (bytes, content_type) = match evidence::accepted(bytes) {
            Ok(file) => file,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let size = bytes.len() as i64;
        let now = state.clock.now();
        let txn = begin_write(&state.db).await?;
        // Claimed first: a file attached when it was sent before is not refused now.
        claim(&txn, request, actor.user_id, now).await?;
        let sha = evidence::keep_file(&txn, bytes, content_type, now).await?;
        // Read after the writes above took the lock: a visit closed meanwhile takes no more.
        let status = visit::Entity::find_by_id(to.visit())
            .one(&txn)
            .await?
            .map(|v| v.status);
        if status.as_deref().and_then(VisitStatus::parse) == Some(VisitStatus::Closed) {
            return Err(AppError::Invalid(Problem::VisitClosed));
        }
        if kept(&txn, to).await? >= MAX_ATTACHED {
            return Err(AppError::Invalid(Problem::TooManyPhotos));
        }
        let (entity, id, detail) = match to {
            AttachedTo::Question { visit, question } => {
                let photo = visit_photo::Entity::insert(visit_photo::ActiveModel {
                    visit_id: Set(visit),
                    question_id: Set(question),
                    sha256: Set(sha.clone()),
                    content_type: Set(content_type.to_owned()),
                    size: Set(size),
                    author_id: Set(Some(actor.user_id)),
                    author: Set(actor.display_name.clone()),
                    created_at: Set(now),
                    ..Default::default()
                })
                .exec(&txn)
                .await?;
                let detail = serde_json::json!({ "question": question });
                ("visit_photo", photo.last_insert_id, detail)
            }
            AttachedTo::FollowUp { id: item, .. } => {
                let name: String = name.trim().chars().take(200).collect();
                let file = follow_up_file::Entity::insert(follow_up_file::ActiveModel {
                    follow_up_id: Set(item),
                    sha256: Set(sha.clone()),
                    content_type: Set(content_type.to_owned()),
                    size: Set(size),
                    file_name: Set(name.clone()),
                    author_id: Set(Some(actor.user_id)),
                    author: Set(actor.display_name.clone()),
                    created_at: Set(now),
                    ..Default::default()
                })
                .exec(&txn)
                .await?;
                let detail = serde_json::json!({ "follow_up_id": item, "file_name": name });
                ("follow_up_file", file.last_insert_id, detail)
            }
        };
        let mut after = detail;
        after["sha256"] = sha.into();
        after["size"] = size.into();
        let entry = audit::Entry {
            action: "create",
            entity: Some(entity),
            entity_id: Some(id.to_string()),
            province_code: Some(province),
            after: Some(after),
            ..Default::default()
        };
        audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// How many files `to` holds (read after the writes before took the lock).
    async fn kept(txn: &DatabaseTransaction, to: AttachedTo) -> Result<u64, AppError> {
        Ok(match to {
            AttachedTo::Question { visit, question } => {
                visit_photo::Entity::find()
                    .filter(visit_photo::Column::VisitId.eq(visit))
                    .filter(visit_photo::Column::QuestionId.eq(question))
                    .count(txn)
                    .await?
            }
            AttachedTo::FollowUp { id, .. } => {
                follow_up_file::Entity::find()
                    .filter(follow_up_file::Column::FollowUpId.eq(id))
                    .count(txn)
                    .await?
            }
        })
    }

    /// The file kept, for those who read the province's records.
    pub async fn fetch(
        state: &AppState,
        actor: Option<&Actor>,
        kept: Kept,
    ) -> Result<evidence_file::Model, AppError> {
        let (province, sha) = match kept {
            Kept::Photo(id) => {
                let photo = visit_photo::Entity::find_by_id(id).one(&state.db).await?;
                let province = match &photo {
                    Some(p) => province_of_visit(state, p.visit_id).await?,
                    None => String::new(),
                };
                (province, photo.map(|p| p.sha256))
            }
            Kept::FollowUpFile(id) => {
                let file = follow_up_file::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?;
                let province = match &file {
                    Some(f) => follow_up::Entity::find_by_id(f.follow_up_id)
                        .one(&state.db)
                        .await?
                        .map(|item| item.province_code)
                        .unwrap_or_default(),
                    None => String::new(),
                };
                (province, file.map(|f| f.sha256))
            }
        };
        access::authorize(actor, Action::ReadUnitRecords, &target(&province))?;
        let sha = sha.ok_or(AppError::NotFound)?;
        evidence_file::Entity::find_by_id(sha)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn province_of_visit(state: &AppState, visit_id: i64) -> Result<String, AppError> {
        Ok(visit::Entity::find_by_id(visit_id)
            .one(&state.db)
            .await?
            .map(|v| v.province_code)
            .unwrap_or_default())
    }
}
