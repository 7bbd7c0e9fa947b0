//! The dossier API: a ministry admin issues a province's token (its secret shown once, only
//! its hash kept) and revokes it; a batch sent with it is taken in whole or not at all, each
//! refused record named by place, field and reason; a wrong, revoked or other province's
//! token, a missing one, malformed JSON and an oversized batch are refused with a
//! machine-readable error; batches racing on the same new dossier make one dossier; the
//! OpenAPI description and its page describe the endpoint.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, apps};
use entity::{api_token, audit_event, dossier};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

async fn catalogue(app: &TestApp) {
    for province in ["40", "42"] {
        common::add_agency(app, province, "SKHCN", "Sở Khoa học và Công nghệ").await;
    }
    common::add_procedure(app, "1.004363", "SKHCN").await;
}

/// Issues a token for `province` as the admin; its secret.
async fn issue(app: &TestApp, admin: &str, province: &str) -> String {
    let (status, issued) = app
        .post(
            "/api/integrations/issue",
            Some(admin),
            &[("province", province), ("name", "Hệ thống một cửa")],
        )
        .await;
    assert_eq!(status, 200, "{issued}");
    issued["secret"].as_str().unwrap().to_owned()
}

fn record(code: &str, received: &str) -> Value {
    json!({
        "code": code,
        "agency": "SKHCN",
        "procedure": "1.004363",
        "received_at": received,
        "channel": "online",
        "status": "received",
    })
}

async fn send(app: &TestApp, province: &str, token: Option<&str>, body: String) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/tinh/{province}/ho-so")))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn dossiers(app: &TestApp) -> u64 {
    dossier::Entity::find().count(&app.db).await.unwrap()
}

#[test]
fn a_provinces_system_sends_dossiers_with_its_token_and_only_its_own() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("admin", Role::MinistryAdmin, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let (status, _) = app
                .post(
                    "/api/integrations/issue",
                    Some(&official),
                    &[("province", "40"), ("name", "x")],
                )
                .await;
            assert_eq!(status, 403, "only ministry admins issue tokens");
            let nghe_an = issue(&app, &admin, "40").await;
            let ha_tinh = issue(&app, &admin, "42").await;
            assert!(nghe_an.starts_with("tdk_") && nghe_an.len() == 68);
            let stored = api_token::Entity::find().all(&app.db).await.unwrap();
            assert!(
                stored
                    .iter()
                    .all(|t| t.secret_hash.len() == 64 && t.secret_hash != nghe_an),
                "only the secret's hash is kept"
            );

            let batch = json!({ "records": [
                record("HS-1", "2025-07-02T08:15:00+07:00"),
                record("HS-2", "2025-07-02T09:00:00+07:00"),
            ] })
            .to_string();
            let (status, report) = send(&app, "40", Some(&nghe_an), batch.clone()).await;
            assert_eq!(
                (status, &report),
                (200, &json!({ "created": 2, "updated": 0, "unchanged": 0 })),
                "{}",
                app.backend
            );
            let (status, report) = send(&app, "40", Some(&nghe_an), batch.clone()).await;
            assert_eq!(
                (status, report),
                (200, json!({ "created": 0, "updated": 0, "unchanged": 2 })),
                "sent again, nothing changes"
            );
            let (_, list) = app.post("/api/integrations/list", Some(&admin), &[]).await;
            assert!(
                list[0][0]["last_used_at"].is_string() || list[0][1]["last_used_at"].is_string()
            );

            for (province, token, body, status, error) in [
                ("40", None, batch.clone(), 401, "missing_token"),
                ("40", Some("tdk_0000"), batch.clone(), 401, "invalid_token"),
                (
                    "40",
                    Some(ha_tinh.as_str()),
                    batch.clone(),
                    403,
                    "wrong_province",
                ),
                (
                    "40",
                    Some(nghe_an.as_str()),
                    "{\"records\": [".to_owned(),
                    400,
                    "malformed_json",
                ),
                (
                    "40",
                    Some(nghe_an.as_str()),
                    "{\"dossiers\": []}".to_owned(),
                    400,
                    "malformed_json",
                ),
            ] {
                let (got, body) = send(&app, province, token, body).await;
                assert_eq!((got, &body["error"]), (status, &json!(error)), "{body}");
                assert!(body["message"].is_string());
            }
            let too_many: Vec<Value> = (0..10_001)
                .map(|n| record(&format!("HS-{n}"), "2025-07-02T08:00:00+07:00"))
                .collect();
            let (status, body) = send(
                &app,
                "40",
                Some(&nghe_an),
                json!({ "records": too_many }).to_string(),
            )
            .await;
            assert_eq!((status, &body["error"]), (413, &json!("batch_too_large")));
            assert_eq!(
                dossiers(&app).await,
                2,
                "nothing of a refused batch is written"
            );

            // Revoked: refused from then on; both audited.
            let id = stored
                .iter()
                .find(|t| t.province_code == "40")
                .unwrap()
                .id
                .to_string();
            let (status, _) = app
                .post("/api/integrations/revoke", Some(&admin), &[("id", &id)])
                .await;
            assert_eq!(status, 200);
            let (status, body) = send(&app, "40", Some(&nghe_an), batch).await;
            assert_eq!((status, &body["error"]), (401, &json!("invalid_token")));
            let audited = audit_event::Entity::find()
                .filter(audit_event::Column::Entity.eq("api_token"))
                .filter(audit_event::Column::Action.is_in(["create", "revoke", "dossier_batch"]))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(
                audited,
                2 + 1 + 2,
                "issued twice, revoked once, two batches"
            );
        }
    });
}

