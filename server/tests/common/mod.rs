//! A real tiendo server on a free loopback port, over SQLite (always) and PostgreSQL (when
//! `TIENDO_TEST_DATABASE_URL` names a server the tests may create databases on). Every
//! server gets a database of its own.

#![allow(dead_code)]

pub mod progress;

use app::accounts::{Role, service};
use app::clock::Clock;
use clap::Parser;
use entity::user_account;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use server::{Config, build_router, prepare};
use std::sync::atomic::{AtomicU32, Ordering};
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub backend: &'static str,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub site_root: std::path::PathBuf,
    _notifications: StopOnDrop,
    _dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Uploads a bulk-update file to Nghệ An's page as `cookie`; returns the upload's id
    /// from the redirect to its preview.
    pub async fn bulk_upload(&self, cookie: &str, name: &str, bytes: Vec<u8>) -> String {
        self.upload(
            cookie,
            "/api/tinh/40/tai-len",
            "/tinh/40/cap-nhat-hang-loat",
            name,
            bytes,
        )
        .await
    }

    /// Uploads a file to `path` as `cookie`; returns the upload's id from the redirect to
    /// its preview on `page`.
    pub async fn upload(
        &self,
        cookie: &str,
        path: &str,
        page: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> String {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let response = self
            .client
            .post(self.url(path))
            .header("cookie", cookie)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("POST upload");
        assert_eq!(response.status(), 303, "{}: {name}", self.backend);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let (to, id) = location.split_once("?tai-len=").expect("a preview link");
        assert_eq!(to, page);
        id.to_owned()
    }

    /// Status and HTML, without the `<!>` hydration markers between text and tags.
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (
            response.status().as_u16(),
            strip_markers(&response.text().await.expect("body")),
        )
    }
}

pub const PASSWORD: &str = "mật khẩu thử nghiệm";

impl TestApp {
    /// Creates an account directly in the database; returns its id.
    pub async fn user(&self, username: &str, role: Role, scope: Option<&str>) -> i64 {
        let account = service::NewAccount {
            username: username.into(),
            display_name: format!("Cán bộ {username}"),
            email: None,
            role,
            scope_code: scope.map(Into::into),
            password: PASSWORD.into(),
        };
        service::create(&self.db, account, self.clock.now())
            .await
            .expect("create user")
            .id
    }

    /// Changes an account directly in the database.
    pub async fn edit_user(&self, id: i64, change: impl FnOnce(&mut user_account::ActiveModel)) {
        let mut user = user_account::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .expect("read user")
            .expect("user exists")
            .into_active_model();
        change(&mut user);
        user.update(&self.db).await.expect("update user");
    }

