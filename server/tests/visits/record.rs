//! Inspectors record a visit; the province answers what it left.

use super::{figures, refused_field, visit_form};
use crate::common::{self, PASSWORD, TestApp};
use app::accounts::Role;
use serde_json::Value;

#[test]
fn inspectors_record_a_visit_and_the_province_answers_what_it_left() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            app.user("xa_nl", Role::CommuneOfficial, Some("17827"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            let commune = app.login("xa_nl", PASSWORD).await.unwrap();

            // Only ministry staff record a visit.
            for (cookie, status) in [(None, 401), (Some(&nghe_an), 403), (Some(&commune), 403)] {
                let (got, _) = app
                    .post(
                        "/api/visits/save",
                        cookie.map(String::as_str),
                        &visit_form(&[]),
                    )
                    .await;
                assert_eq!(got, status, "{backend}");
            }
            // Bad input names its field, and nothing is written.
            for (change, field, problem) in [
                (
                    ("visit[ends_on]", "2025-08-13"),
                    "ends_on",
                    "DateOutOfOrder",
                ),
                (
                    ("visit[starts_on]", "14/8/2025"),
                    "starts_on",
                    "DateInvalid",
                ),
                (("visit[members]", "Tên;  "), "members", "MemberInvalid"),
                (("visit[head_title]", " "), "head_title", "TextRequired"),
                (("visit[kind]", "party"), "kind", "KindUnknown"),
                (("visit[status]", "done"), "status", "StatusUnknown"),
                (
                    ("visit[status]", "report_issued"),
                    "status",
                    "VisitNotEnded",
                ),
            ] {
                let (status, body) = app
                    .post("/api/visits/save", Some(&inspector), &visit_form(&[change]))
                    .await;
                assert_eq!(status, 422, "{change:?} {backend}");
                assert_eq!(refused_field(&body), (field, problem), "{backend}");
            }
            assert_eq!(
                province_list(&app, None).await["visits"]
                    .as_array()
                    .unwrap()
                    .len(),
                0
            );
            let (status, id) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{id} {backend}");
            let id = id.as_i64().unwrap().to_string();
            let list = province_list(&app, Some(&inspector)).await;
            assert_eq!(list["visits"][0]["status"], "UnderWay", "{backend}");
            assert_eq!(list["may_manage"], true);
            assert_eq!(
                province_list(&app, Some(&nghe_an)).await["may_manage"],
                false
            );

            // A conclusion due before the visit is refused; one due after it is added.
            let conclusion = |due: &'static str| {
                vec![
                    ("follow_up[visit]", id.clone()),
                    ("follow_up[kind]", "conclusion".to_owned()),
                    (
                        "follow_up[body]",
                        "Hoàn thiện hạ tầng </textarea><b>số</b>".to_owned(),
                    ),
                    ("follow_up[addressed_to]", "UBND tỉnh Nghệ An".to_owned()),
                    (
                        "follow_up[responsible]",
                        "Sở Khoa học và Công nghệ".to_owned(),
                    ),
                    ("follow_up[due_on]", due.to_owned()),
                ]
            };
            let post = |cookie: &str, fields: Vec<(&'static str, String)>| {
                let app = &app;
                let cookie = cookie.to_owned();
                async move {
                    let fields: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post("/api/visits/follow-up", Some(&cookie), &fields)
                        .await
                }
            };
            let (status, body) = post(&inspector, conclusion("2025-08-13")).await;
            assert_eq!(status, 422);
            assert_eq!(refused_field(&body), ("due_on", "DueBeforeVisit"));
            let (status, _) = post(&nghe_an, conclusion("2025-08-20")).await;
            assert_eq!(
                status, 403,
                "the province does not write the delegation's conclusions"
            );
            let (status, line) = post(&inspector, conclusion("2025-08-20")).await;
            assert_eq!(status, 200, "{line}");
            assert_eq!(line["version"], 1);
            assert_eq!(line["status"], "Open");
            let item = line["id"].as_i64().unwrap().to_string();
            // The log says in words what was added and who carries it out.
            app.user("quan_tri", Role::MinistryAdmin, None).await;
            let admin = app.login("quan_tri", PASSWORD).await.unwrap();
            let table = app
                .audit_table("/quan-tri/nhat-ky?entity=follow_up", &admin)
                .await;
            for words in [
                "Bên thực hiện",
                "Tỉnh thực hiện",
                "Kết luận của trưởng đoàn",
                "Hạn xử lý",
                "20/08/2025",
                "UBND tỉnh Nghệ An",
            ] {
                assert!(table.contains(words), "{words} {backend}");
            }
            for raw in ["acted_by", "visit_id", "conclusion<", ">province<"] {
                assert!(!table.contains(raw), "{raw} {backend}");
            }

            // The province answers from the version it saw.
            let respond = |cookie: &str, version: &str, status: &str, body: &str| {
                let (app, cookie) = (&app, cookie.to_owned());
                let form = [
                    ("id", item.clone()),
                    ("version", version.to_owned()),
                    ("response[body]", body.to_owned()),
                    ("response[status]", status.to_owned()),
                ];
                async move {
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post("/api/visits/respond", Some(&cookie), &form).await
                }
            };
            let (status, body) = respond(&nghe_an, "1", "in_progress", "Đã giao Sở").await;
            assert_eq!(status, 200, "{body} {backend}");
            let saved = &body["Saved"];
            assert_eq!(saved["version"], 2);
            assert_eq!(saved["status"], "InProgress");
            assert_eq!(saved["responses"].as_array().unwrap().len(), 1);
            // Someone answering the version before gets both versions back, and writes
            // nothing.
            let (status, body) = respond(&inspector, "1", "closed", "Đã xong").await;
            assert_eq!(status, 200);
            let theirs = &body["Conflict"];
            assert_eq!(theirs["version"], 2, "{body}");
            assert_eq!(theirs["responses"].as_array().unwrap().len(), 1);
            assert_eq!(theirs["responses"][0]["body"], "Đã giao Sở");
            // Another province, and an item that does not exist, are refused alike.
            assert_eq!(respond(&ha_tinh, "2", "closed", "x").await.0, 403);
            let (status, body) = respond(&nghe_an, "2", "finished", "x").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("status", "StatusUnknown"))
            );
            let (status, body) = respond(&nghe_an, "2", "closed", " ").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("body", "TextRequired"))
            );
            // The delegation closes it, not the province.
            let (status, body) = respond(&nghe_an, "2", "closed", "Xong").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("status", "CloseByDelegation"))
            );
            let (status, body) = respond(&inspector, "2", "closed", "Đã hoàn thành").await;
            assert_eq!(status, 200);
            assert_eq!(body["Saved"]["status"], "Closed");
            // A note the province adds to one done keeps it done.
            let (status, body) = respond(&nghe_an, "3", "closed", "Báo cáo kết quả").await;
            assert_eq!(status, 200, "{body} {backend}");
            assert_eq!(body["Saved"]["status"], "Closed");
            let list = province_list(&app, None).await;
            assert_eq!(figures(&list), (0, 1, 0), "{backend}");

            // The visit page shows the stored markup as text to the province's official.
            let (_, page) = app
                .get_as(&format!("/doan-cong-tac/{id}"), Some(&nghe_an))
                .await;
            assert!(
                page.contains("&lt;/textarea&gt;&lt;b&gt;số&lt;/b&gt;"),
                "{backend}"
            );
            assert!(!page.contains("<b>số</b>"));
            assert!(page.contains("Đã giao Sở"));

            // The visit cannot move to start after what it left was written or fell due.
            let mut later = visit_form(&[
                ("visit[starts_on]", "2025-08-21"),
                ("visit[ends_on]", "2025-08-22"),
            ]);
            later.iter_mut().find(|(n, _)| *n == "visit[id]").unwrap().1 = &id;
            let (status, body) = app.post("/api/visits/save", Some(&inspector), &later).await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(refused_field(&body), ("starts_on", "StartsAfterFollowUps"));

            // A visit whose follow-up is closed (from its last day) takes nothing more.
            let closed = visit_form(&[
                ("visit[status]", "closed"),
                ("visit[ends_on]", "2025-08-14"),
            ]);
            let mut closed: Vec<(&str, &str)> = closed;
            closed
                .iter_mut()
                .find(|(n, _)| *n == "visit[id]")
                .unwrap()
                .1 = &id;
            assert_eq!(
                app.post("/api/visits/save", Some(&inspector), &closed)
                    .await
                    .0,
                200
            );
            let (status, body) = respond(&nghe_an, "4", "in_progress", "Mở lại").await;
            assert_eq!(
                (status, &body),
                (422, &serde_json::json!({ "Invalid": "VisitClosed" }))
            );
            let (status, _) = post(&inspector, conclusion("2025-08-20")).await;
            assert_eq!(status, 422);
        }
    });
}

