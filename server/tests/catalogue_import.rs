//! The catalogue from a spreadsheet: a ministry admin downloads the catalogue, uploads it
//! edited (CSV or XLSX), reads the dry run (new, changed, unchanged, every error at its line
//! and column) and takes it in whole or not at all; a province official reaches neither the
//! upload nor its dry run.

mod common;

use app::{accounts::Role, procedures::import_file::TEMPLATE};
use common::{PASSWORD, TestApp, apps};
use entity::procedure;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

fn row(code: &str, name: &str, level: &str, sector: &str, online: &str) -> Vec<String> {
    [code, name, "Lĩnh vực thử", level, sector, online]
        .map(str::to_owned)
        .to_vec()
}

async fn preview(app: &TestApp, cookie: &str, id: &str) -> (u16, Value) {
    app.post(
        "/api/procedures/import/preview",
        Some(cookie),
        &[("id", id)],
    )
    .await
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>) -> String {
    app.upload(
        cookie,
        "/api/thu-tuc/tai-len",
        "/quan-tri/thu-tuc",
        name,
        bytes,
    )
    .await
}

async fn stored(app: &TestApp, code: &str) -> Option<procedure::Model> {
    procedure::Entity::find_by_id(code.to_owned())
        .one(&app.db)
        .await
        .unwrap()
}

