use sea_orm::entity::prelude::*;

/// A document or photo attached to a recommendation or conclusion as it is followed up; the
/// file is in the evidence store under its SHA-256.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub follow_up_id: i64,
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
    /// The name the file came with (shown to those who read the province's records).
    pub file_name: String,
    pub author_id: Option<i64>,
    pub author: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
