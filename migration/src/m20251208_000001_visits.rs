//! Inspection and working visits of a ministry's delegation to a province: the delegation's
//! members (name and title), the visit's places and topics, and what came of it to follow up:
//! the locality's recommendations (`kiến nghị`) and the head of the delegation's conclusions
//! (`kết luận`), each with who is responsible, a due date, a status and the responses given
//! until it is closed. The tables count towards the second data revision (that of the data
//! beside the tasks), so kept pages follow them and the rankings' timeline is left alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const WATCHED: [&str; 4] = ["visit", "visit_member", "follow_up", "follow_up_response"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Visit::Table)
                    .if_not_exists()
                    .col(big_integer(Visit::Id).auto_increment().primary_key())
                    .col(string_len(Visit::ProvinceCode, 2))
                    .col(string_len(Visit::Kind, 16))
                    .col(string_len(Visit::Title, 300))
                    .col(string_len(Visit::Organiser, 200))
                    .col(date(Visit::StartsOn))
                    .col(date(Visit::EndsOn))
                    .col(text(Visit::Places))
                    .col(text(Visit::Topics))
                    .col(text(Visit::Participants))
                    .col(string_len(Visit::Status, 16))
                    .col(boolean(Visit::Demo))
                    .col(timestamp_with_time_zone(Visit::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_visit_province")
                    .table(Visit::Table)
                    .col(Visit::ProvinceCode)
                    .col(Visit::StartsOn)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitMember::Table)
                    .if_not_exists()
                    .col(big_integer(VisitMember::Id).auto_increment().primary_key())
                    .col(big_integer(VisitMember::VisitId))
                    .col(integer(VisitMember::Position))
                    .col(string_len(VisitMember::Name, 200))
                    .col(string_len(VisitMember::Title, 300))
                    .col(boolean(VisitMember::IsHead))
                    .foreign_key(
                        ForeignKey::create()
                            .from(VisitMember::Table, VisitMember::VisitId)
                            .to(Visit::Table, Visit::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUp::Table)
                    .if_not_exists()
                    .col(big_integer(FollowUp::Id).auto_increment().primary_key())
                    .col(big_integer(FollowUp::VisitId))
                    .col(string_len(FollowUp::ProvinceCode, 2))
                    .col(string_len(FollowUp::Kind, 16))
                    .col(integer(FollowUp::Position))
                    .col(text(FollowUp::Body))
                    .col(string_len(FollowUp::AddressedTo, 300))
                    .col(string_len(FollowUp::Responsible, 300))
                    .col(date_null(FollowUp::DueOn))
                    .col(string_len(FollowUp::Status, 16))
                    .col(date_null(FollowUp::ClosedOn))
                    .col(integer(FollowUp::Version))
                    .col(timestamp_with_time_zone(FollowUp::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FollowUp::Table, FollowUp::VisitId)
                            .to(Visit::Table, Visit::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_up_province")
                    .table(FollowUp::Table)
                    .col(FollowUp::ProvinceCode)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpResponse::Table)
                    .if_not_exists()
                    .col(
                        big_integer(FollowUpResponse::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(FollowUpResponse::FollowUpId))
                    .col(timestamp_with_time_zone(FollowUpResponse::At))
                    .col(big_integer_null(FollowUpResponse::AuthorId))
                    .col(string_len(FollowUpResponse::Author, 200))
                    .col(text(FollowUpResponse::Body))
                    .col(string_len(FollowUpResponse::StatusAfter, 16))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FollowUpResponse::Table, FollowUpResponse::FollowUpId)
                            .to(FollowUp::Table, FollowUp::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, column) in [
            ("idx_visit_member_visit", "visit_member", "visit_id"),
            ("idx_follow_up_visit", "follow_up", "visit_id"),
            (
                "idx_follow_up_response_follow_up",
                "follow_up_response",
                "follow_up_id",
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Alias::new(table))
                        .col(Alias::new(column))
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
        }
        crate::revision_triggers::create(manager, &WATCHED, 2, "bump_dossier_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::revision_triggers::drop(manager, &WATCHED, None).await?;
        for table in [
            FollowUpResponse::Table.into_iden(),
            FollowUp::Table.into_iden(),
            VisitMember::Table.into_iden(),
            Visit::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Visit {
    Table,
    Id,
    ProvinceCode,
    /// `inspection` or `working`.
    Kind,
    Title,
    Organiser,
    StartsOn,
    EndsOn,
    /// One a line.
    Places,
    /// One a line.
    Topics,
    /// Who received the delegation in the province, one a line.
    Participants,
    /// `planned`, `under_way`, `report_issued` or `closed`.
    Status,
    Demo,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VisitMember {
    Table,
    Id,
    VisitId,
    Position,
    Name,
    Title,
    IsHead,
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    Id,
    VisitId,
    ProvinceCode,
    /// `recommendation` (the locality's) or `conclusion` (the head of the delegation's).
    Kind,
    Position,
    Body,
    /// A recommendation's addressee (the ministry, a unit); a conclusion's: the province or
    /// the delegation.
    AddressedTo,
    Responsible,
    DueOn,
    /// `open`, `in_progress` or `closed`.
    Status,
    ClosedOn,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FollowUpResponse {
    Table,
    Id,
    FollowUpId,
    At,
    AuthorId,
    /// The author's name and unit as they were.
    Author,
    Body,
    StatusAfter,
}
