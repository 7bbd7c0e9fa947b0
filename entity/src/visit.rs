use sea_orm::entity::prelude::*;

/// A ministry delegation's visit to a province (`đoàn công tác`, `đoàn kiểm tra`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    /// `inspection` or `working`.
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub starts_on: Date,
    pub ends_on: Date,
    /// One a line.
    pub places: String,
    /// One a line.
    pub topics: String,
    /// Who received the delegation, one a line.
    pub participants: String,
    /// `planned`, `under_way`, `report_issued` or `closed`.
    pub status: String,
    pub demo: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
