//! The access matrix: every server function, page and HTTP route the running router serves,
//! called as each of eight actors and compared with the table (`table.rs`). An endpoint missing
//! from the table fails the test, and so does a table row for an endpoint that is gone.
//! A refusal must look the same whether or not its target exists.

#[path = "../common/mod.rs"]
mod common;
mod table;

use app::accounts::Role;
use common::{PASSWORD, TestApp, apps};
use sea_orm::EntityTrait;
use std::collections::BTreeSet;
use table::{ACCOUNTS, ACTORS, Case, MISSING_ID, TARGET, table};

/// Every endpoint the router serves: server functions and pages as registered with Leptos,
/// and the HTTP routes from the table the router is built from.
fn registered() -> BTreeSet<String> {
    let functions = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned());
    let pages = leptos_axum::generate_route_list(app::app::App)
        .into_iter()
        .map(|route| route.path().to_owned());
    let routes = server::router::routes()
        .into_iter()
        .map(|(path, _)| path.to_owned());
    functions.chain(pages).chain(routes).collect()
}

/// The ids a call may name.
struct Ids {
    account: String,
    assignment: String,
    done: String,
    upload: String,
    /// The plan, group and task of `assignment`.
    plan: (String, String, String),
    /// The SHA-256 of an evidence file attached to `assignment`.
    evidence: String,
    /// A decision of Nghệ An.
    decision: String,
    /// An API token.
    token: String,
    /// A dossier upload of Nghệ An's.
    dossiers: String,
    /// A catalogue upload.
    catalogue: String,
    /// A visit to Nghệ An.
    visit: String,
    /// A conclusion of that visit.
    follow_up: String,
    /// A question of its checklist, and a photo taken for it.
    question: String,
    photo: String,
    /// A document attached to `follow_up`.
    follow_up_file: String,
}

/// An assignment's current version (1 for the id no assignment has).
async fn version_of(app: &TestApp, id: &str) -> String {
    match id.parse() {
        Ok(id) if id != MISSING_ID.parse::<i64>().unwrap() => app.version(id).await.to_string(),
        _ => "1".to_owned(),
    }
}

/// A follow-up's current version (1 for the id none has).
async fn follow_up_version(app: &TestApp, id: &str) -> String {
    let found = match id.parse::<i64>() {
        Ok(id) => entity::follow_up::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap(),
        Err(_) => None,
    };
    found.map_or(1, |f| f.version).to_string()
}

async fn call(app: &TestApp, case: &Case, cookie: Option<&str>, ids: &Ids, n: usize) -> u16 {
    let version = version_of(app, &ids.assignment).await;
    let follow_up_version = follow_up_version(app, &ids.follow_up).await;
    let done_version = version_of(app, &ids.done).await;
    let fill = |text: &str| {
        text.replace("{target}", &ids.account)
            .replace("{assignment}", &ids.assignment)
            .replace("{version}", &version)
            .replace("{done_version}", &done_version)
            .replace("{done}", &ids.done)
            .replace("{upload}", &ids.upload)
            .replace("{evidence}", &ids.evidence)
            .replace("{decision}", &ids.decision)
            .replace("{token}", &ids.token)
            .replace("{dossier_upload}", &ids.dossiers)
            .replace("{catalogue_upload}", &ids.catalogue)
            .replace("{visit}", &ids.visit)
            .replace("{question}", &ids.question)
            .replace("{photo}", &ids.photo)
            .replace("{follow_up_file}", &ids.follow_up_file)
            .replace("{follow_up_version}", &follow_up_version)
            .replace("{follow_up}", &ids.follow_up)
            .replace("{plan}", &ids.plan.0)
            .replace("{group}", &ids.plan.1)
            .replace("{task}", &ids.plan.2)
            .replace("{percent}", &(n % 100).to_string())
            .replace("{n}", &n.to_string())
    };
    let path = fill(case.path);
    if case.method == "GET" {
        return app.get_as(&path, cookie).await.0;
    }
    if case.method == "MULTIPART" {
        return upload(app, &path, cookie, b"not a spreadsheet".to_vec()).await;
    }
    let form: Vec<(String, String)> = case.form.iter().map(|(k, v)| (fill(k), fill(v))).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&path, cookie, &form).await.0
}

