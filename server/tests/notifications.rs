//! Notifications: each account is told, once, of what it must act on (a commune's report
//! waiting for its province, a report returned to the commune, a conclusion assigned to the
//! province, a recommendation answered, a follow-up due within 7 days), reads them in its
//! inbox and marks them read; with an SMTP relay configured each is e-mailed once, to a local
//! sink this test starts.

mod common;

use app::accounts::Role;
use base64::{Engine, engine::general_purpose::STANDARD};
use common::{PASSWORD, TestApp};
use sea_orm::ActiveValue::Set;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// A local SMTP server that accepts every message; what it received, one string each.
async fn smtp_sink() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let kept = kept.clone();
            tokio::spawn(async move {
                let (reader, mut writer) = stream.into_split();
                let mut lines = BufReader::new(reader).lines();
                writer.write_all(b"220 sink\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            kept.lock().unwrap().push(data.take().unwrap());
                            writer.write_all(b"250 kept\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let reply: &[u8] = match line.split(' ').next().unwrap_or_default() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 ok\r\n",
                    };
                    writer.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (address, received)
}

/// One server per backend, on the seed day's stopped clock, e-mailing through `relay`
/// every second.
async fn apps_mailing_to(relay: &str) -> Vec<TestApp> {
    let extra = ["--smtp-relay", relay, "--notify-seconds", "1"];
    let clock = common::stopped_clock();
    let mut apps = vec![common::spawn_args("sqlite", None, clock.clone(), &extra).await];
    if let Some(url) = common::postgres_database().await {
        apps.push(common::spawn_args("postgres", Some(url), clock, &extra).await);
    }
    apps
}

async fn signed_in(app: &TestApp, name: &str, role: Role, unit: Option<&str>) -> String {
    let id = app.user(name, role, unit).await;
    let email = format!("{name}@example.gov.vn");
    app.edit_user(id, |u| u.email = Set(Some(email))).await;
    app.login(name, PASSWORD).await.unwrap()
}

async fn inbox(app: &TestApp, cookie: &str) -> Value {
    let (status, body) = app
        .post("/api/notifications/inbox", Some(cookie), &[])
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The kinds of an inbox's notices, newest first.
fn kinds(inbox: &Value) -> Vec<String> {
    inbox["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// The messages received for `address`, their bodies decoded.
fn mails_to(received: &Arc<Mutex<Vec<String>>>, address: &str) -> Vec<String> {
    received
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.contains(&format!("To: <{address}>")))
        .map(|m| {
            let (_, body) = m.split_once("\n\n").unwrap();
            let bytes = STANDARD.decode(body.replace('\n', "")).unwrap();
            String::from_utf8(bytes).unwrap()
        })
        .collect()
}

#[test]
fn each_account_is_told_once_of_what_it_must_act_on_and_by_email() {
    common::run(async {
        let (relay, received) = smtp_sink().await;
        for app in apps_mailing_to(&relay).await {
            let backend = app.backend;
            let commune = signed_in(&app, "xa_nl", Role::CommuneOfficial, Some("17827")).await;
            let province = signed_in(&app, "tinh_na", Role::ProvinceOfficial, Some("40")).await;
            let other = signed_in(&app, "tinh_ht", Role::ProvinceOfficial, Some("42")).await;
            let inspector = signed_in(&app, "kiem_tra", Role::Inspector, None).await;
            assert_eq!(kinds(&inbox(&app, &province).await).len(), 0);
            assert_eq!(app.post("/api/notifications/inbox", None, &[]).await.0, 401);

            // The commune reports its task done: its province is told.
            let assignment = app.assignment("17827", "40").await.to_string();
            let done = [
                ("id", assignment.as_str()),
                ("version", "1"),
                ("change[status]", "done"),
                ("change[progress]", "100"),
                ("change[evidence_link]", "https://nghiloc.nghean.gov.vn/kh"),
            ];
            let (status, body) = app.post("/api/tasks/update", Some(&commune), &done).await;
            assert_eq!(status, 200, "{body} {backend}");
            let told = inbox(&app, &province).await;
            assert_eq!(kinds(&told), ["VerificationWaiting"], "{backend}");
            assert_eq!(told["notices"][0]["title"], "Nhiệm vụ thử");
            assert_eq!(told["notices"][0]["link"], "/tinh/40/xac-minh");
            assert_eq!(told["unread"], 1);
            assert_eq!(
                kinds(&inbox(&app, &other).await).len(),
                0,
                "another province"
            );

            // The province returns it: the commune is told, once.
            let answer = [
                ("id", assignment.as_str()),
                ("version", "2"),
                ("accept", "false"),
                ("reason", "Thiếu văn bản"),
            ];
            let (status, body) = app
                .post("/api/tasks/verify", Some(&province), &answer)
                .await;
            assert_eq!(status, 200, "{body}");
            let told = inbox(&app, &commune).await;
            assert_eq!(kinds(&told), ["TaskReturned"]);
            assert_eq!(
                told["notices"][0]["link"],
                format!("/xa/17827#task-{assignment}")
            );
            assert_eq!(kinds(&inbox(&app, &commune).await).len(), 1, "told once");

            // A conclusion due in four days: the province is told it is assigned and due.
            let visit = [
                ("visit[province]", "40"),
                ("visit[kind]", "inspection"),
                ("visit[title]", "Kiểm tra"),
                ("visit[organiser]", "Bộ Khoa học và Công nghệ"),
                ("visit[starts_on]", "2025-08-14"),
                ("visit[topics]", "Chuyển đổi số"),
                ("visit[head_title]", "Thứ trưởng"),
            ];
            let (status, id) = app.post("/api/visits/save", Some(&inspector), &visit).await;
            assert_eq!(status, 200, "{id}");
            let id = id.as_i64().unwrap().to_string();
            let conclusion = [
                ("follow_up[visit]", id.as_str()),
                ("follow_up[kind]", "conclusion"),
                ("follow_up[body]", "Đào tạo cán bộ xã"),
                ("follow_up[addressed_to]", "UBND tỉnh Nghệ An"),
                ("follow_up[due_on]", "2025-08-18"),
            ];
            let (status, line) = app
                .post("/api/visits/follow-up", Some(&inspector), &conclusion)
                .await;
            assert_eq!(status, 200, "{line}");
            let told = inbox(&app, &province).await;
            assert_eq!(
                kinds(&told),
                ["FollowUpDue", "ConclusionAssigned", "VerificationWaiting"],
                "{backend}"
            );
            assert_eq!(told["unread"], 3);
            let (_, count) = app
                .post("/api/notifications/count", Some(&province), &[])
                .await;
            assert_eq!(count, 3);

            // A recommendation the ministry answers: the province is told.
            let recommendation = [
                ("follow_up[visit]", id.as_str()),
                ("follow_up[kind]", "recommendation"),
                ("follow_up[body]", "Hỗ trợ thiết bị"),
                ("follow_up[addressed_to]", "Bộ Khoa học và Công nghệ"),
            ];
            let (_, line) = app
                .post("/api/visits/follow-up", Some(&inspector), &recommendation)
                .await;
            let item = line["id"].as_i64().unwrap().to_string();
            let response = [
                ("id", item.as_str()),
                ("version", "1"),
                ("response[body]", "Bộ đã đưa vào kế hoạch"),
                ("response[status]", "in_progress"),
            ];
            let (status, _) = app
                .post("/api/visits/respond", Some(&inspector), &response)
                .await;
            assert_eq!(status, 200);
            assert_eq!(
                kinds(&inbox(&app, &province).await)[0],
                "RecommendationAnswered"
            );

            // A conclusion the delegation acts on itself, due in two days: the ministry is
            // told, the province is not.
            let own = [
                ("follow_up[visit]", id.as_str()),
                ("follow_up[kind]", "conclusion"),
                ("follow_up[body]", "Bộ tổng hợp kiến nghị của tỉnh"),
                ("follow_up[addressed_to]", "Đoàn công tác"),
                ("follow_up[due_on]", "2025-08-16"),
                ("follow_up[by_delegation]", "1"),
            ];
            let (status, line) = app
                .post("/api/visits/follow-up", Some(&inspector), &own)
                .await;
            assert_eq!(status, 200, "{line}");
            let titles = |inbox: &Value| -> Vec<String> {
                inbox["notices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| format!("{} {}", n["kind"], n["title"]))
                    .collect()
            };
            let told = titles(&inbox(&app, &inspector).await);
            assert!(
                told.iter()
                    .any(|t| t.contains("FollowUpDue") && t.contains("Bộ tổng hợp")),
                "{told:?} {backend}"
            );
            let told = titles(&inbox(&app, &province).await);
            assert!(
                !told.iter().any(|t| t.contains("Bộ tổng hợp")),
                "{told:?} {backend}"
            );

            // Read: nothing unread, for this account only.
            let (status, _) = app
                .post("/api/notifications/read", Some(&province), &[])
                .await;
            assert_eq!(status, 200);
            assert_eq!(inbox(&app, &province).await["unread"], 0);
            assert_eq!(inbox(&app, &commune).await["unread"], 1);
            let (_, page) = app.get_as("/thong-bao", Some(&commune)).await;
            assert!(page.contains("Báo cáo bị tỉnh trả lại") && page.contains("Nhiệm vụ thử"));

            // E-mail: each notification once, to its account, with its link.
            let address = "tinh_na@example.gov.vn";
            for _ in 0..100 {
                if mails_to(&received, address).len() >= 4 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            // Two more rounds send nothing again.
            tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
            let mails = mails_to(&received, address);
            assert_eq!(mails.len(), 4, "{mails:#?} {backend}");
            assert!(
                mails
                    .iter()
                    .any(|m| m.contains("Báo cáo của xã chờ xác minh")
                        && m.contains("http://localhost:3000/tinh/40/xac-minh"))
            );
            assert!(mails.iter().any(|m| m.contains("Đào tạo cán bộ xã")));
            assert_eq!(mails_to(&received, "xa_nl@example.gov.vn").len(), 1);
            received.lock().unwrap().clear();
        }
    });
}
