//! Each account's notifications: what it must act on (a conclusion assigned to its province,
//! a recommendation answered, a follow-up due soon or overdue, a commune task returned, a
//! report waiting for verification). One row per account and event, named by a key, so an
//! event noticed twice (by two instances, or by a sweep run again) notifies once; read and
//! e-mailed once each.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .if_not_exists()
                    .col(big_integer(Notification::Id).auto_increment().primary_key())
                    .col(big_integer(Notification::UserId))
                    .col(string_len(Notification::Key, 120))
                    .col(string_len(Notification::Kind, 32))
                    .col(string_len(Notification::Title, 400))
                    .col(string_len(Notification::Link, 200))
                    .col(timestamp_with_time_zone(Notification::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notification::ReadAt))
                    .col(timestamp_with_time_zone_null(Notification::EmailedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notification::Table, Notification::UserId)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notification_key")
                    .table(Notification::Table)
                    .col(Notification::UserId)
                    .col(Notification::Key)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notification_unsent")
                    .table(Notification::Table)
                    .col(Notification::EmailedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notification::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    UserId,
    Key,
    Kind,
    Title,
    Link,
    CreatedAt,
    ReadAt,
    EmailedAt,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}
