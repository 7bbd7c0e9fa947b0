//! Uploads of more than one kind share the upload table: each says what it holds. Those
//! kept so far are the communes' assignments.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BulkUpload::Table)
                    .add_column(string_len(BulkUpload::Kind, 16).default("assignments"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BulkUpload::Table)
                    .drop_column(BulkUpload::Kind)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum BulkUpload {
    Table,
    Kind,
}
