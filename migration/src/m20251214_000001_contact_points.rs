//! A province's contact points (`đầu mối`) by topic: the official the ministry's delegations
//! reach for each topic after a visit, with their title, unit, telephone and e-mail. Counted
//! in the second data revision, like the visits.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const WATCHED: [&str; 1] = ["contact_point"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContactPoint::Table)
                    .if_not_exists()
                    .col(big_integer(ContactPoint::Id).auto_increment().primary_key())
                    .col(string_len(ContactPoint::ProvinceCode, 2))
                    .col(string_len(ContactPoint::Topic, 300))
                    .col(string_len(ContactPoint::Name, 200))
                    .col(string_len(ContactPoint::Title, 300))
                    .col(string_len(ContactPoint::Unit, 300))
                    .col(string_len(ContactPoint::Phone, 40))
                    .col(string_len(ContactPoint::Email, 254))
                    .col(timestamp_with_time_zone(ContactPoint::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contact_point_province")
                    .table(ContactPoint::Table)
                    .col(ContactPoint::ProvinceCode)
                    .col(ContactPoint::Topic)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        crate::revision_triggers::create(manager, &WATCHED, 2, "bump_dossier_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::revision_triggers::drop(manager, &WATCHED, None).await?;
        manager
            .drop_table(Table::drop().table(ContactPoint::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContactPoint {
    Table,
    Id,
    ProvinceCode,
    Topic,
    Name,
    Title,
    Unit,
    Phone,
    Email,
    UpdatedAt,
}
