//! Changes kept on a device without a connection are sent when it returns, each with a key
//! chosen on the device; the transaction that writes one claims its key first, so a change
//! sent twice (its first answer lost) is written once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestClaim::Table)
                    .if_not_exists()
                    .col(string_len(RequestClaim::Key, 64).primary_key())
                    .col(big_integer(RequestClaim::UserId))
                    .col(timestamp_with_time_zone(RequestClaim::At))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RequestClaim::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RequestClaim {
    Table,
    Key,
    UserId,
    At,
}
