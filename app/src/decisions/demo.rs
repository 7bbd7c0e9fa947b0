//! Demonstration decisions, deterministic. Nghệ An as the seed article gives it: the
//! Chairman's decision announcing 205 procedures not dependent on administrative boundaries,
//! managed by 8 departments, in force since 25/7/2025; and the Department of Science and
//! Technology's proposal that the provincial People's Committee delegate 121 procedures to it,
//! proposed on 5/8/2025 and not yet decided. Every other province gets its own boundary-free
//! announcement, of a drawn size.

use crate::state::begin_write;
use crate::{
    dossiers::demo::{DEPARTMENTS, SEED_PROVINCE},
    error::AppError,
    tasks::demo::Rng,
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{decision, decision_procedure, procedure, province};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Nghệ An's boundary-free procedures, and the departments managing them.
pub const SEED_BOUNDARY_FREE: u32 = 205;
pub const SEED_BOUNDARY_FREE_DEPARTMENTS: u32 = 8;
/// The procedures the Department of Science and Technology asked to be delegated to it.
pub const SEED_DELEGATION_PROPOSED: u32 = 121;

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, day).expect("a real date")
}

struct Demo {
    province: String,
    kind: &'static str,
    number: String,
    title: &'static str,
    issuer: String,
    to_agency: Option<&'static str>,
    proposed_on: NaiveDate,
    issued_on: Option<NaiveDate>,
    procedures: Vec<String>,
}

/// Loads the demonstration decisions unless there are decisions already.
pub async fn load(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    if decision::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    // Each department's province-level procedures, in code order.
    let mut by_department: Vec<Vec<String>> = Vec::new();
    for (sector, _) in DEPARTMENTS {
        by_department.push(
            procedure::Entity::find()
                .select_only()
                .column(procedure::Column::Code)
                .filter(procedure::Column::Sector.eq(sector))
                .filter(procedure::Column::Level.eq("province"))
                .order_by_asc(procedure::Column::Code)
                .into_tuple()
                .all(db)
                .await?,
        );
    }
    let provinces: Vec<(String, String)> = province::Entity::find()
        .select_only()
        .column(province::Column::Code)
        .column(province::Column::Name)
        .order_by_asc(province::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let mut rng = Rng(20_250_725);
    let mut demos = Vec::new();
    for (code, name) in &provinces {
        let seed = code == SEED_PROVINCE;
        // Nghệ An: 26 from each of the first five departments, 25 from the other three.
        let (departments, each) = if seed {
            (8, [26, 26, 26, 26, 26, 25, 25, 25])
        } else {
            let d = rng.between(5, 8) as usize;
            let mut each = [0; 8];
            for n in each.iter_mut().take(d) {
                *n = rng.between(12, 34) as usize;
            }
            (d, each)
        };
        let procedures = by_department
            .iter()
            .zip(each)
            .take(departments)
            .flat_map(|(list, n)| list.iter().take(n).cloned())
            .collect();
        let issued = if seed {
            day(7, 25)
        } else {
            day(7, rng.between(8, 31) as u32)
        };
        demos.push(Demo {
            province: code.clone(),
            kind: "boundary_free",
            number: format!("{}/QĐ-UBND", rng.between(1_800, 2_600)),
            title: "Công bố danh mục thủ tục hành chính không phụ thuộc vào địa giới hành chính cấp tỉnh",
            issuer: format!("Chủ tịch UBND {name}"),
            to_agency: None,
            proposed_on: issued - chrono::Duration::days(10),
            issued_on: Some(issued),
            procedures,
        });
        if seed {
            let science = DEPARTMENTS
                .iter()
                .position(|(sector, _)| *sector == "SKHCN")
                .expect("the Department of Science and Technology");
            demos.push(Demo {
                province: code.clone(),
                kind: "delegation",
                number: "1520/TTr-SKHCN".to_owned(),
                title: "Đề nghị UBND tỉnh ủy quyền cho Sở Khoa học và Công nghệ giải quyết thủ tục hành chính",
                issuer: "Sở Khoa học và Công nghệ".to_owned(),
                to_agency: Some("SKHCN"),
                proposed_on: day(8, 5),
                issued_on: None,
                procedures: by_department[science]
                    .iter()
                    .take(SEED_DELEGATION_PROPOSED as usize)
                    .cloned()
                    .collect(),
            });
        }
    }
    let txn = begin_write(db).await?;
    for demo in demos {
        let saved = decision::ActiveModel {
            province_code: Set(demo.province),
            kind: Set(demo.kind.to_owned()),
            number: Set(demo.number),
            title: Set(demo.title.to_owned()),
            issuer: Set(demo.issuer),
            from_agency: Set(None),
            to_agency: Set(demo.to_agency.map(str::to_owned)),
            proposed_on: Set(demo.proposed_on),
            issued_on: Set(demo.issued_on),
            in_force_on: Set(demo.issued_on),
            replaced_on: Set(None),
            document_sha256: Set(None),
            demo: Set(true),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        decision_procedure::Entity::insert_many(demo.procedures.into_iter().map(|code| {
            decision_procedure::ActiveModel {
                decision_id: Set(saved.id),
                procedure_code: Set(code),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
