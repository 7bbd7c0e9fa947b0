//! Documents and photos attached to a recommendation or conclusion as it is followed up (the
//! file itself in the evidence store, under its SHA-256).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FollowUpFile::Table)
                    .if_not_exists()
                    .col(big_integer(FollowUpFile::Id).auto_increment().primary_key())
                    .col(big_integer(FollowUpFile::FollowUpId))
                    .col(string_len(FollowUpFile::Sha256, 64))
                    .col(string_len(FollowUpFile::ContentType, 64))
                    .col(big_integer(FollowUpFile::Size))
                    .col(string_len(FollowUpFile::FileName, 200))
                    .col(big_integer_null(FollowUpFile::AuthorId))
                    .col(string_len(FollowUpFile::Author, 200))
                    .col(timestamp_with_time_zone(FollowUpFile::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_up_file_follow_up")
                    .table(FollowUpFile::Table)
                    .col(FollowUpFile::FollowUpId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FollowUpFile::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FollowUpFile {
    Table,
    Id,
    FollowUpId,
    Sha256,
    ContentType,
    Size,
    FileName,
    AuthorId,
    Author,
    CreatedAt,
}
