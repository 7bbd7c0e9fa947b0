use sea_orm::entity::prelude::*;

/// A provincial unit (tỉnh or thành phố) since 1 July 2025.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "province")]
pub struct Model {
    /// Two-digit code from letter 915/CTK-CSCL, e.g. "40" for Nghệ An.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub full_name: String,
    /// `tinh` or `thanh_pho`.
    pub kind: String,
    pub name_en: String,
    pub area_km2: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::commune::Entity")]
    Commune,
}

impl Related<super::commune::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commune.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
