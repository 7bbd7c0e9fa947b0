//! Dossiers from a spreadsheet: a province official downloads the template, uploads it
//! filled (CSV or XLSX), reads the dry run (new, updated, unchanged, every error at its line
//! and column) and takes it in whole or not at all; a procedure code read as a number and an
//! unreadable date are named; another province's official reaches neither the template nor
//! the upload.

mod common;

use app::{accounts::Role, dossiers::upload_file::TEMPLATE};
use common::{PASSWORD, TestApp, apps};
use entity::dossier;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

async fn catalogue(app: &TestApp) {
    common::add_agency(app, "40", "SKHCN", "Sở Khoa học và Công nghệ").await;
    common::add_procedure(app, "1.004363", "SKHCN").await;
    common::add_procedure(app, "1.004360", "SKHCN").await;
}

fn row(code: &str, procedure: &str, received: &str, returned: &str) -> Vec<String> {
    [
        code,
        "SKHCN",
        "17827",
        procedure,
        received,
        "Trực tuyến",
        "",
        "",
        returned,
        "Đã trả kết quả",
    ]
    .map(str::to_owned)
    .to_vec()
}

async fn preview(app: &TestApp, cookie: &str, id: &str) -> (u16, Value) {
    app.post("/api/dossiers/upload/preview", Some(cookie), &[("id", id)])
        .await
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>) -> String {
    app.upload(
        cookie,
        "/api/tinh/40/ho-so/tai-len",
        "/tinh/40/ho-so/tai-len",
        name,
        bytes,
    )
    .await
}

#[test]
fn a_filled_template_is_previewed_then_taken_in_whole() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let other = app.login("tinh_ht", PASSWORD).await.unwrap();
            for ext in ["csv", "xlsx"] {
                let path = format!("/api/tinh/40/ho-so-mau.{ext}");
                assert_eq!(app.get_as(&path, Some(&official)).await.0, 200);
                assert_eq!(app.get_as(&path, Some(&other)).await.0, 403);
            }
            let rows = vec![
                row("HS-1", "1.004363", "02/07/2025 08:30", "05/07/2025 10:00"),
                row("HS-2", "1.004360", "2025-07-03 14:00", ""),
            ];
            let id = upload(
                &app,
                &official,
                "ho-so.xlsx",
                TEMPLATE.write_xlsx(&rows).unwrap(),
            )
            .await;
            let (status, p) = preview(&app, &official, &id).await;
            assert_eq!(status, 200, "{p}");
            assert_eq!(
                (&p["rows"], &p["errors"], &p["report"]),
                (
                    &json!(2),
                    &json!([]),
                    &json!({ "created": 2, "updated": 0, "unchanged": 0 })
                ),
                "{}",
                app.backend
            );
            assert_eq!(
                dossier::Entity::find().count(&app.db).await.unwrap(),
                0,
                "a dry run"
            );
            assert_eq!(preview(&app, &other, &id).await.0, 403);
            assert_eq!(
                app.post("/api/dossiers/upload/apply", Some(&other), &[("id", &id)])
                    .await
                    .0,
                403
            );
            let (status, done) = app
                .post(
                    "/api/dossiers/upload/apply",
                    Some(&official),
                    &[("id", &id)],
                )
                .await;
            assert_eq!((status, &done["applied"]), (200, &json!(true)), "{done}");
            assert_eq!(dossier::Entity::find().count(&app.db).await.unwrap(), 2);
            let stored = dossier::Entity::find().all(&app.db).await.unwrap();
            let first = stored.iter().find(|d| d.code == "HS-1").unwrap();
            assert_eq!(first.received_at.to_rfc3339(), "2025-07-02T01:30:00+00:00");
            assert_eq!(first.commune_code.as_deref(), Some("17827"));
            // The same file again, as CSV: nothing new, nothing to take in.
            let again = upload(
                &app,
                &official,
                "ho-so.csv",
                TEMPLATE.write_csv(&rows).unwrap(),
            )
            .await;
            let (_, p) = preview(&app, &official, &again).await;
            assert_eq!(
                p["report"],
                json!({ "created": 0, "updated": 0, "unchanged": 2 })
            );
        }
    });
}

#[test]
fn a_code_read_as_a_number_and_other_bad_rows_are_named_and_nothing_is_written() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            // A spreadsheet that wrote 1.004360 as the number 1.00436.
            let csv = TEMPLATE
                .write_csv(&[
                    row("HS-1", "1.004363", "02/07/2025 08:30", ""),
                    row("HS-2", "1.00436", "02/07/2025 09:00", ""),
                    row("HS-3", "1.004363", "hôm qua", ""),
                ])
                .unwrap();
            let id = upload(&app, &official, "ho-so.csv", csv).await;
            let (status, p) = preview(&app, &official, &id).await;
            assert_eq!(status, 200);
            let errors: Vec<(u64, &str, &str)> = p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["line"].as_u64().unwrap(),
                        e["column"].as_str().unwrap(),
                        e["problem"].as_str().unwrap(),
                    )
                })
                .collect();
            assert_eq!(
                errors,
                [
                    (3, "Mã thủ tục", "procedure_code_malformed"),
                    (4, "Tiếp nhận lúc", "date_invalid"),
                ]
            );
            // Rows that read well but the database refuses: named at their line too.
            let csv = TEMPLATE
                .write_csv(&[
                    row("HS-1", "1.004363", "02/07/2025 08:30", ""),
                    row("HS-1", "1.004363", "02/07/2025 08:30", ""),
                    row("HS-4", "1.999999", "02/07/2025 08:30", "01/07/2025 08:00"),
                ])
                .unwrap();
            let id = upload(&app, &official, "ho-so.csv", csv).await;
            let (_, p) = preview(&app, &official, &id).await;
            assert_eq!(
                p["errors"],
                json!([
                    { "line": 3, "code": "HS-1", "column": "Mã hồ sơ", "problem": "code_repeated" },
                    { "line": 4, "code": "HS-4", "column": "Mã thủ tục", "problem": "unknown_procedure" },
                ])
            );
            let (status, body) = app
                .post(
                    "/api/dossiers/upload/apply",
                    Some(&official),
                    &[("id", &id)],
                )
                .await;
            assert_eq!(
                (status, &body),
                (422, &json!({ "Invalid": "BulkHasErrors" }))
            );
            assert_eq!(dossier::Entity::find().count(&app.db).await.unwrap(), 0);
        }
    });
}
