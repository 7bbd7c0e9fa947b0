//! Server functions, health, static files and compression over real HTTP.

mod common;

use common::{apps, spawn};
use serde_json::Value;

#[test]
fn health_reports_the_database() {
    common::run(async {
        for app in apps().await {
            let response = app.get("/healthz").await;
            assert_eq!(response.status(), 200, "{}", app.backend);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["database"], "ok");
        }
    });
}

#[test]
fn health_fails_when_the_database_is_gone() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        app.db.clone().close().await.unwrap();
        assert_eq!(app.get("/healthz").await.status(), 503);
    });
}

#[test]
fn provinces_server_function_returns_counts() {
    common::run(async {
        for app in apps().await {
            let response = app
                .client
                .post(app.url("/api/territory/provinces"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{}", app.backend);
            let provinces: Vec<Value> = response.json().await.unwrap();
            assert_eq!(provinces.len(), 34);
            let nghe_an = provinces.iter().find(|p| p["code"] == "40").unwrap();
            assert_eq!(
                nghe_an["communes"],
                serde_json::json!({ "xa": 119, "phuong": 11, "dac_khu": 0 })
            );
            let total: u64 = provinces
                .iter()
                .map(|p| {
                    ["xa", "phuong", "dac_khu"]
                        .iter()
                        .map(|k| p["communes"][k].as_u64().unwrap())
                        .sum::<u64>()
                })
                .sum();
            assert_eq!(total, 3_321);
        }
    });
}

#[test]
fn a_missing_unit_is_a_clear_error() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let response = app
            .client
            .post(app.url("/api/territory/province"))
            .form(&[("code", "99")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, serde_json::json!("NotFound"));
    });
}

#[test]
fn language_form_sets_the_cookie_and_returns_to_the_page() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let response = app
            .client
            .post(app.url("/api/locale"))
            .header("accept", "text/html")
            .header("referer", app.url("/tinh/40"))
            .form(&[("locale", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302);
        // Back to the page the form was on (server_fn may add an empty query string).
        let location = response.headers()["location"].to_str().unwrap();
        assert_eq!(location.trim_end_matches('?'), app.url("/tinh/40"));
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(
            cookie.starts_with("lang=en;") && cookie.contains("Path=/"),
            "{cookie}"
        );

        let refused = app
            .client
            .post(app.url("/api/locale"))
            .form(&[("locale", "fr")])
            .send()
            .await
            .unwrap();
        assert!(!refused.status().is_success());
        assert!(refused.headers().get("set-cookie").is_none());
    });
}

#[test]
fn pages_are_compressed_and_revalidated() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let response = app
            .client
            .get(app.url("/"))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "br");
        assert_eq!(response.headers()["cache-control"], "no-cache");
    });
}

#[test]
fn hashed_assets_are_served_precompressed_and_cached_for_a_year() {
    common::run(async {
        let app = spawn("sqlite", None).await;
        let pkg = app.site_root.join("pkg");
        std::fs::write(pkg.join("tiendo.0123456789abcdef.js"), "console.log(1)").unwrap();
        std::fs::write(pkg.join("tiendo.0123456789abcdef.js.br"), "BROTLI").unwrap();
        let response = app
            .client
            .get(app.url("/pkg/tiendo.0123456789abcdef.js"))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], "br");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(response.text().await.unwrap(), "BROTLI");

        std::fs::write(app.site_root.join("robots.txt"), "User-agent: *").unwrap();
        let response = app.get("/robots.txt").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-cache");
    });
}
