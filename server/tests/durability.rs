//! Acknowledged writes survive: the real server process is killed (SIGKILL) while a thousand
//! checklist saves run at once, started again on the same database, and every save it
//! acknowledged is there. Two instances on one PostgreSQL: concurrent saves of the same
//! assignment, one winner per version, the loser told and nothing lost; equal rankings. A
//! backup taken while saves run restores what it held, and the data revision moves on.

mod common;

use app::demo::DEMO_PASSWORD;
use common::{PASSWORD, postgres_database, spawn};
use entity::assignment;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::{
    path::Path,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};
use tokio::sync::Semaphore;

const SAVES: usize = 1_000;

/// The `tiendo` binary serving `data_dir` (or `database_url`) on a free port; killed when
/// dropped, so a test that fails leaves no server behind.
struct Process {
    child: Child,
    base: String,
}

impl Process {
    /// Kills the server at once (SIGKILL), as a crash would.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(data_dir: &Path, database_url: Option<&str>, demo: bool) -> Process {
    common::from_template(data_dir, database_url, demo).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = data_dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_tiendo"));
    command
        .args(["--port", &port.to_string(), "--log", "warn"])
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--site-root")
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    if demo {
        command.arg("--demo");
    }
    let child = command.spawn().expect("tiendo starts");
    let mut process = Process {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // A debug build loading the demo into PostgreSQL on this shared two-core machine can take
    // a minute; as long as the browser tests' server is given.
    for _ in 0..1800 {
        if client
            .get(format!("{}/healthz", process.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return process;
        }
        assert!(process.child.try_wait().unwrap().is_none(), "tiendo exited");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("tiendo did not answer /healthz");
}

/// The first `n` assignments not done, with their versions.
async fn open_tasks(db: &sea_orm::DatabaseConnection, n: usize) -> Vec<(i64, i32)> {
    assignment::Entity::find()
        .filter(assignment::Column::Status.ne("done"))
        .order_by_asc(assignment::Column::Id)
        .limit(n as u64)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.version))
        .collect()
}

async fn sign_in(base: &str, username: &str, password: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/account/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// A save of `id` from `version` with `note`; its HTTP status, or None without an answer.
async fn save(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    id: i64,
    version: i32,
    note: &str,
) -> Option<(u16, serde_json::Value)> {
    let (id, version) = (id.to_string(), version.to_string());
    let form = [
        ("id", id.as_str()),
        ("version", version.as_str()),
        ("change[status]", "in_progress"),
        ("change[progress]", "50"),
        ("change[note]", note),
    ];
    let response = client
        .post(format!("{base}/api/tasks/update"))
        .header("cookie", cookie)
        .form(&form)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    let body = response.text().await.ok()?;
    Some((status, serde_json::from_str(&body).unwrap_or_default()))
}

#[test]
fn every_acknowledged_save_survives_a_kill() {
    common::run(async {
        let mut backends = vec![("sqlite", None)];
        if let Some(url) = postgres_database().await {
            backends.push(("postgres", Some(url)));
        }
        for (backend, url) in backends {
            let dir = tempfile::tempdir().unwrap();
            let server = start(dir.path(), url.as_deref(), true).await;
            let database = url.clone().unwrap_or_else(|| {
                format!(
                    "sqlite://{}?mode=ro",
                    dir.path().join("tiendo.db").display()
                )
            });
            let db = Database::connect(&database).await.unwrap();
            let targets = open_tasks(&db, SAVES).await;
            assert_eq!(targets.len(), SAVES, "{backend}: the demo has enough tasks");
            let cookie = Arc::new(sign_in(&server.base, "admin", DEMO_PASSWORD).await);
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap();
            let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
            let in_flight = Arc::new(Semaphore::new(64));
            let saves: Vec<_> = targets
                .into_iter()
                .map(|(id, version)| {
                    let (client, base, cookie) =
                        (client.clone(), server.base.clone(), cookie.clone());
                    let (acknowledged, in_flight) = (acknowledged.clone(), in_flight.clone());
                    tokio::spawn(async move {
                        let _turn = in_flight.acquire().await.unwrap();
                        let note = format!("Lưu lần {id}");
                        if let Some((200, _)) =
                            save(&client, &base, &cookie, id, version, &note).await
                        {
                            acknowledged.lock().unwrap().push((id, note));
                        }
                    })
                })
                .collect();
            // Kill the server once a good share of the saves is acknowledged.
            while acknowledged.lock().unwrap().len() < SAVES / 3 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            server.kill();
            for s in saves {
                s.await.unwrap();
            }
            let acknowledged = acknowledged.lock().unwrap().clone();
            drop(db);

            let restarted = start(dir.path(), url.as_deref(), false).await;
            let db = Database::connect(&database).await.unwrap();
            let mut lost = Vec::new();
            for (id, note) in &acknowledged {
                let stored = assignment::Entity::find_by_id(*id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                if &stored.note != note {
                    lost.push(*id);
                }
            }
            println!(
                "{backend}: {SAVES} saves sent, {} acknowledged before the kill, {} of them lost",
                acknowledged.len(),
                lost.len()
            );
            assert!(lost.is_empty(), "{backend}: lost {lost:?}");
            // The restarted server answers and serves the page of a saved task's commune.
            let (first, _) = acknowledged[0];
            let unit = assignment::Entity::find_by_id(first)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .unit_code;
            let kind = if unit.len() == 5 { "xa" } else { "tinh" };
            let page = reqwest::get(format!("{}/{kind}/{unit}", restarted.base))
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            restarted.kill();
        }
    });
}

#[test]
fn two_instances_on_one_database_let_one_save_win_per_version() {
    common::run(async {
        let Some(url) = postgres_database().await else {
            println!("no PostgreSQL: TIENDO_TEST_DATABASE_URL is not set");
            return;
        };
        let first = spawn("postgres", Some(url.clone())).await;
        let second = spawn("postgres", Some(url)).await;
        first
            .user(
                "nghiloc",
                app::accounts::Role::CommuneOfficial,
                Some("17827"),
            )
            .await;
        let id = first.assignment("17827", "40").await;
        let cookies = [
            first.login("nghiloc", PASSWORD).await.unwrap(),
            second.login("nghiloc", PASSWORD).await.unwrap(),
        ];
        for round in 0..20 {
            let version = first.version(id).await;
            let notes = [format!("A {round}"), format!("B {round}")];
            let (a, b) = tokio::join!(
                save(
                    &first.client,
                    &first.base,
                    &cookies[0],
                    id,
                    version,
                    &notes[0]
                ),
                save(
                    &second.client,
                    &second.base,
                    &cookies[1],
                    id,
                    version,
                    &notes[1]
                ),
            );
            let answers = [a.unwrap(), b.unwrap()];
            let won: Vec<usize> = (0..2)
                .filter(|&i| answers[i].1.get("Saved").is_some())
                .collect();
            assert_eq!(won.len(), 1, "round {round}: {answers:?}");
            let lost = 1 - won[0];
            // The other is told, with the winner's version to choose from.
            let conflict = &answers[lost].1["Conflict"];
            assert_eq!(conflict["note"], notes[won[0]].as_str(), "round {round}");
            assert_eq!(first.version(id).await, version + 1);
            let stored = assignment::Entity::find_by_id(id)
                .one(&first.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(stored.note, notes[won[0]]);
        }
        // Both instances rank from the same data.
        let (_, a) = first.get_text("/api/v1/xep-hang").await;
        let (_, b) = second.get_text("/api/v1/xep-hang").await;
        assert_eq!(a, b);
    });
}

/// Runs `tiendo --data-dir DIR ARGS…`; its success and what it printed.
fn command(data_dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--log", "error"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

async fn note_of(db: &sea_orm::DatabaseConnection, id: i64) -> String {
    assignment::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .note
}

#[test]
fn a_backup_taken_while_saving_restores_what_it_held() {
    common::run(async {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_owned();
        let server = start(&data, None, true).await;
        let database = format!("sqlite://{}", data.join("tiendo.db").display());
        let db = Database::connect(&database).await.unwrap();
        let targets = open_tasks(&db, 201).await;
        let cookie = sign_in(&server.base, "admin", DEMO_PASSWORD).await;
        let client = reqwest::Client::new();
        let (early, during, late) = (&targets[..100], &targets[100..200], targets[200]);
        for &(id, version) in early {
            let saved = save(&client, &server.base, &cookie, id, version, "trước").await;
            assert_eq!(saved.unwrap().0, 200);
        }
        // Saves go on while the backup is taken.
        let file = data.join("ban-sao.db");
        let backing_up = {
            let (data, file) = (data.clone(), file.clone());
            tokio::task::spawn_blocking(move || command(&data, &["backup", file.to_str().unwrap()]))
        };
        for &(id, version) in during {
            let saved = save(&client, &server.base, &cookie, id, version, "trong").await;
            assert_eq!(saved.unwrap().0, 200);
        }
        let (ok, said) = backing_up.await.unwrap();
        assert!(ok, "{said}");
        let (id, version) = late;
        let saved = save(&client, &server.base, &cookie, id, version, "sau").await;
        assert_eq!(saved.unwrap().0, 200);
        let revision_before = app::rankings::revision::current(&db).await.unwrap();

        // Not while the server runs.
        let (ok, said) = command(&data, &["restore", file.to_str().unwrap()]);
        assert!(!ok && said.contains("stop it first"), "{said}");
        drop(db);
        server.kill();
        let (ok, said) = command(&data, &["restore", file.to_str().unwrap()]);
        assert!(ok, "{said}");

        let restarted = start(&data, None, false).await;
        let db = Database::connect(&database).await.unwrap();
        for &(id, _) in early {
            assert_eq!(note_of(&db, id).await, "trước", "saved before the backup");
        }
        let mut held = 0;
        for &(id, _) in during {
            let note = note_of(&db, id).await;
            assert!(note == "trong" || note.is_empty(), "{note}");
            held += usize::from(note == "trong");
        }
        assert_ne!(note_of(&db, late.0).await, "sau", "saved after the backup");
        let revision_after = app::rankings::revision::current(&db).await.unwrap();
        println!(
            "backup held {held} of the 100 saves made while it ran; revision {revision_before} before the restore, {revision_after} after"
        );
        assert!(revision_after > revision_before);
        restarted.kill();
    });
}

/// The status the public open data gives the assignment `id` of `unit`.
async fn public_status(base: &str, unit: &str, id: i64) -> String {
    fn find(value: &serde_json::Value, id: i64) -> Option<String> {
        match value {
            serde_json::Value::Object(fields) => {
                if fields.get("assignment_id").and_then(|v| v.as_i64()) == Some(id) {
                    return fields.get("status")?.as_str().map(str::to_owned);
                }
                fields.values().find_map(|v| find(v, id))
            }
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, id)),
            _ => None,
        }
    }
    let body: serde_json::Value = reqwest::get(format!("{base}/api/v1/xa/{unit}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    find(&body, id).unwrap_or_else(|| panic!("assignment {id} in {body}"))
}

/// Runs a PostgreSQL client tool; panics with what it said if it fails.
fn pg_tool(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_postgres_dump_restored_under_a_running_server_serves_nothing_from_before() {
    common::run(async {
        let Some(url) = postgres_database().await else {
            println!("no PostgreSQL configured (TIENDO_TEST_DATABASE_URL): skipped");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_owned();
        let server = start(&data, Some(&url), true).await;
        let db = Database::connect(&url).await.unwrap();
        let targets = open_tasks(&db, 21).await;
        let cookie = sign_in(&server.base, "admin", DEMO_PASSWORD).await;
        let client = reqwest::Client::new();
        let (early, late) = (&targets[..20], targets[20]);
        for &(id, version) in early {
            let saved = save(&client, &server.base, &cookie, id, version, "trước").await;
            assert_eq!(saved.unwrap().0, 200);
        }
        let late_unit = assignment::Entity::find_by_id(late.0)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .unit_code;
        let status_at_dump = public_status(&server.base, &late_unit, late.0).await;
        let file = data.join("ban-sao.dump");
        let file_arg = file.to_str().unwrap();
        pg_tool("pg_dump", &["-Fc", "-f", file_arg, &url]);

        let saved = save(&client, &server.base, &cookie, late.0, late.1, "sau").await;
        assert_eq!(saved.unwrap().0, 200);
        assert_eq!(
            public_status(&server.base, &late_unit, late.0).await,
            "in_progress",
            "served after the save (and kept)"
        );
        let revision_before = app::rankings::revision::current(&db).await.unwrap();
        drop(db);

        // Restored while the server runs, then the last step.
        pg_tool(
            "pg_restore",
            &["--clean", "--if-exists", "--no-owner", "-d", &url, file_arg],
        );
        let (ok, said) = command(&data, &["--database-url", &url, "restore"]);
        assert!(ok, "{said}");

        let db = Database::connect(&url).await.unwrap();
        for &(id, _) in early {
            assert_eq!(note_of(&db, id).await, "trước", "saved before the dump");
        }
        assert_ne!(note_of(&db, late.0).await, "sau", "saved after the dump");
        let revision_after = app::rankings::revision::current(&db).await.unwrap();
        assert!(revision_after > revision_before);
        assert_eq!(
            public_status(&server.base, &late_unit, late.0).await,
            status_at_dump,
            "the running server serves the restored state, not a page it kept"
        );
        println!("revision {revision_before} before the restore, {revision_after} after");
        server.kill();
    });
}
