//! Plans, checklists and progress over real HTTP: the demo data reproduces every task figure
//! of the seed article through the same server functions the pages use; officials update
//! their own assignments with evidence; a stale version changes nothing; any past date is
//! rebuilt from the stored changes.

mod common;

use app::{
    accounts::Role,
    format,
    i18n::Locale,
    tasks::demo::{SEED_PROVINCE, SEED_RANK},
};
use common::{PASSWORD, TestApp, demo_apps};
use entity::{assignment, assignment_change, audit_event, evidence};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

const SEED: &str = "2025-08-14";

async fn province(app: &TestApp, code: &str, as_of: Option<&str>) -> Value {
    let mut form = vec![("code", code)];
    if let Some(day) = as_of {
        form.push(("as_of", day));
    }
    let (status, body) = app.post("/api/tasks/province", None, &form).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn checklist(app: &TestApp, code: &str, as_of: Option<&str>, cookie: Option<&str>) -> Value {
    let mut form = vec![("code", code)];
    if let Some(day) = as_of {
        form.push(("as_of", day));
    }
    let (status, body) = app.post("/api/tasks/checklist", cookie, &form).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn items(checklist: &Value) -> Vec<Value> {
    checklist["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn the_demo_reproduces_the_seed_article_and_officials_update_their_own_tasks() {
    common::run(async {
        for app in demo_apps().await {
            let backend = app.backend;
            // Every unit has its tasks.
            let assignments = assignment::Entity::find().count(&app.db).await.unwrap();
            assert_eq!(assignments, 23 * 34 + 16 * 3321, "{backend}");

            // Nghệ An on 14/8/2025, as the article gives it.
            let nghe_an = province(&app, SEED_PROVINCE, Some(SEED)).await;
            assert_eq!(
                (&nghe_an["own"]["done"], &nghe_an["own"]["assigned"]),
                (&Value::from(14), &Value::from(23))
            );
            assert_eq!(nghe_an["own_rating"], "xanh");
            assert_eq!(nghe_an["reported"]["communes"], 130);
            assert_eq!(nghe_an["reported"]["completed_all"], 95);
            let share = 95.0 * 100.0 / 130.0;
            assert_eq!(format::percent(share, Locale::Vi), "73,08%");
            assert!(nghe_an["reported"]["min_completion"].as_f64().unwrap() >= 70.0);
            assert_eq!(
                (nghe_an["rank"].as_u64(), nghe_an["ranked"].as_u64()),
                (Some(SEED_RANK as u64), Some(34))
            );
            let own = checklist(&app, SEED_PROVINCE, Some(SEED), None).await;
            let open: Vec<Value> = items(&own)
                .into_iter()
                .filter(|i| i["status"] != "done")
                .collect();
            assert_eq!(open.len(), 9);
            assert!(
                open.iter()
                    .all(|i| i["status"] == "in_progress" && i["schedule"] == "on_schedule"),
                "{open:?}"
            );
            assert_eq!(own["rating"], "xanh");
            assert_eq!(own["demo"], true);

            // The page shows the same figures.
            let (status, page) = app.get_text(&format!("/tinh/40?ngay={SEED}")).await;
            assert_eq!(status, 200);
            let page = common::strip_markers(&page);
            for figure in [
                "14/23",
                "Đang thực hiện đúng tiến độ: 9 · sắp trễ: 0 · trễ hạn: 0",
                "95/130",
                "73,08%",
                "15/34",
                "Dữ liệu minh hoạ",
            ] {
                assert!(page.contains(figure), "{backend}: page lacks {figure}");
            }

            // Nghi Lộc's official marks a task done with evidence.
            let nghiloc = app
                .login("nghiloc", app::demo::DEMO_PASSWORD)
                .await
                .unwrap();
            let list = checklist(&app, "17827", None, Some(&nghiloc)).await;
            assert_eq!(list["editable"], true);
            let task = items(&list)
                .into_iter()
                .find(|i| i["status"] != "done")
                .expect("an open task");
            let id = task["assignment_id"].as_i64().unwrap().to_string();
            let version = task["version"].as_i64().unwrap().to_string();
            let save =
                |version: String, status: &'static str, link: &'static str, note: &'static str| {
                    let id = id.clone();
                    let cookie = nghiloc.clone();
                    let app = &app;
                    async move {
                        let form = [
                            ("id", id.as_str()),
                            ("version", version.as_str()),
                            ("change[status]", status),
                            ("change[progress]", "100"),
                            ("change[note]", note),
                            ("change[difficulties]", "Thiếu máy quét"),
                            ("change[evidence_number]", ""),
                            ("change[evidence_link]", link),
                        ];
                        app.post("/api/tasks/update", Some(&cookie), &form).await
                    }
                };
            let (status, body) = save(version.clone(), "done", "", "").await;
            assert_eq!(
                (status, &body["InvalidField"]),
                (
                    422,
                    &serde_json::json!(["evidence_number", "EvidenceRequired"])
                ),
                "{backend}"
            );
            let (status, body) = save(version.clone(), "done", "ftp://x", "").await;
            assert_eq!(
                (status, &body["InvalidField"]),
                (422, &serde_json::json!(["evidence_link", "LinkInvalid"]))
            );
            let (status, body) = save(
                version.clone(),
                "done",
                "https://nghiloc.nghean.gov.vn/kh-cds",
                "Đã ban hành",
            )
            .await;
            assert_eq!(status, 200, "{body}");
            let saved = &body["Saved"];
            assert_eq!(
                (&saved["status"], &saved["rating"]),
                (&Value::from("done"), &Value::from("xanh"))
            );
            assert_eq!(
                saved["evidence"][0]["link"],
                "https://nghiloc.nghean.gov.vn/kh-cds"
            );

            // The same starting version again: a conflict, nothing overwritten.
            let (status, body) = save(version.clone(), "in_progress", "", "ghi đè").await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(
                body["Conflict"]["note"], "Đã ban hành",
                "the current version, to choose"
            );
            let stored = assignment::Entity::find_by_id(id.parse::<i64>().unwrap())
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (stored.status.as_str(), stored.note.as_str()),
                ("done", "Đã ban hành")
            );
            assert_eq!(stored.version, version.parse::<i32>().unwrap() + 1);

            // History: the seed date still shows the task open; today shows it done.
            let then = checklist(&app, "17827", Some(SEED), None).await;
            let then_task = items(&then)
                .into_iter()
                .find(|i| i["assignment_id"].as_i64() == id.parse().ok())
                .unwrap();
            assert_eq!(then_task["status"], task["status"]);
            assert!(
                then_task["evidence"].as_array().unwrap().is_empty(),
                "evidence given later"
            );
            let changes = assignment_change::Entity::find()
                .filter(assignment_change::Column::AssignmentId.eq(stored.id))
                .order_by_desc(assignment_change::Column::Id)
                .all(&app.db)
                .await
                .unwrap();
            assert_eq!(changes[0].actor.as_deref(), Some("nghiloc"));
            assert_eq!(evidence::Entity::find().count(&app.db).await.unwrap(), 1);
            let audit = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("assignment"))
                .one(&app.db)
                .await
                .unwrap()
                .expect("an audit row for the change");
            assert!(
                audit.before.unwrap().contains("in_progress")
                    || audit.after.as_deref().unwrap().contains("done")
            );

            // The report waits for the province.
            assert_eq!(saved["verification"], "pending");

            // Another commune's official and an inspector: refused, nothing changed.
            app.user("thanhvinh", Role::CommuneOfficial, Some("16681"))
                .await;
            app.user("kiemtra2", Role::Inspector, None).await;
            let current = stored.version.to_string();
            let reset = |version: String| {
                [
                    ("id", id.clone()),
                    ("version", version),
                    ("change[status]", "not_started".to_owned()),
                    ("change[progress]", "0".to_owned()),
                    ("change[note]", "x".to_owned()),
                    ("change[evidence_number]", String::new()),
                    ("change[evidence_link]", String::new()),
                ]
            };
            for user in ["thanhvinh", "kiemtra2"] {
                let cookie = app.login(user, PASSWORD).await.unwrap();
                let form = reset(current.clone());
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let (status, _) = app.post("/api/tasks/update", Some(&cookie), &form).await;
                assert_eq!(status, 403, "{user}");
                assert_eq!(
                    checklist(&app, "17827", None, Some(&cookie)).await["editable"],
                    false
                );
                let verify = [
                    ("id", id.as_str()),
                    ("version", current.as_str()),
                    ("accept", "true"),
                    ("reason", ""),
                ];
                assert_eq!(
                    app.post("/api/tasks/verify", Some(&cookie), &verify)
                        .await
                        .0,
                    403,
                    "{user}"
                );
            }
            // Nor does a commune verify its own report.
            let verify = |version: String, accept: &'static str, reason: &'static str| {
                [
                    ("id", id.clone()),
                    ("version", version),
                    ("accept", accept.to_owned()),
                    ("reason", reason.to_owned()),
                ]
            };
            let own = verify(current.clone(), "true", "");
            let own: Vec<(&str, &str)> = own.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                app.post("/api/tasks/verify", Some(&nghiloc), &own).await.0,
                403
            );

            // The province returns it with a reason (a reason is required), then it is fixed
            // and verified; the overview counts both figures.
            let nghean = app.login("nghean", app::demo::DEMO_PASSWORD).await.unwrap();
            assert_eq!(
                checklist(&app, "17827", None, Some(&nghean)).await["verifiable"],
                true
            );
            let before_verified = province(&app, "40", None).await["verified"]["communes"].clone();
            let no_reason = verify(current.clone(), "false", "");
            let no_reason: Vec<(&str, &str)> =
                no_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app
                .post("/api/tasks/verify", Some(&nghean), &no_reason)
                .await;
            assert_eq!(
                (status, &body["InvalidField"]),
                (422, &serde_json::json!(["reason", "ReasonRequired"]))
            );
            let back = verify(current.clone(), "false", "Thiếu quyết định ban hành");
            let back: Vec<(&str, &str)> = back.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.post("/api/tasks/verify", Some(&nghean), &back).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["Saved"]["verification"], "returned");
            assert_eq!(
                body["Saved"]["verification_note"],
                "Thiếu quyết định ban hành"
            );
            let returned_version = body["Saved"]["version"].as_i64().unwrap().to_string();
            let accept = verify(returned_version, "true", "");
            let accept: Vec<(&str, &str)> = accept.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.post("/api/tasks/verify", Some(&nghean), &accept).await;
            assert_eq!(
                (status, &body["Saved"]["verification"]),
                (200, &Value::from("verified"))
            );
            let after = province(&app, "40", None).await;
            assert_eq!(after["reported"]["communes"], 130);
            assert_eq!(after["verified"]["communes"], before_verified);
            let row = after["commune_rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == "17827")
                .unwrap()
                .clone();
            assert!(row["completion"]["verified"].as_u64().unwrap() >= 1);

            // The province may also update its communes' tasks (for bulk reporting).
            let latest = app.version(id.parse().unwrap()).await.to_string();
            let form = reset(latest);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                app.post("/api/tasks/update", Some(&nghean), &form).await.0,
                200
            );
            let last = assignment::Entity::find_by_id(stored.id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (last.status.as_str(), last.version),
                ("not_started", stored.version + 3),
                "returned, verified, then reset by the province"
            );
            let history = assignment_change::Entity::find()
                .filter(assignment_change::Column::AssignmentId.eq(stored.id))
                .count(&app.db)
                .await
                .unwrap();
            assert!(history >= 5, "every change kept: {history}");
        }
    });
}

