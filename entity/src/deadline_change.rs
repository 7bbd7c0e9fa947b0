use sea_orm::entity::prelude::*;

/// A task's deadline moved: when, from what, to what. Pages shown as of a past date use the
/// deadline that was in force then.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deadline_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub task_id: i64,
    pub at: DateTimeUtc,
    pub before: Date,
    pub after: Date,
    pub actor_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
