//! Evidence files over real HTTP: attached by the unit's official, checked by content and
//! size, stored once per content, served to signed-in users only.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, apps};
use entity::{evidence, evidence_file};
use sea_orm::{EntityTrait, PaginatorTrait};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// What the server answered a plain upload.
struct Answer {
    status: u16,
    location: String,
    /// The server closes the connection after this answer (and says so).
    closes: bool,
}

async fn attach(
    app: &TestApp,
    cookie: Option<&str>,
    assignment: i64,
    name: &str,
    bytes: Vec<u8>,
    back: &str,
) -> Answer {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
        .text("doc_number", "123/QĐ-UBND")
        .text("doc_date", "2025-08-01")
        .text("_back", back.to_owned());
    let mut request = app
        .client
        .post(app.url(&format!("/api/nhiem-vu/{assignment}/minh-chung")))
        .multipart(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let closes = response
        .headers()
        .get("connection")
        .is_some_and(|c| c.as_bytes().eq_ignore_ascii_case(b"close"));
    Answer {
        status: response.status().as_u16(),
        location,
        closes,
    }
}

/// A task of Nghi Lộc's, and signed-in officials of Nghi Lộc and of another commune.
async fn task_and_two_officials(app: &TestApp) -> (i64, String, String) {
    let id = app.assignment("17827", "40").await;
    app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
        .await;
    app.user("thanhvinh", Role::CommuneOfficial, Some("16681"))
        .await;
    let nghiloc = app.login("nghiloc", PASSWORD).await.unwrap();
    let thanhvinh = app.login("thanhvinh", PASSWORD).await.unwrap();
    (id, nghiloc, thanhvinh)
}

#[test]
fn officials_attach_files_that_are_checked_stored_once_and_served_to_signed_in_users() {
    common::run(async {
        for app in apps().await {
            let (id, nghiloc, thanhvinh) = task_and_two_officials(&app).await;

            let saved = attach(
                &app,
                Some(&nghiloc),
                id,
                "quyet-dinh.pdf",
                PDF.to_vec(),
                "/xa/17827",
            )
            .await;
            assert_eq!(
                (saved.status, saved.location.as_str()),
                (303, format!("/xa/17827?luu=task-{id}#task-{id}").as_str()),
                "{}",
                app.backend
            );
            // A body read to its end keeps the connection for the next request.
            assert!(!saved.closes);
            // The same content again: one stored file, two evidence rows.
            attach(
                &app,
                Some(&nghiloc),
                id,
                "ban-sao.pdf",
                PDF.to_vec(),
                "//evil.example/x",
            )
            .await;
            assert_eq!(
                evidence_file::Entity::find().count(&app.db).await.unwrap(),
                1
            );
            assert_eq!(evidence::Entity::find().count(&app.db).await.unwrap(), 2);

            // Refused by content or size: back at the task with a draft that says why at the
            // file field and keeps what was typed; nothing stored.
            let draft = |location: String| {
                let app = &app;
                let cookie = nghiloc.clone();
                async move {
                    let token = location
                        .split("nhap=")
                        .nth(1)
                        .and_then(|rest| rest.split('#').next())
                        .unwrap_or_default()
                        .to_owned();
                    let (_, draft) = app
                        .post("/api/forms/draft", Some(&cookie), &[("token", &token)])
                        .await;
                    draft
                }
            };
            let html = b"<html><script>alert(1)</script>".to_vec();
            let location = attach(
                &app,
                Some(&nghiloc),
                id,
                "trick.pdf",
                html,
                "/xa/17827?ngay=2025-08-14&luu=task-1",
            )
            .await
            .location;
            assert!(
                location.starts_with("/xa/17827?ngay=2025-08-14&nhap=")
                    && location.ends_with(&format!("#evidence-{id}-errors")),
                "{location}"
            );
            let refused = draft(location).await;
            assert_eq!(
                refused["error"]["InvalidField"],
                serde_json::json!(["file", "FileWrongType"]),
                "{refused}"
            );
            assert_eq!(refused["fields"]["doc_number"], "123/QĐ-UBND");
            assert_eq!(refused["form"], format!("evidence-{id}"));
            let big = [PDF, &vec![b' '; 5 * 1024 * 1024]].concat();
            let location = attach(&app, Some(&nghiloc), id, "lon.pdf", big, "/xa/17827")
                .await
                .location;
            let refused = draft(location).await;
            assert_eq!(
                refused["error"]["InvalidField"],
                serde_json::json!(["file", "FileTooLarge"])
            );
            // Larger than the whole form may be: the same answer, not a bare 400.
            let huge = [PDF, &vec![b' '; 6 * 1024 * 1024]].concat();
            let refused = attach(&app, Some(&nghiloc), id, "rat-lon.pdf", huge, "/xa/17827").await;
            assert_eq!(refused.status, 303, "{}", app.backend);
            // The rest of that body is not read: the answer closes the connection, so the
            // client does not send its next request into a socket the server has closed.
            assert!(refused.closes);
            let refused = draft(refused.location).await;
            assert_eq!(
                refused["error"]["InvalidField"],
                serde_json::json!(["file", "FileTooLarge"])
            );
            assert_eq!(evidence::Entity::find().count(&app.db).await.unwrap(), 2);

            // Another commune's official and nobody: refused.
            assert_eq!(
                attach(&app, Some(&thanhvinh), id, "x.pdf", PDF.to_vec(), "/")
                    .await
                    .status,
                403
            );
            let unknown = attach(&app, None, id, "x.pdf", PDF.to_vec(), "/").await;
            assert_eq!((unknown.status, unknown.closes), (401, true));

            // Listed on the checklist to those who may read the commune's records, served to
            // them only; the public and another commune see the document, not the file.
            let (_, public) = app
                .post("/api/tasks/checklist", None, &[("code", "17827")])
                .await;
            let public = &public["groups"][0]["items"][0]["evidence"][0];
            assert_eq!(public["file"], serde_json::Value::Null);
            assert_eq!(public["doc_date"], "2025-08-01");
            let (_, list) = app
                .post(
                    "/api/tasks/checklist",
                    Some(&thanhvinh),
                    &[("code", "17827")],
                )
                .await;
            let other = &list["groups"][0]["items"][0]["evidence"][0];
            assert_eq!(other["file"], serde_json::Value::Null, "{}", app.backend);
            assert_eq!(other["doc_date"], "2025-08-01");
            let (_, list) = app
                .post("/api/tasks/checklist", Some(&nghiloc), &[("code", "17827")])
                .await;
            let item = &list["groups"][0]["items"][0];
            let file = &item["evidence"][0]["file"];
            assert_eq!(file[1], "quyet-dinh.pdf");
            assert_eq!(item["evidence"][0]["doc_date"], "2025-08-01");
            let path = file[0].as_str().unwrap().to_owned();
            assert_eq!(app.get_as(&path, None).await.0, 401);
            assert_eq!(app.get_as(&path, Some(&thanhvinh)).await.0, 403);
            let response = app
                .client
                .get(app.url(&path))
                .header("cookie", &nghiloc)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["content-type"], "application/pdf");
            assert!(
                response.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .starts_with("attachment")
            );
            assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
            assert_eq!(
                app.get_as("/api/minh-chung/not-a-hash", Some(&nghiloc))
                    .await
                    .0,
                404
            );

            // The file counts as evidence for marking the task done.
            let version = app.version(id).await.to_string();
            let id_text = id.to_string();
            let form = [
                ("id", id_text.as_str()),
                ("version", version.as_str()),
                ("change[status]", "done"),
                ("change[progress]", "100"),
                ("change[note]", ""),
                ("change[evidence_number]", ""),
                ("change[evidence_link]", ""),
            ];
            let (status, body) = app.post("/api/tasks/update", Some(&nghiloc), &form).await;
            assert_eq!(status, 200, "{body}");
        }
    });
}

