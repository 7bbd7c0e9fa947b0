//! Demonstration dossiers, deterministic: the eight departments of each province and the
//! communes' People's Committees as receiving agencies, a catalogue of about two thousand
//! procedures, and dossiers from 1/7/2025 to 16:00 on 6/8/2025 taken in through the same
//! batches a province's system sends. Nghệ An is exactly as the seed article gives it
//! (310.903 received, 224.930 online, 252.648 returned); the other provinces get fewer
//! dossiers, with online rates chosen so that Nghệ An ranks 20th of 34 on 6/8/2025, 25th on
//! 22/7/2025.

use super::{DossierRecord, MAX_BATCH, ingest::ingest};
use crate::{error::AppError, tasks::demo::Rng};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use entity::{agency, commune, procedure, province};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub const SEED_PROVINCE: &str = "40";
pub const SEED_RECEIVED: u64 = 310_903;
pub const SEED_ONLINE: u64 = 224_930;
pub const SEED_RETURNED: u64 = 252_648;
/// Nghệ An's rank on the online rate on 6/8/2025, and on 22/7/2025.
pub const SEED_ONLINE_RANK: u32 = 20;
pub const SEED_PREVIOUS_RANK: u32 = 25;

/// Received up to 22/7/2025, and online among them (69,0%).
const SEED_FIRST_PART: (u64, u64) = (186_000, 128_340);

/// The departments that receive dossiers in every province, by code.
pub const DEPARTMENTS: [(&str, &str); 8] = [
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SYT", "Sở Y tế"),
];
/// The communes' People's Committees, which receive the commune-level procedures.
pub const COMMUNES_AGENCY: (&str, &str) = ("UBNDX", "Ủy ban nhân dân cấp xã");

/// Each sector's fields, and what its procedures are about.
const FIELDS: [(&str, &[&str], &[&str]); 9] = [
    (
        "SNV",
        &[
            "Tổ chức hành chính",
            "Thi đua, khen thưởng",
            "Tín ngưỡng, tôn giáo",
        ],
        &["hồ sơ thi đua", "hội, quỹ", "hoạt động tôn giáo"],
    ),
    (
        "STP",
        &["Hộ tịch", "Lý lịch tư pháp", "Công chứng"],
        &["phiếu lý lịch tư pháp", "văn phòng công chứng", "chứng thư"],
    ),
    (
        "STC",
        &["Đăng ký doanh nghiệp", "Đầu tư", "Quản lý giá"],
        &["đăng ký doanh nghiệp", "dự án đầu tư", "hộ kinh doanh"],
    ),
    (
        "SCT",
        &["Lưu thông hàng hoá", "Điện", "An toàn thực phẩm"],
        &[
            "giấy phép bán lẻ",
            "giấy phép hoạt động điện lực",
            "cơ sở đủ điều kiện",
        ],
    ),
    (
        "SNNMT",
        &["Đất đai", "Môi trường", "Trồng trọt"],
        &[
            "quyền sử dụng đất",
            "giấy phép môi trường",
            "giống cây trồng",
        ],
    ),
    (
        "SXD",
        &["Hoạt động xây dựng", "Nhà ở", "Đường bộ"],
        &[
            "giấy phép xây dựng",
            "chứng chỉ hành nghề",
            "giấy phép lái xe",
        ],
    ),
    (
        "SKHCN",
        &[
            "Hoạt động khoa học và công nghệ",
            "Sở hữu trí tuệ",
            "Tiêu chuẩn đo lường chất lượng",
            "Năng lượng nguyên tử",
        ],
        &[
            "giấy chứng nhận hoạt động khoa học",
            "chuyển giao công nghệ",
            "phương tiện đo",
            "giấy phép tiến hành công việc bức xạ",
        ],
    ),
    (
        "SYT",
        &["Khám bệnh, chữa bệnh", "Dược phẩm", "Y tế dự phòng"],
        &[
            "chứng chỉ hành nghề khám bệnh",
            "giấy chứng nhận đủ điều kiện kinh doanh dược",
            "cơ sở tiêm chủng",
        ],
    ),
    (
        "UBNDX",
        &["Hộ tịch", "Chứng thực", "Bảo trợ xã hội"],
        &["khai sinh", "bản sao từ bản chính", "trợ cấp xã hội"],
    ),
];
const ACTIONS: [&str; 6] = [
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Gia hạn",
    "Đăng ký",
    "Thu hồi",
];

/// Procedures per field.
const PER_FIELD: usize = 72;