async fn province_list(app: &TestApp, cookie: Option<&str>) -> Value {
    let (status, body) = app
        .post("/api/visits/province", cookie, &[("code", "40")])
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Writes at the same moment wait their turn: each one read before it wrote, and SQLite
/// refuses such a write at once when another was committed in between, unless the
/// transaction took its turn first.
#[test]
fn recommendations_added_at_the_same_moment_are_all_kept() {
    const AT_ONCE: usize = 40;
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let (status, id) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{id}");
            let id = id.as_i64().unwrap().to_string();
            let app = std::sync::Arc::new(app);
            let adds: Vec<_> = (0..AT_ONCE)
                .map(|n| {
                    let (app, inspector, id) = (app.clone(), inspector.clone(), id.clone());
                    tokio::spawn(async move {
                        let body = format!("Kiến nghị số {n}");
                        let form = [
                            ("follow_up[visit]", id.as_str()),
                            ("follow_up[kind]", "recommendation"),
                            ("follow_up[body]", body.as_str()),
                            ("follow_up[addressed_to]", "Bộ Khoa học và Công nghệ"),
                        ];
                        app.post("/api/visits/follow-up", Some(&inspector), &form)
                            .await
                    })
                })
                .collect();
            for add in adds {
                let (status, body) = add.await.unwrap();
                assert_eq!(status, 200, "{body} ({backend})");
            }
            let (status, detail) = app
                .post("/api/visits/get", None, &[("id", id.as_str())])
                .await;
            assert_eq!(status, 200, "{detail}");
            assert_eq!(
                detail["recommendations"].as_array().unwrap().len(),
                AT_ONCE,
                "{backend}"
            );
        }
    });
}
