//! Accounts and sessions: sign-in, sign-out, timeouts, throttling, cross-site refusal and
//! the headers that protect pages, over real HTTP.

mod common;

use app::accounts::{Role, session::AuthConfig};
use app::clock::Clock;
use app::{error::AppError, i18n::Locale};
use chrono::{Duration, TimeZone, Utc};
use common::{PASSWORD, apps, apps_with, spawn, spawn_with, stopped_clock};
use entity::{audit_event, refusal_tally};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, QueryOrder};
use serde_json::Value;

async fn audit_actions(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn sign_in_and_out_with_a_fresh_session_each_time() {
    common::run(async {
        for app in apps().await {
            app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            let first = app
                .login("NghiLoc ", PASSWORD)
                .await
                .expect("signs in, name folded");
            assert!(first.starts_with("tiendo_session="), "{first}");
            let me = app.me(&first).await;
            assert_eq!(me["role"], "commune_official", "{}", app.backend);
            assert_eq!(me["commune_code"], "17827");
            assert_eq!(
                me["province_code"], "40",
                "the commune's province, looked up on the server"
            );

            // Signing in again while holding a session gives a new id and ends the old one.
            let response = app
                .client
                .post(app.url("/api/account/login"))
                .header("cookie", &first)
                .form(&[("username", "nghiloc"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            let second = response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned();
            assert_ne!(first, second);
            assert_eq!(app.me(&first).await, Value::Null, "old session gone");
            assert_eq!(app.me(&second).await["username"], "nghiloc");

            let out = app
                .client
                .post(app.url("/api/account/logout"))
                .header("cookie", &second)
                .send()
                .await
                .unwrap();
            assert!(out.status().is_success());
            assert!(
                out.headers()["set-cookie"]
                    .to_str()
                    .unwrap()
                    .contains("Max-Age=0")
            );
            assert_eq!(
                app.me(&second).await,
                Value::Null,
                "a replayed cookie after sign-out is nobody"
            );
            assert_eq!(audit_actions(&app.db).await, ["login", "login", "logout"]);
        }
    });
}

#[test]
fn wrong_password_and_unknown_user_get_the_same_answer() {
    common::run(async {
        for app in apps_with(stopped_clock()).await {
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            let wrong = app.login("nghean", "not the password").await.unwrap_err();
            let unknown = app.login("nobody", PASSWORD).await.unwrap_err();
            assert_eq!(
                (wrong.as_u16(), unknown.as_u16()),
                (401, 401),
                "{}",
                app.backend
            );
            // Refusals from one address in one minute: one entry, the rest counted.
            assert_eq!(audit_actions(&app.db).await, ["login_failed"]);
            let tally = refusal_tally::Entity::find().all(&app.db).await.unwrap();
            assert_eq!(tally.len(), 1);
            assert_eq!(
                (tally[0].action.as_str(), tally[0].count),
                ("login_failed", 2)
            );
        }
    });
}

#[test]
fn repeated_failures_lock_the_account_even_with_a_forged_forwarded_for() {
    common::run(async {
        for app in apps().await {
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            for i in 0..5 {
                let response = app
                    .client
                    .post(app.url("/api/account/login"))
                    .header("x-forwarded-for", format!("198.51.100.{i}"))
                    .form(&[("username", "nghean"), ("password", "wrong password")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 401);
            }
            let locked = app
                .client
                .post(app.url("/api/account/login"))
                .header("x-forwarded-for", "203.0.113.77")
                .form(&[("username", "nghean"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            assert_eq!(
                locked.status(),
                429,
                "{}: the right password is refused while locked",
                app.backend
            );
        }
    });
}

#[test]
fn many_failures_from_one_address_lock_that_address() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
        for i in 0..AuthConfig::default().max_ip_failures {
            assert_eq!(
                app.login(&format!("guess{i}"), "wrong password")
                    .await
                    .unwrap_err(),
                401
            );
        }
        assert_eq!(app.login("nghean", PASSWORD).await.unwrap_err(), 429);
    });
}

#[test]
fn one_colleagues_failures_do_not_lock_the_office_out() {
    common::run(async {
        for app in apps().await {
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            for _ in 0..AuthConfig::default().max_pair_failures {
                assert_eq!(app.login("nghean", "typo").await.unwrap_err(), 401);
            }
            assert_eq!(app.login("nghean", PASSWORD).await.unwrap_err(), 429);
            assert!(
                app.login("nghiloc", PASSWORD).await.is_ok(),
                "{}: a colleague behind the same address signs in",
                app.backend
            );
        }
    });
}

/// Sends `passwords` for `username` all at once; returns the statuses.
async fn parallel_sign_ins(app: &common::TestApp, username: &str, passwords: &[&str]) -> Vec<u16> {
    let attempts: Vec<_> = passwords
        .iter()
        .map(|password| {
            let request = app
                .client
                .post(app.url("/api/account/login"))
                .form(&[("username", username), ("password", *password)]);
            tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    statuses
}

#[test]
fn attempts_sent_in_parallel_never_pass_the_limit() {
    common::run(async {
        let limit = AuthConfig::default().max_pair_failures as usize;
        for app in apps().await {
            app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
            let statuses = parallel_sign_ins(&app, "nghean", &["wrong"; 50]).await;
            let checked = statuses.iter().filter(|&&s| s != 429).count();
            assert!(
                checked <= limit && statuses.iter().all(|&s| s == 401 || s == 429),
                "{}: {statuses:?}",
                app.backend
            );

            app.user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            let mut passwords = vec!["wrong"; 18];
            passwords.push(PASSWORD);
            let statuses = parallel_sign_ins(&app, "nghiloc", &passwords).await;
            let checked = statuses.iter().filter(|&&s| s != 429).count();
            assert!(checked <= limit, "{}: {statuses:?}", app.backend);
        }
    });
}

#[test]
fn a_huge_username_leaves_a_bounded_entry() {
    common::run(async {
        let app = spawn_with("sqlite", None, stopped_clock()).await;
        let huge = "a".repeat(1_000_000);
        for _ in 0..10 {
            let _ = app.login(&huge, "x").await;
        }
        // Five failures, then five refused by the limit: one entry of each kind.
        let events = audit_event::Entity::find().all(&app.db).await.unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["login_failed", "login_throttled"]);
        for event in &events {
            let id = event.entity_id.clone().unwrap_or_default();
            assert!(id.len() < 300 && id.ends_with("…[+999800]"), "{}", id.len());
        }
    });
}

#[test]
fn a_lockout_ends_after_its_time() {
    common::run(async {
        let clock = Clock::manual(Utc.with_ymd_and_hms(2025, 8, 14, 8, 0, 0).unwrap());
        let app = spawn_with("sqlite", None, clock.clone()).await;
        app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
        for _ in 0..5 {
            let _ = app.login("nghean", "wrong password").await;
        }
        assert_eq!(app.login("nghean", PASSWORD).await.unwrap_err(), 429);
        clock.advance(Duration::minutes(16));
        assert!(app.login("nghean", PASSWORD).await.is_ok());
    });
}

#[test]
fn sessions_end_when_idle_or_too_old() {
    common::run(async {
        let clock = Clock::manual(Utc.with_ymd_and_hms(2025, 8, 14, 8, 0, 0).unwrap());
        let app = spawn_with("sqlite", None, clock.clone()).await;
        app.user("nghean", Role::ProvinceOfficial, Some("40")).await;

        let idle = app.login("nghean", PASSWORD).await.unwrap();
        clock.advance(Duration::minutes(29));
        assert_eq!(
            app.me(&idle).await["username"],
            "nghean",
            "29 minutes idle: still in"
        );
        clock.advance(Duration::minutes(31));
        assert_eq!(app.me(&idle).await, Value::Null, "31 minutes idle: out");

        let busy = app.login("nghean", PASSWORD).await.unwrap();
        for _ in 0..35 {
            clock.advance(Duration::minutes(20));
            assert_eq!(
                app.me(&busy).await["username"],
                "nghean",
                "active within 12 hours"
            );
        }
        clock.advance(Duration::minutes(20));
        assert_eq!(
            app.me(&busy).await,
            Value::Null,
            "12 hours after sign-in: out, however active"
        );
    });
}

#[test]
fn an_active_session_outlives_a_short_idle_limit() {
    common::run(async {
        let clock = Clock::manual(Utc.with_ymd_and_hms(2025, 8, 14, 8, 0, 0).unwrap());
        let app = common::spawn_args(
            "sqlite",
            None,
            clock.clone(),
            &["--session-idle-minutes", "1"],
        )
        .await;
        app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
        let cookie = app.login("nghean", PASSWORD).await.unwrap();
        for _ in 0..12 {
            clock.advance(Duration::seconds(40));
            assert_eq!(
                app.me(&cookie).await["username"],
                "nghean",
                "a request every 40 s"
            );
        }
        clock.advance(Duration::seconds(61));
        assert_eq!(app.me(&cookie).await, Value::Null, "61 s idle: out");
    });
}

#[test]
fn disabling_a_user_ends_their_session_at_once() {
    common::run(async {
        for app in apps().await {
            let id = app
                .user("nghiloc", Role::CommuneOfficial, Some("17827"))
                .await;
            let cookie = app.login("nghiloc", PASSWORD).await.unwrap();
            app.edit_user(id, |u| u.active = Set(false)).await;
            assert_eq!(app.me(&cookie).await, Value::Null, "{}", app.backend);
            assert_eq!(app.login("nghiloc", PASSWORD).await.unwrap_err(), 401);
        }
    });
}

#[test]
fn every_server_function_refuses_cross_site_posts() {
    common::run(async {
        let app = spawn_with("sqlite", None, stopped_clock()).await;
        // Every server function, and every other route (POSTed, whatever it answers).
        let routes = server::router::routes().into_iter().map(|(path, _)| {
            path.replace("{code}", "40")
                .replace("{id}", "1")
                .replace("{sha256}", "0")
        });
        let paths: Vec<_> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.to_owned())
            .chain(routes)
            .collect();
        assert!(paths.len() >= 6, "{paths:?}");
        for path in &paths {
            for (name, value) in [
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ] {
                let response = app
                    .client
                    .post(app.url(path))
                    .header(name, value)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 403, "{path} with {name}: {value}");
                let said: Value = response.json().await.unwrap();
                assert_eq!(
                    said["error"],
                    AppError::CrossSite.message(Locale::Vi.strings()),
                    "{path}: says why"
                );
            }
        }
        // Audited: anonymous refusals as one entry per address and minute, counted.
        assert_eq!(audit_actions(&app.db).await, ["cross_site_refused"]);
        let tally = refusal_tally::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(tally[0].count as usize, 2 * paths.len());
        let same_origin = app
            .client
            .post(app.url("/api/territory/provinces"))
            .header("origin", app.base.clone())
            .header("sec-fetch-site", "same-origin")
            .send()
            .await
            .unwrap();
        assert_eq!(same_origin.status(), 200);
    });
}

#[test]
fn server_functions_are_not_reachable_by_get() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        for (path, method) in leptos::server_fn::axum::server_fn_paths() {
            assert_eq!(method, http::Method::POST, "{path}");
            let response = app.get(path).await;
            assert_eq!(response.status(), 405, "{path}");
        }
    });
}

#[test]
fn pages_carry_security_headers_and_a_matching_nonce() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        // A page rendered for this response (public pages are kept: see below).
        let response = app.get("/dang-nhap").await;
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "same-origin");
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "plain http"
        );
        let csp = header("content-security-policy");
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(csp.contains(part), "{csp}");
        }
        let nonce = common::nonce_of(&csp);
        assert!(!nonce.is_empty(), "{csp}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"nonce="{nonce}""#)),
            "the hydration script carries the header's nonce"
        );
        assert!(
            !html.contains("<script>"),
            "no inline script without a nonce"
        );

        // A kept public page carries the nonce its scripts were rendered with.
        let kept = app.get("/").await;
        let csp = kept.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = common::nonce_of(&csp);
        assert!(!nonce.is_empty(), "{csp}");
        let html = kept.text().await.unwrap();
        assert!(html.contains(&format!(r#"nonce="{nonce}""#)), "{csp}");
        assert!(
            !html.contains("<script>"),
            "no inline script without a nonce"
        );

        let api = app
            .client
            .post(app.url("/api/territory/provinces"))
            .send()
            .await
            .unwrap();
        assert!(
            api.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'")
        );
    });
}

