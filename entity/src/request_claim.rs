use sea_orm::entity::prelude::*;

/// A change sent again from a device (its key chosen there when it was kept offline), claimed
/// in the transaction that writes it: a second sending finds the claim and writes nothing.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "request_claim")]
pub struct Model {
    /// The account's id and the device's key: `{user_id}:{key}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub user_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
