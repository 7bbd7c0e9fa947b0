use sea_orm::entity::prelude::*;

/// A commune-level unit (xã, phường or đặc khu) since 1 July 2025.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "commune")]
pub struct Model {
    /// Five-digit code from letter 1027/CTK-CSCL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// The code used by the boundary files; differs from `code` for two units.
    pub code_gis: String,
    pub name: String,
    pub full_name: String,
    /// `xa`, `phuong` or `dac_khu`.
    pub kind: String,
    pub name_en: String,
    pub province_code: String,
    pub area_km2: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::province::Entity",
        from = "Column::ProvinceCode",
        to = "super::province::Column::Code"
    )]
    Province,
}

impl Related<super::province::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
