use sea_orm::entity::prelude::*;

/// A task of a plan, for every unit of one level (`province` or `commune`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub group_id: i64,
    pub level: String,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub starts_on: Date,
    pub deadline: Date,
    /// `checklist` (done or not) or `target` (a measured value against `target_value`).
    pub kind: String,
    pub target_value: Option<f64>,
    pub target_unit: Option<String>,
    pub evidence_required: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
