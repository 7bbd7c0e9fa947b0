//! A recommendation or conclusion says on which day it was written, so a visit's page as of
//! an earlier date shows only what had been written by then. Those written so far date from
//! their visit's first day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .add_column(date_null(FollowUp::CreatedOn))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE follow_up SET created_on = \
                 (SELECT starts_on FROM visit WHERE visit.id = follow_up.visit_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .drop_column(FollowUp::CreatedOn)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    CreatedOn,
}
