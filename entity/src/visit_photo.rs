use sea_orm::entity::prelude::*;

/// A photo (or scanned document) taken for a checklist question on a visit; the file is in
/// the evidence store under its SHA-256.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_photo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: i64,
    pub question_id: i64,
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
    pub author_id: Option<i64>,
    pub author: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
