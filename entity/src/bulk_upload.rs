use sea_orm::entity::prelude::*;

/// A spreadsheet a province official uploaded: its rows as read, kept until applied, so the
/// preview and the apply (possibly on another app instance) see the same rows.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bulk_upload")]
pub struct Model {
    /// Random, unguessable.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// What the file holds: `assignments` or `dossiers`.
    pub kind: String,
    pub province_code: String,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
    pub file_name: String,
    /// JSON: the rows as read from the file.
    pub rows: String,
    /// Why the file as a whole could not be read, if it could not.
    pub file_error: Option<String>,
    pub applied_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
