use sea_orm::entity::prelude::*;

/// A question of the on-site checklist of one kind of visit, under its topic; `gauge` names
/// the preparation pack's figure that suggests its answer (with `target`, in percent, where
/// the figure is a rate). A question taken out of the template stays on the visits that
/// answered it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub topic: String,
    pub body: String,
    pub gauge: Option<String>,
    pub target: Option<i32>,
    pub position: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
