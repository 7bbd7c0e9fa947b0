use sea_orm::entity::prelude::*;

/// An assignment's state after one change: who, when, and what it became.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assignment_id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub status: String,
    pub progress: i32,
    pub value: Option<f64>,
    pub note: String,
    pub difficulties: String,
    pub recommendations: String,
    pub version: i32,
    pub verification: String,
    pub verification_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