#[test]
fn every_bad_record_is_named_and_nothing_of_the_batch_is_written() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("admin", Role::MinistryAdmin, None).await;
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let token = issue(&app, &admin, "40").await;
            let mut other_commune = record("HS-3", "2025-07-02T08:00:00+07:00");
            other_commune["commune"] = json!("18073");
            let mut unknown_commune = record("HS-4", "2025-07-02T08:00:00+07:00");
            unknown_commune["commune"] = json!("99999");
            let mut unknown_procedure = record("HS-5", "2025-07-02T08:00:00+07:00");
            unknown_procedure["procedure"] = json!("1.999999");
            let mut read_as_a_number = record("HS-7", "2025-07-02T08:00:00+07:00");
            read_as_a_number["procedure"] = json!("1.00436");
            let mut finished_before = record("HS-6", "2025-07-02T08:00:00+07:00");
            finished_before["finished_at"] = json!("2025-07-01T08:00:00+07:00");
            let batch = json!({ "records": [
                record("HS-1", "2025-07-02T08:00:00+07:00"),
                record("HS-1", "2025-07-02T09:00:00+07:00"),
                record("HS-2", "2099-01-01T00:00:00+07:00"),
                other_commune,
                unknown_commune,
                unknown_procedure,
                finished_before,
                read_as_a_number,
            ] });
            let (status, body) = send(&app, "40", Some(&token), batch.to_string()).await;
            assert_eq!(
                (status, &body["error"]),
                (422, &json!("invalid_records")),
                "{body}"
            );
            let named: Vec<(u64, String, String)> = body["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["index"].as_u64().unwrap(),
                        r["field"].as_str().unwrap().to_owned(),
                        r["problem"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let expected: Vec<(u64, String, String)> = [
                (1, "code", "code_repeated"),
                (2, "received_at", "in_the_future"),
                (3, "commune", "commune_of_another_province"),
                (4, "commune", "unknown_commune"),
                (5, "procedure", "unknown_procedure"),
                (6, "finished_at", "before_received"),
                (7, "procedure", "procedure_code_malformed"),
            ]
            .iter()
            .map(|(i, f, p)| (*i, f.to_string(), p.to_string()))
            .collect();
            assert_eq!(named, expected, "{}", app.backend);
            assert_eq!(dossiers(&app).await, 0);
        }
    });
}

#[test]
fn batches_racing_on_the_same_new_dossier_make_one_dossier() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            app.user("admin", Role::MinistryAdmin, None).await;
            let admin = app.login("admin", PASSWORD).await.unwrap();
            let token = issue(&app, &admin, "40").await;
            // Sent together, each by a task of its own.
            let sends: Vec<_> = (0..8)
                .map(|n| {
                    let mut r = record("HS-RACE", "2025-07-02T08:00:00+07:00");
                    r["channel"] = json!(if n % 2 == 0 { "online" } else { "in_person" });
                    let request = app
                        .client
                        .post(app.url("/api/v1/tinh/40/ho-so"))
                        .header("authorization", format!("Bearer {token}"))
                        .header("content-type", "application/json")
                        .body(json!({ "records": [r] }).to_string());
                    tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
                })
                .collect();
            let mut statuses = Vec::new();
            for send in sends {
                statuses.push(send.await.unwrap());
            }
            assert!(
                statuses.iter().all(|s| *s == 200),
                "{statuses:?} {}",
                app.backend
            );
            assert_eq!(dossiers(&app).await, 1);
            let figures = app::dossiers::figures::totals(
                &app.db,
                app::dossiers::period_start(),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(
                figures["40"].received, 1,
                "counted once, whichever came last"
            );
        }
    });
}

#[test]
fn the_api_is_described_in_openapi_and_on_a_page() {
    common::run(async {
        for app in apps().await {
            let (status, doc) = app.get_text("/api/openapi.json").await;
            assert_eq!(status, 200);
            let doc: Value = serde_json::from_str(&doc).unwrap();
            let operation = &doc["paths"]["/api/v1/tinh/{code}/ho-so"]["post"];
            assert!(operation["responses"]["422"].is_object(), "{doc}");
            assert!(
                doc["components"]["schemas"]["DossierRecord"]["properties"]["received_at"]
                    .is_object()
            );
            assert_eq!(
                doc["components"]["securitySchemes"]["token"]["scheme"],
                "bearer"
            );
            let (status, page) = app.get_text("/api/tai-lieu").await;
            assert_eq!(status, 200);
            for text in [
                "POST /api/v1/tinh/{code}/ho-so",
                "DossierRecord",
                "invalid_records",
            ] {
                assert!(page.contains(text), "{text}");
            }
        }
    });
}
