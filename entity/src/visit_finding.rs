use sea_orm::entity::prelude::*;

/// What the delegation found on a visit under one topic of its checklist; versioned like an
/// answer.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_finding")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: i64,
    pub topic: String,
    pub body: String,
    pub version: i32,
    pub author_id: Option<i64>,
    pub author: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
