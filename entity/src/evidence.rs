use sea_orm::entity::prelude::*;

/// Evidence for an assignment: a document number and date, a link, and/or an uploaded file.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assignment_id: i64,
    pub doc_number: Option<String>,
    pub doc_date: Option<Date>,
    pub link: Option<String>,
    /// An uploaded file: its SHA-256 (the key of `evidence_file`) and the name it came with.
    pub file_sha256: Option<String>,
    pub file_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
