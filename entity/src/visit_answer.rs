use sea_orm::entity::prelude::*;

/// The delegation's answer to a checklist question on a visit (met, partly, not met, not
/// applicable) with its note; `version` rises with each change, so a change made from an
/// older version is not written over a newer one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_answer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: i64,
    pub question_id: i64,
    pub answer: String,
    pub note: String,
    pub version: i32,
    pub author_id: Option<i64>,
    pub author: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
