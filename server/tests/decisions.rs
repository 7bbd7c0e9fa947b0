//! Decisions on procedures: the demo gives Nghệ An the article's 205 boundary-free
//! procedures across 8 departments and the 121 proposed for delegation, on its page, the
//! list and the decision's own page; what decisions make of a province's procedures follows
//! their dates (a procedure covered twice counts once, a replaced decision stops counting);
//! a province official records their own province's decisions only; every bad input is
//! named with its field and nothing is written.

mod common;

use app::accounts::Role;
use common::{BREAKING, INJECTED, PASSWORD, TestApp, apps, demo_apps};
use entity::{audit_event, decision, decision_procedure};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

#[test]
fn the_demo_gives_nghe_an_the_articles_procedure_figures() {
    common::run(async {
        for app in demo_apps().await {
            let (status, page) = app.get_text("/tinh/40?ngay=2025-08-14").await;
            assert_eq!(status, 200);
            let page = common::strip_markers(&page);
            let section = &page[page.find("province-dossiers").expect("the section")..];
            for figure in [
                "Thủ tục không phụ thuộc địa giới hành chính",
                "class=\"boundary-free\">205<",
                "class=\"boundary-free-departments\">8<",
                "Sở Khoa học và Công nghệ đề nghị UBND tỉnh ủy quyền 121 thủ tục cho Sở Khoa học và Công nghệ (ngày 05/08/2025)",
            ] {
                assert!(section.contains(figure), "{figure} in {section}");
            }
            // Before the announcement came into force (25/7/2025), and before the proposal.
            let (_, before) = app.get_text("/tinh/40?ngay=2025-07-24").await;
            let before = common::strip_markers(&before);
            assert!(
                before.contains("class=\"boundary-free\">0<"),
                "{}",
                app.backend
            );
            assert!(!before.contains("121 thủ tục"));

            let (status, list) = app.get_text("/tinh/40/quyet-dinh?ngay=2025-08-14").await;
            assert_eq!(status, 200);
            let list = common::strip_markers(&list);
            assert_eq!(common::count(&list, "<tr id=\"decision-"), 2, "{list}");
            assert!(list.contains("Đang có hiệu lực") && list.contains("Đề xuất"));

            let (_, body) = app
                .post(
                    "/api/decisions/province",
                    None,
                    &[("code", "40"), ("as_of", "2025-08-14")],
                )
                .await;
            let figures = &body["figures"];
            assert_eq!(
                (&figures["boundary_free"], &figures["delegated"]),
                (
                    &json!({ "procedures": 205, "departments": 8 }),
                    &json!({ "procedures": 0, "departments": 0 })
                )
            );
            let proposal = body["all"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["kind"] == "delegation")
                .expect("the proposal");
            assert_eq!(
                (
                    &proposal["status"],
                    &proposal["procedures"],
                    &proposal["to_agency"]["code"]
                ),
                (&json!("proposed"), &json!(121), &json!("SKHCN"))
            );
            let id = proposal["id"].as_i64().unwrap();
            let (status, page) = app.get_text(&format!("/quyet-dinh/{id}")).await;
            assert_eq!(status, 200);
            let page = common::strip_markers(&page);
            assert!(page.contains("Các thủ tục áp dụng (121)"), "{page}");
            assert_eq!(
                common::count(&page, "<th scope=\"row\" class=\"code\">"),
                121
            );
        }
    });
}

/// Two agencies of Nghệ An and one of Hà Tĩnh, and three procedures: two managed by the
/// Department of Science and Technology, one by the Department of Justice.
async fn catalogue(app: &TestApp) {
    for (province, code, name) in [
        ("40", "SKHCN", "Sở Khoa học và Công nghệ"),
        ("40", "STP", "Sở Tư pháp"),
        ("42", "SKHCN", "Sở Khoa học và Công nghệ"),
    ] {
        common::add_agency(app, province, code, name).await;
    }
    for (code, sector) in [
        ("1.004363", "SKHCN"),
        ("1.004370", "SKHCN"),
        ("1.008001", "STP"),
    ] {
        common::add_procedure(app, code, sector).await;
    }
}

