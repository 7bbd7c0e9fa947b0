use sea_orm::entity::prelude::*;

/// A province's contact point (`đầu mối`) for a topic.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_point")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    pub topic: String,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub phone: String,
    pub email: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
