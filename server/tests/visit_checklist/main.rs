//! A visit's on-site checklist: the template's questions by topic, what the pack's figures
//! suggest, the delegation's answers (one made from an older version is not written and
//! both versions come back), findings per topic, photos (checked by content, read only by
//! those who read the checklist), changes kept offline written once, and the template kept
//! by ministry admins.

#[path = "../common/mod.rs"]
mod common;

mod answers;
mod closed;
mod contacts;
mod template;

use common::TestApp;
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
    let path = format!("/api/doan-cong-tac/{visit}/cau-hoi/{question}/anh");
    app.post_multipart(&path, cookie, form, key).await
}
