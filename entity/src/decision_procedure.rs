use sea_orm::entity::prelude::*;

/// A procedure a decision covers.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "decision_procedure")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub decision_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