fn form(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("province", "40"),
        ("kind", "boundary_free"),
        ("number", "100/QĐ-UBND"),
        ("title", "Công bố danh mục"),
        ("issuer", "Chủ tịch UBND tỉnh"),
        ("proposed_on", "2025-07-01"),
        ("issued_on", "2025-07-10"),
        ("in_force_on", "2025-07-15"),
        ("procedures", "1.004363, 1.008001"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in fields {
        form.retain(|(k, _)| k != name);
        form.push((name.to_string(), value.to_string()));
    }
    form.into_iter()
        .map(|(k, v)| (format!("decision[{k}]"), v))
        .collect()
}

async fn save(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let form = form(fields);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/api/decisions/save", Some(cookie), &form).await
}

async fn figures(app: &TestApp, day: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/decisions/province",
            None,
            &[("code", "40"), ("as_of", day)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["figures"].clone()
}

#[test]
fn what_decisions_make_of_procedures_follows_their_dates() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let (status, first) = save(&app, &official, &[]).await;
            assert_eq!(status, 200, "{first}");
            // A second announcement, in force later, covering one of the same procedures.
            let (status, second) = save(
                &app,
                &official,
                &[
                    ("number", "200/QĐ-UBND"),
                    ("proposed_on", "2025-08-01"),
                    ("issued_on", "2025-08-01"),
                    ("in_force_on", "2025-08-06"),
                    ("procedures", "1.004363\n1.004370"),
                ],
            )
            .await;
            assert_eq!(status, 200, "{second}");
            let boundary_free = |f: &Value| f["boundary_free"].clone();
            for (day, procedures, departments) in [
                ("2025-07-14", 0, 0),
                ("2025-07-15", 2, 2),
                ("2025-08-05", 2, 2),
                // 1.004363 is in both: counted once.
                ("2025-08-06", 3, 2),
            ] {
                assert_eq!(
                    boundary_free(&figures(&app, day).await),
                    json!({ "procedures": procedures, "departments": departments }),
                    "{day} {}",
                    app.backend
                );
            }
            // The first is replaced on 20/8: only the second's count then.
            let (status, _) = save(
                &app,
                &official,
                &[("id", &first.to_string()), ("replaced_on", "2025-08-20")],
            )
            .await;
            assert_eq!(status, 200);
            assert_eq!(
                boundary_free(&figures(&app, "2025-08-20").await),
                json!({ "procedures": 2, "departments": 1 })
            );
            assert_eq!(
                boundary_free(&figures(&app, "2025-08-19").await),
                json!({ "procedures": 3, "departments": 2 }),
                "the history stays"
            );
            // A delegation from the People's Committee to the Department of Justice.
            let (status, _) = save(
                &app,
                &official,
                &[
                    ("kind", "delegation"),
                    ("number", "300/QĐ-UBND"),
                    ("to_agency", "STP"),
                    ("procedures", "1.008001"),
                ],
            )
            .await;
            assert_eq!(status, 200);
            let f = figures(&app, "2025-08-20").await;
            assert_eq!(f["delegated"], json!({ "procedures": 1, "departments": 1 }));
            let audited = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("decision"))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(audited, 4, "each save is in the audit log");
        }
    });
}

