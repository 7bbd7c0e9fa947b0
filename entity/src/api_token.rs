use sea_orm::entity::prelude::*;

/// An API token of a province's dossier system. Only the SHA-256 of its secret is kept.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The one province whose dossiers it may send.
    pub province_code: String,
    /// What the integration is (`Hệ thống thông tin giải quyết TTHC tỉnh Nghệ An`).
    pub name: String,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    #[sea_orm(unique)]
    pub secret_hash: String,
    pub created_at: DateTimeUtc,
    pub created_by: i64,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
