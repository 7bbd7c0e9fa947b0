use sea_orm::entity::prelude::*;

/// A task given to one unit, as it stands now. Every change is also kept in
/// `assignment_change`, so the state on any past date can be rebuilt.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub task_id: i64,
    /// A province code (province tasks) or a commune code (commune tasks).
    pub unit_code: String,
    /// The province the unit is in (the unit itself for province tasks).
    pub province_code: String,
    /// `not_started`, `in_progress` or `done`.
    pub status: String,
    /// 0–100.
    pub progress: i32,
    pub value: Option<f64>,
    pub note: String,
    pub difficulties: String,
    pub recommendations: String,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
    /// Raised by one on every change; a save names the version it started from.
    pub version: i32,
    /// `none` (not done), `pending` (done, awaiting the province), `verified` or `returned`.
    pub verification: String,
    /// Why the province returned it.
    pub verification_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
