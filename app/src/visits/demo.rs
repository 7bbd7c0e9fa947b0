//! Demonstration visits: the Ministry of Science and Technology's visit to Nghệ An on
//! 22/8/2025 as the seed article tells it (its head, places, topics, the locality's two
//! recommendations, the head's conclusions, and how they were followed up afterwards), and a
//! few visits elsewhere so lists are not empty. Idempotent.

use super::{ActedBy, FollowUpKind};
use crate::error::AppError;
use crate::state::begin_write;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    checklist_question, follow_up, follow_up_response, visit, visit_answer, visit_finding,
    visit_member,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};

const MINISTRY: &str = "Bộ Khoa học và Công nghệ";
const DELEGATION: &str = "Đoàn công tác Bộ Khoa học và Công nghệ";

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a date")
}

/// 9:00 on a day in Vietnam.
fn morning(on: NaiveDate) -> DateTime<Utc> {
    on.and_hms_opt(2, 0, 0).expect("a time").and_utc()
}

struct Visit {
    province: &'static str,
    kind: &'static str,
    title: &'static str,
    on: NaiveDate,
    places: &'static str,
    topics: &'static str,
    participants: &'static str,
    status: &'static str,
    head: (&'static str, &'static str),
    /// Kind, text, addressed to, responsible, due, and the responses (day, author, text,
    /// status after).
    follow_ups: Vec<FollowUp>,
}

