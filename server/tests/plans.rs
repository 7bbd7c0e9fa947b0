//! Plans and tasks administered over real HTTP: a ministry admin creates a plan, a group
//! and tasks assigned to every unit of a level or to chosen ones, and moves a deadline.

mod common;

use app::accounts::Role;
use common::{PASSWORD, apps};
use entity::{assignment, audit_event, task};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

#[test]
fn an_admin_creates_a_plan_assigns_its_tasks_and_moves_a_deadline() {
    common::run(async {
        for app in apps().await {
            app.user("admin", Role::MinistryAdmin, None).await;
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let nghean = app.login("nghean", PASSWORD).await.unwrap();
            let plan = [
                ("code", "05-KH/BCĐ"),
                ("title", "Kế hoạch thử"),
                ("issuer", "Ban Chỉ đạo"),
                ("issued_on", "2025-09-01"),
            ];
            assert_eq!(
                app.post("/api/plans/create", Some(&nghean), &plan).await.0,
                403
            );
            let (status, created) = app.post("/api/plans/create", Some(&admin), &plan).await;
            assert_eq!(status, 200, "{} {created}", app.backend);
            let (status, again) = app.post("/api/plans/create", Some(&admin), &plan).await;
            assert_eq!(
                (status, &again["Invalid"]),
                (422, &Value::from("PlanCodeTaken"))
            );
            let plan_id = created["id"].as_i64().unwrap().to_string();
            let (status, _) = app
                .post(
                    "/api/plans/group",
                    Some(&admin),
                    &[("plan_id", &plan_id), ("name", "Dữ liệu số")],
                )
                .await;
            assert_eq!(status, 200);
            let (_, detail) = app
                .post("/api/plans/get", Some(&admin), &[("id", &plan_id)])
                .await;
            let group_id = detail["groups"][0]["id"].as_i64().unwrap().to_string();

            let task = |level: &'static str, units: &'static str, deadline: &'static str| {
                [
                    ("task[plan_id]", plan_id.clone()),
                    ("task[group_id]", group_id.clone()),
                    ("task[level]", level.to_owned()),
                    ("task[title]", format!("Nhiệm vụ {level}")),
                    ("task[description]", String::new()),
                    ("task[starts_on]", "2025-09-01".to_owned()),
                    ("task[deadline]", deadline.to_owned()),
                    ("task[evidence_required]", "on".to_owned()),
                    ("task[units]", units.to_owned()),
                ]
            };
            let send = |form: [(&'static str, String); 9]| {
                let app = &app;
                let admin = admin.clone();
                async move {
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post("/api/plans/task", Some(&admin), &form).await
                }
            };
            let (status, all) = send(task("commune", "", "2025-12-31")).await;
            assert_eq!((status, all.as_u64()), (200, Some(3321)), "every commune");
            let (status, some) = send(task("province", "40, 42", "2025-12-31")).await;
            assert_eq!((status, some.as_u64()), (200, Some(2)));
            let (status, body) = send(task("province", "40 99", "2025-12-31")).await;
            assert_eq!(
                (status, &body["Invalid"]),
                (422, &Value::from("ScopeUnknown"))
            );
            let (status, body) = send(task("province", "", "2025-08-01")).await;
            assert_eq!(
                (status, &body["Invalid"]),
                (422, &Value::from("DeadlineBeforeStart"))
            );
            let (status, body) = send(task("district", "", "2025-12-31")).await;
            assert_eq!(
                (status, &body["Invalid"]),
                (422, &Value::from("LevelUnknown"))
            );

            // Nghệ An's checklist now holds the new province task, not yet started.
            let (_, list) = app
                .post(
                    "/api/tasks/checklist",
                    None,
                    &[("code", "40"), ("as_of", "2025-09-02")],
                )
                .await;
            let items: Vec<Value> = list["groups"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|g| g["items"].as_array().unwrap().clone())
                .collect();
            assert!(
                items
                    .iter()
                    .any(|i| i["title"] == "Nhiệm vụ province" && i["status"] == "not_started")
            );

            let task_row = task::Entity::find()
                .filter(task::Column::Level.eq("province"))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let id = task_row.id.to_string();
            let (status, _) = app
                .post(
                    "/api/plans/deadline",
                    Some(&admin),
                    &[("task_id", &id), ("deadline", "2027-06-30")],
                )
                .await;
            assert_eq!(status, 200);
            let moved = task::Entity::find_by_id(task_row.id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(moved.deadline.to_string(), "2027-06-30");
            let audit = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("task"))
                .filter(audit_event::Column::Action.eq("update"))
                .one(&app.db)
                .await
                .unwrap()
                .expect("the move is audited");
            assert!(audit.before.unwrap().contains("2025-12-31"));
            assert!(audit.after.unwrap().contains("2027-06-30"));
            // A past date keeps the deadline in force then; today has the new one.
            let schedule_on = |day: Option<&'static str>| {
                let app = &app;
                let title = task_row.title.clone();
                async move {
                    let mut form = vec![("code", "40")];
                    form.extend(day.map(|d| ("as_of", d)));
                    let (_, list) = app.post("/api/tasks/checklist", None, &form).await;
                    list["groups"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .flat_map(|g| g["items"].as_array().unwrap().clone())
                        .find(|i| i["title"] == title.as_str())
                        .unwrap()["schedule"]
                        .clone()
                }
            };
            assert_eq!(
                schedule_on(Some("2026-01-15")).await,
                "overdue",
                "old deadline 31/12/2025"
            );
            assert_ne!(
                schedule_on(None).await,
                "overdue",
                "new deadline 30/06/2027"
            );
            let assigned = assignment::Entity::find().count(&app.db).await.unwrap();
            assert_eq!(assigned, 3321 + 2);

            // A measured task: progress follows the value reached.
            let mut measured = task("province", "40", "2025-12-31");
            measured[3].1 = "Số hoá hồ sơ".into();
            let with_target = |value: &str, unit: &str| {
                let mut form: Vec<(&str, String)> = measured.to_vec();
                form.push(("task[target_value]", value.to_owned()));
                form.push(("task[target_unit]", unit.to_owned()));
                form
            };
            for (value, unit) in [("0", "hồ sơ"), ("50", ""), ("năm mươi", "hồ sơ")] {
                let form = with_target(value, unit);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let (status, body) = app.post("/api/plans/task", Some(&admin), &form).await;
                assert_eq!(
                    (status, &body["Invalid"]),
                    (422, &Value::from("TargetInvalid")),
                    "{value} {unit}"
                );
            }
            let form = with_target("50", "hồ sơ");
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                app.post("/api/plans/task", Some(&admin), &form).await.0,
                200
            );
            let (_, list) = app
                .post("/api/tasks/checklist", None, &[("code", "40")])
                .await;
            let item = list["groups"][0]["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["title"] == "Số hoá hồ sơ")
                .unwrap()
                .clone();
            assert_eq!(item["target"], serde_json::json!([50.0, "hồ sơ"]));
            let id = item["assignment_id"].to_string();
            let version = item["version"].to_string();
            let update = |value: &'static str| {
                [
                    ("id", id.clone()),
                    ("version", version.clone()),
                    ("change[status]", "in_progress".to_owned()),
                    ("change[progress]", "5".to_owned()),
                    ("change[value]", value.to_owned()),
                ]
            };
            let bad = update("-1");
            let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.post("/api/tasks/update", Some(&nghean), &bad).await;
            assert_eq!(
                (status, &body["InvalidField"]),
                (422, &serde_json::json!(["value", "ValueInvalid"]))
            );
            let good = update("20");
            let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.post("/api/tasks/update", Some(&nghean), &good).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(
                (
                    body["Saved"]["value"].as_f64(),
                    body["Saved"]["progress"].as_u64()
                ),
                (Some(20.0), Some(40))
            );
        }
    });
}
