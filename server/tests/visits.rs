//! The ministry's visits: the demo gives Nghệ An the visit of 22/8/2025 as the seed article
//! tells it, on the province's page, its list of visits and the visit's own page; what it
//! left to follow up is open, closed or overdue on any date from the responses up to that
//! date; public pages give titles, never names, which only those who may read the
//! province's records see.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, demo_apps};
use serde_json::Value;

async fn province_visits(app: &TestApp, day: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/visits/province",
            None,
            &[("code", "40"), ("as_of", day)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn figures(list: &Value) -> (u64, u64, u64) {
    let f = &list["figures"];
    (
        f["open"].as_u64().unwrap(),
        f["closed"].as_u64().unwrap(),
        f["overdue"].as_u64().unwrap(),
    )
}

#[test]
fn the_demo_gives_nghe_an_the_visit_of_22_august_and_its_follow_up_by_date() {
    common::run(async {
        for app in demo_apps().await {
            // Before it, planned; nothing to follow up yet.
            let before = province_visits(&app, "2025-08-21").await;
            let visit = &before["visits"][0];
            assert_eq!(visit["starts_on"], "2025-08-22", "{}", app.backend);
            assert_eq!(visit["status"], "Planned");
            assert_eq!(figures(&before), (0, 0, 0));
            let id = visit["id"].as_i64().unwrap();
            // On the day: under way, and eight to follow up: the locality's two
            // recommendations and six conclusions.
            let on_the_day = province_visits(&app, "2025-08-22").await;
            assert_eq!(on_the_day["visits"][0]["status"], "UnderWay");
            assert_eq!(figures(&on_the_day), (8, 0, 0));
            let after = province_visits(&app, "2025-08-23").await;
            assert_eq!(after["visits"][0]["status"], "ReportIssued");
            // By 1/11/2025: two closed; a conclusion due 31/10 still in progress is overdue.
            assert_eq!(
                figures(&province_visits(&app, "2025-11-01").await),
                (6, 2, 1)
            );
            // By 1/12/2025: that one closed on 25/11; two others past 30/11 are overdue.
            assert_eq!(
                figures(&province_visits(&app, "2025-12-01").await),
                (5, 3, 2)
            );

            // Its page, anonymous: the article's words, titles and no names.
            let (status, page) = app
                .get_text(&format!("/doan-cong-tac/{id}?ngay=2025-12-01"))
                .await;
            assert_eq!(status, 200);
            for text in [
                "Phó Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
                "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
                "kết nối dữ liệu với Đề án 06",
                "lộ trình đầu tư trang thiết bị",
                "lực lượng sinh viên tình nguyện",
                "đề xuất sửa đổi, bổ sung văn bản pháp luật",
                "Quá hạn",
            ] {
                assert!(page.contains(text), "{text} ({})", app.backend);
            }
            assert!(!page.contains("Trần Ngọc Hậu"), "no name on a public page");
            // The province's official sees who led it.
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let (_, page) = app
                .get_as(&format!("/doan-cong-tac/{id}"), Some(&official))
                .await;
            assert!(page.contains("Trần Ngọc Hậu"), "{}", app.backend);

            // The province's page gives the figures and leads to the list.
            let (_, page) = app.get_text("/tinh/40?ngay=2025-12-01").await;
            let section = &page[page.find("province-visits").expect("the section")..];
            assert!(
                section.contains("class=\"follow-ups-open\">5<"),
                "{section}"
            );
            assert!(section.contains("class=\"follow-ups-overdue\">2<"));
            assert!(section.contains("/tinh/40/doan-cong-tac?ngay=2025-12-01"));
            let (status, list) = app.get_text("/tinh/40/doan-cong-tac?ngay=2025-12-01").await;
            assert_eq!(status, 200);
            assert!(list.contains(
                "Làm việc với UBND tỉnh Nghệ An về phân cấp, phân quyền và chuyển đổi số"
            ));
            assert_eq!(app.get_text("/doan-cong-tac/999999").await.0, 404);
        }
    });
}
