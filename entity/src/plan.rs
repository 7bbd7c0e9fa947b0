use sea_orm::entity::prelude::*;

/// A plan that assigns tasks, e.g. Plan 02-KH/BCĐTW.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: Date,
    /// Generated demonstration data, labelled as such wherever it is shown.
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
