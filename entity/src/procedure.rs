use sea_orm::entity::prelude::*;

/// An administrative procedure of the national catalogue.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure")]
pub struct Model {
    /// The national code (`1.004363`), kept as text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    /// `lĩnh vực`.
    pub field: String,
    /// `province` or `commune`.
    pub level: String,
    /// The code of the department that manages it in a province (`SKHCN`).
    pub sector: String,
    /// `full`, `partial` or `none`.
    pub online: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
