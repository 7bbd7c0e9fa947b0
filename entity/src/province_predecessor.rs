use sea_orm::entity::prelude::*;

/// A pre-2025 province merged into a current province.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "province_predecessor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
    /// Pre-2025 GSO code of the old province.
    #[sea_orm(primary_key, auto_increment = false)]
    pub old_code: String,
    pub old_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
