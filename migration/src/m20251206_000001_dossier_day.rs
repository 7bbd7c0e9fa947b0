//! The dossier counts per province, day (in Vietnam) and channel, kept beside the counts per
//! hour in the same transaction: the figures of a date read a few thousand day rows rather
//! than a year of hours. Filled from the hours already counted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DossierDay::Table)
                    .if_not_exists()
                    .col(string_len(DossierDay::ProvinceCode, 2))
                    .col(date(DossierDay::Day))
                    .col(string_len(DossierDay::Channel, 16))
                    .col(big_integer(DossierDay::Received))
                    .col(big_integer(DossierDay::Returned))
                    .primary_key(
                        Index::create()
                            .col(DossierDay::ProvinceCode)
                            .col(DossierDay::Day)
                            .col(DossierDay::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dossier_day_day")
                    .table(DossierDay::Table)
                    .col(DossierDay::Day)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // A Vietnam day is the UTC hour moved seven hours on.
        let day = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "((hour + interval '7 hours') AT TIME ZONE 'UTC')::date"
            }
            _ => "date(hour, '+7 hours')",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO dossier_day (province_code, day, channel, received, returned) \
                 SELECT province_code, {day}, channel, SUM(received), SUM(returned) \
                 FROM dossier_hour GROUP BY province_code, {day}, channel"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DossierDay::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DossierDay {
    Table,
    ProvinceCode,
    Day,
    Channel,
    Received,
    Returned,
}