#[test]
fn bad_decisions_are_named_by_field_and_nothing_is_written() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            app.user("xa_a", Role::CommuneOfficial, Some("17827")).await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let other = app.login("tinh_ht", PASSWORD).await.unwrap();
            let commune = app.login("xa_a", PASSWORD).await.unwrap();
            let long_title = "x".repeat(501);
            let cases: Vec<(Vec<(&str, &str)>, Value)> = vec![
                (
                    vec![("procedures", "1.004363 9.999999 1.0043630")],
                    json!({ "UnknownCodes": ["procedures", ["9.999999", "1.0043630"]] }),
                ),
                (
                    vec![("procedures", " , ")],
                    json!({ "InvalidField": ["procedures", "ProceduresRequired"] }),
                ),
                (
                    vec![("issued_on", "2025-06-30")],
                    json!({ "InvalidField": ["issued_on", "DateOutOfOrder"] }),
                ),
                (
                    vec![("issued_on", ""), ("in_force_on", "2025-07-15")],
                    json!({ "InvalidField": ["in_force_on", "DateOutOfOrder"] }),
                ),
                (
                    vec![
                        ("proposed_on", "2099-01-01"),
                        ("issued_on", ""),
                        ("in_force_on", ""),
                    ],
                    json!({ "InvalidField": ["proposed_on", "DateInFuture"] }),
                ),
                (
                    vec![("proposed_on", "1/7/2025")],
                    json!({ "InvalidField": ["proposed_on", "DateInvalid"] }),
                ),
                (
                    vec![("kind", "abolition")],
                    json!({ "InvalidField": ["kind", "KindUnknown"] }),
                ),
                (
                    vec![("kind", "delegation")],
                    json!({ "InvalidField": ["to_agency", "AgencyUnknown"] }),
                ),
                (
                    vec![("kind", "delegation"), ("to_agency", "SYT")],
                    json!({ "InvalidField": ["to_agency", "AgencyUnknown"] }),
                ),
                (
                    vec![
                        ("kind", "delegation"),
                        ("from_agency", "STP"),
                        ("to_agency", "STP"),
                    ],
                    json!({ "InvalidField": ["to_agency", "AgencySame"] }),
                ),
                (
                    vec![("number", "")],
                    json!({ "InvalidField": ["number", "TextRequired"] }),
                ),
                (
                    vec![("title", &long_title)],
                    json!({ "InvalidField": ["title", "TextTooLong"] }),
                ),
            ];
            for (fields, expected) in cases {
                let (status, body) = save(&app, &official, &fields).await;
                assert_eq!((status, &body), (422, &expected), "{fields:?}");
            }
            let too_many = (0..5_001)
                .map(|n| format!("1.{n:06}"))
                .collect::<Vec<_>>()
                .join(" ");
            let (status, body) = save(&app, &official, &[("procedures", &too_many)]).await;
            assert_eq!(
                (status, body),
                (422, json!({ "InvalidField": ["procedures", "TooMany"] }))
            );
            // Another province's official, a commune official, and nobody.
            assert_eq!(save(&app, &other, &[]).await.0, 403);
            assert_eq!(save(&app, &commune, &[]).await.0, 403);
            let form = form(&[]);
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(app.post("/api/decisions/save", None, &form).await.0, 401);
            assert_eq!(decision::Entity::find().count(&app.db).await.unwrap(), 0);
            assert_eq!(
                decision_procedure::Entity::find()
                    .count(&app.db)
                    .await
                    .unwrap(),
                0
            );
            // A decision of Nghệ An stays Nghệ An's: Hà Tĩnh's official cannot change it,
            // and the form's province does not move it.
            let (_, id) = save(&app, &official, &[]).await;
            let id = id.to_string();
            assert_eq!(
                save(&app, &other, &[("id", &id), ("province", "42")])
                    .await
                    .0,
                403
            );
            let (status, _) = save(&app, &official, &[("id", &id), ("province", "42")]).await;
            assert_eq!(status, 200);
            let stored = decision::Entity::find()
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(stored.province_code, "40");
            // An id that is no decision: refused as another province's would be.
            assert_eq!(save(&app, &other, &[("id", "987654")]).await.0, 403);
        }
    });
}

