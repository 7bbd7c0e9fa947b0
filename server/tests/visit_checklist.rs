//! A visit's on-site checklist: the template's questions by topic, what the pack's figures
//! suggest, the delegation's answers (one made from an older version is not written and
//! both versions come back), findings per topic, photos (checked by content, read only by
//! those who read the checklist), changes kept offline written once, and the template kept
//! by ministry admins.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp};
use serde_json::Value;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn visit_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("visit[province]", "40"),
        ("visit[kind]", "inspection"),
        ("visit[title]", "Kiểm tra chuyển đổi số tại Nghệ An"),
        ("visit[organiser]", "Bộ Khoa học và Công nghệ"),
        ("visit[starts_on]", "2025-08-14"),
        ("visit[ends_on]", "2025-08-15"),
        ("visit[topics]", "Chuyển đổi số"),
        ("visit[head_title]", "Thứ trưởng"),
    ]
}

async fn checklist(app: &TestApp, cookie: Option<&str>, visit: &str) -> (u16, Value) {
    app.post("/api/visits/checklist", cookie, &[("id", visit)])
        .await
}

fn questions(list: &Value) -> Vec<&Value> {
    list["topics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["questions"].as_array().unwrap())
        .collect()
}

async fn answer(
    app: &TestApp,
    cookie: &str,
    visit: &str,
    question: &str,
    version: &str,
    given: &str,
    note: &str,
) -> (u16, Value) {
    app.post(
        "/api/visits/answer",
        Some(cookie),
        &[
            ("visit", visit),
            ("question", question),
            ("version", version),
            ("answer[answer]", given),
            ("answer[note]", note),
        ],
    )
    .await
}

/// Sends a photo as the checklist's plain form does (and, with `key`, as the device's
/// outbox sends it again); the status and where it goes (or the outcome, sent again).
async fn photo(
    app: &TestApp,
    cookie: &str,
    visit: &str,
    question: &str,
    account: i64,
    bytes: &[u8],
    key: Option<&str>,
) -> (u16, String) {
    let page = format!("/doan-cong-tac/{visit}/kiem-tra");
    let form = reqwest::multipart::Form::new()
        .text("_form", format!("photo-{question}"))
        .text("_anchor", format!("photo-{question}"))
        .text("_back", page)
        .text("_account", account.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("anh.png"),
        );
    let mut request = app
        .client
        .post(app.url(&format!(
            "/api/doan-cong-tac/{visit}/cau-hoi/{question}/anh"
        )))
        .header("cookie", cookie)
        .multipart(form);
    if let Some(key) = key {
        request = request
            .header("x-tiendo-request", key)
            .header("x-tiendo-replay", "1");
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    (status, location.unwrap_or(body))
}

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

/// A contact point of Nghệ An's as its form sends it (`id` empty for a new one).
fn contact<'a>(id: &'a str, phone: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("contact[province]", "40"),
        ("contact[id]", id),
        ("contact[topic]", "Chuyển đổi số"),
        ("contact[name]", "Nguyễn <b>Văn</b> Đầu Mối"),
        ("contact[title]", "Phó Giám đốc"),
        ("contact[unit]", "Sở Khoa học và Công nghệ"),
        ("contact[phone]", phone),
        ("contact[email]", email),
    ]
}

#[test]
fn a_province_and_the_ministry_keep_its_contact_points_which_no_other_province_reads() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            app.user("quan_tri", Role::MinistryAdmin, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let admin = app.login("quan_tri", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            for (phone, email, field, problem) in [
                ("0238 ext 1", "", "phone", "PhoneInvalid"),
                ("0238 3844 000", "skhcn", "email", "EmailInvalid"),
                // A link that would send a copy elsewhere.
                (
                    "0238 3844 000",
                    "skhcn@nghean.gov.vn?bcc=ai@noi-khac.vn",
                    "email",
                    "EmailInvalid",
                ),
            ] {
                let (status, body) = app
                    .post(
                        "/api/visits/contact",
                        Some(&nghe_an),
                        &contact("", phone, email),
                    )
                    .await;
                assert_eq!(status, 422, "{body} {backend}");
                assert_eq!(body["InvalidField"][0], field);
                assert_eq!(body["InvalidField"][1], problem);
            }
            let valid = contact("", "0238 3844 000", "skhcn@nghean.gov.vn");
            let (status, _) = app
                .post("/api/visits/contact", Some(&ha_tinh), &valid)
                .await;
            assert_eq!(status, 403, "another province's official adds none");
            let (status, body) = app
                .post("/api/visits/contact", Some(&nghe_an), &valid)
                .await;
            assert_eq!(status, 200, "{body} {backend}");

            let list = |cookie: Option<String>| {
                let app = &app;
                async move {
                    app.post("/api/visits/contacts", cookie.as_deref(), &[("code", "40")])
                        .await
                }
            };
            let (status, seen) = list(Some(inspector.clone())).await;
            assert_eq!(status, 200);
            assert_eq!(seen["may_manage"], true);
            let contacts = seen["contacts"].as_array().unwrap().clone();
            assert_eq!(contacts.len(), 1, "{backend}");
            assert_eq!(list(Some(ha_tinh.clone())).await.0, 403);
            assert_eq!(list(None).await.0, 401);
            let (status, page) = app.get_as("/tinh/40/dau-moi", Some(&inspector)).await;
            assert_eq!(status, 200);
            assert!(page.contains("href=\"tel:02383844000\""), "{backend}");
            assert!(page.contains("mailto:skhcn@nghean.gov.vn"));
            assert!(!page.contains("<b>Văn</b>"), "a name is text");

            // A contact point stays in its province: another province's official cannot
            // change it by naming their own; one that does not exist is refused alike.
            let id = contacts[0]["id"].as_i64().unwrap().to_string();
            let id = id.as_str();
            let mut moved = contact(id, "0238 3844 001", "");
            moved[0].1 = "42";
            assert_eq!(
                app.post("/api/visits/contact", Some(&ha_tinh), &moved)
                    .await
                    .0,
                403
            );
            let missing = contact("987654", "0238 3844 001", "");
            assert_eq!(
                app.post("/api/visits/contact", Some(&ha_tinh), &missing)
                    .await
                    .0,
                403
            );
            assert_eq!(
                app.post("/api/visits/contact", Some(&admin), &missing)
                    .await
                    .0,
                404
            );
            // Changed, then taken away, by the ministry.
            let (status, _) = app
                .post(
                    "/api/visits/contact",
                    Some(&inspector),
                    &contact(id, "0912 345 678", ""),
                )
                .await;
            assert_eq!(status, 200);
            let (_, seen) = list(Some(nghe_an.clone())).await;
            assert_eq!(seen["contacts"][0]["phone"], "0912 345 678");
            let mut remove = contact(id, "", "");
            remove.push(("contact[remove]", "on"));
            let (status, _) = app.post("/api/visits/contact", Some(&admin), &remove).await;
            assert_eq!(status, 200);
            let (_, seen) = list(Some(nghe_an.clone())).await;
            assert_eq!(seen["contacts"].as_array().unwrap().len(), 0, "{backend}");
        }
    });
}

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
