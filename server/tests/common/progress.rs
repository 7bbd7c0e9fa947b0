//! Progress data written straight to the database, and the ranking read back over HTTP: what
//! the ranking and public-page tests set up and look at.

use super::TestApp;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use entity::{assignment, assignment_change, commune, plan, task, task_group};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::Value;
use std::collections::HashMap;

pub async fn ranking(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/xep-hang?{query}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

/// Province code → rank (None: not ranked).
pub fn ranks(ranking: &Value) -> HashMap<String, Option<u64>> {
    ranking["standings"]
        .as_array()
        .expect("standings")
        .iter()
        .map(|s| (s["code"].as_str().unwrap().to_owned(), s["rank"].as_u64()))
        .collect()
}

pub fn standing<'a>(ranking: &'a Value, code: &str) -> &'a Value {
    ranking["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .expect("province listed")
}

/// A plan with `tasks` commune tasks, written directly; returns the task ids.
pub async fn commune_tasks(app: &TestApp, code: &str, tasks: usize) -> Vec<i64> {
    let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let plan = plan::ActiveModel {
        code: Set(code.into()),
        title: Set("Kế hoạch thử".into()),
        issuer: Set("Bộ".into()),
        issued_on: Set(day),
        demo: Set(false),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let group = task_group::ActiveModel {
        plan_id: Set(plan.id),
        position: Set(1),
        name: Set("Nhóm".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut ids = Vec::new();
    for position in 0..tasks {
        let task = task::ActiveModel {
            plan_id: Set(plan.id),
            group_id: Set(group.id),
            level: Set("commune".into()),
            position: Set(position as i32 + 1),
            title: Set(format!("Nhiệm vụ {position}")),
            description: Set(String::new()),
            starts_on: Set(day),
            deadline: Set(day + Duration::days(200)),
            kind: Set("checklist".into()),
            evidence_required: Set(false),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(task.id);
    }
    ids
}

pub async fn assign(app: &TestApp, task: i64, unit: &str, province: &str) -> i64 {
    assignment::ActiveModel {
        task_id: Set(task),
        unit_code: Set(unit.into()),
        province_code: Set(province.into()),
        status: Set("not_started".into()),
        progress: Set(0),
        note: Set(String::new()),
        difficulties: Set(String::new()),
        recommendations: Set(String::new()),
        updated_at: Set(Utc::now()),
        version: Set(1),
        verification: Set("none".into()),
        verification_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A change at noon (Vietnam) on 2025-07-`day`, not yet written (a test may add words).
pub fn change_row(assignment: i64, day: u32, status: &str) -> assignment_change::ActiveModel {
    assignment_change::ActiveModel {
        assignment_id: Set(assignment),
        at: Set(Utc.with_ymd_and_hms(2025, 7, day, 5, 0, 0).unwrap()),
        actor: Set(Some("test".into())),
        status: Set(status.into()),
        progress: Set(if status == "done" { 100 } else { 50 }),
        note: Set(String::new()),
        difficulties: Set(String::new()),
        recommendations: Set(String::new()),
        version: Set(2),
        verification: Set("none".into()),
        verification_note: Set(String::new()),
        ..Default::default()
    }
}

/// That change, written directly as any writer might.
pub async fn change(app: &TestApp, assignment: i64, day: u32, status: &str) {
    change_row(assignment, day, status)
        .insert(&app.db)
        .await
        .unwrap();
}

pub async fn communes_of(app: &TestApp, province: &str, n: u64) -> Vec<String> {
    commune::Entity::find()
        .filter(commune::Column::ProvinceCode.eq(province))
        .order_by_asc(commune::Column::Code)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .take(n as usize)
        .map(|c| c.code)
        .collect()
}
