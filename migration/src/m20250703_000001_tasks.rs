//! Plans, their tasks, the assignment of each task to a unit, every change of an assignment
//! (so any past date can be reconstructed), evidence, and the settings of the rules.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Plan::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Plan::Id))
                    .col(string_uniq(Plan::Code))
                    .col(string(Plan::Title))
                    .col(string(Plan::Issuer))
                    .col(date(Plan::IssuedOn))
                    .col(boolean(Plan::Demo))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanPhase::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PlanPhase::Id))
                    .col(big_integer(PlanPhase::PlanId))
                    .col(string(PlanPhase::Name))
                    .col(date(PlanPhase::EndsOn))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanPhase::Table, PlanPhase::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskGroup::Table)
                    .if_not_exists()
                    .col(big_pk_auto(TaskGroup::Id))
                    .col(big_integer(TaskGroup::PlanId))
                    .col(integer(TaskGroup::Position))
                    .col(string(TaskGroup::Name))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TaskGroup::Table, TaskGroup::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Task::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Task::Id))
                    .col(big_integer(Task::PlanId))
                    .col(big_integer(Task::GroupId))
                    .col(string_len(Task::Level, 16))
                    .col(integer(Task::Position))
                    .col(string(Task::Title))
                    .col(text(Task::Description))
                    .col(date(Task::StartsOn))
                    .col(date(Task::Deadline))
                    .col(string_len(Task::Kind, 16))
                    .col(double_null(Task::TargetValue))
                    .col(string_null(Task::TargetUnit))
                    .col(boolean(Task::EvidenceRequired))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Task::Table, Task::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Task::Table, Task::GroupId)
                            .to(TaskGroup::Table, TaskGroup::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Assignment::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Assignment::Id))
                    .col(big_integer(Assignment::TaskId))
                    .col(string_len(Assignment::UnitCode, 5))
                    .col(string_len(Assignment::ProvinceCode, 2))
                    .col(string_len(Assignment::Status, 16))
                    .col(integer(Assignment::Progress))
                    .col(double_null(Assignment::Value))
                    .col(text(Assignment::Note))
                    .col(text(Assignment::Difficulties))
                    .col(text(Assignment::Recommendations))
                    .col(big_integer_null(Assignment::UpdatedBy))
                    .col(timestamp_with_time_zone(Assignment::UpdatedAt))
                    .col(integer(Assignment::Version))
                    .col(string_len(Assignment::Verification, 16))
                    .col(text(Assignment::VerificationNote))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Assignment::Table, Assignment::TaskId)
                            .to(Task::Table, Task::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AssignmentChange::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AssignmentChange::Id))
                    .col(big_integer(AssignmentChange::AssignmentId))
                    .col(timestamp_with_time_zone(AssignmentChange::At))
                    .col(big_integer_null(AssignmentChange::ActorId))
                    .col(string_null(AssignmentChange::Actor))
                    .col(string_len(AssignmentChange::Status, 16))
                    .col(integer(AssignmentChange::Progress))
                    .col(double_null(AssignmentChange::Value))
                    .col(text(AssignmentChange::Note))
                    .col(text(AssignmentChange::Difficulties))
                    .col(text(AssignmentChange::Recommendations))
                    .col(integer(AssignmentChange::Version))
                    .col(string_len(AssignmentChange::Verification, 16))
                    .col(text(AssignmentChange::VerificationNote))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AssignmentChange::Table, AssignmentChange::AssignmentId)
                            .to(Assignment::Table, Assignment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Evidence::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Evidence::Id))
                    .col(big_integer(Evidence::AssignmentId))
                    .col(string_null(Evidence::DocNumber))
                    .col(date_null(Evidence::DocDate))
                    .col(string_null(Evidence::Link))
                    .col(string_len_null(Evidence::FileSha256, 64))
                    .col(string_null(Evidence::FileName))
                    .col(timestamp_with_time_zone(Evidence::CreatedAt))
                    .col(big_integer_null(Evidence::CreatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Evidence::Table, Evidence::AssignmentId)
                            .to(Assignment::Table, Assignment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Setting::Table)
                    .if_not_exists()
                    .col(string(Setting::Key).primary_key())
                    .col(string(Setting::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeadlineChange::Table)
                    .if_not_exists()
                    .col(big_pk_auto(DeadlineChange::Id))
                    .col(big_integer(DeadlineChange::TaskId))
                    .col(timestamp_with_time_zone(DeadlineChange::At))
                    .col(date(DeadlineChange::Before))
                    .col(date(DeadlineChange::After))
                    .col(big_integer_null(DeadlineChange::ActorId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeadlineChange::Table, DeadlineChange::TaskId)
                            .to(Task::Table, Task::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvidenceFile::Table)
                    .if_not_exists()
                    .col(string_len(EvidenceFile::Sha256, 64).primary_key())
                    .col(string_len(EvidenceFile::ContentType, 64))
                    .col(big_integer(EvidenceFile::Size))
                    .col(blob(EvidenceFile::Bytes))
                    .col(timestamp_with_time_zone(EvidenceFile::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BulkUpload::Table)
                    .if_not_exists()
                    .col(string_len(BulkUpload::Id, 32).primary_key())
                    .col(string_len(BulkUpload::ProvinceCode, 2))
                    .col(big_integer(BulkUpload::UserId))
                    .col(timestamp_with_time_zone(BulkUpload::CreatedAt))
                    .col(string(BulkUpload::FileName))
                    .col(text(BulkUpload::Rows))
                    .col(string_len_null(BulkUpload::FileError, 32))
                    .col(timestamp_with_time_zone_null(BulkUpload::AppliedAt))
                    .to_owned(),
            )
            .await?;
        let indexes = [
            (
                "idx_task_plan",
                Task::Table.into_iden(),
                vec![Task::PlanId.into_iden()],
            ),
            (
                "idx_assignment_task_unit",
                Assignment::Table.into_iden(),
                vec![
                    Assignment::TaskId.into_iden(),
                    Assignment::UnitCode.into_iden(),
                ],
            ),
            (
                "idx_assignment_unit",
                Assignment::Table.into_iden(),
                vec![Assignment::UnitCode.into_iden()],
            ),
            (
                "idx_assignment_province",
                Assignment::Table.into_iden(),
                vec![Assignment::ProvinceCode.into_iden()],
            ),
            (
                "idx_change_assignment_at",
                AssignmentChange::Table.into_iden(),
                vec![
                    AssignmentChange::AssignmentId.into_iden(),
                    AssignmentChange::At.into_iden(),
                ],
            ),
            (
                "idx_evidence_assignment",
                Evidence::Table.into_iden(),
                vec![Evidence::AssignmentId.into_iden()],
            ),
        ];
        for (name, table, cols) in indexes {
            let mut index = Index::create();
            index.name(name).table(table).if_not_exists();
            if name == "idx_assignment_task_unit" {
                index.unique();
            }
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Plan {
    Table,
    Id,
    Code,
    Title,
    Issuer,
    IssuedOn,
    Demo,
}

#[derive(DeriveIden)]
enum PlanPhase {
    Table,
    Id,
    PlanId,
    Name,
    EndsOn,
}

#[derive(DeriveIden)]
enum TaskGroup {
    Table,
    Id,
    PlanId,
    Position,
    Name,
}

#[derive(DeriveIden)]
enum Task {
    Table,
    Id,
    PlanId,
    GroupId,
    Level,
    Position,
    Title,
    Description,
    StartsOn,
    Deadline,
    Kind,
    TargetValue,
    TargetUnit,
    EvidenceRequired,
}

#[derive(DeriveIden)]
enum Assignment {
    Table,
    Id,
    TaskId,
    UnitCode,
    ProvinceCode,
    Status,
    Progress,
    Value,
    Note,
    Difficulties,
    Recommendations,
    UpdatedBy,
    UpdatedAt,
    Version,
    Verification,
    VerificationNote,
}

#[derive(DeriveIden)]
enum AssignmentChange {
    Table,
    Id,
    AssignmentId,
    At,
    ActorId,
    Actor,
    Status,
    Progress,
    Value,
    Note,
    Difficulties,
    Recommendations,
    Version,
    Verification,
    VerificationNote,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    AssignmentId,
    DocNumber,
    DocDate,
    Link,
    FileSha256,
    FileName,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum EvidenceFile {
    Table,
    Sha256,
    ContentType,
    Size,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Setting {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden)]
enum BulkUpload {
    Table,
    Id,
    ProvinceCode,
    UserId,
    CreatedAt,
    FileName,
    Rows,
    FileError,
    AppliedAt,
}

#[derive(DeriveIden)]
enum DeadlineChange {
    Table,
    Id,
    TaskId,
    At,
    Before,
    After,
    ActorId,
}