/// What the page's script sends: the form as multipart, asking for JSON.
async fn attach_from_page(
    app: &TestApp,
    cookie: Option<&str>,
    assignment: i64,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("bien-ban.pdf"),
        )
        .text("doc_number", "16/QĐ-UBND")
        .text("doc_date", "");
    let mut request = app
        .client
        .post(app.url(&format!("/api/nhiem-vu/{assignment}/minh-chung")))
        .header("accept", "application/json")
        .multipart(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[test]
fn a_file_sent_from_the_page_gets_the_task_back_or_the_refusal_at_its_field() {
    common::run(async {
        for app in apps().await {
            let (id, nghiloc, thanhvinh) = task_and_two_officials(&app).await;

            let (status, item) = attach_from_page(&app, Some(&nghiloc), id, PDF.to_vec()).await;
            assert_eq!(status, 200, "{}: {item}", app.backend);
            assert_eq!(item["assignment_id"], id);
            let evidence = item["evidence"].as_array().unwrap();
            assert_eq!(evidence.len(), 1);
            assert_eq!(evidence[0]["doc_number"], "16/QĐ-UBND");

            let (status, error) =
                attach_from_page(&app, Some(&nghiloc), id, b"not a pdf".to_vec()).await;
            assert_eq!(status, 422);
            assert_eq!(
                error,
                serde_json::json!({"InvalidField": ["file", "FileWrongType"]})
            );

            let (status, error) = attach_from_page(&app, Some(&thanhvinh), id, PDF.to_vec()).await;
            assert_eq!((status, error), (403, serde_json::json!("Forbidden")));
            let (status, error) = attach_from_page(&app, None, id, PDF.to_vec()).await;
            assert_eq!((status, error), (401, serde_json::json!("Unauthorized")));
            assert_eq!(
                evidence::Entity::find().count(&app.db).await.unwrap(),
                1,
                "nothing stored from the refusals"
            );
        }
    });
}