#[test]
fn settings_change_ratings_on_every_date_and_only_admins_change_them() {
    common::run(async {
        for app in common::apps().await {
            let id = app.assignment("17827", "40").await;
            let state_on = |day: &'static str| {
                let app = &app;
                async move {
                    let list = checklist(app, "17827", Some(day), None).await;
                    let item = items(&list)
                        .into_iter()
                        .find(|i| i["assignment_id"] == id)
                        .unwrap();
                    item["schedule"].as_str().unwrap().to_owned()
                }
            };
            // Not started on 2/6/2025 of a 1/6–31/12 task: a hair behind the line, on schedule.
            assert_eq!(
                state_on("2025-06-02").await,
                "on_schedule",
                "{}",
                app.backend
            );
            assert_eq!(state_on("2025-12-28").await, "near_due");

            app.user("admin", Role::MinistryAdmin, None).await;
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let nghean = app.login("nghean", PASSWORD).await.unwrap();
            let strict = [
                ("near_due_days", "3"),
                ("tolerance_points", "0"),
                ("count_verified", "on"),
            ];
            assert_eq!(
                app.post("/api/tasks/settings/save", Some(&nghean), &strict)
                    .await
                    .0,
                403
            );
            for (bad, problem) in [
                (
                    [("near_due_days", "-1"), ("tolerance_points", "20")],
                    "NearDueOutOfRange",
                ),
                (
                    [("near_due_days", "7"), ("tolerance_points", "101")],
                    "ToleranceOutOfRange",
                ),
            ] {
                let (status, body) = app
                    .post("/api/tasks/settings/save", Some(&admin), &bad)
                    .await;
                assert_eq!((status, &body["Invalid"]), (422, &Value::from(problem)));
            }
            let (status, saved) = app
                .post("/api/tasks/settings/save", Some(&admin), &strict)
                .await;
            assert_eq!(status, 200, "{saved}");
            assert_eq!(saved["count_verified"], true);
            let (_, read) = app.post("/api/tasks/settings", None, &[]).await;
            assert_eq!(
                (
                    read["near_due_days"].as_i64(),
                    read["tolerance_points"].as_f64()
                ),
                (Some(3), Some(0.0))
            );
            // The same stored rows, judged by the new thresholds, on past dates too.
            assert_eq!(state_on("2025-06-02").await, "near_due");
            let audit = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("setting"))
                .filter(audit_event::Column::Action.eq("update"))
                .one(&app.db)
                .await
                .unwrap()
                .expect("audited");
            assert!(audit.before.unwrap().contains("\"tolerance_points\":20"));
        }
    });
}