struct FollowUp {
    kind: &'static str,
    body: &'static str,
    addressed_to: &'static str,
    responsible: &'static str,
    due: Option<NaiveDate>,
    responses: Vec<(NaiveDate, &'static str, &'static str, &'static str)>,
}

fn recommendation(body: &'static str, due: NaiveDate) -> FollowUp {
    FollowUp {
        kind: "recommendation",
        body,
        addressed_to: MINISTRY,
        responsible: DELEGATION,
        due: Some(due),
        responses: Vec::new(),
    }
}

fn conclusion(
    body: &'static str,
    to_province: bool,
    responsible: &'static str,
    due: NaiveDate,
) -> FollowUp {
    FollowUp {
        kind: "conclusion",
        body,
        addressed_to: if to_province {
            "UBND tỉnh Nghệ An"
        } else {
            DELEGATION
        },
        responsible,
        due: Some(due),
        responses: Vec::new(),
    }
}

fn seed() -> Visit {
    let mut follow_ups = vec![
        recommendation(
            "Có giải pháp, lộ trình đầu tư trang thiết bị, cơ sở vật chất phục vụ chuyển đổi số bảo đảm hiệu quả, phù hợp thực tiễn nhất.",
            day(2025, 12, 31),
        ),
        recommendation(
            "Bộ chủ trì làm việc để kết nối dữ liệu với Đề án 06, bảo đảm triển khai đồng bộ, hiệu quả.",
            day(2025, 11, 30),
        ),
        conclusion(
            "Tăng cường vai trò chỉ đạo của cấp ủy, chính quyền, nhất là người đứng đầu, để bảo đảm việc phân cấp, phân quyền phát huy hiệu quả.",
            true,
            "UBND tỉnh Nghệ An",
            day(2025, 9, 30),
        ),
        conclusion(
            "Triển khai đồng bộ các yếu tố phục vụ thực thi: hoàn thiện hành lang pháp lý, kiện toàn tổ chức bộ máy, nâng cao chất lượng nhân lực, đầu tư hạ tầng kỹ thuật.",
            true,
            "UBND tỉnh Nghệ An",
            day(2025, 12, 31),
        ),
        conclusion(
            "Chú trọng đào tạo, bồi dưỡng cán bộ cơ sở về pháp luật và công nghệ để nâng cao năng lực thực tiễn.",
            true,
            "Sở Nội vụ, Sở Khoa học và Công nghệ tỉnh Nghệ An",
            day(2025, 11, 30),
        ),
        conclusion(
            "Trong giai đoạn đầu, huy động hỗ trợ ngắn hạn từ doanh nghiệp công nghệ, đơn vị bưu chính, tổ chức chuyển đổi số cộng đồng và lực lượng sinh viên tình nguyện để khắc phục thiếu hụt nhân lực công nghệ thông tin.",
            true,
            "Sở Khoa học và Công nghệ tỉnh Nghệ An",
            day(2025, 10, 31),
        ),
        conclusion(
            "Tiếp nhận đầy đủ các kiến nghị của địa phương để rà soát, đánh giá và đề xuất sửa đổi, bổ sung văn bản pháp luật, bảo đảm tính thống nhất, đồng bộ.",
            false,
            DELEGATION,
            day(2025, 10, 31),
        ),
        conclusion(
            "Duy trì kết nối với các đầu mối tại địa phương để thường xuyên hỗ trợ chuyên môn.",
            false,
            DELEGATION,
            day(2026, 6, 30),
        ),
    ];
    // How they were followed up after the visit.
    let responses: [(usize, NaiveDate, &str, &str, &str); 6] = [
        (
            1,
            day(2025, 9, 12),
            "Cục Chuyển đổi số quốc gia",
            "Đã làm việc với Bộ Công an về kết nối dữ liệu với Đề án 06; đang thống nhất danh mục dữ liệu.",
            "in_progress",
        ),
        (
            2,
            day(2025, 9, 20),
            "Sở Khoa học và Công nghệ tỉnh Nghệ An",
            "UBND tỉnh ban hành văn bản chỉ đạo người đứng đầu các sở, ngành, địa phương trực tiếp chỉ đạo phân cấp, phân quyền.",
            "closed",
        ),
        (
            4,
            day(2025, 10, 15),
            "Sở Khoa học và Công nghệ tỉnh Nghệ An",
            "Đã mở 3 lớp bồi dưỡng cho cán bộ cấp xã; các lớp còn lại trong quý IV.",
            "in_progress",
        ),
        (
            5,
            day(2025, 10, 20),
            "Sở Khoa học và Công nghệ tỉnh Nghệ An",
            "Đã ký kết hỗ trợ với Bưu điện tỉnh và 2 doanh nghiệp công nghệ; tổ chuyển đổi số cộng đồng hoạt động ở 130 xã, phường.",
            "closed",
        ),
        (
            6,
            day(2025, 10, 10),
            DELEGATION,
            "Đã tổng hợp các kiến nghị của tỉnh, gửi các đơn vị thuộc Bộ rà soát văn bản pháp luật.",
            "in_progress",
        ),
        (
            6,
            day(2025, 11, 25),
            DELEGATION,
            "Đã trình Bộ trưởng đề xuất sửa đổi, bổ sung hai thông tư hướng dẫn.",
            "closed",
        ),
    ];
    for (index, on, author, text, status) in responses {
        follow_ups[index].responses.push((on, author, text, status));
    }
    Visit {
        province: "40",
        kind: "inspection",
        title: "Làm việc với UBND tỉnh Nghệ An về phân cấp, phân quyền và chuyển đổi số",
        on: day(2025, 8, 22),
        places: "Ủy ban nhân dân tỉnh Nghệ An\nTrung tâm Phục vụ hành chính công tỉnh Nghệ An",
        topics: "Triển khai phân cấp, phân quyền trong lĩnh vực khoa học, công nghệ, đổi mới sáng tạo\nThúc đẩy chuyển đổi số theo Kế hoạch 02-KH/BCĐTW\nGiải quyết thủ tục hành chính khi vận hành chính quyền địa phương 2 cấp",
        participants: "Giám đốc Sở Khoa học và Công nghệ tỉnh Nghệ An\nLãnh đạo Trung tâm Phục vụ hành chính công tỉnh\nĐại diện một số sở, ngành và địa phương",
        status: "report_issued",
        head: (
            "Trần Ngọc Hậu",
            "Phó Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
        ),
        follow_ups,
    }
}

fn others() -> Vec<Visit> {
    let simple = |province, title, on, status, due| Visit {
        province,
        kind: "inspection",
        title,
        on,
        places: "Ủy ban nhân dân tỉnh\nTrung tâm Phục vụ hành chính công tỉnh",
        topics: "Thực hiện Kế hoạch 02-KH/BCĐTW\nCung cấp dịch vụ công trực tuyến",
        participants: "Lãnh đạo UBND tỉnh\nGiám đốc Sở Khoa học và Công nghệ",
        status,
        head: ("", "Thứ trưởng Bộ Khoa học và Công nghệ"),
        follow_ups: vec![FollowUp {
            kind: "conclusion",
            body: "Hoàn thành các nhiệm vụ cấp tỉnh còn chậm của Kế hoạch 02-KH/BCĐTW.",
            addressed_to: "UBND tỉnh",
            responsible: "Sở Khoa học và Công nghệ",
            due: Some(due),
            // A visit whose follow-up is closed has nothing left open.
            responses: if status == "closed" {
                vec![(
                    due,
                    "Sở Khoa học và Công nghệ",
                    "Đã hoàn thành; báo cáo kết quả gửi Đoàn kiểm tra.",
                    "closed",
                )]
            } else {
                Vec::new()
            },
        }],
    };
    vec![
        simple(
            "42",
            "Kiểm tra thực hiện Kế hoạch 02-KH/BCĐTW tại Hà Tĩnh",
            day(2025, 9, 10),
            "closed",
            day(2025, 12, 31),
        ),
        simple(
            "38",
            "Kiểm tra thực hiện Kế hoạch 02-KH/BCĐTW tại Thanh Hóa",
            day(2025, 10, 2),
            "report_issued",
            day(2026, 3, 31),
        ),
    ]
}

/// What the delegation assessed in Nghệ An on 22/8/2025, by the starting template's
/// questions (found by the figure that suggests them, or by their opening words): the
/// answer and its note; and its findings by topic.
const SEED_ANSWERS: [(&str, &str, &str); 4] = [
    (
        "delegated",
        "met",
        "UBND tỉnh đã ủy quyền cho Sở Khoa học và Công nghệ giải quyết 121 thủ tục hành chính.",
    ),
    (
        "boundary_free",
        "met",
        "Tỉnh đã công bố 205 thủ tục không phụ thuộc địa giới hành chính của 8 sở, ngành.",
    ),
    (
        "Hạ tầng, trang thiết bị",
        "partly",
        "Trang thiết bị tại Trung tâm Phục vụ hành chính công chưa đồng bộ; tỉnh kiến nghị lộ trình đầu tư.",
    ),
    (
        "Cán bộ cấp xã",
        "not_met",
        "Cán bộ cấp xã cần được đào tạo, bồi dưỡng thêm về pháp luật và công nghệ.",
    ),
];
const SEED_FINDINGS: [(&str, &str); 2] = [
    (
        "Thủ tục hành chính",
        "Đến 16 giờ ngày 06/8/2025, tỉnh tiếp nhận 310.903 hồ sơ, trong đó 224.930 hồ sơ nộp trực tuyến (72,35%), xếp thứ 20/34.",
    ),
    (
        "Chuyển đổi số",
        "Cần sự hỗ trợ của doanh nghiệp công nghệ, bưu điện, tổ chuyển đổi số cộng đồng và lực lượng sinh viên tình nguyện trong giai đoạn trước mắt.",
    ),
];

/// The seed visit's checklist, as the delegation left it.
async fn seed_checklist(
    txn: &impl ConnectionTrait,
    visit_id: i64,
    on: NaiveDate,
) -> Result<(), AppError> {
    let questions = checklist_question::Entity::find()
        .filter(checklist_question::Column::Kind.eq("inspection"))
        .all(txn)
        .await?;
    for (which, answer, note) in SEED_ANSWERS {
        let Some(q) = questions
            .iter()
            .find(|q| q.gauge.as_deref() == Some(which) || q.body.starts_with(which))
        else {
            continue;
        };
        visit_answer::ActiveModel {
            visit_id: Set(visit_id),
            question_id: Set(q.id),
            answer: Set(answer.to_owned()),
            note: Set(note.to_owned()),
            version: Set(1),
            author_id: Set(None),
            author: Set(DELEGATION.to_owned()),
            updated_at: Set(morning(on)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (topic, body) in SEED_FINDINGS {
        visit_finding::ActiveModel {
            visit_id: Set(visit_id),
            topic: Set(topic.to_owned()),
            body: Set(body.to_owned()),
            version: Set(1),
            author_id: Set(None),
            author: Set(DELEGATION.to_owned()),
            updated_at: Set(morning(on)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Loads the demonstration visits once.
pub async fn load(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    if visit::Entity::find().count(&txn).await? > 0 {
        return Ok(());
    }
    for (n, v) in std::iter::once(seed()).chain(others()).enumerate() {
        let saved = visit::ActiveModel {
            province_code: Set(v.province.to_owned()),
            kind: Set(v.kind.to_owned()),
            title: Set(v.title.to_owned()),
            organiser: Set(MINISTRY.to_owned()),
            starts_on: Set(v.on),
            ends_on: Set(v.on),
            places: Set(v.places.to_owned()),
            topics: Set(v.topics.to_owned()),
            participants: Set(v.participants.to_owned()),
            status: Set(v.status.to_owned()),
            demo: Set(true),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if n == 0 {
            seed_checklist(&txn, saved.id, v.on).await?;
        }
        visit_member::ActiveModel {
            visit_id: Set(saved.id),
            position: Set(0),
            name: Set(v.head.0.to_owned()),
            title: Set(v.head.1.to_owned()),
            is_head: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (position, f) in v.follow_ups.into_iter().enumerate() {
            let status = f.responses.last().map_or("open", |r| r.3);
            let item = follow_up::ActiveModel {
                visit_id: Set(saved.id),
                province_code: Set(v.province.to_owned()),
                kind: Set(f.kind.to_owned()),
                position: Set(position as i32),
                body: Set(f.body.to_owned()),
                addressed_to: Set(f.addressed_to.to_owned()),
                acted_by: Set(ActedBy::of(
                    FollowUpKind::parse(f.kind).unwrap_or(FollowUpKind::Conclusion),
                    f.addressed_to == DELEGATION,
                )
                .code()
                .to_owned()),
                responsible: Set(f.responsible.to_owned()),
                due_on: Set(f.due),
                status: Set(status.to_owned()),
                closed_on: Set(f.responses.last().filter(|r| r.3 == "closed").map(|r| r.0)),
                version: Set(1 + f.responses.len() as i32),
                created_on: Set(Some(v.on)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (on, author, body, status_after) in f.responses {
                follow_up_response::ActiveModel {
                    follow_up_id: Set(item.id),
                    at: Set(morning(on)),
                    author_id: Set(None),
                    author: Set(author.to_owned()),
                    body: Set(body.to_owned()),
                    status_after: Set(status_after.to_owned()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}