/// Loads the demonstration agencies, catalogue and dossiers unless there are agencies
/// already. Returns how many dossiers it took in.
pub async fn load(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    if agency::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let provinces: Vec<String> = province::Entity::find()
        .select_only()
        .column(province::Column::Code)
        .order_by_asc(province::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let agencies = provinces.iter().flat_map(|p| {
        DEPARTMENTS
            .iter()
            .chain([&COMMUNES_AGENCY])
            .map(move |(code, name)| agency::ActiveModel {
                province_code: Set(p.clone()),
                code: Set((*code).to_owned()),
                name: Set((*name).to_owned()),
                ..Default::default()
            })
    });
    agency::Entity::insert_many(agencies.collect::<Vec<_>>())
        .exec_without_returning(db)
        .await?;
    let catalogue = catalogue();
    for chunk in catalogue.chunks(500) {
        procedure::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    let by_sector = |sector: &str| -> Vec<String> {
        catalogue
            .iter()
            .filter(|p| p.sector.as_ref() == sector)
            .map(|p| p.code.as_ref().clone())
            .collect()
    };
    let sectors: Vec<(&str, Vec<String>)> = DEPARTMENTS
        .iter()
        .chain([&COMMUNES_AGENCY])
        .map(|(code, _)| (*code, by_sector(code)))
        .collect();
    let mut total = 0;
    for plan in plans(&provinces) {
        let communes: Vec<String> = commune::Entity::find()
            .select_only()
            .column(commune::Column::Code)
            .filter(commune::Column::ProvinceCode.eq(&plan.province))
            .order_by_asc(commune::Column::Code)
            .into_tuple()
            .all(db)
            .await?;
        let records = records(&plan, &communes, &sectors);
        for batch in records.chunks(MAX_BATCH) {
            if let Err(errors) = ingest(db, &plan.province, batch, now).await? {
                tracing::error!(?errors, "demo dossiers refused");
                return Err(AppError::Internal);
            }
            // PostgreSQL plans a statement it has prepared once for all; planned while the
            // table was empty, a lookup would read the whole table each time. Fresh
            // statistics (which autovacuum gives a table that grows at a normal pace)
            // replan it.
            if total == 0 && db.get_database_backend() == DatabaseBackend::Postgres {
                db.execute_unprepared("ANALYZE dossier, dossier_hour")
                    .await?;
            }
            total += batch.len() as u64;
        }
    }
    Ok(total)
}

/// About two thousand procedures: each sector's fields, a few dozen procedures each, with
/// codes in the national pattern (`1.0xxxxx` for a province's, `2.00xxxx` for a commune's).
fn catalogue() -> Vec<procedure::ActiveModel> {
    let mut rng = Rng(20_250_701);
    let mut list = Vec::new();
    let (mut province_code, mut commune_code) = (1_000u32, 100u32);
    for (sector, fields, objects) in FIELDS {
        let commune_level = sector == COMMUNES_AGENCY.0;
        for (f, field) in fields.iter().enumerate() {
            for n in 0..PER_FIELD {
                let code = if commune_level {
                    commune_code += 1;
                    format!("2.00{commune_code:04}")
                } else {
                    province_code += 7;
                    format!("1.{province_code:06}")
                };
                let action = ACTIONS[n % ACTIONS.len()];
                let object = objects[(f + n / ACTIONS.len()) % objects.len()];
                let online = match rng.between(0, 99) {
                    0..=54 => "full",
                    55..=84 => "partial",
                    _ => "none",
                };
                list.push(procedure::ActiveModel {
                    code: Set(code),
                    name: Set(format!("{action} {object} (thủ tục {})", n + 1)),
                    field: Set((*field).to_owned()),
                    level: Set(if commune_level { "commune" } else { "province" }.to_owned()),
                    sector: Set(sector.to_owned()),
                    online: Set(online.to_owned()),
                });
            }
        }
    }
    list
}

/// How many dossiers a province gets in each part of the period, online among them, and
/// how many of the earliest have their result returned.
struct Plan {
    province: String,
    /// Up to 22/7/2025, then from 23/7/2025 to 16:00 on 6/8/2025: (received, online).
    parts: [(u64, u64); 2],
    returned: u64,
}

fn vietnam(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .and_then(|t| t.and_local_timezone(crate::format::vietnam()).single())
        .map(|t| t.to_utc())
        .expect("a moment in Vietnam")
}

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, day).expect("a real date")
}

/// The moment the data stops: 16:00 on 6/8/2025.
pub fn cutoff() -> DateTime<Utc> {
    vietnam(day(8, 6), 16, 0)
}

