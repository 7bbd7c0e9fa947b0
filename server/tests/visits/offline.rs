//! Changes kept on a device without a connection and sent later.

use super::visit_form;
use crate::common::{self, PASSWORD, TestApp};
use app::accounts::Role;
use serde_json::Value;

/// A change the service worker kept on the device and sends now: a plain form post with its
/// key; the outcome comes back as data.
async fn replay(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    key: &str,
    form: &[(&str, String)],
) -> Value {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "text/html")
        .header("x-tiendo-request", key)
        .header("x-tiendo-replay", "1")
        .form(&form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("POST");
    assert_eq!(response.status(), 200);
    response.json().await.expect("an outcome")
}

#[test]
fn a_change_kept_offline_is_written_once_and_one_that_cannot_be_waits_on_its_page() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            let nghe_an_id = app
                .user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let ha_tinh_id = app
                .user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let (status, visit) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{visit} {backend}");
            let visit = visit.as_i64().unwrap().to_string();
            let page = format!("/doan-cong-tac/{visit}");
            let conclusion = |body: &str| {
                vec![
                    ("_form", "follow-up-new".to_owned()),
                    ("_back", page.clone()),
                    ("_account", inspector_id.to_string()),
                    ("follow_up[visit]", visit.clone()),
                    ("follow_up[kind]", "conclusion".to_owned()),
                    ("follow_up[body]", body.to_owned()),
                    ("follow_up[addressed_to]", "UBND tỉnh Nghệ An".to_owned()),
                    ("follow_up[due_on]", "2025-09-30".to_owned()),
                ]
            };
            let detail = || async {
                let (status, detail) = app
                    .post(
                        "/api/visits/get",
                        Some(&inspector),
                        &[("id", visit.as_str())],
                    )
                    .await;
                assert_eq!(status, 200);
                detail
            };
            // A conclusion written offline, sent twice (the first answer lost): one.
            for _ in 0..2 {
                let outcome = replay(
                    &app,
                    "/api/visits/follow-up",
                    Some(&inspector),
                    "k-conclusion-1",
                    &conclusion("Kiện toàn Tổ công nghệ số cộng đồng"),
                )
                .await;
                assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
                assert!(outcome["to"].as_str().unwrap().starts_with(&page));
            }
            let conclusions = detail().await["conclusions"].clone();
            assert_eq!(conclusions.as_array().unwrap().len(), 1, "{backend}");
            let item = conclusions[0]["id"].as_i64().unwrap().to_string();
            // A key is its account's own: another account's change with the same key is
            // its own change, and written.
            let colleague_id = app.user("kiem_tra_2", Role::Inspector, None).await;
            let colleague = app.login("kiem_tra_2", PASSWORD).await.unwrap();
            let mut theirs = conclusion("Tập huấn cán bộ cấp xã");
            theirs.iter_mut().find(|(n, _)| *n == "_account").unwrap().1 = colleague_id.to_string();
            let outcome = replay(
                &app,
                "/api/visits/follow-up",
                Some(&colleague),
                "k-conclusion-1",
                &theirs,
            )
            .await;
            assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            assert_eq!(
                detail().await["conclusions"].as_array().unwrap().len(),
                2,
                "{backend}"
            );

            let answer = |version: &str, account: i64, body: &str| {
                vec![
                    ("_form", format!("respond-{item}")),
                    ("_anchor", format!("follow-up-{item}")),
                    ("_back", page.clone()),
                    ("_account", account.to_string()),
                    ("id", item.clone()),
                    ("version", version.to_owned()),
                    ("response[body]", body.to_owned()),
                    ("response[status]", "in_progress".to_owned()),
                ]
            };
            // The province's answer, sent three times: written once.
            for _ in 0..3 {
                let outcome = replay(
                    &app,
                    "/api/visits/respond",
                    Some(&nghe_an),
                    "k-answer-1",
                    &answer("1", nghe_an_id, "Đã giao Sở Nội vụ"),
                )
                .await;
                assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            }
            let responses = || async {
                detail().await["conclusions"][0]["responses"]
                    .as_array()
                    .unwrap()
                    .len()
            };
            assert_eq!(responses().await, 1, "{backend}");
            // Another answer to the version already answered: not written; its page shows
            // both versions with what was typed.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-2",
                &answer("1", nghe_an_id, "Sở Nội vụ đã nhận"),
            )
            .await;
            assert_eq!(outcome["outcome"], "draft", "{outcome}");
            let to = outcome["to"].as_str().unwrap();
            assert!(to.starts_with(&page) && to.contains("nhap="), "{to}");
            let (_, shown) = app.get_as(to, Some(&nghe_an)).await;
            assert!(shown.contains("Sở Nội vụ đã nhận") && shown.contains("Đã giao Sở Nội vụ"));
            assert_eq!(responses().await, 1);
            // The same change, sent again once it no longer conflicts: its key was not taken
            // by the answer that was not written.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-2",
                &answer("2", nghe_an_id, "Sở Nội vụ đã nhận"),
            )
            .await;
            assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            assert_eq!(responses().await, 2);
            // Sent again without saying which account opened it: not written.
            let mut anonymous = conclusion("Không rõ ai mở biểu mẫu");
            anonymous.retain(|(name, _)| *name != "_account");
            let outcome = replay(
                &app,
                "/api/visits/follow-up",
                Some(&inspector),
                "k-conclusion-2",
                &anonymous,
            )
            .await;
            assert_eq!(outcome["outcome"], "refused", "{outcome}");
            assert_eq!(detail().await["conclusions"].as_array().unwrap().len(), 2);
            // Typed while another account was signed in: not written for this one.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-3",
                &answer("3", ha_tinh_id, "Của tài khoản khác"),
            )
            .await;
            assert_eq!(outcome["outcome"], "refused", "{outcome}");
            assert_eq!(responses().await, 2);
            // Signed out meanwhile: to be sent after signing in; nothing written.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                None,
                "k-answer-4",
                &answer("3", nghe_an_id, "Sau khi đăng nhập lại"),
            )
            .await;
            assert_eq!(outcome["outcome"], "sign-in", "{outcome}");
            assert!(outcome["to"].as_str().unwrap().starts_with("/dang-nhap"));
            assert_eq!(responses().await, 2);
            // A key is letters, digits and dashes: anything else is no key (a plain post).
            let form = answer("3", nghe_an_id, "Tiếp tục");
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app
                .client
                .post(app.url("/api/visits/respond"))
                .header("accept", "text/html")
                .header("x-tiendo-request", "<b>")
                .header("cookie", &nghe_an)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_redirection(), "{}", response.status());
            assert_eq!(responses().await, 3);
            // A page's script sends a change with its key too: its answer lost and the
            // change sent again, it is written once.
            let form = conclusion("Gửi từ trang, câu trả lời bị mất");
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let script_key = format!("k-script-{}", "1".repeat(app::forms::RequestKey::MAX - 9));
            let mut statuses = Vec::new();
            for _ in 0..2 {
                let response = app
                    .client
                    .post(app.url("/api/visits/follow-up"))
                    // The longest key there is: with its account, it fits the claim.
                    .header("x-tiendo-request", &script_key)
                    .header("cookie", &inspector)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                statuses.push(response.status().as_u16());
            }
            assert_eq!(statuses, [200, 409], "{backend}");
            assert_eq!(detail().await["conclusions"].as_array().unwrap().len(), 3);
        }
    });
}
