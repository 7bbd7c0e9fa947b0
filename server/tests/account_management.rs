//! Managing accounts and reading the audit log, over real HTTP: who may create, change,
//! disable which accounts, scope escalation refused with nothing written, password changes,
//! and the audit viewer held to the reader's province.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, apps};
use entity::{audit_event, session, user_account};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

const SAVE: &str = "/api/accounts/save";
const ACTIVE: &str = "/api/accounts/active";
const NEW_PASSWORD: &str = "một mật khẩu mới dài";

/// A save-account form for a new account.
fn new_account<'a>(username: &'a str, role: &'a str, scope: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("username", username),
        ("display_name", "Nguyễn Văn A"),
        ("email", ""),
        ("role", role),
        ("scope_code", scope),
        ("password", PASSWORD),
    ]
}

async fn account(app: &TestApp, username: &str) -> Option<user_account::Model> {
    user_account::Entity::find()
        .filter(user_account::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
}

async fn accounts(app: &TestApp) -> u64 {
    user_account::Entity::find().count(&app.db).await.unwrap()
}

async fn last_audit(app: &TestApp) -> audit_event::Model {
    audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an audit row")
}

async fn sessions_of(app: &TestApp, user_id: i64) -> u64 {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .count(&app.db)
        .await
        .unwrap()
}

/// Signs `username` in (created with `role` and `scope` first).
async fn signed_in(app: &TestApp, username: &str, role: Role, scope: Option<&str>) -> String {
    app.user(username, role, scope).await;
    app.login(username, PASSWORD).await.expect("signs in")
}

#[test]
fn an_admin_creates_changes_and_disables_accounts_with_an_audit_trail() {
    common::run(async {
        for app in apps().await {
            let admin = signed_in(&app, "admin", Role::MinistryAdmin, None).await;
            let (status, created) = app
                .post(
                    SAVE,
                    Some(&admin),
                    &new_account("hatinh", "province_official", "42"),
                )
                .await;
            assert_eq!(status, 200, "{} {created}", app.backend);
            assert_eq!(created["scope_name"], "Hà Tĩnh");
            let id = created["id"].as_i64().unwrap().to_string();
            let audit = last_audit(&app).await;
            assert_eq!(
                (
                    audit.action.as_str(),
                    audit.actor.as_deref(),
                    audit.province_code.as_deref()
                ),
                ("create", Some("admin"), Some("42"))
            );
            assert!(audit.after.unwrap().contains("\"scope_code\":\"42\""));

            // The official signs in; a change of role ends that session at once.
            let official = app.login("hatinh", PASSWORD).await.unwrap();
            let change = [
                ("id", id.as_str()),
                ("username", "hatinh"),
                ("display_name", "Trần Thị B"),
                ("email", "b@hatinh.gov.vn"),
                ("role", "commune_official"),
                ("scope_code", "18073"),
                ("password", ""),
            ];
            let (status, changed) = app.post(SAVE, Some(&admin), &change).await;
            assert_eq!(status, 200, "{changed}");
            assert_eq!(changed["role"], "commune_official");
            assert_eq!(changed["scope_name"], "Thành Sen, Hà Tĩnh");
            assert_eq!(
                app.me(&official).await,
                Value::Null,
                "session ended on role change"
            );
            let audit = last_audit(&app).await;
            assert_eq!(audit.action, "update");
            assert!(
                audit
                    .before
                    .unwrap()
                    .contains("\"role\":\"province_official\"")
            );
            assert!(
                audit
                    .after
                    .unwrap()
                    .contains("\"role\":\"commune_official\"")
            );
            assert!(
                app.login("hatinh", PASSWORD).await.is_ok(),
                "an empty password keeps the old one"
            );

            let (status, disabled) = app
                .post(ACTIVE, Some(&admin), &[("id", &id), ("active", "false")])
                .await;
            assert_eq!((status, &disabled["active"]), (200, &Value::Bool(false)));
            let user_id = disabled["id"].as_i64().unwrap();
            assert_eq!(
                sessions_of(&app, user_id).await,
                0,
                "disabling ends sessions"
            );
            assert!(app.login("hatinh", PASSWORD).await.is_err());

            // An admin cannot lock themselves out.
            let me = app.me(&admin).await["user_id"]
                .as_i64()
                .unwrap()
                .to_string();
            let (status, error) = app
                .post(ACTIVE, Some(&admin), &[("id", &me), ("active", "false")])
                .await;
            assert_eq!(status, 422, "{error}");
        }
    });
}

#[test]
fn a_province_official_manages_only_commune_accounts_of_their_province() {
    common::run(async {
        for app in apps().await {
            let official = signed_in(&app, "nghean", Role::ProvinceOfficial, Some("40")).await;
            let other = app
                .user("thanhsen", Role::CommuneOfficial, Some("18073"))
                .await;
            let colleague = app.user("hatinh", Role::ProvinceOfficial, Some("42")).await;

            let (status, body) = app
                .post(
                    SAVE,
                    Some(&official),
                    &new_account("nghiloc", "commune_official", "17827"),
                )
                .await;
            assert_eq!(status, 200, "{} {body}", app.backend);
            let nghiloc = body["id"].as_i64().unwrap().to_string();

            let before = accounts(&app).await;
            // Another province's commune, a province role, the ministry role: all refused.
            for (role, scope) in [
                ("commune_official", "18073"),
                ("province_official", "40"),
                ("province_official", "42"),
                ("ministry_admin", ""),
                ("inspector", ""),
            ] {
                let (status, _) = app
                    .post(SAVE, Some(&official), &new_account("escalate", role, scope))
                    .await;
                assert_eq!(status, 403, "create {role} {scope}");
            }
            assert_eq!(accounts(&app).await, before, "nothing written");
            assert!(account(&app, "escalate").await.is_none());

            // Moving their own commune's user out of the province, or promoting them.
            for (role, scope) in [("commune_official", "18073"), ("ministry_admin", "")] {
                let change = [
                    ("id", nghiloc.as_str()),
                    ("username", "nghiloc"),
                    ("display_name", "X"),
                    ("email", ""),
                    ("role", role),
                    ("scope_code", scope),
                    ("password", ""),
                ];
                let (status, _) = app.post(SAVE, Some(&official), &change).await;
                assert_eq!(status, 403, "move to {role} {scope}");
            }
            let kept = account(&app, "nghiloc").await.unwrap();
            assert_eq!(
                (
                    kept.role.as_str(),
                    kept.scope_code.as_deref(),
                    kept.display_name.as_str()
                ),
                ("commune_official", Some("17827"), "Nguyễn Văn A")
            );

            // Accounts out of reach, and one that does not exist: the same refusal.
            for id in [other, colleague, 999_999] {
                let id = id.to_string();
                let (status, _) = app
                    .post("/api/accounts/get", Some(&official), &[("id", &id)])
                    .await;
                assert_eq!(status, 403, "get {id}");
                let (status, _) = app
                    .post(ACTIVE, Some(&official), &[("id", &id), ("active", "false")])
                    .await;
                assert_eq!(status, 403, "disable {id}");
            }
            assert!(account(&app, "thanhsen").await.unwrap().active);

            // Their own account is not theirs to manage either (no self-promotion).
            let me = app.me(&official).await["user_id"]
                .as_i64()
                .unwrap()
                .to_string();
            let promote = [
                ("id", me.as_str()),
                ("username", "nghean"),
                ("display_name", "X"),
                ("email", ""),
                ("role", "ministry_admin"),
                ("scope_code", ""),
                ("password", ""),
            ];
            assert_eq!(app.post(SAVE, Some(&official), &promote).await.0, 403);
            assert_eq!(
                account(&app, "nghean").await.unwrap().role,
                "province_official"
            );

            // The list holds their communes' accounts only.
            let (status, list) = app.post("/api/accounts/list", Some(&official), &[]).await;
            assert_eq!(status, 200);
            let names: Vec<&str> = list["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["username"].as_str().unwrap())
                .collect();
            assert_eq!(names, ["nghiloc"]);
            assert_eq!(list["roles"], serde_json::json!(["commune_official"]));
            assert_eq!(
                list["units"].as_array().unwrap().len(),
                130,
                "Nghệ An's communes"
            );

            let refusals = audit_event::Entity::find()
                .filter(audit_event::Column::Action.eq("access_denied"))
                .count(&app.db)
                .await
                .unwrap();
            assert!(refusals >= 13, "refusals are audited: {refusals}");
        }
    });
}

#[test]
fn a_commune_official_manages_no_accounts() {
    common::run(async {
        for app in apps().await {
            let commune = signed_in(&app, "nghiloc", Role::CommuneOfficial, Some("17827")).await;
            let before = accounts(&app).await;
            for (role, scope) in [("commune_official", "17827"), ("commune_official", "16681")] {
                let (status, _) = app
                    .post(SAVE, Some(&commune), &new_account("other", role, scope))
                    .await;
                assert_eq!(status, 403, "{}", app.backend);
            }
            assert_eq!(
                app.post("/api/accounts/list", Some(&commune), &[]).await.0,
                403
            );
            assert_eq!(accounts(&app).await, before);
        }
    });
}

#[test]
fn bad_account_input_gets_a_clear_error_and_writes_nothing() {
    common::run(async {
        for app in apps().await {
            let admin = signed_in(&app, "admin", Role::MinistryAdmin, None).await;
            let before = accounts(&app).await;
            for (form, problem) in [
                (new_account("x1", "emperor", ""), "RoleUnknown"),
                (
                    new_account("x2", "commune_official", "99999"),
                    "ScopeUnknown",
                ),
                (new_account("x3", "province_official", ""), "ScopeMismatch"),
                (new_account("x4", "inspector", "40"), "ScopeMismatch"),
                (new_account("Bad Name!", "inspector", ""), "UsernameInvalid"),
                (new_account("admin", "inspector", ""), "UsernameTaken"),
            ] {
                let (status, body) = app.post(SAVE, Some(&admin), &form).await;
                assert_eq!(
                    (status, &body["Invalid"]),
                    (422, &Value::from(problem)),
                    "{form:?}"
                );
            }
            let mut short = new_account("xx5", "inspector", "");
            short[5].1 = "short";
            assert_eq!(
                app.post(SAVE, Some(&admin), &short).await.1["Invalid"],
                "PasswordTooShort"
            );
            let missing = app.post(SAVE, Some(&admin), &[("username", "xx6")]).await;
            assert_eq!(missing.0, 400, "missing fields: {}", missing.1);
            assert_eq!(accounts(&app).await, before, "nothing written");
        }
    });
}

#[test]
fn changing_ones_password_ends_the_other_sessions() {
    common::run(async {
        for app in apps().await {
            let here = signed_in(&app, "nghean", Role::ProvinceOfficial, Some("40")).await;
            let elsewhere = app.login("nghean", PASSWORD).await.unwrap();
            let path = "/api/account/password";
            let form = |current, new, confirm| {
                [
                    ("current_password", current),
                    ("new_password", new),
                    ("confirm_password", confirm),
                ]
            };
            let wrong = app
                .post(
                    path,
                    Some(&here),
                    &form("wrong password", NEW_PASSWORD, NEW_PASSWORD),
                )
                .await;
            assert_eq!(
                (wrong.0, &wrong.1["Invalid"]),
                (422, &Value::from("PasswordWrong"))
            );
            let mismatch = app
                .post(
                    path,
                    Some(&here),
                    &form(PASSWORD, NEW_PASSWORD, "something else"),
                )
                .await;
            assert_eq!(mismatch.1["Invalid"], "PasswordMismatch");
            assert_eq!(
                app.post(path, None, &form(PASSWORD, NEW_PASSWORD, NEW_PASSWORD))
                    .await
                    .0,
                401
            );

            let ok = app
                .post(
                    path,
                    Some(&here),
                    &form(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
                )
                .await;
            assert_eq!(ok.0, 200, "{} {}", app.backend, ok.1);
            assert_eq!(
                app.me(&here).await["username"],
                "nghean",
                "this session stays"
            );
            assert_eq!(app.me(&elsewhere).await, Value::Null, "the other one ends");
            assert!(app.login("nghean", PASSWORD).await.is_err());
            assert!(app.login("nghean", NEW_PASSWORD).await.is_ok());
            assert_eq!(last_audit(&app).await.action, "login");
        }
    });
}

#[test]
fn the_audit_viewer_holds_province_officials_to_their_province() {
    common::run(async {
        for app in apps().await {
            let admin = signed_in(&app, "admin", Role::MinistryAdmin, None).await;
            let nghean = signed_in(&app, "nghean", Role::ProvinceOfficial, Some("40")).await;
            let hatinh = signed_in(&app, "hatinh", Role::ProvinceOfficial, Some("42")).await;
            app.post(
                SAVE,
                Some(&nghean),
                &new_account("nghiloc", "commune_official", "17827"),
            )
            .await;
            assert_eq!(
                app.post(
                    SAVE,
                    Some(&hatinh),
                    &new_account("thanhsen", "commune_official", "18073")
                )
                .await
                .0,
                200
            );
            // A failed sign-in logs the name as typed: a formula, for the export to defuse.
            assert!(app.login("=HYPERLINK(\"http://evil\")", "x").await.is_err());

            let (status, csv) = app.get_as("/api/nhat-ky.csv", Some(&nghean)).await;
            assert_eq!(status, 200, "{}", app.backend);
            assert!(csv.starts_with('\u{feff}'), "byte-order mark for Excel");
            let lines: Vec<&str> = csv.lines().skip(1).collect();
            assert!(!lines.is_empty());
            assert!(
                lines.iter().all(|l| l.split(',').nth(7) == Some("40")),
                "only Nghệ An rows: {csv}"
            );

            let (_, all) = app
                .get_as("/api/nhat-ky.csv?entity=user_account", Some(&admin))
                .await;
            assert!(all.contains(",42,") && all.contains(",40,"));
            let (_, everything) = app.get_as("/api/nhat-ky.csv", Some(&admin)).await;
            assert!(
                everything.to_lowercase().contains(",\"'=hyperlink("),
                "{everything}"
            );
            assert!(
                !everything.to_lowercase().contains(",=hyperlink"),
                "no live formula: {everything}"
            );
            let (_, filtered) = app
                .get_as("/api/nhat-ky.csv?user=hatinh&unit=42", Some(&admin))
                .await;
            assert!(
                filtered.lines().skip(1).all(|l| l.contains("hatinh")),
                "{filtered}"
            );
            let (status, _) = app
                .get_as("/api/nhat-ky.csv?from=14-08-2025", Some(&admin))
                .await;
            assert_eq!(status, 400, "a malformed date is a clear error");
            let (_, future) = app
                .get_as("/api/nhat-ky.csv?from=2999-01-01", Some(&admin))
                .await;
            assert_eq!(future.lines().count(), 1, "header only");

            let inspector = signed_in(&app, "kiemtra", Role::Inspector, None).await;
            assert_eq!(
                app.get_as("/api/nhat-ky.csv", Some(&inspector)).await.0,
                403
            );
            assert_eq!(app.get_as("/api/nhat-ky.csv", None).await.0, 401);

            let (status, page) = app
                .get_as("/quan-tri/nhat-ky?user=nghean", Some(&nghean))
                .await;
            assert_eq!(status, 200);
            assert!(
                page.contains("Tạo mới") && !page.contains("hatinh"),
                "{page}"
            );
            let (status, _) = app.get_as("/quan-tri/nhat-ky", Some(&inspector)).await;
            assert_eq!(status, 403);
        }
    });
}

#[test]
fn the_audit_viewer_says_what_changed_in_words_with_names() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let admin = signed_in(&app, "admin", Role::MinistryAdmin, None).await;
            let (_, created) = app
                .post(
                    SAVE,
                    Some(&admin),
                    &new_account("hatinh", "province_official", "42"),
                )
                .await;
            let id = created["id"].as_i64().unwrap().to_string();
            let change = [
                ("id", id.as_str()),
                ("username", "hatinh"),
                ("display_name", "Trần Thị B"),
                ("email", ""),
                ("role", "commune_official"),
                ("scope_code", "18073"),
                ("password", ""),
            ];
            assert_eq!(app.post(SAVE, Some(&admin), &change).await.0, 200);
            let assignment = app.assignment("17827", "40").await.to_string();
            let nghiloc = signed_in(&app, "nghiloc", Role::CommuneOfficial, Some("17827")).await;
            let form = [
                ("id", assignment.as_str()),
                ("version", "1"),
                ("change[status]", "in_progress"),
                ("change[progress]", "40"),
                ("change[note]", "Đã họp triển khai"),
                ("change[difficulties]", ""),
                ("change[recommendations]", ""),
                ("change[evidence_number]", ""),
                ("change[evidence_link]", ""),
            ];
            let (status, body) = app.post("/api/tasks/update", Some(&nghiloc), &form).await;
            assert_eq!(status, 200, "{body}");
            for _ in 0..3 {
                assert!(app.login("hatinh", "sai mật khẩu").await.is_err());
            }

            let (status, page) = app.get_as("/quan-tri/nhat-ky", Some(&admin)).await;
            assert_eq!(status, 200, "{}", app.backend);
            let text = common::strip_markers(&page);
            for words in [
                // The account by its name; its role and unit changed, in words.
                "Trần Thị B (hatinh)",
                "<del>Cán bộ cấp tỉnh</del> → <ins>Cán bộ cấp xã</ins>",
                "<del>Hà Tĩnh (42)</del> → <ins>Thành Sen, Hà Tĩnh (18073)</ins>",
                // The commune's task by its name; status, progress and note in words.
                "Nghi Lộc, Nghệ An · 1. Nhiệm vụ thử",
                "<del>Chưa thực hiện</del> → <ins>Đang thực hiện</ins>",
                "<del>0%</del> → <ins>40%</ins>",
                "<ins>Đã họp triển khai</ins>",
                // Three refused sign-ins in a minute: one entry, counted.
                "3 lần trong phút này",
            ] {
                assert!(
                    text.contains(words),
                    "{}: no «{words}» in {text}",
                    app.backend
                );
            }
            assert!(
                !text.contains("{&quot;") && !text.contains("\"status\":"),
                "no raw JSON"
            );
            assert!(!text.contains(">1</div>"), "no bare ids");
        }
    });
}
