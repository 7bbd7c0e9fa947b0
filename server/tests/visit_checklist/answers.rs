//! The delegation answers the checklist: versions, findings, photos and offline replays.

use super::{PNG, answer, checklist, photo, questions, visit_form};
use crate::common::{self, PASSWORD};
use app::accounts::Role;
use serde_json::Value;

#[test]
fn the_delegation_answers_the_checklist_and_an_older_version_never_overwrites_a_newer() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            app.user("kiem_tra_2", Role::Inspector, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let other = app.login("kiem_tra_2", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            let (status, visit) = app
                .post("/api/visits/save", Some(&inspector), &visit_form())
                .await;
            assert_eq!(status, 200, "{visit} {backend}");
            let visit = visit.as_i64().unwrap().to_string();

            // The starting template: three topics, seven questions; the pack's figures
            // suggest answers where they can (no dossier yet: no suggestion, the figure).
            let (status, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(status, 200, "{list} {backend}");
            assert_eq!(list["pack_day"], "2025-08-14", "the visit's first day");
            assert_eq!(list["topics"].as_array().unwrap().len(), 3);
            assert_eq!(list["may_answer"], true);
            let asked = questions(&list);
            assert_eq!(asked.len(), 7);
            let online = asked
                .iter()
                .find(|q| q["suggestion"]["reading"]["OnlineRate"].is_object())
                .expect("the online rate question");
            assert_eq!(online["suggestion"]["reading"]["OnlineRate"]["target"], 50);
            assert_eq!(online["suggestion"]["answer"], Value::Null);
            let boundary_free = asked
                .iter()
                .find(|q| {
                    q["body"]
                        .as_str()
                        .unwrap()
                        .contains("không phụ thuộc địa giới")
                })
                .unwrap();
            assert_eq!(boundary_free["suggestion"]["answer"], "NotMet");
            let first = asked[0]["id"].as_i64().unwrap().to_string();

            // The province reads it; another province and the public do not.
            let (status, seen) = checklist(&app, Some(&nghe_an), &visit).await;
            assert_eq!((status, &seen["may_answer"]), (200, &Value::Bool(false)));
            assert_eq!(checklist(&app, Some(&ha_tinh), &visit).await.0, 403);
            assert_eq!(checklist(&app, None, &visit).await.0, 401);

            // Only the delegation answers; a bad answer names its field.
            let (status, _) = answer(&app, &nghe_an, &visit, &first, "0", "met", "").await;
            assert_eq!(status, 403, "{backend}");
            let (status, body) = answer(&app, &inspector, &visit, &first, "0", "maybe", "").await;
            assert_eq!(status, 422);
            assert_eq!(body["InvalidField"][0], "answer");
            assert_eq!(body["InvalidField"][1], "AnswerRequired");

            let note = "Có kế hoạch </textarea><b>đầu tư</b>";
            let (status, saved) =
                answer(&app, &inspector, &visit, &first, "0", "partly", note).await;
            assert_eq!(status, 200, "{saved}");
            assert_eq!(saved["Saved"]["version"], 1);
            // Answered, the visit keeps its kind: another kind asks other questions.
            let mut other_kind: Vec<(&str, &str)> = visit_form();
            other_kind.push(("visit[id]", &visit));
            other_kind
                .iter_mut()
                .find(|(n, _)| *n == "visit[kind]")
                .unwrap()
                .1 = "working";
            let (status, body) = app
                .post("/api/visits/save", Some(&inspector), &other_kind)
                .await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(
                body["InvalidField"],
                serde_json::json!(["kind", "KindHasRecord"])
            );
            assert_eq!(saved["Saved"]["answer"], "Partly");
            // Another inspector answering from the unanswered version: not written, and
            // the answer as it is comes back.
            let (status, conflict) = answer(&app, &other, &visit, &first, "0", "met", "").await;
            assert_eq!(status, 200);
            assert_eq!(conflict["Conflict"]["answer"], "Partly", "{backend}");
            assert_eq!(conflict["Conflict"]["note"], note);
            let (_, conflict) = answer(&app, &other, &visit, &first, "3", "met", "").await;
            assert_eq!(conflict["Conflict"]["version"], 1);
            // From the version shown: written.
            let (_, saved) = answer(&app, &other, &visit, &first, "1", "met", "Đạt").await;
            assert_eq!(saved["Saved"]["version"], 2, "{backend}");

            // The page shows the note as text.
            let (status, page) = app
                .get_as(
                    &format!("/doan-cong-tac/{visit}/kiem-tra"),
                    Some(&inspector),
                )
                .await;
            assert_eq!(status, 200);
            assert!(page.contains("Phiếu kiểm tra tại chỗ"));
            assert!(!page.contains("<b>đầu tư</b>"), "no markup from a note");

            // Findings under a topic of the checklist; none under a topic it does not have.
            let finding = |topic: &'static str, version: &'static str, body: &'static str| {
                let app = &app;
                let visit = visit.clone();
                let inspector = inspector.clone();
                async move {
                    app.post(
                        "/api/visits/finding",
                        Some(&inspector),
                        &[
                            ("visit", visit.as_str()),
                            ("topic", topic),
                            ("version", version),
                            ("body", body),
                        ],
                    )
                    .await
                }
            };
            let (status, saved) = finding("Chuyển đổi số", "0", "Hạ tầng còn thiếu").await;
            assert_eq!(status, 200, "{saved} {backend}");
            assert_eq!(saved["Saved"]["version"], 1);
            let (_, conflict) = finding("Chuyển đổi số", "0", "Khác").await;
            assert_eq!(conflict["Conflict"]["body"], "Hạ tầng còn thiếu");
            assert_eq!(finding("Quốc phòng", "0", "x").await.0, 404);

            // A photo: checked by its content, kept once when sent again from the device.
            let (status, to) =
                photo(&app, &inspector, &visit, &first, inspector_id, PNG, None).await;
            assert_eq!(status, 303, "{to} {backend}");
            assert!(to.contains(&format!("luu=photo-{first}")), "{to}");
            let (status, to) = photo(
                &app,
                &inspector,
                &visit,
                &first,
                inspector_id,
                b"not an image",
                None,
            )
            .await;
            assert_eq!(status, 303);
            assert!(to.contains(&format!("loi-anh={first}.sai-loai")), "{to}");
            // Who opened the form counts wherever the field comes, after the file too.
            let late_account = reqwest::multipart::Form::new()
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("anh.png"),
                )
                .text("_account", (inspector_id + 1).to_string());
            let response = app
                .client
                .post(app.url(&format!("/api/doan-cong-tac/{visit}/cau-hoi/{first}/anh")))
                .header("cookie", &inspector)
                .multipart(late_account)
                .send()
                .await
                .unwrap();
            let to = response.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                to.contains(&format!("loi-anh={first}.tai-khoan-khac")),
                "{to}"
            );
            for _ in 0..2 {
                let (status, outcome) = photo(
                    &app,
                    &inspector,
                    &visit,
                    &first,
                    inspector_id,
                    PNG,
                    Some("k-photo-1"),
                )
                .await;
                assert_eq!(status, 200, "{outcome}");
                assert!(outcome.contains("\"saved\""), "{outcome} {backend}");
            }
            // A form another account opened attaches nothing.
            let (_, outcome) = photo(
                &app,
                &other,
                &visit,
                &first,
                inspector_id,
                PNG,
                Some("k-photo-2"),
            )
            .await;
            assert!(outcome.contains("\"refused\""), "{outcome}");
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            let photos = questions(&list)[0]["photos"].as_array().unwrap().clone();
            assert_eq!(photos.len(), 2, "{backend}");
            // A question keeps at most twenty: the next is refused and says so.
            for _ in 2..20 {
                let (status, to) =
                    photo(&app, &inspector, &visit, &first, inspector_id, PNG, None).await;
                assert!(status == 303 && to.contains("luu=photo-"), "{to} {backend}");
            }
            let (status, to) =
                photo(&app, &inspector, &visit, &first, inspector_id, PNG, None).await;
            assert_eq!(status, 303);
            assert!(to.contains(&format!("loi-anh={first}.qua-nhieu")), "{to}");
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            assert_eq!(questions(&list)[0]["photos"].as_array().unwrap().len(), 20);
            let path = format!("/api/doan-cong-tac/anh/{}", photos[0]["id"]);
            let (status, _) = app.get_as(&path, Some(&nghe_an)).await;
            assert_eq!(status, 200);
            assert_eq!(app.get_as(&path, Some(&ha_tinh)).await.0, 403);
            assert_eq!(app.get_as(&path, None).await.0, 401);
            // The province's officials send none.
            let (status, _) = photo(&app, &nghe_an, &visit, &first, 0, PNG, None).await;
            assert_eq!(status, 403);

            // An answer kept offline and sent twice is written once.
            for _ in 0..2 {
                let form = [
                    ("_form", format!("answer-{first}")),
                    ("_back", format!("/doan-cong-tac/{visit}/kiem-tra")),
                    ("_account", inspector_id.to_string()),
                    ("visit", visit.clone()),
                    ("question", first.clone()),
                    ("version", "2".to_owned()),
                    ("answer[answer]", "not_met".to_owned()),
                    ("answer[note]", "Chưa có".to_owned()),
                ];
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let response = app
                    .client
                    .post(app.url("/api/visits/answer"))
                    .header("accept", "text/html")
                    .header("cookie", &inspector)
                    .header("x-tiendo-request", "k-answer-1")
                    .header("x-tiendo-replay", "1")
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                let outcome: Value = response.json().await.unwrap();
                assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            }
            let (_, list) = checklist(&app, Some(&inspector), &visit).await;
            let answered = &questions(&list)[0]["answer"];
            assert_eq!(
                (&answered["version"], &answered["answer"]),
                (&Value::from(3), &Value::from("NotMet"))
            );
        }
    });
}
