use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Province::Table)
                    .if_not_exists()
                    .col(string_len(Province::Code, 2).primary_key())
                    .col(string(Province::Name))
                    .col(string(Province::FullName))
                    .col(string_len(Province::Kind, 16))
                    .col(string(Province::NameEn))
                    .col(double_null(Province::AreaKm2))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Commune::Table)
                    .if_not_exists()
                    .col(string_len(Commune::Code, 5).primary_key())
                    .col(string_len(Commune::CodeGis, 5))
                    .col(string(Commune::Name))
                    .col(string(Commune::FullName))
                    .col(string_len(Commune::Kind, 16))
                    .col(string(Commune::NameEn))
                    .col(string_len(Commune::ProvinceCode, 2))
                    .col(double_null(Commune::AreaKm2))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Commune::Table, Commune::ProvinceCode)
                            .to(Province::Table, Province::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_commune_province")
                    .table(Commune::Table)
                    .col(Commune::ProvinceCode)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProvincePredecessor::Table)
                    .if_not_exists()
                    .col(string_len(ProvincePredecessor::ProvinceCode, 2))
                    .col(string_len(ProvincePredecessor::OldCode, 2))
                    .col(string(ProvincePredecessor::OldName))
                    .primary_key(
                        Index::create()
                            .col(ProvincePredecessor::ProvinceCode)
                            .col(ProvincePredecessor::OldCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ProvincePredecessor::Table,
                                ProvincePredecessor::ProvinceCode,
                            )
                            .to(Province::Table, Province::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CommunePredecessor::Table)
                    .if_not_exists()
                    .col(string_len(CommunePredecessor::CommuneCode, 5))
                    .col(string_len(CommunePredecessor::OldCode, 5))
                    .col(string(CommunePredecessor::OldName))
                    .col(boolean(CommunePredecessor::Whole))
                    .primary_key(
                        Index::create()
                            .col(CommunePredecessor::CommuneCode)
                            .col(CommunePredecessor::OldCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CommunePredecessor::Table, CommunePredecessor::CommuneCode)
                            .to(Commune::Table, Commune::Code),
                    )
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Province {
    Table,
    Code,
    Name,
    FullName,
    Kind,
    NameEn,
    AreaKm2,
}

#[derive(DeriveIden)]
enum Commune {
    Table,
    Code,
    CodeGis,
    Name,
    FullName,
    Kind,
    NameEn,
    ProvinceCode,
    AreaKm2,
}

#[derive(DeriveIden)]
enum ProvincePredecessor {
    Table,
    ProvinceCode,
    OldCode,
    OldName,
}

#[derive(DeriveIden)]
enum CommunePredecessor {
    Table,
    CommuneCode,
    OldCode,
    OldName,
    Whole,
}
