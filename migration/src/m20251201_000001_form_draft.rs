//! What a user typed into a form that a plain (script-less) post could not save: kept for
//! an hour so the page they return to shows it again beside the error.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FormDraft::Table)
                    .if_not_exists()
                    .col(string_len(FormDraft::TokenHash, 64).primary_key())
                    .col(big_integer_null(FormDraft::AccountId))
                    .col(string_len(FormDraft::Form, 100))
                    .col(text(FormDraft::Fields))
                    .col(text(FormDraft::Error))
                    .col(timestamp_with_time_zone(FormDraft::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_form_draft_created_at")
                    .table(FormDraft::Table)
                    .col(FormDraft::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FormDraft::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FormDraft {
    Table,
    TokenHash,
    AccountId,
    Form,
    Fields,
    Error,
    CreatedAt,
}
