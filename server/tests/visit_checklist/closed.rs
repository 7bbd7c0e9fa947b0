//! A closed visit takes nothing more.

use super::{PNG, answer, checklist, photo, questions, visit_form};
use crate::common::{self, PASSWORD};
use app::accounts::Role;
use serde_json::Value;

#[test]
fn a_closed_visit_takes_no_more_answers_findings_or_photos_and_its_pack_is_of_its_first_day() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let mut form = visit_form();
            for (name, value) in [
                ("visit[starts_on]", "2025-08-01"),
                ("visit[ends_on]", "2025-08-02"),
            ] {
                form.iter_mut().find(|(n, _)| *n == name).unwrap().1 = value;
            }
            form.push(("visit[status]", "closed"));
            let (status, visit) = app.post("/api/visits/save", Some(&inspector), &form).await;
            assert_eq!(status, 200, "{visit} {backend}");
            let visit = visit.as_i64().unwrap().to_string();
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(list["pack_day"], "2025-08-01", "{backend}");
            assert_eq!(list["may_answer"], false);
            let first = questions(&list)[0]["id"].as_i64().unwrap().to_string();
            let (status, body) = answer(&app, &inspector, &visit, &first, "0", "met", "").await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(body["Invalid"], "VisitClosed");
            let (status, body) = app
                .post(
                    "/api/visits/finding",
                    Some(&inspector),
                    &[
                        ("visit", visit.as_str()),
                        ("topic", "Chuyển đổi số"),
                        ("version", "0"),
                        ("body", "Muộn"),
                    ],
                )
                .await;
            assert_eq!(
                (status, &body["Invalid"]),
                (422, &Value::from("VisitClosed"))
            );
            let (status, to) =
                photo(&app, &inspector, &visit, &first, inspector_id, PNG, None).await;
            assert_eq!(status, 303);
            assert!(
                to.contains(&format!("loi-anh={first}.da-dong")),
                "{to} {backend}"
            );
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert!(questions(&list).iter().all(|q| q["answer"]["version"] == 0));
            assert!(
                questions(&list)
                    .iter()
                    .all(|q| q["photos"].as_array().unwrap().is_empty())
            );

            // Closed, the visit itself changes only as it is reopened.
            let mut edit: Vec<(&str, &str)> = form.clone();
            edit.push(("visit[id]", &visit));
            edit.iter_mut()
                .find(|(n, _)| *n == "visit[title]")
                .unwrap()
                .1 = "Sửa khi đã kết thúc";
            let (status, body) = app.post("/api/visits/save", Some(&inspector), &edit).await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(
                body["InvalidField"],
                serde_json::json!(["status", "ReopenFirst"])
            );
            edit.iter_mut()
                .find(|(n, _)| *n == "visit[status]")
                .unwrap()
                .1 = "report_issued";
            let (status, body) = app.post("/api/visits/save", Some(&inspector), &edit).await;
            assert_eq!(status, 200, "{body} {backend}");
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(list["may_answer"], true, "reopened");
        }
    });
}
