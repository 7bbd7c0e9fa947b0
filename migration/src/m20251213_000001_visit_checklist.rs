//! A visit's on-site checklist: the questions a ministry admin keeps for each kind of visit
//! (grouped by topic, some with a figure of the preparation pack that suggests the answer),
//! the delegation's answer to each on a visit (met, partly, not met, not applicable, with a
//! note and photos), and its findings per topic. A fresh deployment starts with a few
//! questions for each kind of visit, which the ministry's admins then change. The tables
//! count towards the second data revision, like the visits.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const WATCHED: [&str; 4] = [
    "checklist_question",
    "visit_answer",
    "visit_photo",
    "visit_finding",
];

/// The starting questions, for both kinds of visit: topic, question, the pack's figure that
/// suggests an answer, and its target in percent.
const STARTING: [(&str, &str, Option<&str>, Option<i32>); 7] = [
    (
        "Chuyển đổi số",
        "Tỉnh thực hiện đúng tiến độ các nhiệm vụ cấp tỉnh của kế hoạch?",
        Some("rating"),
        None,
    ),
    (
        "Chuyển đổi số",
        "Hạ tầng, trang thiết bị chuyển đổi số tại Trung tâm Phục vụ hành chính công đáp ứng yêu cầu?",
        None,
        None,
    ),
    (
        "Chuyển đổi số",
        "Cán bộ cấp xã được đào tạo, bồi dưỡng về pháp luật và công nghệ?",
        None,
        None,
    ),
    (
        "Phân cấp, phân quyền",
        "Tỉnh đã ủy quyền giải quyết thủ tục hành chính cho các sở, ngành?",
        Some("delegated"),
        None,
    ),
    (
        "Thủ tục hành chính",
        "Tỉnh đã công bố danh mục thủ tục hành chính không phụ thuộc địa giới hành chính?",
        Some("boundary_free"),
        None,
    ),
    (
        "Thủ tục hành chính",
        "Tỷ lệ hồ sơ nộp trực tuyến đạt hoặc vượt chỉ tiêu?",
        Some("online_rate"),
        Some(50),
    ),
    (
        "Thủ tục hành chính",
        "Kiến nghị, kết luận của các đoàn trước đã được xử lý, không còn việc quá hạn?",
        Some("follow_ups"),
        None,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistQuestion::Table)
                    .if_not_exists()
                    .col(
                        big_integer(ChecklistQuestion::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(string_len(ChecklistQuestion::Kind, 16))
                    .col(string_len(ChecklistQuestion::Topic, 300))
                    .col(string_len(ChecklistQuestion::Body, 600))
                    .col(string_len_null(ChecklistQuestion::Gauge, 32))
                    .col(integer_null(ChecklistQuestion::Target))
                    .col(integer(ChecklistQuestion::Position))
                    .col(boolean(ChecklistQuestion::Active))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitAnswer::Table)
                    .if_not_exists()
                    .col(big_integer(VisitAnswer::Id).auto_increment().primary_key())
                    .col(big_integer(VisitAnswer::VisitId))
                    .col(big_integer(VisitAnswer::QuestionId))
                    .col(string_len(VisitAnswer::Answer, 16))
                    .col(text(VisitAnswer::Note))
                    .col(integer(VisitAnswer::Version))
                    .col(big_integer_null(VisitAnswer::AuthorId))
                    .col(string_len(VisitAnswer::Author, 200))
                    .col(timestamp_with_time_zone(VisitAnswer::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_visit_answer_question")
                    .table(VisitAnswer::Table)
                    .col(VisitAnswer::VisitId)
                    .col(VisitAnswer::QuestionId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitPhoto::Table)
                    .if_not_exists()
                    .col(big_integer(VisitPhoto::Id).auto_increment().primary_key())
                    .col(big_integer(VisitPhoto::VisitId))
                    .col(big_integer(VisitPhoto::QuestionId))
                    .col(string_len(VisitPhoto::Sha256, 64))
                    .col(string_len(VisitPhoto::ContentType, 64))
                    .col(big_integer(VisitPhoto::Size))
                    .col(big_integer_null(VisitPhoto::AuthorId))
                    .col(string_len(VisitPhoto::Author, 200))
                    .col(timestamp_with_time_zone(VisitPhoto::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_visit_photo_visit")
                    .table(VisitPhoto::Table)
                    .col(VisitPhoto::VisitId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitFinding::Table)
                    .if_not_exists()
                    .col(big_integer(VisitFinding::Id).auto_increment().primary_key())
                    .col(big_integer(VisitFinding::VisitId))
                    .col(string_len(VisitFinding::Topic, 300))
                    .col(text(VisitFinding::Body))
                    .col(integer(VisitFinding::Version))
                    .col(big_integer_null(VisitFinding::AuthorId))
                    .col(string_len(VisitFinding::Author, 200))
                    .col(timestamp_with_time_zone(VisitFinding::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_visit_finding_topic")
                    .table(VisitFinding::Table)
                    .col(VisitFinding::VisitId)
                    .col(VisitFinding::Topic)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(ChecklistQuestion::Table).columns([
            ChecklistQuestion::Kind,
            ChecklistQuestion::Topic,
            ChecklistQuestion::Body,
            ChecklistQuestion::Gauge,
            ChecklistQuestion::Target,
            ChecklistQuestion::Position,
            ChecklistQuestion::Active,
        ]);
        for kind in ["inspection", "working"] {
            for (position, (topic, body, gauge, target)) in STARTING.iter().enumerate() {
                insert.values_panic([
                    kind.into(),
                    (*topic).into(),
                    (*body).into(),
                    gauge.map(str::to_owned).into(),
                    (*target).into(),
                    (position as i32).into(),
                    true.into(),
                ]);
            }
        }
        manager.exec_stmt(insert).await?;
        crate::revision_triggers::create(manager, &WATCHED, 2, "bump_dossier_revision").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::revision_triggers::drop(manager, &WATCHED, None).await?;
        for table in [
            VisitFinding::Table.into_iden(),
            VisitPhoto::Table.into_iden(),
            VisitAnswer::Table.into_iden(),
            ChecklistQuestion::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ChecklistQuestion {
    Table,
    Id,
    Kind,
    Topic,
    Body,
    Gauge,
    Target,
    Position,
    Active,
}

#[derive(DeriveIden)]
enum VisitAnswer {
    Table,
    Id,
    VisitId,
    QuestionId,
    Answer,
    Note,
    Version,
    AuthorId,
    Author,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VisitPhoto {
    Table,
    Id,
    VisitId,
    QuestionId,
    Sha256,
    ContentType,
    Size,
    AuthorId,
    Author,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VisitFinding {
    Table,
    Id,
    VisitId,
    Topic,
    Body,
    Version,
    AuthorId,
    Author,
    UpdatedAt,
}
