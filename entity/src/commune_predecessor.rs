use sea_orm::entity::prelude::*;

/// A pre-2025 commune that went, wholly or in part, into a current commune.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "commune_predecessor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub commune_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub old_code: String,
    pub old_name: String,
    /// True when the whole old commune went into this one, false for a part.
    pub whole: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
