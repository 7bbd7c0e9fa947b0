//! Refusals of anonymous clients counted per address, action and minute: the audit log gets
//! one row for the first of each, not one per request.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RefusalTally::Table)
                    .if_not_exists()
                    .col(string_len(RefusalTally::Address, 64))
                    .col(string_len(RefusalTally::Action, 32))
                    .col(timestamp_with_time_zone(RefusalTally::Minute))
                    .col(big_integer(RefusalTally::Count))
                    .primary_key(
                        Index::create()
                            .col(RefusalTally::Address)
                            .col(RefusalTally::Action)
                            .col(RefusalTally::Minute),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refusal_tally_minute")
                    .table(RefusalTally::Table)
                    .col(RefusalTally::Minute)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefusalTally::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RefusalTally {
    Table,
    Address,
    Action,
    Minute,
    Count,
}