/// Each province's plan. The other provinces are shuffled into three groups: 19 above Nghệ
/// An on both dates, 5 above it on 22/7 and below on 6/8, 9 below on both; each part's online
/// share is drawn within its group's bounds, which keep at least a point from Nghệ An's rate.
fn plans(provinces: &[String]) -> Vec<Plan> {
    let mut rng = Rng(20_250_806);
    let mut others: Vec<&String> = provinces.iter().filter(|p| *p != SEED_PROVINCE).collect();
    for i in (1..others.len()).rev() {
        others.swap(i, rng.between(0, i as i64) as usize);
    }
    let mut plans: Vec<Plan> = others
        .into_iter()
        .enumerate()
        .map(|(place, code)| {
            // (first part's online share, second part's), in thousandths.
            let (first, second) = match place {
                0..19 => ((720, 950), (800, 980)),
                19..24 => ((700, 760), (400, 600)),
                _ => ((400, 660), (400, 750)),
            };
            let received = rng.between(4_000, 9_000) as u64;
            let early = received * 6 / 10;
            let late = received - early;
            let share = |rng: &mut Rng, (low, high): (i64, i64), n: u64| {
                n * rng.between(low, high) as u64 / 1_000
            };
            Plan {
                province: code.clone(),
                parts: [
                    (early, share(&mut rng, first, early)),
                    (late, share(&mut rng, second, late)),
                ],
                returned: received * rng.between(780, 860) as u64 / 1_000,
            }
        })
        .collect();
    if provinces.iter().any(|p| p == SEED_PROVINCE) {
        let (early, early_online) = SEED_FIRST_PART;
        plans.push(Plan {
            province: SEED_PROVINCE.to_owned(),
            parts: [
                (early, early_online),
                (SEED_RECEIVED - early, SEED_ONLINE - early_online),
            ],
            returned: SEED_RETURNED,
        });
    }
    plans
}

/// The days of a part with their share of its dossiers: working days full, Saturdays less,
/// Sundays little; the last day only until the cutoff.
fn days(first: NaiveDate, last: NaiveDate, n: u64) -> Vec<(NaiveDate, u64)> {
    let weight = |d: NaiveDate| -> u64 {
        let base = match d.weekday() {
            Weekday::Sat => 40,
            Weekday::Sun => 15,
            _ => 100,
        };
        if d == cutoff()
            .with_timezone(&crate::format::vietnam())
            .date_naive()
        {
            base * 85 / 95
        } else {
            base
        }
    };
    let all: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let total: u64 = all.iter().map(|d| weight(*d)).sum();
    // Largest remainders, so the parts add up to `n` exactly.
    let mut shares: Vec<(NaiveDate, u64, u64)> = all
        .iter()
        .map(|d| {
            let exact = n * weight(*d);
            (*d, exact / total, exact % total)
        })
        .collect();
    let mut left = n - shares.iter().map(|s| s.1).sum::<u64>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| shares[*b].2.cmp(&shares[*a].2).then(a.cmp(b)));
    for i in order {
        if left == 0 {
            break;
        }
        shares[i].1 += 1;
        left -= 1;
    }
    shares.into_iter().map(|(d, k, _)| (d, k)).collect()
}

/// A province's dossiers in the order received.
fn records(
    plan: &Plan,
    communes: &[String],
    sectors: &[(&str, Vec<String>)],
) -> Vec<DossierRecord> {
    let parts = [
        (day(7, 1), day(7, 22), plan.parts[0]),
        (day(7, 23), day(8, 6), plan.parts[1]),
    ];
    let mut records = Vec::new();
    for (first, last, (received, online)) in parts {
        let mut in_part = 0u64;
        for (d, n) in days(first, last, received) {
            let opens = vietnam(d, 7, 30);
            let closes = vietnam(d, 17, 0).min(cutoff());
            let span = (closes - opens).num_seconds().max(1) as u64;
            for j in 0..n {
                let at = opens + Duration::seconds(((2 * j + 1) * span / (2 * n)) as i64);
                // Online ones spread evenly over the part: exactly `online` of `received`.
                let is_online =
                    (in_part + 1) * online / received.max(1) > in_part * online / received.max(1);
                in_part += 1;
                records.push(record(
                    plan,
                    records.len(),
                    at,
                    is_online,
                    communes,
                    sectors,
                ));
            }
        }
    }
    records
}

