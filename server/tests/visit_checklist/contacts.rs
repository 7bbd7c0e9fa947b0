//! A province's contact points for visits.

use crate::common::{self, PASSWORD};
use app::accounts::Role;

/// A contact point of Nghệ An's as its form sends it (`id` empty for a new one).
fn contact<'a>(id: &'a str, phone: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("contact[province]", "40"),
        ("contact[id]", id),
        ("contact[topic]", "Chuyển đổi số"),
        ("contact[name]", "Nguyễn <b>Văn</b> Đầu Mối"),
        ("contact[title]", "Phó Giám đốc"),
        ("contact[unit]", "Sở Khoa học và Công nghệ"),
        ("contact[phone]", phone),
        ("contact[email]", email),
    ]
}

#[test]
fn a_province_and_the_ministry_keep_its_contact_points_which_no_other_province_reads() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            app.user("quan_tri", Role::MinistryAdmin, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let admin = app.login("quan_tri", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            for (phone, email, field, problem) in [
                ("0238 ext 1", "", "phone", "PhoneInvalid"),
                ("0238 3844 000", "skhcn", "email", "EmailInvalid"),
                // A link that would send a copy elsewhere.
                (
                    "0238 3844 000",
                    "skhcn@nghean.gov.vn?bcc=ai@noi-khac.vn",
                    "email",
                    "EmailInvalid",
                ),
            ] {
                let (status, body) = app
                    .post(
                        "/api/visits/contact",
                        Some(&nghe_an),
                        &contact("", phone, email),
                    )
                    .await;
                assert_eq!(status, 422, "{body} {backend}");
                assert_eq!(body["InvalidField"][0], field);
                assert_eq!(body["InvalidField"][1], problem);
            }
            let valid = contact("", "0238 3844 000", "skhcn@nghean.gov.vn");
            let (status, _) = app
                .post("/api/visits/contact", Some(&ha_tinh), &valid)
                .await;
            assert_eq!(status, 403, "another province's official adds none");
            let (status, body) = app
                .post("/api/visits/contact", Some(&nghe_an), &valid)
                .await;
            assert_eq!(status, 200, "{body} {backend}");

            let list = |cookie: Option<String>| {
                let app = &app;
                async move {
                    app.post("/api/visits/contacts", cookie.as_deref(), &[("code", "40")])
                        .await
                }
            };
            let (status, seen) = list(Some(inspector.clone())).await;
            assert_eq!(status, 200);
            assert_eq!(seen["may_manage"], true);
            let contacts = seen["contacts"].as_array().unwrap().clone();
            assert_eq!(contacts.len(), 1, "{backend}");
            assert_eq!(list(Some(ha_tinh.clone())).await.0, 403);
            assert_eq!(list(None).await.0, 401);
            let (status, page) = app.get_as("/tinh/40/dau-moi", Some(&inspector)).await;
            assert_eq!(status, 200);
            assert!(page.contains("href=\"tel:02383844000\""), "{backend}");
            assert!(page.contains("mailto:skhcn@nghean.gov.vn"));
            assert!(!page.contains("<b>Văn</b>"), "a name is text");

            // A contact point stays in its province: another province's official cannot
            // change it by naming their own; one that does not exist is refused alike.
            let id = contacts[0]["id"].as_i64().unwrap().to_string();
            let id = id.as_str();
            let mut moved = contact(id, "0238 3844 001", "");
            moved[0].1 = "42";
            assert_eq!(
                app.post("/api/visits/contact", Some(&ha_tinh), &moved)
                    .await
                    .0,
                403
            );
            let missing = contact("987654", "0238 3844 001", "");
            assert_eq!(
                app.post("/api/visits/contact", Some(&ha_tinh), &missing)
                    .await
                    .0,
                403
            );
            assert_eq!(
                app.post("/api/visits/contact", Some(&admin), &missing)
                    .await
                    .0,
                404
            );
            // Changed, then taken away, by the ministry.
            let (status, _) = app
                .post(
                    "/api/visits/contact",
                    Some(&inspector),
                    &contact(id, "0912 345 678", ""),
                )
                .await;
            assert_eq!(status, 200);
            let (_, seen) = list(Some(nghe_an.clone())).await;
            assert_eq!(seen["contacts"][0]["phone"], "0912 345 678");
            let mut remove = contact(id, "", "");
            remove.push(("contact[remove]", "on"));
            let (status, _) = app.post("/api/visits/contact", Some(&admin), &remove).await;
            assert_eq!(status, 200);
            let (_, seen) = list(Some(nghe_an.clone())).await;
            assert_eq!(seen["contacts"].as_array().unwrap().len(), 0, "{backend}");
        }
    });
}
