use sea_orm::entity::prelude::*;

/// A response to a recommendation or conclusion, and the status it left it in.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub follow_up_id: i64,
    pub at: DateTimeUtc,
    pub author_id: Option<i64>,
    pub author: String,
    pub body: String,
    pub status_after: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