/// Posts a file as a multipart form; returns the status.
async fn upload(app: &TestApp, path: &str, cookie: Option<&str>, bytes: Vec<u8>) -> u16 {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("tep.csv");
    let mut request = app
        .client
        .post(app.url(path))
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Attaches a small PDF to an assignment as the admin; returns its SHA-256.
async fn evidence_of(app: &TestApp, assignment: i64, cookie: &str) -> String {
    let path = format!("/api/nhiem-vu/{assignment}/minh-chung");
    assert_eq!(
        upload(app, &path, Some(cookie), b"%PDF-1.4\n%%EOF\n".to_vec()).await,
        303
    );
    // Files are listed to signed-in users only.
    let (_, list) = app
        .post("/api/tasks/checklist", Some(cookie), &[("code", "17827")])
        .await;
    let file = list["groups"][0]["items"][0]["evidence"][0]["file"][0]
        .as_str()
        .unwrap()
        .to_owned();
    file.rsplit('/').next().unwrap().to_owned()
}

/// A small PDF in the evidence store; its SHA-256.
async fn document(app: &TestApp) -> String {
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    let sha = app::tasks::evidence::keep_file(
        &txn,
        b"%PDF-1.4\n%%EOF\n".to_vec(),
        "application/pdf",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    sha
}

/// A procedure of the catalogue and a decision of Nghệ An covering it, with its document;
/// returns its id.
async fn nghe_an_decision(app: &TestApp) -> String {
    use entity::{decision, decision_procedure};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    common::add_procedure(app, "1.004363", "SKHCN").await;
    let saved = decision::ActiveModel {
        province_code: Set("40".to_owned()),
        kind: Set("boundary_free".to_owned()),
        number: Set("1/QĐ-UBND".to_owned()),
        title: Set("Công bố danh mục".to_owned()),
        issuer: Set("Chủ tịch UBND tỉnh".to_owned()),
        from_agency: Set(None),
        to_agency: Set(None),
        proposed_on: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()),
        issued_on: Set(None),
        in_force_on: Set(None),
        replaced_on: Set(None),
        document_sha256: Set(Some(document(app).await)),
        demo: Set(false),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    decision_procedure::Entity::insert(decision_procedure::ActiveModel {
        decision_id: Set(saved.id),
        procedure_code: Set("1.004363".to_owned()),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
    saved.id.to_string()
}

/// An API token of Nghệ An; returns its id.
async fn api_token(app: &TestApp) -> String {
    use entity::api_token;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let token = api_token::ActiveModel {
        province_code: Set("40".to_owned()),
        name: Set("Hệ thống thử".to_owned()),
        prefix: Set("tdk_0000".to_owned()),
        secret_hash: Set("0".repeat(64)),
        created_at: Set(chrono::Utc::now()),
        created_by: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    token.id.to_string()
}

/// A dossier upload of Nghệ An's, one dossier, made by its province; returns its id.
async fn nghe_an_dossiers(app: &TestApp, cookie: &str) -> String {
    common::add_agency(app, "40", "SKHCN", "Sở Khoa học và Công nghệ").await;
    let row = [
        "HS-1",
        "SKHCN",
        "",
        "1.004363",
        "02/07/2025 08:30",
        "online",
        "",
        "",
        "",
        "received",
    ]
    .map(str::to_owned)
    .to_vec();
    let bytes = app::dossiers::upload_file::TEMPLATE
        .write_csv(&[row])
        .unwrap();
    app.upload(
        cookie,
        "/api/tinh/40/ho-so/tai-len",
        "/tinh/40/ho-so/tai-len",
        "ho-so.csv",
        bytes,
    )
    .await
}

/// A conclusion of visit `visit`; its id.
async fn conclusion_of(app: &TestApp, visit: &str) -> String {
    use entity::follow_up;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    follow_up::ActiveModel {
        visit_id: Set(visit.parse().unwrap()),
        province_code: Set("40".to_owned()),
        kind: Set("conclusion".to_owned()),
        position: Set(0),
        body: Set("Kết luận".to_owned()),
        addressed_to: Set("UBND tỉnh Nghệ An".to_owned()),
        responsible: Set(String::new()),
        due_on: Set(None),
        status: Set("open".to_owned()),
        closed_on: Set(None),
        version: Set(1),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// The first question the checklist of an inspection asks.
async fn first_question(app: &TestApp) -> String {
    use entity::checklist_question;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    checklist_question::Entity::find()
        .filter(checklist_question::Column::Kind.eq("inspection"))
        .order_by_asc(checklist_question::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// A document of the evidence file `sha256` attached to follow-up `follow_up`; its id.
async fn follow_up_file_of(app: &TestApp, follow_up: &str, sha256: &str) -> String {
    use entity::follow_up_file;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    follow_up_file::ActiveModel {
        follow_up_id: Set(follow_up.parse().unwrap()),
        sha256: Set(sha256.to_owned()),
        content_type: Set("application/pdf".to_owned()),
        size: Set(1),
        file_name: Set("ke-hoach.pdf".to_owned()),
        author_id: Set(None),
        author: Set(String::new()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// A photo of the evidence file `sha256` taken for `question` on `visit`; its id.
async fn photo_of(app: &TestApp, visit: &str, question: &str, sha256: &str) -> String {
    use entity::visit_photo;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    visit_photo::ActiveModel {
        visit_id: Set(visit.parse().unwrap()),
        question_id: Set(question.parse().unwrap()),
        sha256: Set(sha256.to_owned()),
        content_type: Set("application/pdf".to_owned()),
        size: Set(1),
        author_id: Set(None),
        author: Set(String::new()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// A visit to Nghệ An; its id.
async fn nghe_an_visit(app: &TestApp) -> String {
    use entity::visit;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let on = chrono::NaiveDate::from_ymd_opt(2025, 8, 22).unwrap();
    visit::ActiveModel {
        province_code: Set("40".to_owned()),
        kind: Set("inspection".to_owned()),
        title: Set("Kiểm tra".to_owned()),
        organiser: Set("Bộ Khoa học và Công nghệ".to_owned()),
        starts_on: Set(on),
        ends_on: Set(on),
        places: Set(String::new()),
        topics: Set(String::new()),
        participants: Set(String::new()),
        status: Set("report_issued".to_owned()),
        demo: Set(false),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// A catalogue upload with one procedure, made by the ministry admin.
async fn catalogue_upload(app: &TestApp, cookie: &str) -> String {
    let row = [
        "1.009999",
        "Thủ tục mới",
        "Lĩnh vực",
        "Cấp tỉnh",
        "SKHCN",
        "Toàn trình",
    ]
    .map(str::to_owned)
    .to_vec();
    let bytes = app::procedures::import_file::TEMPLATE
        .write_csv(&[row])
        .unwrap();
    app.upload(
        cookie,
        "/api/thu-tuc/tai-len",
        "/quan-tri/thu-tuc",
        "thu-tuc.csv",
        bytes,
    )
    .await
}

/// An upload of Nghệ An's with one change to a task of commune B, made by its province.
async fn nghe_an_upload(app: &TestApp, cookie: &str) -> String {
    let id = app.assignment("16681", "40").await;
    let mut row = vec![String::new(); 13];
    row[0] = id.to_string();
    row[1] = "1".into();
    row[2] = "16681".into();
    row[8] = "Đang thực hiện".into();
    row[9] = "30".into();
    let bytes = app::tasks::bulk_file::write_csv(&[row]).unwrap();
    let part = reqwest::multipart::Part::bytes(bytes).file_name("tep.csv");
    let response = app
        .client
        .post(app.url("/api/tinh/40/tai-len"))
        .header("cookie", cookie)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.split_once("tai-len=").unwrap().1.to_owned()
}

#[test]
fn every_endpoint_is_in_the_table() {
    // Listing the pages renders the app's frame, whose resources start on a runtime.
    let registered = common::run(async { registered() });
    let listed: BTreeSet<String> = table().iter().map(|c| c.endpoint.to_owned()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "endpoints without a row: {missing:?}");
    assert!(
        stale.is_empty(),
        "rows for endpoints that are gone: {stale:?}"
    );
    for case in table() {
        assert_eq!(case.expect.len(), ACTORS.len(), "{}", case.endpoint);
    }
}

#[test]
fn every_actor_gets_what_the_table_says() {
    common::run(async {
        for app in apps().await {
            let mut cookies: Vec<Option<String>> = vec![None];
            for (username, role, scope) in ACCOUNTS {
                app.user(username, role, scope).await;
                cookies.push(Some(app.login(username, PASSWORD).await.unwrap()));
            }
            app.user("du_phong", Role::Inspector, None).await;
            let assignment = app.assignment("17827", "40").await;
            let (plan, group, task) = app.plan_of(assignment).await;
            let visit = nghe_an_visit(&app).await;
            let evidence = evidence_of(&app, assignment, cookies[7].as_deref().unwrap()).await;
            let question = first_question(&app).await;
            let follow_up = conclusion_of(&app, &visit).await;
            let ids = Ids {
                account: app.user(TARGET.0, TARGET.1, TARGET.2).await.to_string(),
                assignment: assignment.to_string(),
                plan: (plan.to_string(), group.to_string(), task.to_string()),
                evidence: evidence.clone(),
                done: app.done_assignment("16681", "40").await.to_string(),
                upload: nghe_an_upload(&app, cookies[4].as_deref().unwrap()).await,
                decision: nghe_an_decision(&app).await,
                token: api_token(&app).await,
                dossiers: nghe_an_dossiers(&app, cookies[4].as_deref().unwrap()).await,
                catalogue: catalogue_upload(&app, cookies[7].as_deref().unwrap()).await,
                visit: visit.clone(),
                follow_up: follow_up.clone(),
                question: question.clone(),
                photo: photo_of(&app, &visit, &question, &evidence).await,
                follow_up_file: follow_up_file_of(&app, &follow_up, &evidence).await,
            };
            let missing = Ids {
                account: MISSING_ID.to_owned(),
                assignment: MISSING_ID.to_owned(),
                done: MISSING_ID.to_owned(),
                upload: "0".repeat(32),
                plan: (
                    MISSING_ID.to_owned(),
                    MISSING_ID.to_owned(),
                    MISSING_ID.to_owned(),
                ),
                evidence: "0".repeat(64),
                decision: MISSING_ID.to_owned(),
                token: MISSING_ID.to_owned(),
                dossiers: "0".repeat(32),
                catalogue: "0".repeat(32),
                visit: MISSING_ID.to_owned(),
                follow_up: MISSING_ID.to_owned(),
                question: MISSING_ID.to_owned(),
                photo: MISSING_ID.to_owned(),
                follow_up_file: MISSING_ID.to_owned(),
            };

            let mut n = 0;
            let mut failures = Vec::new();
            let mut calls = 0;
            for case in table() {
                for (i, actor) in ACTORS.iter().enumerate() {
                    n += 1;
                    let cookie = cookies[i].clone();
                    let status = call(&app, &case, cookie.as_deref(), &ids, n).await;
                    calls += 1;
                    let allowed = case.expect.as_bytes()[i] == b'y';
                    let refusal = if i == 0 || case.token { 401 } else { 403 };
                    let ok = if allowed {
                        (200..400).contains(&status)
                    } else {
                        status == refusal
                    };
                    if !ok {
                        failures.push(format!(
                            "{} {} as {actor}: {status}, expected {}",
                            case.method,
                            case.endpoint,
                            if allowed {
                                "2xx".to_owned()
                            } else {
                                refusal.to_string()
                            }
                        ));
                    }
                    if case.has_target && !allowed {
                        let missing = call(&app, &case, cookie.as_deref(), &missing, n).await;
                        calls += 1;
                        if missing != status {
                            failures.push(format!(
                                "{} {} as {actor}: {status} for an account, {missing} for none",
                                case.method, case.endpoint
                            ));
                        }
                    }
                    // Signing in, out or changing the password replaces the actor's session.
                    if case.endpoint.starts_with("/api/account/") && i > 0 {
                        let (username, _, _) = ACCOUNTS[i - 1];
                        cookies[i] = Some(app.login(username, PASSWORD).await.unwrap());
                    }
                }
            }
            println!(
                "{}: {} endpoints x {} actors, {calls} calls",
                app.backend,
                table().len(),
                ACTORS.len()
            );
            assert!(
                failures.is_empty(),
                "{}:\n{}",
                app.backend,
                failures.join("\n")
            );
        }
    });
}
