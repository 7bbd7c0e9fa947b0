use sea_orm::entity::prelude::*;

/// The day tallies (`dossier_tally`) summed by month: a province's dossiers of one month (in
/// Vietnam), channel and unit. A period's whole months are read here, only its first and last
/// months' days from the day tallies. Kept with the dossiers, in the same transaction.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_tally_month")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
    /// `agency`, `commune` or `procedure`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit: String,
    /// The month's first day.
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: Date,
    /// The agency's id, the commune's code or the procedure's code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel: String,
    pub received: i64,
    pub returned: i64,
    pub finished: i64,
    pub late: i64,
    pub late_finished: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