fn record(
    plan: &Plan,
    i: usize,
    received_at: DateTime<Utc>,
    online: bool,
    communes: &[String],
    sectors: &[(&str, Vec<String>)],
) -> DossierRecord {
    // Nine in twenty go to a commune; the rest to the departments in turn.
    let (sector, commune) = if i % 20 < 9 && !communes.is_empty() {
        (
            sectors.len() - 1,
            Some(communes[(i / 20) % communes.len()].clone()),
        )
    } else {
        (i % (sectors.len() - 1), None)
    };
    let (agency, procedures) = &sectors[sector];
    let returned_at = ((i as u64) < plan.returned).then(|| {
        (received_at + Duration::days(1 + (i % 9) as i64) + Duration::hours(2))
            .min(cutoff() - Duration::minutes(1))
            .max(received_at)
    });
    DossierRecord {
        code: format!("{}-{:07}", plan.province, i + 1),
        agency: (*agency).to_owned(),
        commune,
        procedure: procedures[popular(i, procedures.len())].clone(),
        received_at,
        channel: if online { "online" } else { "in_person" }.to_owned(),
        due_at: Some(received_at + Duration::days(3 + (i % 13) as i64)),
        finished_at: returned_at,
        returned_at,
        status: if returned_at.is_some() {
            "returned"
        } else {
            "processing"
        }
        .to_owned(),
    }
}

/// Which of a sector's procedures the `i`th dossier is for: as in life, a few procedures
/// take most dossiers (nineteen in twenty go to the sector's first twenty), the rest spread
/// thinly over the others.
fn popular(i: usize, procedures: usize) -> usize {
    let k = (i * 7_919) % 1_000;
    if k < 950 {
        k % procedures.min(20)
    } else {
        (k * 31 + i) % procedures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rankings::{Measure, rank, to_millionths};

    fn codes() -> Vec<String> {
        (1..=34).map(|n| format!("{:02}", n * 2)).collect()
    }

    /// Ranks on the online rate from the plans alone, up to 22/7 (first part) or in all.
    fn ranks(plans: &[Plan], both_parts: bool) -> Vec<(String, Option<u32>)> {
        let measures: Vec<(&str, Option<Measure>)> = plans
            .iter()
            .map(|p| {
                let (mut received, mut online) = p.parts[0];
                if both_parts {
                    received += p.parts[1].0;
                    online += p.parts[1].1;
                }
                let rate = online as f64 * 100.0 / received as f64;
                let measure = Measure {
                    value: to_millionths(rate),
                    tiebreak: received as f64,
                };
                (p.province.as_str(), Some(measure))
            })
            .collect();
        plans
            .iter()
            .map(|p| p.province.clone())
            .zip(rank(&measures))
            .collect()
    }

    #[test]
    fn the_seed_province_ranks_as_the_article_says() {
        let mut codes = codes();
        codes[19] = SEED_PROVINCE.to_owned();
        let plans = plans(&codes);
        let seed = |ranks: Vec<(String, Option<u32>)>| {
            ranks
                .into_iter()
                .find(|(c, _)| c == SEED_PROVINCE)
                .and_then(|(_, r)| r)
        };
        assert_eq!(seed(ranks(&plans, true)), Some(SEED_ONLINE_RANK));
        assert_eq!(seed(ranks(&plans, false)), Some(SEED_PREVIOUS_RANK));
    }

    #[test]
    fn days_share_a_part_exactly_and_records_keep_its_online_count() {
        let shares = days(day(7, 23), day(8, 6), 124_903);
        assert_eq!(shares.iter().map(|s| s.1).sum::<u64>(), 124_903);
        let plan = Plan {
            province: "40".into(),
            parts: [(1_000, 690), (700, 541)],
            returned: 1_200,
        };
        let sectors: Vec<(&str, Vec<String>)> = DEPARTMENTS
            .iter()
            .chain([&COMMUNES_AGENCY])
            .map(|(c, _)| (*c, vec![format!("{c}.1")]))
            .collect();
        let list = records(&plan, &["17827".into()], &sectors);
        assert_eq!(list.len(), 1_700);
        assert_eq!(list.iter().filter(|r| r.channel == "online").count(), 1_231);
        assert_eq!(
            list.iter().filter(|r| r.returned_at.is_some()).count(),
            1_200
        );
        assert!(
            list.windows(2)
                .all(|w| w[0].received_at <= w[1].received_at)
        );
        assert!(list.iter().all(|r| r.received_at < cutoff()));
        assert!(list.iter().all(|r| {
            r.returned_at
                .is_none_or(|at| at < cutoff() && at >= r.received_at)
        }));
    }
}
