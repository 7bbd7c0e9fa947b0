//! The API tokens of the provinces' dossier systems: each scoped to one province, stored as
//! the SHA-256 of the secret (shown once, when issued), revocable, with who issued and
//! revoked it and when it was last used.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .if_not_exists()
                    .col(big_integer(ApiToken::Id).auto_increment().primary_key())
                    .col(string_len(ApiToken::ProvinceCode, 2))
                    .col(string_len(ApiToken::Name, 200))
                    .col(string_len(ApiToken::Prefix, 16))
                    .col(string_len(ApiToken::SecretHash, 64).unique_key())
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(big_integer(ApiToken::CreatedBy))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .col(big_integer_null(ApiToken::RevokedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    ProvinceCode,
    Name,
    Prefix,
    SecretHash,
    CreatedAt,
    CreatedBy,
    LastUsedAt,
    RevokedAt,
    RevokedBy,
}