    /// A one-task plan assigned to `unit` (in `province`), written directly; returns the
    /// assignment's id.
    pub async fn assignment(&self, unit: &str, province: &str) -> i64 {
        use entity::{assignment, plan, task, task_group};
        use sea_orm::ActiveValue::Set;
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let plan = plan::ActiveModel {
            code: Set(format!(
                "TEST-{unit}-{}",
                COUNTER.fetch_add(1, Ordering::SeqCst)
            )),
            title: Set("Kế hoạch thử".into()),
            issuer: Set("Bộ".into()),
            issued_on: Set(day(6, 1)),
            demo: Set(false),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        let group = task_group::ActiveModel {
            plan_id: Set(plan.id),
            position: Set(1),
            name: Set("Nhóm 1".into()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        let task = task::ActiveModel {
            plan_id: Set(plan.id),
            group_id: Set(group.id),
            level: Set(if unit.len() == 5 {
                "commune"
            } else {
                "province"
            }
            .into()),
            position: Set(1),
            title: Set("Nhiệm vụ thử".into()),
            description: Set(String::new()),
            starts_on: Set(day(6, 1)),
            deadline: Set(day(12, 31)),
            kind: Set("checklist".into()),
            target_value: Set(None),
            target_unit: Set(None),
            evidence_required: Set(true),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        assignment::ActiveModel {
            task_id: Set(task.id),
            unit_code: Set(unit.into()),
            province_code: Set(province.into()),
            status: Set("not_started".into()),
            progress: Set(0),
            value: Set(None),
            note: Set(String::new()),
            difficulties: Set(String::new()),
            recommendations: Set(String::new()),
            updated_by: Set(None),
            updated_at: Set(self.clock.now()),
            version: Set(1),
            verification: Set("none".into()),
            verification_note: Set(String::new()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    /// Like `assignment`, reported done and awaiting verification.
    pub async fn done_assignment(&self, unit: &str, province: &str) -> i64 {
        use entity::assignment;
        use sea_orm::ActiveValue::Set;
        let id = self.assignment(unit, province).await;
        let mut row = assignment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        row.status = Set("done".into());
        row.progress = Set(100);
        row.verification = Set("pending".into());
        row.update(&self.db).await.unwrap();
        id
    }

    /// The plan, group and task of an assignment.
    pub async fn plan_of(&self, assignment_id: i64) -> (i64, i64, i64) {
        let a = entity::assignment::Entity::find_by_id(assignment_id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let t = entity::task::Entity::find_by_id(a.task_id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        (t.plan_id, t.group_id, t.id)
    }

    /// An assignment's current version.
    pub async fn version(&self, id: i64) -> i32 {
        entity::assignment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .expect("assignment")
            .version
    }

    /// Signs in through the API; returns the session cookie (`name=value`).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<String, reqwest::StatusCode> {
        let response = self
            .client
            .post(self.url("/api/account/login"))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("POST login");
        if !response.status().is_success() {
            return Err(response.status());
        }
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_owned();
        Ok(cookie.split(';').next().expect("name=value").to_owned())
    }

    /// Calls a server function (or any POST route) as a form post, as `cookie` (if any);
    /// returns the status and the JSON body (Null when the body is not JSON).
    pub async fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.post(self.url(path)).form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("POST");
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        (status, serde_json::from_str(&body).unwrap_or_default())
    }

    /// A GET as `cookie` (if any): status and body.
    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("GET");
        let status = response.status().as_u16();
        (status, strip_markers(&response.text().await.expect("body")))
    }

    /// Sends `form` as a page's plain multipart form does (and, with `key`, as the device's
    /// outbox sends it again); the status and where it goes (or the outcome, sent again).
    pub async fn post_multipart(
        &self,
        path: &str,
        cookie: &str,
        form: reqwest::multipart::Form,
        key: Option<&str>,
    ) -> (u16, String) {
        let mut request = self
            .client
            .post(self.url(path))
            .header("cookie", cookie)
            .multipart(form);
        if let Some(key) = key {
            request = request
                .header("x-tiendo-request", key)
                .header("x-tiendo-replay", "1");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        (status, location.unwrap_or(body))
    }

    /// The audit log's table as `cookie` reads it at `path` (`/quan-tri/nhat-ky?…`).
    pub async fn audit_table(&self, path: &str, cookie: &str) -> String {
        let (_, log) = self.get_as(path, Some(cookie)).await;
        log.split_once("<table class=\"units audit")
            .and_then(|(_, rest)| rest.split_once("</table>"))
            .map(|(table, _)| table.to_owned())
            .unwrap_or_default()
    }

    /// The signed-in user as the server sees `cookie`, if any.
    pub async fn me(&self, cookie: &str) -> serde_json::Value {
        let response = self
            .client
            .post(self.url("/api/account/me"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("POST me");
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.expect("json")
    }
}

/// The script nonce a Content-Security-Policy names (empty without one).
pub fn nonce_of(csp: &str) -> String {
    csp.split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or("")
        .to_owned()
}

/// Arguments as a user would pass them to `tiendo`.
pub fn config(args: &[&str]) -> Config {
    Config::parse_from(std::iter::once("tiendo").chain(args.iter().copied()))
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh PostgreSQL database URL, or None when no server is configured.
pub async fn postgres_database() -> Option<String> {
    let admin = std::env::var("TIENDO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = format!(
        "tiendo_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let conn = Database::connect(&admin)
        .await
        .expect("connect to TIENDO_TEST_DATABASE_URL");
    conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create database");
    conn.close().await.ok();
    let (base, _) = admin.rsplit_once('/').expect("URL has a database name");
    Some(format!("{base}/{name}"))
}

/// Lets a new server's database start as a copy of one prepared the same way (migrated, the
/// territory loaded, and with `demo` the demo's 532,139 dossiers) when `TIENDO_TEST_TEMPLATES`
/// names where `scripts/test.sh` wrote them with `tiendo prepare`: the SQLite file
/// `<dir>/{plain,demo}/tiendo.db`, the PostgreSQL databases `tiendo_template_{plain,demo}`.
/// Only a database with nothing in it is replaced. Without the variable each server prepares
/// its own, as a real start does.
pub async fn from_template(data_dir: &std::path::Path, database_url: Option<&str>, demo: bool) {
    let Some(templates) = std::env::var_os("TIENDO_TEST_TEMPLATES") else {
        return;
    };
    let kind = if demo { "demo" } else { "plain" };
    let Some(url) = database_url else {
        let from = std::path::Path::new(&templates).join(kind);
        if !data_dir.join("tiendo.db").exists() {
            for file in ["tiendo.db", "tiendo.db-wal"] {
                if from.join(file).exists() {
                    std::fs::copy(from.join(file), data_dir.join(file))
                        .expect("copy the prepared database");
                }
            }
        }
        return;
    };
    let conn = Database::connect(url)
        .await
        .expect("connect to the test database");
    let tables = conn
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        ))
        .await
        .expect("count tables")
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    conn.close().await.ok();
    if tables > 0 {
        return;
    }
    let admin = std::env::var("TIENDO_TEST_DATABASE_URL").expect("TIENDO_TEST_DATABASE_URL");
    let (_, name) = url.rsplit_once('/').expect("URL has a database name");
    let admin = Database::connect(&admin).await.expect("connect as admin");
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{name}\""))
        .await
        .expect("drop the empty database");
    admin
        .execute_unprepared(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"tiendo_template_{kind}\""
        ))
        .await
        .expect("copy the prepared database (scripts/test.sh prepares it)");
    admin.close().await.ok();
}

/// Starts one server per available backend.
pub async fn apps() -> Vec<TestApp> {
    apps_with(Clock::System).await
}

/// One server per available backend, on `clock`.
pub async fn apps_with(clock: Clock) -> Vec<TestApp> {
    let mut apps = vec![spawn_with("sqlite", None, clock.clone()).await];
    if let Some(url) = postgres_database().await {
        apps.push(spawn_with("postgres", Some(url), clock).await);
    }
    apps
}

/// A clock stopped at 8:00 on the seed day: what a test counts per minute stays in one.
pub fn stopped_clock() -> Clock {
    use chrono::TimeZone;
    Clock::manual(chrono::Utc.with_ymd_and_hms(2025, 8, 14, 8, 0, 0).unwrap())
}

pub async fn spawn(backend: &'static str, database_url: Option<String>) -> TestApp {
    spawn_with(backend, database_url, Clock::System).await
}

/// A server whose clock the test moves by hand.
pub async fn spawn_with(
    backend: &'static str,
    database_url: Option<String>,
    clock: Clock,
) -> TestApp {
    spawn_args(backend, database_url, clock, &[]).await
}

/// One server per available backend, started with `--demo`.
pub async fn demo_apps() -> Vec<TestApp> {
    let mut apps = vec![spawn_args("sqlite", None, Clock::System, &["--demo"]).await];
    if let Some(url) = postgres_database().await {
        apps.push(spawn_args("postgres", Some(url), Clock::System, &["--demo"]).await);
    }
    apps
}

/// A server started with extra command-line arguments.
pub async fn spawn_args(
    backend: &'static str,
    database_url: Option<String>,
    clock: Clock,
    extra: &[&str],
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let site_root = site.to_str().expect("utf-8 path").to_owned();
    let site = site.clone();
    let mut args = vec![
        "--data-dir",
        &data,
        "--site-root",
        &site_root,
        "--port",
        "0",
    ];
    if let Some(url) = &database_url {
        args.extend(["--database-url", url]);
    }
    args.extend(extra);
    from_template(
        dir.path(),
        database_url.as_deref(),
        extra.contains(&"--demo"),
    )
    .await;
    let config = config(&args);
    let mut state = prepare(&config).await.expect("server prepares");
    state.clock = clock.clone();
    let notifications = StopOnDrop(server::start_notifications(&state, &config));
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        server::serve(listener, build_router(state))
            .await
            .expect("serve");
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A stalled response fails its test instead of holding up the run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    TestApp {
        base,
        backend,
        db,
        client,
        clock,
        site_root: site,
        _notifications: notifications,
        _dir: dir,
    }
}

/// A background task stopped with its test's server.
pub struct StopOnDrop(tokio::task::JoinHandle<()>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub fn strip_markers(html: &str) -> String {
    html.replace("<!>", "")
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Runs a test on the one runtime all tests of a binary share, as a server process would;
/// the servers spawned by earlier tests stay alive and never see their runtime dropped.
pub fn run<F: std::future::Future>(test: F) -> F::Output {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("test runtime")
        })
        .block_on(test)
}

/// Adds a province-level procedure to the catalogue, managed by `sector`, fully online.
pub async fn add_procedure(app: &TestApp, code: &str, sector: &str) {
    use entity::procedure;
    use sea_orm::ActiveValue::Set;
    procedure::Entity::insert(procedure::ActiveModel {
        code: Set(code.to_owned()),
        name: Set(format!("Thủ tục {code}")),
        field: Set("Lĩnh vực thử".to_owned()),
        level: Set("province".to_owned()),
        sector: Set(sector.to_owned()),
        online: Set("full".to_owned()),
    })
    .exec(&app.db)
    .await
    .unwrap();
}

/// Texts that end a text box, a form or a title, and text that only looks escaped.
pub const BREAKING: [&str; 4] = [
    r#"</textarea><meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
    r#"</form><form action="https://evil.example/x" method="post"><button>Bấm vào đây</button>"#,
    r#"</title></noscript></style><script>alert(1)</script>"#,
    "\n&lt;b&gt; &amp; \"ngoặc\" 'đơn' <!-- chú thích -->",
];

/// What must never appear in a page as markup.
pub const INJECTED: [&str; 5] = [
    "<meta http-equiv",
    "<form action=\"https://evil",
    "<script>alert(1)",
    "<button>Bấm",
    "<!-- chú thích",
];

/// Adds a receiving agency to a province.
pub async fn add_agency(app: &TestApp, province: &str, code: &str, name: &str) {
    use entity::agency;
    use sea_orm::ActiveValue::Set;
    agency::Entity::insert(agency::ActiveModel {
        province_code: Set(province.to_owned()),
        code: Set(code.to_owned()),
        name: Set(name.to_owned()),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
}
