//! Every visit's recommendations and conclusions in one list, filtered.

use super::figures;
use crate::common::{self, TestApp, demo_apps};
use serde_json::Value;

async fn follow_up_list(app: &TestApp, filter: &[(&str, &str)]) -> Value {
    let mut form = vec![("as_of", "2025-12-01")];
    form.extend_from_slice(filter);
    let (status, body) = app.post("/api/visits/follow-ups", None, &form).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn entries(list: &Value) -> &Vec<Value> {
    list["entries"].as_array().unwrap()
}

#[test]
fn the_list_across_visits_filters_by_province_unit_kind_and_standing() {
    common::run(async {
        for app in demo_apps().await {
            // Everything, nationwide: the provinces' own figures added up.
            let all = follow_up_list(&app, &[("show", "all")]).await;
            let mut summed = (0, 0, 0);
            let provinces = all["provinces"].as_array().unwrap();
            assert!(provinces.len() > 1, "{all}");
            for province in provinces {
                let code = province[0].as_str().unwrap();
                let (status, list) = app
                    .post(
                        "/api/visits/province",
                        None,
                        &[("code", code), ("as_of", "2025-12-01")],
                    )
                    .await;
                assert_eq!(status, 200);
                let (open, closed, overdue) = figures(&list);
                summed = (summed.0 + open, summed.1 + closed, summed.2 + overdue);
            }
            assert_eq!(figures(&all), summed, "{}", app.backend);
            assert_eq!(entries(&all).len() as u64, summed.0 + summed.1);
            // The most overdue first.
            let overdue: Vec<bool> = entries(&all)
                .iter()
                .map(|e| e["line"]["overdue"].as_bool().unwrap())
                .collect();
            assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");

            // Nghệ An: its page's figures; by default what is not closed.
            let nghe_an = follow_up_list(&app, &[("province", "40")]).await;
            assert_eq!(figures(&nghe_an), (5, 3, 2));
            assert_eq!(entries(&nghe_an).len(), 5);
            assert!(
                entries(&nghe_an)
                    .iter()
                    .all(|e| e["province_code"] == "40" && e["line"]["status"] != "Closed")
            );
            // What the locality asked of the ministry.
            let ministry = follow_up_list(
                &app,
                &[
                    ("province", "40"),
                    ("unit", "Bộ Khoa học và Công nghệ"),
                    ("show", "all"),
                ],
            )
            .await;
            assert_eq!(entries(&ministry).len(), 2, "{ministry}");
            assert!(
                entries(&ministry)
                    .iter()
                    .all(|e| e["line"]["kind"] == "Recommendation")
            );
            assert!(
                nghe_an["units"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from("Bộ Khoa học và Công nghệ"))
            );
            let overdue = follow_up_list(&app, &[("province", "40"), ("show", "overdue")]).await;
            assert_eq!(entries(&overdue).len(), 2);
            let closed = follow_up_list(
                &app,
                &[
                    ("province", "40"),
                    ("kind", "conclusion"),
                    ("show", "closed"),
                ],
            )
            .await;
            assert!(
                entries(&closed)
                    .iter()
                    .all(|e| e["line"]["kind"] == "Conclusion" && e["line"]["status"] == "Closed")
            );
            // Before the visit, Nghệ An had nothing to follow up.
            let (status, before) = app
                .post(
                    "/api/visits/follow-ups",
                    None,
                    &[("province", "40"), ("as_of", "2025-08-21")],
                )
                .await;
            assert_eq!(status, 200);
            assert_eq!(figures(&before), (0, 0, 0));

            // The page, without JavaScript: each item leads to its place on its visit's
            // page; titles, no names.
            let (status, page) = app
                .get_text("/kien-nghi-ket-luan?tinh=40&don-vi=B%E1%BB%99+Khoa+h%E1%BB%8Dc+v%C3%A0+C%C3%B4ng+ngh%E1%BB%87&hien=all&ngay=2025-12-01")
                .await;
            assert_eq!(status, 200);
            assert!(
                page.contains("kết nối dữ liệu với Đề án 06"),
                "{}",
                app.backend
            );
            assert!(
                !page.contains("Tăng cường vai trò chỉ đạo"),
                "another unit's"
            );
            assert!(page.contains("?ngay=2025-12-01#follow-up-"));
            assert!(!page.contains("Trần Ngọc Hậu"));
            // The province's page leads to it.
            let (_, province) = app.get_text("/tinh/40?ngay=2025-12-01").await;
            assert!(province.contains("/kien-nghi-ket-luan?tinh=40&amp;ngay=2025-12-01"));
        }
    });
}
