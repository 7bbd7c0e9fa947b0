use sea_orm::entity::prelude::*;

/// A dossier (`hồ sơ`) as a province's system sent it last.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    /// Unique within its province: sending it again updates it.
    pub code: String,
    pub agency_id: i64,
    pub commune_code: Option<String>,
    pub procedure_code: String,
    pub received_at: DateTimeUtc,
    /// `online`, `in_person` or `postal`.
    pub channel: String,
    pub due_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub returned_at: Option<DateTimeUtc>,
    pub status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
