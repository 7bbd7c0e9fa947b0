//! Saving forms without JavaScript over real HTTP: a plain post comes back to its page at the
//! task, saying it was saved there; a post that fails comes back with what was typed and the
//! error at its field, for the account that typed it only.

mod common;

use app::{accounts::Role, forms::drafts};
use common::{PASSWORD, TestApp, apps};

/// A plain browser form post (no script): `Accept: text/html`, the form's fields as typed.
async fn plain_post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, String) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "text/html,application/xhtml+xml")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("POST");
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

fn token_in(location: &str) -> &str {
    location
        .split("nhap=")
        .nth(1)
        .and_then(|rest| rest.split(['#', '&']).next())
        .unwrap_or_default()
}

#[test]
fn a_plain_post_returns_to_the_task_with_its_outcome_and_keeps_what_was_typed() {
    common::run(async {
        for app in apps().await {
            let backend = app.backend;
            let id = app.assignment("17827", "40").await;
            app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            app.user("thanhvinh", Role::CommuneOfficial, Some("16681"))
                .await;
            let nghiloc = app.login("nghiloc", PASSWORD).await.unwrap();
            let thanhvinh = app.login("thanhvinh", PASSWORD).await.unwrap();
            let (id_text, form_id, anchor) =
                (id.to_string(), format!("update-{id}"), format!("task-{id}"));
            let note = "Đã họp </textarea><b>triển khai</b> & phân công";
            let form = |version: &str, link: &'static str| {
                vec![
                    ("_form", form_id.clone()),
                    ("_anchor", anchor.clone()),
                    ("_back", "/xa/17827?luu=task-0".to_owned()),
                    ("id", id_text.clone()),
                    ("version", version.to_owned()),
                    ("change[status]", "in_progress".to_owned()),
                    ("change[progress]", "40".to_owned()),
                    ("change[note]", note.to_owned()),
                    ("change[evidence_link]", link.to_owned()),
                ]
            };
            let pairs = |f: &Vec<(&'static str, String)>| -> Vec<(&str, String)> {
                f.iter().map(|(k, v)| (*k, v.clone())).collect()
            };
            let post = |fields: Vec<(&'static str, String)>, cookie: Option<String>| {
                let app = &app;
                async move {
                    let fields: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    plain_post(app, "/api/tasks/update", cookie.as_deref(), &fields).await
                }
            };

            // A link that is not one: back at the form's error summary with a draft; nothing
            // saved.
            let (status, location) =
                post(pairs(&form("1", "ftp://x")), Some(nghiloc.clone())).await;
            assert_eq!(status, 303, "{backend}");
            assert!(
                location.starts_with("/xa/17827?nhap=")
                    && location.ends_with(&format!("#{form_id}-errors")),
                "{location}"
            );
            assert_eq!(app.version(id).await, 1);
            let page = format!("/xa/17827?nhap={}", token_in(&location));
            let (status, html) = app.get_as(&page, Some(&nghiloc)).await;
            assert_eq!(status, 200, "{backend}");
            // The form is open, its summary is where the address points (the browser focuses
            // it), the error is at the link field and the note comes back as typed, as text.
            let form_at = html.find(&format!("id=\"{form_id}\"")).expect("the form");
            let details = html[..form_at].rfind("<details").expect("its disclosure");
            assert!(html[details..form_at].contains(" open"), "the form is open");
            let form_html = &html[form_at..];
            assert!(
                form_html.contains(&format!("id=\"{form_id}-errors\"")),
                "the summary the address points at"
            );
            let link_error =
                format!("id=\"evidence_link-{id}-error\" class=\"field-error\">Đường dẫn");
            assert!(form_html.contains(&link_error), "the error is at its field");
            assert!(
                form_html.contains(
                    "Đã họp &lt;/textarea&gt;&lt;b&gt;triển khai&lt;/b&gt; &amp; phân công"
                ),
                "the note is kept, as text"
            );
            assert!(!html.contains("<b>triển khai"));
            // The draft is its typist's only.
            for cookie in [Some(thanhvinh.as_str()), None] {
                let (_, other) = app.get_as(&page, cookie).await;
                assert!(!other.contains("triển khai"), "{backend}");
            }

            // A good save: back at the task, which says so.
            let (status, location) = post(pairs(&form("1", "")), Some(nghiloc.clone())).await;
            assert_eq!(
                (status, location.as_str()),
                (303, format!("/xa/17827?luu={anchor}#{anchor}").as_str())
            );
            assert_eq!(app.version(id).await, 2);
            let (_, html) = app
                .get_as(&format!("/xa/17827?luu={anchor}"), Some(&nghiloc))
                .await;
            let row = &html[html.find(&format!("id=\"{anchor}\"")).unwrap()..];
            assert!(
                row[..row.find("</li>").unwrap()].contains("Đã lưu."),
                "{backend}"
            );

            // Saved meanwhile from another tab: nothing overwritten, the text kept.
            let (_, location) = post(
                pairs(&form("1", "https://a.example")),
                Some(nghiloc.clone()),
            )
            .await;
            assert_eq!(app.version(id).await, 2);
            let (_, draft) = app
                .post(
                    "/api/forms/draft",
                    Some(&nghiloc),
                    &[("token", token_in(&location))],
                )
                .await;
            assert_eq!(draft["error"], "Conflict", "{draft}");
            assert_eq!(draft["fields"]["change[note]"], note);

            // The session ended while typing: sign in, and the draft is there, in the browser
            // that typed it (its cookie holds the draft's token) and no other.
            let fields = pairs(&form("2", ""));
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let anonymous = || {
                app.client
                    .post(app.url("/api/tasks/update"))
                    .header("accept", "text/html")
                    .form(&fields)
                    .send()
            };
            let response = anonymous().await.unwrap();
            assert_eq!(response.status(), 303);
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                location.starts_with("/dang-nhap?next=%2Fxa%2F17827%3Fnhap%3D"),
                "{location}"
            );
            let query = location.split_once('?').unwrap().1;
            let (_, next) = form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "next")
                .unwrap();
            let token = token_in(&next);
            let cookie = response.headers()["set-cookie"].to_str().unwrap();
            assert!(
                cookie.starts_with(&format!("tiendo_draft={token};")),
                "{cookie}"
            );
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
            let this_browser = format!("{nghiloc}; tiendo_draft={token}");
            let (_, draft) = app
                .post("/api/forms/draft", Some(&this_browser), &[("token", token)])
                .await;
            assert_eq!(draft["error"], "Unauthorized", "{draft}");
            assert_eq!(draft["fields"]["change[note]"], note);
            assert_eq!(app.version(id).await, 2);
            // A link to it opened in another browser (sent by whoever posted it) is empty.
            let (_, draft) = app
                .post("/api/forms/draft", Some(&nghiloc), &[("token", token)])
                .await;
            assert_eq!(draft, serde_json::Value::Null, "{backend}");
            // Posts without a session keep a bounded number of drafts: past it, none.
            for _ in 1..drafts::MAX_ANONYMOUS_DRAFTS {
                assert_eq!(anonymous().await.unwrap().status(), 303);
            }
            let response = anonymous().await.unwrap();
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            assert!(!location.contains("nhap%3D"), "{location} {backend}");
            assert!(response.headers().get("set-cookie").is_none());

            // A return address on another site is never followed.
            let mut hostile = pairs(&form("2", ""));
            hostile[2].1 = "//evil.example/x".to_owned();
            let (_, location) = post(hostile, Some(nghiloc.clone())).await;
            assert!(!location.contains("evil"), "{location}");
        }
    });
}