#[test]
fn an_edited_catalogue_is_previewed_then_taken_in_whole_and_once() {
    common::run(async {
        for app in apps().await {
            common::add_agency(&app, "40", "SKHCN", "Sở Khoa học và Công nghệ").await;
            common::add_agency(&app, "40", "UBNDX", "Ủy ban nhân dân cấp xã").await;
            common::add_procedure(&app, "1.004363", "SKHCN").await;
            common::add_procedure(&app, "1.004360", "SKHCN").await;
            app.user("quan_tri_bo", Role::MinistryAdmin, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let admin = app.login("quan_tri_bo", PASSWORD).await.unwrap();
            let official = app.login("tinh_na", PASSWORD).await.unwrap();

            // The catalogue as it stands comes back as it went out: nothing to take in.
            for ext in ["csv", "xlsx"] {
                let (status, _) = app.get_as(&format!("/api/thu-tuc.{ext}"), None).await;
                assert_eq!(status, 200, "{ext} {}", app.backend);
            }
            let catalogue = app.get("/api/thu-tuc.csv").await;
            let bytes = catalogue.bytes().await.unwrap().to_vec();
            let id = upload(&app, &admin, "thu-tuc.csv", bytes).await;
            let (status, p) = preview(&app, &admin, &id).await;
            assert_eq!(status, 200, "{p}");
            assert_eq!(p["report"]["unchanged"], 2, "{p}");
            assert_eq!(p["report"]["created"], 0);

            // One new, one renamed and put online in part, one as `add_procedure` made it.
            let rows = vec![
                row(
                    "1.004363",
                    "Thủ tục 1.004363",
                    "Cấp tỉnh",
                    "SKHCN",
                    "Toàn trình",
                ),
                row("1.004360", "Cấp phép mới", "cap tinh", "skhcn", "một phần"),
                row("2.000001", "Đăng ký hộ tịch", "Cấp xã", "UBNDX", ""),
            ];
            let id = upload(
                &app,
                &admin,
                "thu-tuc.xlsx",
                TEMPLATE.write_xlsx(&rows).unwrap(),
            )
            .await;
            let (_, p) = preview(&app, &admin, &id).await;
            assert_eq!(
                (
                    &p["report"]["created"],
                    &p["report"]["updated"],
                    &p["report"]["unchanged"]
                ),
                (&Value::from(1), &Value::from(1), &Value::from(1)),
                "{p}"
            );
            // The dry run wrote nothing; the province's official sees none of it.
            assert!(stored(&app, "2.000001").await.is_none());
            assert_eq!(preview(&app, &official, &id).await.0, 403);
            let (status, _) = app
                .post(
                    "/api/procedures/import/apply",
                    Some(&official),
                    &[("id", &id)],
                )
                .await;
            assert_eq!(status, 403);
            assert!(stored(&app, "2.000001").await.is_none());

            // Applied twice at once (a double tap): once.
            let audited = || async {
                entity::audit_event::Entity::find()
                    .count(&app.db)
                    .await
                    .unwrap()
            };
            let before = audited().await;
            let form = [("id", id.as_str())];
            let apply = || app.post("/api/procedures/import/apply", Some(&admin), &form);
            let ((status, p), (again, q)) = tokio::join!(apply(), apply());
            assert_eq!((status, again), (200, 200), "{p} {q}");
            assert_eq!(
                (&p["applied"], &q["applied"]),
                (&Value::from(true), &Value::from(true))
            );
            assert_eq!(audited().await, before + 1, "{}", app.backend);
            let changed = stored(&app, "1.004360").await.unwrap();
            assert_eq!(
                (changed.name.as_str(), changed.online.as_str()),
                ("Cấp phép mới", "partial")
            );
            let new = stored(&app, "2.000001").await.unwrap();
            assert_eq!(
                (new.level.as_str(), new.online.as_str()),
                ("commune", "none")
            );
            // Taking it in again changes nothing and audits nothing more.
            let before = audited().await;
            let (status, p) = app
                .post("/api/procedures/import/apply", Some(&admin), &[("id", &id)])
                .await;
            assert_eq!((status, &p["applied"]), (200, &Value::from(true)));
            assert_eq!(audited().await, before);
        }
    });
}

#[test]
fn a_file_with_any_wrong_row_is_named_line_by_line_and_writes_nothing() {
    common::run(async {
        for app in apps().await {
            common::add_agency(&app, "40", "SKHCN", "Sở Khoa học và Công nghệ").await;
            app.user("quan_tri_bo", Role::MinistryAdmin, None).await;
            let admin = app.login("quan_tri_bo", PASSWORD).await.unwrap();
            let rows = vec![
                row("1.000001", "Đúng", "Cấp tỉnh", "SKHCN", "Toàn trình"),
                // A code a spreadsheet read as a number, its last zero lost.
                row("1.00436", "Số", "Cấp tỉnh", "SKHCN", "Toàn trình"),
                row("1.000001", "Lặp", "Cấp tỉnh", "SKHCN", "Toàn trình"),
                row("1.000002", "Sở lạ", "Cấp tỉnh", "SGTVT", "Toàn trình"),
                row("1.000003", "Cấp lạ", "Cấp huyện", "SKHCN", "Toàn trình"),
                row("1.000004", "", "Cấp tỉnh", "SKHCN", "Toàn trình"),
                row("1.000005", "Mức lạ", "Cấp tỉnh", "SKHCN", "nửa vời"),
            ];
            let mut csv = TEMPLATE.write_csv(&rows).unwrap();
            // A blank line in the middle does not shift the lines named after it.
            let text = String::from_utf8(csv.clone()).unwrap();
            let (head, tail) = text.split_at(text.find("1.00436").unwrap());
            csv = format!("{head}\n{tail}").into_bytes();
            let id = upload(&app, &admin, "thu-tuc.csv", csv).await;
            let (status, p) = preview(&app, &admin, &id).await;
            assert_eq!(status, 200, "{p}");
            let found: Vec<(u64, String, String)> = p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["line"].as_u64().unwrap(),
                        e["column"].as_str().unwrap().to_owned(),
                        e["problem"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let expected = [
                (4, "Mã thủ tục", "CodeMalformed"),
                (5, "Mã thủ tục", "CodeRepeated"),
                (6, "Cơ quan quản lý", "SectorUnknown"),
                (7, "Cấp thực hiện", "LevelUnknown"),
                (8, "Tên thủ tục", "NameInvalid"),
                (9, "Mức trực tuyến", "OnlineUnknown"),
            ]
            .map(|(line, column, problem)| (line, column.to_owned(), problem.to_owned()));
            assert_eq!(found, expected, "{}", app.backend);
            assert_eq!(p["report"], Value::Null);
            let (status, _) = app
                .post("/api/procedures/import/apply", Some(&admin), &[("id", &id)])
                .await;
            assert_eq!(status, 422);
            assert_eq!(procedure::Entity::find().count(&app.db).await.unwrap(), 0);
        }
    });
}