#[test]
fn signed_in_responses_are_never_cached() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        app.user("nghean", Role::ProvinceOfficial, Some("40")).await;
        let cookie = app.login("nghean", PASSWORD).await.unwrap();
        let response = app
            .client
            .get(app.url("/tinh/40"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(
            app.get("/tinh/40").await.headers()["cache-control"],
            "no-cache"
        );
    });
}

#[test]
fn names_with_markup_are_shown_as_text() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let id = app.user("xss", Role::CommuneOfficial, Some("17827")).await;
        let name = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>"#;
        app.edit_user(id, |u| u.display_name = Set(name.into()))
            .await;
        let cookie = app.login("xss", PASSWORD).await.unwrap();
        let html = app
            .client
            .get(app.url("/"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt;\"&gt;&lt;img src=x onerror=alert(2)&gt;"
            ),
            "escaped"
        );
        assert!(!html.contains("<script>alert(1)"));
        assert!(!html.contains("<img src=x"));
    });
}

#[test]
fn control_characters_in_a_failed_username_are_escaped_in_the_audit_log() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let _ = app.login("admin\n2025-08-14 login ok", "x").await;
        let event = audit_event::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(event.action, "login_failed");
        assert_eq!(
            event.entity_id.as_deref(),
            Some("admin\\u{a}2025-08-14 login ok")
        );
    });
}

#[test]
fn the_audit_log_refuses_changes() {
    common::run(async {
        for app in apps().await {
            let _ = app.login("someone", "x").await;
            let event = audit_event::Entity::find()
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let mut edited = event.clone().into_active_model();
            edited.action = Set("nothing happened".into());
            assert!(
                edited.update(&app.db).await.is_err(),
                "{}: update refused",
                app.backend
            );
            assert!(
                audit_event::Entity::delete_by_id(event.id)
                    .exec(&app.db)
                    .await
                    .is_err(),
                "delete refused"
            );
        }
    });
}
