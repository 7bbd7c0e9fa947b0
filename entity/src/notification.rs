use sea_orm::entity::prelude::*;

/// Something an account must act on, once per event (`key`), until read.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// Names the event: `returned:<assignment>:<version>`, `due:<follow-up>`…
    pub key: String,
    pub kind: String,
    pub title: String,
    /// A path on this site.
    pub link: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// Taken for e-mail (by one instance, once).
    pub emailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
