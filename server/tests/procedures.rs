//! The catalogue of procedures: found without diacritics, filtered by department and by what
//! a province's decisions in force make of them on a date (Nghệ An: 205 boundary-free on
//! 14/8/2025, none before 25/7/2025, the 121 proposed for delegation marked as proposed);
//! each procedure lists the decisions that covered it.

mod common;

use common::demo_apps;

fn count_line(page: &str) -> String {
    let start = page.find("catalogue-count").expect("the count");
    let text = &page[start..];
    let from = text.find('>').unwrap() + 1;
    let to = text.find('<').unwrap();
    text[from..to].to_owned()
}

#[test]
fn the_catalogue_is_searched_and_filtered_by_the_provinces_decisions() {
    common::run(async {
        for app in demo_apps().await {
            let (status, page) = app.get_text("/thu-tuc").await;
            assert_eq!(status, 200);
            assert_eq!(
                count_line(&page),
                "2.016 trên 2.016 thủ tục.",
                "{}",
                app.backend
            );
            // Without diacritics, by words of the name.
            let (_, page) = app.get_text("/thu-tuc?q=giay+phep+ban+le").await;
            let count = count_line(&page);
            assert!(
                !count.starts_with("0 ") && count != "2.016 trên 2.016 thủ tục.",
                "{count}"
            );
            assert!(page.contains("Cấp giấy phép bán lẻ"));
            let (_, page) = app.get_text("/thu-tuc?so=SKHCN").await;
            assert_eq!(count_line(&page), "288 trên 2.016 thủ tục.");

            for (query, expected) in [
                (
                    "tinh=40&loai=boundary_free&ngay=2025-08-14",
                    "205 trên 2.016 thủ tục.",
                ),
                (
                    "tinh=40&loai=boundary_free&ngay=2025-07-24",
                    "0 trên 2.016 thủ tục.",
                ),
                // Proposed, not in force: no procedure is delegated yet.
                (
                    "tinh=40&loai=delegation&ngay=2025-08-14",
                    "0 trên 2.016 thủ tục.",
                ),
            ] {
                let (_, page) = app.get_text(&format!("/thu-tuc?{query}")).await;
                assert_eq!(count_line(&page), expected, "{query}");
            }
            let (_, page) = app
                .get_text("/thu-tuc?tinh=40&so=SKHCN&ngay=2025-08-14")
                .await;
            let page = common::strip_markers(&page);
            assert_eq!(
                common::count(&page, "Ủy quyền (đề xuất)"),
                50,
                "a page of the 121 proposed"
            );

            // A procedure covered by both of Nghệ An's decisions.
            let (_, page) = app
                .get_text("/thu-tuc?tinh=40&so=SKHCN&loai=boundary_free&ngay=2025-08-14")
                .await;
            let link = "<th scope=\"row\" class=\"code\"><a href=\"/thu-tuc/";
            let start = page.find(link).unwrap() + link.len();
            let code: String = page[start..].chars().take(8).collect();
            let (status, page) = app
                .get_text(&format!("/thu-tuc/{code}?ngay=2025-08-14"))
                .await;
            assert_eq!(status, 200, "{code}");
            let page = common::strip_markers(&page);
            assert_eq!(
                common::count(&page, "<th scope=\"row\">Nghệ An</th>"),
                2,
                "{page}"
            );
            assert!(page.contains("Đang có hiệu lực") && page.contains("Đề xuất"));
            assert_eq!(app.get_text("/thu-tuc/9.999999").await.0, 404);
        }
    });
}
