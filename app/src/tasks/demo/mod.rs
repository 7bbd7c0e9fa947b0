//! Demonstration data for Plan 02-KH/BCĐTW, deterministic from a fixed seed: 23 province
//! tasks and 16 commune tasks under the plan's eight groups, assigned to all 34 provinces and
//! 3,321 communes, with a history of changes from June to August 2025. Nghệ An is exactly as
//! the seed article gives it on 14/8/2025; the other provinces are generated so that Nghệ An
//! ranks 15th of 34 on commune progress.

mod generate;
mod plan02;

use crate::state::begin_write;
pub(crate) use generate::Rng;
pub use generate::seed_date;
use generate::{START, all_commune_counts, date, moment};
use plan02::{COMMUNE_TASKS, GROUPS, PROVINCE_TASKS};

use super::rules::{Status, Verification};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{
    assignment, assignment_change, commune, plan, plan_phase, province, task, task_group,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

pub const PLAN_CODE: &str = "02-KH/BCĐTW";

pub const SEED_PROVINCE: &str = "40";
/// Xã Nghi Lộc, the demo commune official's.
pub const DEMO_COMMUNE: &str = "17827";
/// Nghệ An's rank on commune progress in the seed article.
pub const SEED_RANK: usize = 15;

/// Loads the demo plan unless it is there. Returns whether it was loaded now.
pub async fn load(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if plan::Entity::find()
        .filter(plan::Column::Code.eq(PLAN_CODE))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let mut rng = Rng(20250619);
    let txn = begin_write(db).await?;
    let plan = plan::ActiveModel {
        code: Set(PLAN_CODE.to_owned()),
        title: Set("Kế hoạch thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả đáp ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị".to_owned()),
        issuer: Set("Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số".to_owned()),
        issued_on: Set(date(6, 19)),
        demo: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (name, ends) in [
        ("Giai đoạn cấp bách", date(6, 30)),
        ("Giai đoạn bứt phá", date(12, 31)),
    ] {
        plan_phase::ActiveModel {
            plan_id: Set(plan.id),
            name: Set(name.to_owned()),
            ends_on: Set(ends),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut group_ids = Vec::new();
    for (i, name) in GROUPS.iter().enumerate() {
        let group = task_group::ActiveModel {
            plan_id: Set(plan.id),
            position: Set(i as i32 + 1),
            name: Set((*name).to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        group_ids.push(group.id);
    }
    let tasks = |level: &'static str, list: &'static [(usize, &'static str, (u32, u32))]| {
        list.iter()
            .enumerate()
            .map(move |(i, &(group, title, (m, d)))| (level, i, group, title, date(m, d)))
            .collect::<Vec<_>>()
    };
    let mut province_tasks = Vec::new();
    let mut commune_tasks = Vec::new();
    for (level, i, group, title, deadline) in tasks("province", &PROVINCE_TASKS)
        .into_iter()
        .chain(tasks("commune", &COMMUNE_TASKS))
    {
        let row = task::ActiveModel {
            plan_id: Set(plan.id),
            group_id: Set(group_ids[group]),
            level: Set(level.to_owned()),
            position: Set(i as i32 + 1),
            title: Set(title.to_owned()),
            description: Set(format!(
                "{title} theo Kế hoạch {PLAN_CODE} (dữ liệu minh hoạ)."
            )),
            starts_on: Set(date(START.0, START.1)),
            deadline: Set(deadline),
            kind: Set("checklist".to_owned()),
            target_value: Set(None),
            target_unit: Set(None),
            evidence_required: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if level == "province" {
            province_tasks.push(row)
        } else {
            commune_tasks.push(row)
        }
    }

    let provinces = province::Entity::find()
        .order_by_asc(province::Column::Code)
        .all(&txn)
        .await?;
    let communes = commune::Entity::find()
        .order_by_asc(commune::Column::Code)
        .all(&txn)
        .await?;
    let mut by_province: HashMap<&str, Vec<&commune::Model>> = HashMap::new();
    for c in &communes {
        by_province
            .entry(c.province_code.as_str())
            .or_default()
            .push(c);
    }
    let sizes: Vec<(String, usize)> = provinces
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                by_province.get(p.code.as_str()).map_or(0, Vec::len),
            )
        })
        .collect();
    let mut counts = all_commune_counts(&mut rng, &sizes);
    // The demo commune official's commune has tasks left to do.
    if let (Some(list), Some(communes)) = (
        counts.get_mut(SEED_PROVINCE),
        by_province.get(SEED_PROVINCE),
    ) {
        let demo = communes.iter().position(|c| c.code == DEMO_COMMUNE);
        let open = list.iter().position(|&done| done < 16);
        if let (Some(demo), Some(open)) = (demo, open) {
            list.swap(demo, open);
        }
    }

    let seed = seed_date();
    let start = date(START.0, START.1);
    let mut plans: Vec<Planned> = Vec::new();
    for p in &provinces {
        // Province tasks: the seed province 14 done and 9 well on schedule; others 8–20 done.
        let done = if p.code == SEED_PROVINCE {
            14
        } else {
            rng.between(8, 20) as usize
        };
        for (i, t) in province_tasks.iter().enumerate() {
            let progress = if p.code == SEED_PROVINCE {
                rng.between(45, 80)
            } else {
                rng.between(15, 85)
            };
            plans.push(Planned {
                task: t.clone(),
                unit: p.code.clone(),
                province: p.code.clone(),
                done: i < done,
                progress: progress as i32,
            });
        }
        for (c, &done) in by_province
            .get(p.code.as_str())
            .into_iter()
            .flatten()
            .zip(counts[&p.code].iter())
        {
            for (i, t) in commune_tasks.iter().enumerate() {
                plans.push(Planned {
                    task: t.clone(),
                    unit: c.code.clone(),
                    province: p.code.clone(),
                    done: (i as u32) < done,
                    progress: rng.between(30, 90) as i32,
                });
            }
        }
    }

    // The history of every assignment, then the assignments as it leaves them.
    let mut changes: Vec<Change> = Vec::new();
    for (index, planned) in plans.iter().enumerate() {
        let last = planned.task.deadline.min(seed);
        let begun = start + Duration::days(rng.between(1, (last - start).num_days().max(2) - 1));
        let begun_at = moment(&mut rng, begun);
        let change = |at, status, progress, verification| Change {
            at,
            index,
            status,
            progress,
            verification,
        };
        changes.push(change(
            begun_at,
            Status::InProgress,
            planned.progress.min(60),
            Verification::None,
        ));
        // A later change comes at least an hour after the first, on or before the seed date.
        let later = |rng: &mut Rng, day: NaiveDate| {
            moment(rng, day.min(seed)).max(begun_at + Duration::hours(1))
        };
        if planned.done {
            let finished = begun + Duration::days(rng.between(0, (last - begun).num_days().max(0)));
            // Most communes' reports are verified by their province; a few wait.
            let verification = match (planned.unit.len(), rng.chance(90)) {
                (5, true) => Verification::Verified,
                (5, false) => Verification::Pending,
                _ => Verification::None,
            };
            changes.push(change(
                later(&mut rng, finished),
                Status::Done,
                100,
                verification,
            ));
        } else if planned.progress > 60 {
            let day = seed - Duration::days(rng.between(0, 5));
            changes.push(change(
                later(&mut rng, day),
                Status::InProgress,
                planned.progress,
                Verification::None,
            ));
        }
    }
    changes.sort_by_key(|c| (c.at, c.index));
    let mut versions: HashMap<usize, i32> = HashMap::new();
    let mut latest: HashMap<usize, (&Change, i32)> = HashMap::new();
    let mut change_rows = Vec::with_capacity(changes.len());
    for change in &changes {
        let version = *versions
            .entry(change.index)
            .and_modify(|v| *v += 1)
            .or_insert(1);
        latest.insert(change.index, (change, version));
        change_rows.push(version);
    }
    for (chunk, indexes) in plans
        .chunks(2000)
        .zip((0..plans.len()).collect::<Vec<_>>().chunks(2000))
    {
        let rows: Vec<assignment::ActiveModel> = chunk
            .iter()
            .zip(indexes)
            .map(|(p, index)| {
                let (last, version) = latest[index];
                assignment::ActiveModel {
                    task_id: Set(p.task.id),
                    unit_code: Set(p.unit.clone()),
                    province_code: Set(p.province.clone()),
                    status: Set(last.status.code().to_owned()),
                    progress: Set(last.progress),
                    value: Set(None),
                    note: Set(String::new()),
                    difficulties: Set(String::new()),
                    recommendations: Set(String::new()),
                    updated_by: Set(None),
                    updated_at: Set(last.at),
                    version: Set(version),
                    verification: Set(last.verification.code().to_owned()),
                    verification_note: Set(String::new()),
                    ..Default::default()
                }
            })
            .collect();
        assignment::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    // Read the ids back ((task, unit) is unique).
    let stored: HashMap<(i64, String), i64> = assignment::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| ((a.task_id, a.unit_code), a.id))
        .collect();
    let ids: Vec<i64> = plans
        .iter()
        .map(|p| stored[&(p.task.id, p.unit.clone())])
        .collect();
    for (chunk, chunk_versions) in changes.chunks(2000).zip(change_rows.chunks(2000)) {
        let rows: Vec<assignment_change::ActiveModel> = chunk
            .iter()
            .zip(chunk_versions)
            .map(|(c, &version)| assignment_change::ActiveModel {
                assignment_id: Set(ids[c.index]),
                at: Set(c.at),
                actor_id: Set(None),
                actor: Set(Some("demo".to_owned())),
                status: Set(c.status.code().to_owned()),
                progress: Set(c.progress),
                value: Set(None),
                note: Set(String::new()),
                difficulties: Set(String::new()),
                recommendations: Set(String::new()),
                version: Set(version),
                verification: Set(c.verification.code().to_owned()),
                verification_note: Set(String::new()),
                ..Default::default()
            })
            .collect();
        assignment_change::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// One generated change of an assignment (`index` into the planned assignments).
struct Change {
    at: DateTime<Utc>,
    index: usize,
    status: Status,
    progress: i32,
    verification: Verification,
}

struct Planned {
    task: task::Model,
    unit: String,
    province: String,
    done: bool,
    progress: i32,
}