#[test]
fn a_decisions_words_are_shown_as_text() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let number = "</title><b>1</b>";
            let (status, id) = save(
                &app,
                &official,
                &[
                    ("kind", "delegation"),
                    ("to_agency", "STP"),
                    ("issued_on", ""),
                    ("in_force_on", ""),
                    ("number", number),
                    ("title", BREAKING[0]),
                    ("issuer", BREAKING[1]),
                ],
            )
            .await;
            assert_eq!(status, 200, "{id}");
            let day = "?ngay=2025-08-01";
            for (path, cookie) in [
                (format!("/tinh/40{day}"), None),
                (format!("/tinh/40/quyet-dinh{day}"), None),
                (format!("/quyet-dinh/{id}{day}"), None),
                (format!("/quyet-dinh/{id}{day}"), Some(official.as_str())),
            ] {
                let (status, html) = app.get_as(&path, cookie).await;
                assert_eq!(status, 200, "{path}");
                for bad in INJECTED.iter().chain(&["<b>1</b>"]) {
                    assert!(!html.contains(bad), "{} {path}: {bad}", app.backend);
                }
                // The title or the issuer (each page shows one or both), as text.
                let shown = BREAKING[..2]
                    .iter()
                    .any(|words| html.contains(&html_escape::encode_text(words).to_string()));
                assert!(shown, "{path}: the words, as text");
            }
        }
    });
}

/// Posts `bytes` as decision `id`'s document; returns the status and where it leads.
async fn attach(app: &TestApp, cookie: Option<&str>, id: &str, bytes: &[u8]) -> (u16, String) {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("qd.pdf");
    let mut request = app
        .client
        .post(app.url(&format!("/api/quyet-dinh/{id}/van-ban")))
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

#[test]
fn a_decisions_document_is_attached_by_its_province_and_read_by_everyone() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let other = app.login("tinh_ht", PASSWORD).await.unwrap();
            let (status, id) = save(&app, &official, &[]).await;
            assert_eq!(status, 200, "{id}");
            let id = id.to_string();
            let document = format!("/api/quyet-dinh/{id}/van-ban");
            assert_eq!(app.get_as(&document, None).await.0, 404, "none yet");

            // Not a PDF or an image: refused by its content, whatever its name says.
            let (status, to) = attach(&app, Some(&official), &id, b"<html><script>").await;
            assert_eq!(status, 303);
            assert_eq!(to, format!("/quyet-dinh/{id}?loi-van-ban=sai-loai#van-ban"));
            // Said to the official where the form is.
            let (status, page) = app
                .get_as(
                    &format!("/quyet-dinh/{id}?loi-van-ban=sai-loai"),
                    Some(&official),
                )
                .await;
            assert_eq!(status, 200);
            assert!(
                page.contains("Chỉ nhận tệp PDF, PNG hoặc JPEG"),
                "{}",
                app.backend
            );
            assert_eq!(app.get_as(&document, None).await.0, 404);

            // Another province's official, and anyone unknown, attach nothing.
            let pdf = b"%PDF-1.4\n1 0 obj\n%%EOF\n";
            assert_eq!(attach(&app, Some(&other), &id, pdf).await.0, 403);
            assert_eq!(attach(&app, None, &id, pdf).await.0, 401);
            // One that does not exist is refused as another province's would be.
            assert_eq!(attach(&app, Some(&official), "999999", pdf).await.0, 403);

            let (status, to) = attach(&app, Some(&official), &id, pdf).await;
            assert_eq!(
                (status, to),
                (303, format!("/quyet-dinh/{id}?van-ban=da-luu#van-ban"))
            );
            let response = app.get(&document).await;
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["content-type"], "application/pdf");
            assert_eq!(&response.bytes().await.unwrap()[..], pdf);
            let (_, page) = app.get_text(&format!("/quyet-dinh/{id}")).await;
            assert!(
                page.contains(&format!("href=\"{document}\"")),
                "{}",
                app.backend
            );
            let audited = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("decision"))
                .filter(audit_event::Column::EntityId.eq(id.as_str()))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(audited, 2, "saved, then its document attached");
        }
    });
}
