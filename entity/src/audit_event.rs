use sea_orm::entity::prelude::*;

/// One line of the append-only audit log (the database refuses updates and deletes).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// UTC.
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub ip: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// The province the touched data belongs to, so province officials see their own.
    pub province_code: Option<String>,
    /// JSON of the record before and after a change.
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
