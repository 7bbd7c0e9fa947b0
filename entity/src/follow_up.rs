use sea_orm::entity::prelude::*;

/// What a visit left to follow up: a recommendation of the locality or a conclusion of the
/// head of the delegation.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: i64,
    pub province_code: String,
    /// `recommendation` or `conclusion`.
    pub kind: String,
    pub position: i32,
    pub body: String,
    pub addressed_to: String,
    /// Who acts on it: `province`, or `ministry` (a recommendation; a conclusion the
    /// delegation took on itself).
    pub acted_by: String,
    pub responsible: String,
    pub due_on: Option<Date>,
    /// `open`, `in_progress` or `closed`.
    pub status: String,
    pub closed_on: Option<Date>,
    /// Raised by one on every change; a change names the version it started from.
    pub version: i32,
    /// The day it was written (none: its visit's first day).
    pub created_on: Option<Date>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
