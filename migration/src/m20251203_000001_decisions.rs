//! Decisions that change how a province's procedures are handled: the announcement of the
//! procedures not dependent on administrative boundaries, delegation (`ủy quyền`) and
//! decentralisation (`phân cấp`). A decision's status on any date follows from the dates it
//! was proposed, issued, came into force and was replaced; the procedures it covers are rows
//! of their own. Both tables count towards the procedures' data revision.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .if_not_exists()
                    .col(big_integer(Decision::Id).auto_increment().primary_key())
                    .col(string_len(Decision::ProvinceCode, 2))
                    .col(string_len(Decision::Kind, 24))
                    .col(string_len(Decision::Number, 64))
                    .col(string_len(Decision::Title, 500))
                    .col(string_len(Decision::Issuer, 200))
                    .col(string_len_null(Decision::FromAgency, 32))
                    .col(string_len_null(Decision::ToAgency, 32))
                    .col(date(Decision::ProposedOn))
                    .col(date_null(Decision::IssuedOn))
                    .col(date_null(Decision::InForceOn))
                    .col(date_null(Decision::ReplacedOn))
                    .col(string_len_null(Decision::DocumentSha256, 64))
                    .col(boolean(Decision::Demo))
                    .col(timestamp_with_time_zone(Decision::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_decision_province")
                    .table(Decision::Table)
                    .col(Decision::ProvinceCode)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DecisionProcedure::Table)
                    .if_not_exists()
                    .col(big_integer(DecisionProcedure::DecisionId))
                    .col(string_len(DecisionProcedure::ProcedureCode, 32))
                    .primary_key(
                        Index::create()
                            .col(DecisionProcedure::DecisionId)
                            .col(DecisionProcedure::ProcedureCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DecisionProcedure::Table, DecisionProcedure::DecisionId)
                            .to(Decision::Table, Decision::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_decision_procedure_code")
                    .table(DecisionProcedure::Table)
                    .col(DecisionProcedure::ProcedureCode)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        crate::revision_triggers::create(manager, &WATCHED, 2, "bump_dossier_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The function stays: the dossiers' own tables call it too.
        crate::revision_triggers::drop(manager, &WATCHED, None).await?;
        for table in [
            DecisionProcedure::Table.into_iden(),
            Decision::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

const WATCHED: [&str; 2] = ["decision", "decision_procedure"];

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    ProvinceCode,
    Kind,
    Number,
    Title,
    Issuer,
    FromAgency,
    ToAgency,
    ProposedOn,
    IssuedOn,
    InForceOn,
    ReplacedOn,
    DocumentSha256,
    Demo,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DecisionProcedure {
    Table,
    DecisionId,
    ProcedureCode,
}
