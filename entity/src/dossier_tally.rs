use sea_orm::entity::prelude::*;

/// A province's dossiers of one day (in Vietnam), channel and unit (a receiving agency, a
/// commune or a procedure): received that day, results returned that day, finished that
/// day, late ones falling due that day (not finished by then), late ones finished that day.
/// Kept with the dossiers, in the same transaction.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
    /// `agency`, `commune` or `procedure`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
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
