use sea_orm::entity::prelude::*;

/// A province's dossiers per hour and channel: received in that hour, and results returned
/// in it. Written in the same transaction as the dossiers.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_hour")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
    /// The start of the hour (UTC).
    #[sea_orm(primary_key, auto_increment = false)]
    pub hour: DateTimeUtc,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel: String,
    pub received: i64,
    pub returned: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
