//! One counter that every write of progress data raises in its own transaction (by database
//! triggers, whoever writes), so any instance can tell whether what it computed from the data
//! is still current.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataRevision::Table)
                    .if_not_exists()
                    .col(integer(DataRevision::Id).primary_key())
                    .col(big_integer(DataRevision::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(DataRevision::Table)
                    .columns([DataRevision::Id, DataRevision::Value])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        crate::revision_triggers::create(manager, &WATCHED, 1, "bump_data_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::revision_triggers::drop(manager, &WATCHED, Some("bump_data_revision")).await?;
        manager
            .drop_table(Table::drop().table(DataRevision::Table).to_owned())
            .await
    }
}

/// The tables whose rows the figures and the public pages are made from.
const WATCHED: [&str; 9] = [
    "plan",
    "plan_phase",
    "task_group",
    "task",
    "assignment",
    "assignment_change",
    "deadline_change",
    "evidence",
    "setting",
];

#[derive(DeriveIden)]
enum DataRevision {
    Table,
    Id,
    Value,
}
