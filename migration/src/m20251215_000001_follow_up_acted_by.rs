//! Who acts on a recommendation or conclusion: the province, or the ministry (its delegation).
//! A locality's recommendation is the ministry's to answer; a conclusion is the province's,
//! unless the delegation took it on itself. Rows written before are set by their kind.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .add_column(
                        ColumnDef::new(FollowUp::ActedBy)
                            .string_len(16)
                            .not_null()
                            .default("province"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(FollowUp::Table)
                    .value(FollowUp::ActedBy, "ministry")
                    .and_where(Expr::col(FollowUp::Kind).eq("recommendation"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .drop_column(FollowUp::ActedBy)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    Kind,
    ActedBy,
}
