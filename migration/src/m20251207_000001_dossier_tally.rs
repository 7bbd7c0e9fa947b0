//! The dossier counts per province, day (in Vietnam), channel and unit (a receiving agency, a
//! commune or a procedure), kept with the dossiers in the same transaction: the tables of a
//! province's procedures page read them, never the dossiers. Besides received and returned,
//! each row counts the dossiers finished that day, the late ones by the day they fell due
//! (not finished by then), and the late ones by the day they were finished, from which the
//! on-time rate of any period follows. Filled from the dossiers already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DossierTally::Table)
                    .if_not_exists()
                    .col(string_len(DossierTally::ProvinceCode, 2))
                    .col(date(DossierTally::Day))
                    .col(string_len(DossierTally::Unit, 16))
                    .col(string_len(DossierTally::UnitKey, 32))
                    .col(string_len(DossierTally::Channel, 16))
                    .col(big_integer(DossierTally::Received))
                    .col(big_integer(DossierTally::Returned))
                    .col(big_integer(DossierTally::Finished))
                    .col(big_integer(DossierTally::Late))
                    .col(big_integer(DossierTally::LateFinished))
                    .primary_key(
                        Index::create()
                            .col(DossierTally::ProvinceCode)
                            .col(DossierTally::Unit)
                            .col(DossierTally::Day)
                            .col(DossierTally::UnitKey)
                            .col(DossierTally::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        let day = |column: &str| match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                format!("(({column} + interval '7 hours') AT TIME ZONE 'UTC')::date")
            }
            _ => format!("date({column}, '+7 hours')"),
        };
        let late = "due_at IS NOT NULL AND (finished_at IS NULL OR finished_at > due_at)";
        // One row per thing that happened to a dossier, on the day it happened.
        let events = [
            (day("received_at"), [1, 0, 0, 0, 0], "1 = 1".to_owned()),
            (
                day("returned_at"),
                [0, 1, 0, 0, 0],
                "returned_at IS NOT NULL".to_owned(),
            ),
            (
                day("finished_at"),
                [0, 0, 1, 0, 0],
                "finished_at IS NOT NULL".to_owned(),
            ),
            (day("due_at"), [0, 0, 0, 1, 0], late.to_owned()),
            (
                day("finished_at"),
                [0, 0, 0, 0, 1],
                format!("finished_at IS NOT NULL AND {late}"),
            ),
        ];
        for (unit, key, only) in [
            ("agency", "CAST(agency_id AS TEXT)", "1 = 1"),
            ("commune", "commune_code", "commune_code IS NOT NULL"),
            ("procedure", "procedure_code", "1 = 1"),
        ] {
            let selects: Vec<String> = events
                .iter()
                .map(|(day, counts, when)| {
                    let [r, rt, f, l, lf] = counts;
                    format!(
                        "SELECT province_code, {day} AS day, {key} AS unit_key, channel, {r} AS r, \
                         {rt} AS rt, {f} AS f, {l} AS l, {lf} AS lf \
                         FROM dossier WHERE {only} AND {when}"
                    )
                })
                .collect();
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "INSERT INTO dossier_tally (province_code, day, unit, unit_key, channel, received, \
                     returned, finished, late, late_finished) \
                     SELECT province_code, day, '{unit}', unit_key, channel, SUM(r), SUM(rt), SUM(f), \
                     SUM(l), SUM(lf) FROM ({}) AS e \
                     GROUP BY province_code, day, unit_key, channel",
                    selects.join(" UNION ALL ")
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DossierTally::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DossierTally {
    Table,
    ProvinceCode,
    Day,
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