#[test]
fn the_verification_queue_comes_a_page_at_a_time_oldest_first() {
    common::run(async {
        for app in common::apps().await {
            for _ in 0..53 {
                app.done_assignment("17827", "40").await;
            }
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            let nghean = app.login("nghean", PASSWORD).await.unwrap();
            let page = |n: &'static str| {
                let app = &app;
                let nghean = nghean.clone();
                async move {
                    let (status, queue) = app
                        .post(
                            "/api/tasks/queue",
                            Some(&nghean),
                            &[("province", "40"), ("page", n)],
                        )
                        .await;
                    assert_eq!(status, 200, "{}: {queue}", app.backend);
                    queue
                }
            };
            let first = page("1").await;
            assert_eq!(
                (first["total"].as_u64(), first["pages"].as_u64()),
                (Some(53), Some(2))
            );
            let second = page("2").await;
            let ids = |q: &Value| -> Vec<i64> {
                q["reports"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["assignment_id"].as_i64().unwrap())
                    .collect()
            };
            assert_eq!((ids(&first).len(), ids(&second).len()), (50, 3));
            let mut all = ids(&first);
            all.extend(ids(&second));
            let mut sorted = all.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 53, "each report on one page only");
            assert_eq!(page("9").await["page"], 2, "past the end: the last page");

            let (status, html) = app.get_as("/tinh/40/xac-minh?trang=2", Some(&nghean)).await;
            assert_eq!(status, 200);
            let html = common::strip_markers(&html);
            assert!(html.contains("Trang 2/2"), "{html}");
            assert!(
                html.contains(r#"rel="prev" href="/tinh/40/xac-minh?trang=1#queue""#),
                "{html}"
            );
            assert!(html.contains("53 báo cáo"));
        }
    });
}
