//! Server-rendered pages, through the same router `main` serves.

mod common;

use common::{apps, count};

#[test]
fn national_page_lists_the_34_provinces() {
    common::run(async {
        for app in apps().await {
            let (status, html) = app.get_text("/").await;
            assert_eq!(status, 200, "{}", app.backend);
            assert!(html.contains(r#"<html lang="vi""#), "{}: lang", app.backend);
            assert_eq!(count(&html, r#"href="/tinh/"#), 34, "{}", app.backend);
            assert!(html.contains(">Nghệ An</a>"));
            assert!(html.contains("34 tỉnh, thành phố · 3.321 xã, phường, đặc khu"));
            // Hà Nội: 126 units, 75 xã and 51 phường, as in the official list.
            assert!(html.contains(r#"<a href="/tinh/01">Hà Nội</a>"#));
            assert!(html.contains("Hiển thị 34/34"));
        }
    });
}

#[test]
fn province_page_lists_its_130_communes() {
    common::run(async {
        for app in apps().await {
            let (status, html) = app.get_text("/tinh/40").await;
            assert_eq!(status, 200, "{}", app.backend);
            assert_eq!(count(&html, r#"href="/xa/"#), 130, "{}", app.backend);
            assert!(html.contains("<h1>Tỉnh Nghệ An</h1>"));
            assert!(html.contains("130 đơn vị cấp xã: 119 xã, 11 phường, 0 đặc khu"));
            assert!(html.contains("<dd>16.486,50 km²</dd>"));
            assert!(
                html.contains("<dd>Không sáp nhập, giữ nguyên</dd>"),
                "Nghệ An was not merged"
            );
            let (_, phu_tho) = app.get_text("/tinh/25").await;
            assert!(
                phu_tho.contains("<dd>Tỉnh Hoà Bình, Tỉnh Phú Thọ, Tỉnh Vĩnh Phúc</dd>"),
                "Phú Thọ merged three"
            );
        }
    });
}

#[test]
fn search_works_without_javascript_and_ignores_diacritics() {
    common::run(async {
        for app in apps().await {
            let (status, html) = app.get_text("/tinh/40?q=nghi+loc").await;
            assert_eq!(status, 200);
            // Nghi Lộc first, then Nghĩa Lộc ("nghi" is in "nghia"); nothing else.
            let first = html.find(">Nghi Lộc</a>").expect("Nghi Lộc listed");
            let second = html.find(">Nghĩa Lộc</a>").expect("Nghĩa Lộc listed");
            assert!(first < second, "{}: exact name first", app.backend);
            assert_eq!(count(&html, r#"href="/xa/"#), 2);
            assert!(html.contains("Hiển thị 2/130"));
            assert!(
                html.contains(r#"value="nghi loc""#),
                "the box keeps the query"
            );

            let (_, html) = app.get_text("/?q=NGHE%20AN").await;
            assert_eq!(count(&html, r#"href="/tinh/"#), 1);
            assert!(html.contains(r#"href="/tinh/40""#));

            let (_, html) = app.get_text("/?q=zzz").await;
            assert!(html.contains("Không có đơn vị nào khớp với “zzz”."));
        }
    });
}

#[test]
fn commune_page_shows_its_province_and_predecessors() {
    common::run(async {
        for app in apps().await {
            let (status, html) = app.get_text("/xa/17827").await;
            assert_eq!(status, 200, "{}", app.backend);
            assert!(html.contains("<h1>Xã Nghi Lộc</h1>"));
            assert!(html.contains(r#"<a href="/tinh/40">Nghệ An</a>"#));
            assert!(html.contains("<li>"), "lists the units it was formed from");
        }
    });
}

#[test]
fn unknown_units_answer_404_in_the_site_language() {
    common::run(async {
        for app in apps().await {
            for path in ["/tinh/99", "/tinh/abc", "/xa/00000", "/xa/4", "/khong-co"] {
                let (status, html) = app.get_text(path).await;
                assert_eq!(status, 404, "{} {path}", app.backend);
                assert!(html.contains("Không tìm thấy trang"), "{path}");
            }
            let response = app
                .client
                .get(app.url("/tinh/99"))
                .header("cookie", "lang=en")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 404);
            let html = common::strip_markers(&response.text().await.unwrap());
            assert!(html.contains("Page not found"));
            assert!(html.contains(r#"<html lang="en""#));
        }
    });
}

#[test]
fn english_follows_the_language_cookie() {
    common::run(async {
        let app = common::spawn("sqlite", None).await;
        let response = app
            .client
            .get(app.url("/tinh/40"))
            .header("cookie", "theme=x; lang=en")
            .send()
            .await
            .unwrap();
        let vary: Vec<_> = response
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert!(vary.contains(&"cookie"), "{vary:?}");
        let html = common::strip_markers(&response.text().await.unwrap());
        assert!(html.contains(r#"<html lang="en""#));
        assert!(html.contains("130 commune-level units: 119 communes, 11 wards, 0 special zones"));
        assert!(html.contains("16,486.50 km²"));
    });
}

#[test]
fn addresses_as_people_type_them() {
    common::run(async {
        for app in common::demo_apps().await {
            // A trailing slash leads to the page, its query kept.
            let response = app.get("/xa/17827/?ngay=2025-08-14").await;
            assert_eq!(response.status(), 308, "{}", app.backend);
            assert_eq!(response.headers()["location"], "/xa/17827?ngay=2025-08-14");
            // Control characters in a search never reach the page.
            let (status, html) = app.get_text("/tinh/40?tim=nghi%00loc%1b%5B31m").await;
            assert_eq!(status, 200);
            assert!(!html.contains('\u{0}') && !html.contains('\u{1b}'));
            let at = html.find(r#"name="tim""#).expect("the map's search box");
            assert!(
                html.contains(r#"value="nghiloc[31m""#),
                "the rest of the search stays in its box: {}",
                &html[at.saturating_sub(300)..at + 300]
            );
        }
    });
}

#[test]
fn a_province_with_tasks_lists_its_communes_once_and_a_search_keeps_the_date() {
    common::run(async {
        for app in common::demo_apps().await {
            let (status, html) = app
                .get_text("/tinh/40?ngay=2025-08-14&q=nghi+loc%00%1b")
                .await;
            assert_eq!(status, 200, "{}", app.backend);
            let html = common::strip_markers(&html);
            assert_eq!(count(&html, r#"<table class="units"#), 1, "one list");
            assert!(html.contains(r#"class="units progress-table""#));
            assert_eq!(count(&html, "<tr hidden"), 128, "two shown of 130");
            assert!(html.contains("Hiển thị 2/130"));
            assert!(!html.contains('\u{0}') && !html.contains('\u{1b}'));
            assert!(
                html.contains(r#"value="nghi loc""#),
                "the box keeps the search"
            );
            let search = &html[html.find(r#" class="search">"#).expect("the search")..];
            let search = &search[..search.find("</form>").unwrap()];
            assert!(
                search.contains(r#"<input type="hidden" name="ngay" value="2025-08-14""#),
                "the search keeps the date: {search}"
            );
            assert!(html.contains("Địa giới hành chính"));
        }
    });
}
