use sea_orm::entity::prelude::*;

/// An agency of a province that receives dossiers: a department (`sở`), or the communes'
/// People's Committees taken together.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "agency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    /// Unique within its province (`SKHCN`).
    pub code: String,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
