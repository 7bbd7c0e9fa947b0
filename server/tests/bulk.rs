//! Bulk update over real HTTP: a province official downloads the communes' tasks as CSV or
//! XLSX, uploads an edited file, reads the dry run, and applies all of it or nothing.

mod common;

use app::{
    accounts::Role,
    demo::DEMO_PASSWORD,
    tasks::{
        bulk::{COLUMNS, MAX_FILE_BYTES},
        bulk_file,
    },
};
use common::{PASSWORD, TestApp, demo_apps};
use entity::{assignment, audit_event};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

async fn preview(app: &TestApp, cookie: &str, id: &str) -> Value {
    let (status, body) = app
        .post("/api/tasks/bulk/preview", Some(cookie), &[("id", id)])
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The CSV download, as rows of cells (header first).
async fn download(app: &TestApp, cookie: &str) -> Vec<Vec<String>> {
    let response = app
        .client
        .get(app.url("/api/tinh/40/nhiem-vu-xa.csv"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn to_csv(rows: &[Vec<String>]) -> Vec<u8> {
    bulk_file::write_csv(&rows[1..]).unwrap()
}

async fn stored(app: &TestApp, id: &str) -> assignment::Model {
    assignment::Entity::find_by_id(id.parse::<i64>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[test]
fn a_province_uploads_a_file_previews_it_and_applies_all_or_nothing() {
    common::run(async {
        for app in demo_apps().await {
            let backend = app.backend;
            let nghean = app.login("nghean", DEMO_PASSWORD).await.unwrap();
            let rows = download(&app, &nghean).await;
            assert_eq!(rows[0], COLUMNS.map(str::to_owned).to_vec());
            assert_eq!(rows.len() - 1, 130 * 16, "{backend}: every commune task");
            let xlsx = app
                .client
                .get(app.url("/api/tinh/40/nhiem-vu-xa.xlsx"))
                .header("cookie", &nghean)
                .send()
                .await
                .unwrap();
            assert_eq!(xlsx.status(), 200);
            assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));

            // Others may not download Nghệ An's file.
            app.user("hatinh", Role::ProvinceOfficial, Some("42")).await;
            let hatinh = app.login("hatinh", PASSWORD).await.unwrap();
            assert_eq!(
                app.get_as("/api/tinh/40/nhiem-vu-xa.csv", Some(&hatinh))
                    .await
                    .0,
                403
            );
            assert_eq!(
                app.get_as("/api/tinh/40/nhiem-vu-xa.csv", None).await.0,
                401
            );

            // Two open tasks: one done with evidence, one at 55%.
            let open: Vec<usize> = (1..rows.len())
                .filter(|&i| rows[i][8] != "Hoàn thành")
                .take(3)
                .collect();
            let mut edited = rows.clone();
            edited[open[0]][8] = "hoan thanh".into();
            edited[open[0]][12] = "https://nghean.gov.vn/qd-1".into();
            edited[open[1]][8] = "Đang thực hiện".into();
            // A progress other than the one it has.
            let was: i32 = rows[open[1]][9].parse().unwrap();
            let progress = if was == 55 { 56 } else { 55 };
            edited[open[1]][9] = progress.to_string();
            let (first, second) = (edited[open[0]][0].clone(), edited[open[1]][0].clone());

            // A file with errors: nothing is applied, every error has its row and column.
            let done_rows: Vec<usize> = (1..rows.len())
                .filter(|&i| rows[i][8] == "Hoàn thành")
                .take(3)
                .collect();
            let mut wrong = edited.clone();
            wrong[open[2]][8] = "xong".into();
            wrong[done_rows[0]][9] = "150".into();
            wrong[done_rows[1]][1] = "999".into();
            // A row moved to another commune's code: not the commune of its task.
            let elsewhere = if rows[done_rows[2]][2] == "17827" {
                "16681"
            } else {
                "17827"
            };
            wrong[done_rows[2]][2] = elsewhere.into();
            let line = |i: usize| i as u64 + 1;
            let id = app.bulk_upload(&nghean, "sai.csv", to_csv(&wrong)).await;
            let p = preview(&app, &nghean, &id).await;
            let errors: Vec<(u64, String, String)> = p["errors"]
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
            assert_eq!(errors.len(), 4, "{:?}", &errors[..errors.len().min(10)]);
            assert!(
                errors.contains(&(line(done_rows[2]), "Mã xã".into(), "CommuneMismatch".into())),
                "{errors:?}"
            );
            assert!(
                errors.contains(&(line(open[2]), "Trạng thái".into(), "StatusUnknown".into())),
                "{errors:?}"
            );
            assert!(
                errors.contains(&(
                    line(done_rows[0]),
                    "Tiến độ (%)".into(),
                    "ProgressOutOfRange".into()
                )),
                "{errors:?}"
            );
            assert!(
                errors.contains(&(
                    line(done_rows[1]),
                    "Phiên bản".into(),
                    "ChangedSinceDownload".into()
                )),
                "{errors:?}"
            );
            // Each error names the commune and the task of its row, as the file lists them.
            let status_error = p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["problem"] == "StatusUnknown")
                .unwrap();
            assert_eq!(status_error["task"], rows[open[2]][6].as_str());
            assert_eq!(status_error["commune"], rows[open[2]][3].as_str());
            let (status, body) = app
                .post("/api/tasks/bulk/apply", Some(&nghean), &[("id", &id)])
                .await;
            assert_eq!(
                (status, &body["Invalid"]),
                (422, &Value::from("BulkHasErrors"))
            );
            assert_ne!(stored(&app, &first).await.status, "done", "nothing applied");

            // The good file: two changes previewed, then applied together.
            let id = app.bulk_upload(&nghean, "dung.csv", to_csv(&edited)).await;
            let p = preview(&app, &nghean, &id).await;
            assert_eq!(p["errors"], Value::Array(vec![]), "{p}");
            assert_eq!(
                p["changes"].as_array().unwrap().len(),
                2,
                "{}",
                p["changes"]
            );
            assert_eq!(p["unchanged"].as_u64(), Some(130 * 16 - 2));
            assert_eq!(
                app.post("/api/tasks/bulk/preview", Some(&hatinh), &[("id", &id)])
                    .await
                    .0,
                403
            );
            let (status, body) = app
                .post("/api/tasks/bulk/apply", Some(&nghean), &[("id", &id)])
                .await;
            assert_eq!(
                (status, &body["applied"]),
                (200, &Value::Bool(true)),
                "{body}"
            );
            let done = stored(&app, &first).await;
            assert_eq!(
                (done.status.as_str(), done.verification.as_str()),
                ("done", "pending")
            );
            assert_eq!(stored(&app, &second).await.progress, progress);
            let audited = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("assignment"))
                .filter(audit_event::Column::Action.eq("update"))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(audited, 2);
            // Applying again changes nothing more.
            let (status, _) = app
                .post("/api/tasks/bulk/apply", Some(&nghean), &[("id", &id)])
                .await;
            assert_eq!(status, 200);
            assert_eq!(stored(&app, &first).await.version, done.version);

            // A change made between preview and apply: nothing of the file is applied.
            let fresh = download(&app, &nghean).await;
            let open: Vec<usize> = (1..fresh.len())
                .filter(|&i| fresh[i][8] != "Hoàn thành")
                .take(2)
                .collect();
            let mut next = fresh.clone();
            let other = |i: usize| {
                let was: i32 = fresh[i][9].parse().unwrap();
                (if was == 61 { 62 } else { 61 }).to_string()
            };
            next[open[0]][9] = other(open[0]);
            next[open[1]][9] = other(open[1]);
            next[open[0]][8] = "Đang thực hiện".into();
            next[open[1]][8] = "Đang thực hiện".into();
            let id = app
                .bulk_upload(
                    &nghean,
                    "xlsx-cua-toi.xlsx",
                    bulk_file::write_xlsx(&next[1..]).unwrap(),
                )
                .await;
            assert_eq!(
                preview(&app, &nghean, &id).await["changes"]
                    .as_array()
                    .unwrap()
                    .len(),
                2,
                "XLSX read back"
            );
            let meanwhile = stored(&app, &fresh[open[1]][0]).await;
            let form = [
                ("id", fresh[open[1]][0].clone()),
                ("version", meanwhile.version.to_string()),
                ("change[status]", "in_progress".to_owned()),
                ("change[progress]", "20".to_owned()),
                ("change[note]", String::new()),
                ("change[evidence_number]", String::new()),
                ("change[evidence_link]", String::new()),
            ];
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                app.post("/api/tasks/update", Some(&nghean), &form).await.0,
                200
            );
            let (status, _) = app
                .post("/api/tasks/bulk/apply", Some(&nghean), &[("id", &id)])
                .await;
            assert_eq!(status, 422);
            assert_ne!(
                stored(&app, &fresh[open[0]][0]).await.progress,
                61,
                "all or nothing"
            );

            // Files refused whole: too large, not the template (hostile_files.rs has the rest).
            let id = app
                .bulk_upload(&nghean, "to.csv", vec![b'x'; MAX_FILE_BYTES + 10])
                .await;
            assert_eq!(
                preview(&app, &nghean, &id).await["file_problem"],
                "TooLarge"
            );
            let id = app
                .bulk_upload(&nghean, "khac.csv", b"a,b\n1,2\n".to_vec())
                .await;
            assert_eq!(
                preview(&app, &nghean, &id).await["file_problem"],
                "WrongTemplate"
            );
        }
    });
}
