//! Administrative procedures and dossiers: the receiving agencies of each province, the
//! national catalogue of procedures, the dossiers as the provinces' systems send them, and
//! their counts per province, hour and channel kept in the same transaction as the dossiers
//! (so no page reads dossiers one by one). A second data revision counts dossier writes: it
//! keeps pages current without making the task rankings load their timeline again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Agency::Table)
                    .if_not_exists()
                    .col(big_integer(Agency::Id).auto_increment().primary_key())
                    .col(string_len(Agency::ProvinceCode, 2))
                    .col(string_len(Agency::Code, 32))
                    .col(string_len(Agency::Name, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agency_province_code")
                    .table(Agency::Table)
                    .col(Agency::ProvinceCode)
                    .col(Agency::Code)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Procedure::Table)
                    .if_not_exists()
                    .col(string_len(Procedure::Code, 32).primary_key())
                    .col(string_len(Procedure::Name, 500))
                    .col(string_len(Procedure::Field, 200))
                    .col(string_len(Procedure::Level, 16))
                    .col(string_len(Procedure::Sector, 32))
                    .col(string_len(Procedure::Online, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Dossier::Table)
                    .if_not_exists()
                    .col(big_integer(Dossier::Id).auto_increment().primary_key())
                    .col(string_len(Dossier::ProvinceCode, 2))
                    .col(string_len(Dossier::Code, 64))
                    .col(big_integer(Dossier::AgencyId))
                    .col(string_len_null(Dossier::CommuneCode, 5))
                    .col(string_len(Dossier::ProcedureCode, 32))
                    .col(timestamp_with_time_zone(Dossier::ReceivedAt))
                    .col(string_len(Dossier::Channel, 16))
                    .col(timestamp_with_time_zone_null(Dossier::DueAt))
                    .col(timestamp_with_time_zone_null(Dossier::FinishedAt))
                    .col(timestamp_with_time_zone_null(Dossier::ReturnedAt))
                    .col(string_len(Dossier::Status, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dossier_province_code")
                    .table(Dossier::Table)
                    .col(Dossier::ProvinceCode)
                    .col(Dossier::Code)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DossierHour::Table)
                    .if_not_exists()
                    .col(string_len(DossierHour::ProvinceCode, 2))
                    .col(timestamp_with_time_zone(DossierHour::Hour))
                    .col(string_len(DossierHour::Channel, 16))
                    .col(big_integer(DossierHour::Received))
                    .col(big_integer(DossierHour::Returned))
                    .primary_key(
                        Index::create()
                            .col(DossierHour::ProvinceCode)
                            .col(DossierHour::Hour)
                            .col(DossierHour::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dossier_hour_hour")
                    .table(DossierHour::Table)
                    .col(DossierHour::Hour)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO data_revision (id, value) VALUES (2, 0)")
            .await?;
        crate::revision_triggers::create(manager, &WATCHED, 2, "bump_dossier_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::revision_triggers::drop(manager, &WATCHED, Some("bump_dossier_revision")).await?;
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM data_revision WHERE id = 2")
            .await?;
        for table in [
            DossierHour::Table.into_iden(),
            Dossier::Table.into_iden(),
            Procedure::Table.into_iden(),
            Agency::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The tables whose writes change what the dossier figures say (a dossier's write always
/// writes its counts).
const WATCHED: [&str; 3] = ["agency", "procedure", "dossier_hour"];

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
    ProvinceCode,
    Code,
    Name,
}

#[derive(DeriveIden)]
enum Procedure {
    Table,
    Code,
    Name,
    Field,
    Level,
    Sector,
    Online,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
    ProvinceCode,
    Code,
    AgencyId,
    CommuneCode,
    ProcedureCode,
    ReceivedAt,
    Channel,
    DueAt,
    FinishedAt,
    ReturnedAt,
    Status,
}

#[derive(DeriveIden)]
enum DossierHour {
    Table,
    ProvinceCode,
    Hour,
    Channel,
    Received,
    Returned,
}
