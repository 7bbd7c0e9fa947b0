//! Ministry admins keep the checklist's template.

use super::{PNG, answer, checklist, photo, questions, visit_form};
use crate::common::{self, PASSWORD};
use app::accounts::Role;
use serde_json::Value;

#[test]
fn ministry_admins_keep_the_template_and_a_question_taken_out_stays_where_it_was_answered() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("quan_tri", Role::MinistryAdmin, None).await;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            let admin = app.login("quan_tri", PASSWORD).await.unwrap();
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            assert_eq!(
                app.post("/api/visits/template", Some(&inspector), &[])
                    .await
                    .0,
                403
            );
            let add = [
                ("question[id]", ""),
                ("question[kind]", "inspection"),
                ("question[topic]", "An toàn thông tin"),
                (
                    "question[body]",
                    "Hệ thống một cửa điện tử đã được đánh giá an toàn thông tin?",
                ),
                ("question[gauge]", "online_rate"),
                ("question[target]", "0"),
            ];
            let (status, body) = app.post("/api/visits/question", Some(&admin), &add).await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(body["InvalidField"][0], "target");
            let mut fixed = add.to_vec();
            fixed[4].1 = "";
            let (status, added) = app.post("/api/visits/question", Some(&admin), &fixed).await;
            assert_eq!(status, 200, "{added} {backend}");
            let id = added["id"].as_i64().unwrap().to_string();
            assert_eq!(
                app.post("/api/visits/question", Some(&inspector), &fixed)
                    .await
                    .0,
                403
            );

            let (_, visit) = app
                .post("/api/visits/save", Some(&inspector), &visit_form())
                .await;
            let visit = visit.as_i64().unwrap().to_string();
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(questions(&list).len(), 8);
            let (status, _) = answer(&app, &inspector, &visit, &id, "0", "met", "").await;
            assert_eq!(status, 200);
            // Taken out: still on the visit that answered it, not on a new one.
            let retire = [
                ("question[id]", id.as_str()),
                ("question[kind]", "inspection"),
                ("question[topic]", "An toàn thông tin"),
                (
                    "question[body]",
                    "Hệ thống một cửa điện tử đã được đánh giá an toàn thông tin?",
                ),
            ];
            let (status, retired) = app
                .post("/api/visits/question", Some(&admin), &retire)
                .await;
            assert_eq!((status, &retired["active"]), (200, &Value::Bool(false)));
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(questions(&list).len(), 8, "{backend}");
            // ...and written to there: its answer and photos.
            let (_, saved) = answer(&app, &inspector, &visit, &id, "1", "partly", "").await;
            assert_eq!(saved["Saved"]["version"], 2, "{saved} {backend}");
            let (status, to) = photo(&app, &inspector, &visit, &id, inspector_id, PNG, None).await;
            assert_eq!(status, 303);
            assert!(to.contains("luu=photo-"), "{to}");
            let (_, newer) = app
                .post("/api/visits/save", Some(&inspector), &visit_form())
                .await;
            let newer = newer.to_string();
            let (_, list) = checklist(&app, Some(&inspector), &newer).await;
            assert_eq!(questions(&list).len(), 7);
            let (status, _) = answer(&app, &inspector, &newer, &id, "0", "met", "").await;
            assert_eq!(status, 404, "not asked there");
            let (_, template) = app.post("/api/visits/template", Some(&admin), &[]).await;
            assert_eq!(template.as_array().unwrap().len(), 15, "{backend}");
        }
    });
}
