//! Text that would break out of its element: a commune official's words come back on every
//! page that shows them, for every role that sees them, as text, with no element of theirs.

mod common;

use app::accounts::Role;
use common::{BREAKING, INJECTED, PASSWORD, apps};

#[test]
fn officials_words_are_shown_as_text_to_every_role_that_sees_them() {
    common::run(async {
        for app in apps().await {
            let backend = app.backend;
            let id = app.assignment("17827", "40").await.to_string();
            app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            app.user("admin", Role::MinistryAdmin, None).await;
            app.user("kiemtra", Role::Inspector, None).await;
            let commune = app.login("nghiloc", PASSWORD).await.unwrap();
            let form = [
                ("id", id.as_str()),
                ("version", "1"),
                ("change[status]", "in_progress"),
                ("change[progress]", "40"),
                ("change[note]", BREAKING[0]),
                ("change[difficulties]", BREAKING[1]),
                ("change[recommendations]", BREAKING[2]),
                ("change[evidence_number]", "</textarea><b>1</b>"),
                ("change[evidence_link]", ""),
            ];
            let (status, body) = app.post("/api/tasks/update", Some(&commune), &form).await;
            assert_eq!(status, 200, "{backend}: {body}");
            let form = [
                ("id", id.as_str()),
                ("version", "2"),
                ("change[status]", "in_progress"),
                ("change[progress]", "40"),
                ("change[note]", BREAKING[3]),
                ("change[difficulties]", BREAKING[1]),
                ("change[recommendations]", BREAKING[2]),
                ("change[evidence_number]", ""),
                ("change[evidence_link]", ""),
            ];
            let (status, body) = app.post("/api/tasks/update", Some(&commune), &form).await;
            assert_eq!(status, 200, "{backend}: {body}");

            for user in ["nghiloc", "nghean", "admin", "kiemtra"] {
                let cookie = app.login(user, PASSWORD).await.unwrap();
                let (status, html) = app.get_as("/xa/17827", Some(&cookie)).await;
                assert_eq!(status, 200, "{backend} {user}");
                for bad in INJECTED {
                    assert!(!html.contains(bad), "{backend} {user}: {bad} in the page");
                }
                assert_eq!(
                    html.matches("<textarea").count(),
                    html.matches("</textarea>").count(),
                    "{backend} {user}: every text box ends where it should"
                );
                // The words are there, as text.
                for words in [&BREAKING[1], &BREAKING[2]] {
                    let escaped = html_escape::encode_text(words).to_string();
                    assert!(html.contains(&escaped), "{backend} {user}: {words}");
                }
            }
            // The editors' boxes hold the text exactly as stored (trimmed on saving).
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let (_, html) = app.get_as("/xa/17827", Some(&admin)).await;
            let note_box = html.find(r#"name="change[note]""#).expect("the note's box");
            let start = note_box + html[note_box..].find('>').unwrap() + 1;
            let end = start + html[start..].find("</textarea>").unwrap();
            let raw = &html[start..end];
            let decoded = html_escape::decode_html_entities(raw.strip_prefix('\n').unwrap_or(raw));
            assert_eq!(decoded, BREAKING[3].trim(), "{backend}");
        }
    });
}
