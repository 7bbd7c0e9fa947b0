//! The dossier tallies summed by month, beside the tallies by day: a province's procedures
//! page reads a period's whole months here and only the days of its first and last months
//! from the day tallies, so its cost follows the months asked for, not the days. Filled from
//! the day tallies already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DossierTallyMonth::Table)
                    .if_not_exists()
                    .col(string_len(DossierTallyMonth::ProvinceCode, 2))
                    .col(date(DossierTallyMonth::Month))
                    .col(string_len(DossierTallyMonth::Unit, 16))
                    .col(string_len(DossierTallyMonth::UnitKey, 32))
                    .col(string_len(DossierTallyMonth::Channel, 16))
                    .col(big_integer(DossierTallyMonth::Received))
                    .col(big_integer(DossierTallyMonth::Returned))
                    .col(big_integer(DossierTallyMonth::Finished))
                    .col(big_integer(DossierTallyMonth::Late))
                    .col(big_integer(DossierTallyMonth::LateFinished))
                    .primary_key(
                        Index::create()
                            .col(DossierTallyMonth::ProvinceCode)
                            .col(DossierTallyMonth::Unit)
                            .col(DossierTallyMonth::Month)
                            .col(DossierTallyMonth::UnitKey)
                            .col(DossierTallyMonth::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        let month = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "CAST(date_trunc('month', day) AS date)",
            _ => "date(day, 'start of month')",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO dossier_tally_month (province_code, unit, month, unit_key, channel, \
                 received, returned, finished, late, late_finished) \
                 SELECT province_code, unit, {month}, unit_key, channel, SUM(received), \
                 SUM(returned), SUM(finished), SUM(late), SUM(late_finished) FROM dossier_tally \
                 GROUP BY province_code, unit, {month}, unit_key, channel"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DossierTallyMonth::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DossierTallyMonth {
    Table,
    ProvinceCode,
    /// The month's first day.
    Month,
    /// `agency`, `commune` or `procedure`.
    Unit,
    /// The agency's id, the commune's code or the procedure's code.
    UnitKey,
    Channel,
    Received,
    Returned,
    Finished,
    Late,
    LateFinished,
}
