//! The documents given as a recommendation or conclusion is followed up: attached by those
//! who answer it, listed with it for those who read the province's records, never on the
//! public page, and served only within the province's scope.

use super::visit_form;
use crate::common::{self, PASSWORD, TestApp};
use app::accounts::Role;
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// Sends a document as the visit page's plain form does (and, with `key`, as the device's
/// outbox sends it again); the status and where it goes (or the outcome, sent again).
async fn send(
    app: &TestApp,
    cookie: &str,
    (visit, item): (&str, &str),
    account: i64,
    bytes: &[u8],
    key: Option<&str>,
) -> (u16, String) {
    let anchor = format!("follow-up-{item}-files");
    let form = reqwest::multipart::Form::new()
        .text("_form", anchor.clone())
        .text("_anchor", anchor)
        .text("_back", format!("/doan-cong-tac/{visit}"))
        .text("_account", account.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("Kế hoạch <số 45>.pdf"),
        );
    let path = format!("/api/doan-cong-tac/{visit}/kien-nghi/{item}/tai-lieu");
    app.post_multipart(&path, cookie, form, key).await
}

/// The conclusion's files as `cookie` reads the visit.
async fn files(app: &TestApp, cookie: Option<&str>, visit: &str) -> Vec<Value> {
    let (status, detail) = app.post("/api/visits/get", cookie, &[("id", visit)]).await;
    assert_eq!(status, 200, "{detail}");
    detail["conclusions"][0]["files"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn those_who_answer_a_conclusion_attach_documents_read_within_the_province() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            let nghe_an_id = app
                .user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            app.user("xa_nl", Role::CommuneOfficial, Some("17827"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            let commune = app.login("xa_nl", PASSWORD).await.unwrap();
            let (status, visit) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{visit} {backend}");
            let visit = visit.as_i64().unwrap().to_string();
            let conclusion = [
                ("follow_up[visit]", visit.as_str()),
                ("follow_up[kind]", "conclusion"),
                ("follow_up[body]", "Ban hành kế hoạch kết nối dữ liệu"),
                ("follow_up[addressed_to]", "UBND tỉnh Nghệ An"),
                ("follow_up[responsible]", "Sở Khoa học và Công nghệ"),
                ("follow_up[due_on]", "2025-09-30"),
            ];
            let (status, line) = app
                .post("/api/visits/follow-up", Some(&inspector), &conclusion)
                .await;
            assert_eq!(status, 200, "{line}");
            let item = line["id"].as_i64().unwrap().to_string();
            let at = (visit.as_str(), item.as_str());

            // The province answers it, and attaches its plan: back at the form, which says so.
            let (status, to) = send(&app, &nghe_an, at, nghe_an_id, PDF, None).await;
            assert_eq!(status, 303, "{to} {backend}");
            assert!(to.starts_with(&format!("/doan-cong-tac/{visit}?")), "{to}");
            assert!(to.ends_with(&format!("#follow-up-{item}-files")), "{to}");
            assert!(to.contains(&format!("luu=follow-up-{item}-files")), "{to}");
            // A file that is not a PDF or image is refused at its form, and nothing is kept.
            let (_, to) = send(&app, &nghe_an, at, nghe_an_id, b"MZ\x90\0", None).await;
            assert!(to.contains(&format!("loi-anh=kn{item}.sai-loai")), "{to}");
            // Another province, a commune and nobody attach nothing.
            assert_eq!(send(&app, &ha_tinh, at, 0, PDF, None).await.0, 403);
            assert_eq!(send(&app, &commune, at, 0, PDF, None).await.0, 403);
            assert_eq!(send(&app, "", at, 0, PDF, None).await.0, 401);
            // Nor through another visit's address: refused as another province's would be.
            let wrong = ("987654", item.as_str());
            assert_eq!(
                send(&app, &nghe_an, wrong, nghe_an_id, PDF, None).await.0,
                403
            );
            assert_eq!(
                send(&app, &inspector, wrong, inspector_id, PDF, None)
                    .await
                    .0,
                404
            );
            // Kept offline and sent twice, it is attached once.
            for _ in 0..2 {
                let (status, outcome) =
                    send(&app, &inspector, at, 0, PDF, Some("k-document-1")).await;
                assert_eq!(status, 200, "{outcome}");
                assert!(outcome.contains("\"refused\""), "{outcome}");
            }
            for _ in 0..2 {
                let (status, outcome) = send(
                    &app,
                    &inspector,
                    at,
                    inspector_id,
                    PDF,
                    Some("k-document-2"),
                )
                .await;
                assert_eq!(status, 200, "{outcome}");
                assert!(outcome.contains("\"saved\""), "{outcome} {backend}");
            }

            // Listed with the conclusion, with the name it came with, for the province...
            let listed = files(&app, Some(&nghe_an), &visit).await;
            assert_eq!(listed.len(), 2, "{listed:?} {backend}");
            assert_eq!(listed[0]["name"], "Kế hoạch <số 45>.pdf");
            assert_eq!(listed[0]["image"], false);
            // ...and on its page, the name escaped; the public page lists none.
            let (_, page) = app
                .get_as(&format!("/doan-cong-tac/{visit}"), Some(&nghe_an))
                .await;
            assert!(page.contains("Kế hoạch &lt;số 45&gt;.pdf"), "{backend}");
            assert!(!page.contains("<số 45>"));
            let file = listed[0]["id"].to_string();
            assert!(page.contains(&format!("/api/doan-cong-tac/tai-lieu/{file}")));
            assert!(files(&app, None, &visit).await.is_empty());
            let (_, public) = app.get_as(&format!("/doan-cong-tac/{visit}"), None).await;
            assert!(!public.contains("tai-lieu/"), "{backend}");
            assert!(!public.contains("số 45"));

            // Served within the province's scope only.
            let path = format!("/api/doan-cong-tac/tai-lieu/{file}");
            let (status, body) = app.get_as(&path, Some(&inspector)).await;
            assert_eq!(status, 200);
            assert!(body.starts_with("%PDF"));
            assert_eq!(app.get_as(&path, Some(&nghe_an)).await.0, 200);
            assert_eq!(app.get_as(&path, Some(&ha_tinh)).await.0, 403);
            assert_eq!(app.get_as(&path, None).await.0, 401);

            // One conclusion keeps at most twenty: the next is refused and says so.
            for _ in 2..20 {
                let (status, to) = send(&app, &nghe_an, at, nghe_an_id, PDF, None).await;
                assert!(status == 303 && to.contains("luu="), "{to} {backend}");
            }
            let (_, to) = send(&app, &nghe_an, at, nghe_an_id, PDF, None).await;
            assert!(to.contains(&format!("loi-anh=kn{item}.qua-nhieu")), "{to}");
            assert_eq!(files(&app, Some(&nghe_an), &visit).await.len(), 20);

            // The log says what was attached, in words.
            app.user("quan_tri", Role::MinistryAdmin, None).await;
            let admin = app.login("quan_tri", PASSWORD).await.unwrap();
            let table = app
                .audit_table("/quan-tri/nhat-ky?entity=follow_up_file", &admin)
                .await;
            assert!(table.contains("Kiến nghị, kết luận: tài liệu"), "{backend}");
            assert!(table.contains("Kế hoạch &lt;số 45&gt;.pdf"), "{backend}");
            assert!(!table.contains("follow_up_id"), "{backend}");
        }
    });
}
