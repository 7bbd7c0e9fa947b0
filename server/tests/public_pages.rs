//! The public pages and the open data over real HTTP: kept pages with an ETag that are never
//! served stale, in the right language; downloads that equal the figures on the page; no
//! official's words, files or links for the public.

mod common;

use app::{format, i18n::Locale};
use common::{
    apps, demo_apps,
    progress::{assign, change, change_row, commune_tasks, communes_of, ranking, standing},
};
use entity::assignment_change;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use std::collections::HashMap;

#[test]
fn public_pages_are_kept_with_an_etag_and_never_served_stale() {
    common::run(async {
        for app in apps().await {
            let tasks = commune_tasks(&app, "KH-TRANG", 1).await;
            let a = communes_of(&app, "01", 1).await;
            let b = communes_of(&app, "46", 1).await;
            assign(&app, tasks[0], &a[0], "01").await;
            let b1 = assign(&app, tasks[0], &b[0], "46").await;
            let path = "/?ngay=2025-07-31";
            // The open data is kept the same way.
            let data = "/api/v1/xep-hang?ngay=2025-07-31";
            let (_, data_before) = app.get_text(data).await;
            let kept_data = app.get(data).await.headers()["etag"].clone();
            assert_eq!(app.get(data).await.headers()["etag"], kept_data);
            let first = app.get(path).await;
            assert_eq!(first.status(), 200);
            let etag = first.headers()["etag"].to_str().unwrap().to_owned();
            let first_csp = first.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            assert_eq!(first.headers()["cache-control"], "no-cache");
            let page = common::strip_markers(&first.text().await.unwrap());
            assert!(
                page.contains("<tr data-code=\"01\"><td class=\"num rank\">1/2"),
                "{}",
                app.backend
            );
            // The same page again: the same bytes, or nothing at all for a client that has them.
            let again = app.get(path).await;
            assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
            let unchanged = app
                .client
                .get(app.url(path))
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(unchanged.status(), 304);
            // The browser keeps the headers a 304 brings: the page's own policy, or its copy
            // would lose its stylesheet and scripts.
            assert_eq!(
                unchanged.headers()["content-security-policy"]
                    .to_str()
                    .unwrap(),
                first_csp
            );
            // A change written straight to the database: the next visitor sees it.
            change(&app, b1, 5, "done").await;
            let after = app
                .client
                .get(app.url(path))
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(after.status(), 200, "{}", app.backend);
            assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);
            let (_, data_after) = app.get_text(data).await;
            assert_ne!(
                data_after, data_before,
                "{}: open data never stale",
                app.backend
            );
            let csp = after.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let page = common::strip_markers(&after.text().await.unwrap());
            assert!(
                page.contains("<tr data-code=\"46\"><td class=\"num rank\">1/2"),
                "{}",
                app.backend
            );
            // A page rendered afresh after the change: a new nonce.
            assert_ne!(
                common::nonce_of(&csp),
                common::nonce_of(&first_csp),
                "{csp}"
            );
            // The language comes from every Cookie header, as the page reads it: an English
            // page is never kept for Vietnamese readers.
            let english = app
                .client
                .get(app.url(path))
                .header("cookie", "a=1")
                .header("cookie", "lang=en")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(english.contains("<html lang=\"en\""));
            let (_, vietnamese) = app.get_text(path).await;
            assert!(vietnamese.contains("<html lang=\"vi\""));
            // Unknown parameters are answered but not kept.
            let odd = app.get(&format!("{path}&x=1")).await;
            assert_eq!(odd.status(), 200);
            assert!(odd.headers().get("etag").is_none());
            // Signed-in users are never served a kept page.
            app.user("tinh01", app::accounts::Role::ProvinceOfficial, Some("01"))
                .await;
            let cookie = app.login("tinh01", common::PASSWORD).await.unwrap();
            let signed_in = app
                .client
                .get(app.url(path))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(signed_in.headers()["cache-control"], "no-store");
            assert!(signed_in.headers().get("etag").is_none());
        }
    });
}

/// The text of each cell of a table row's HTML.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in row.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (false, c) => text.push(c),
            (true, '>') => {
                in_tag = false;
                if tag == "/td" || tag == "/th" {
                    cells.push(text.trim().to_owned());
                    text.clear();
                }
            }
            (true, c) => tag.push(c),
        }
    }
    cells
}

#[test]
fn the_downloads_equal_the_figures_on_the_page() {
    common::run(async {
        let app = &demo_apps().await[0];
        let query = "chi-so=tien-do-xa&ngay=2025-08-14&so-voi=2025-07-31";
        let (_, page) = app.get_text(&format!("/?{query}")).await;
        // Province code → [rank, name, value, change] as shown.
        let shown: HashMap<String, Vec<String>> = page
            .split("<tr data-code=\"")
            .skip(1)
            .map(|rest| {
                let (code, row) = rest.split_once("\">").unwrap();
                let row = &row[..row.find("</tr>").unwrap()];
                (code.to_owned(), cells(row))
            })
            .collect();
        assert_eq!(shown.len(), 34);
        let json = ranking(app, query).await;
        let csv = app
            .get(&format!("/api/xep-hang.csv?{query}"))
            .await
            .text()
            .await
            .unwrap();
        let mut lines = csv.trim_start_matches('\u{feff}').lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("hang,ma_tinh,ten,chi_so,gia_tri")
        );
        let mut rows = 0;
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            let on_screen = &shown[f[1]];
            assert_eq!(on_screen[0], format!("{}/34", f[0]), "{line}");
            assert_eq!(on_screen[1], f[2]);
            let csv_value: f64 = f[4].parse().unwrap();
            assert_eq!(
                on_screen[2],
                format::percent(csv_value, Locale::Vi),
                "{line}"
            );
            let csv_change = if f[6] == "±0" { "=" } else { f[6] };
            assert_eq!(on_screen[3], csv_change, "{line}");
            let s = standing(&json, f[1]);
            assert_eq!(
                on_screen[2],
                format::percent(s["value"].as_f64().unwrap(), Locale::Vi)
            );
            assert_eq!(s["rank"].as_u64().unwrap().to_string(), f[0]);
            rows += 1;
        }
        assert_eq!(rows, 34);
    });
}

/// The data a page carries for hydration: each resource's serialized value.
fn resources(page: &str) -> Vec<&str> {
    const START: &str = "__RESOLVED_RESOURCES[";
    let mut out = Vec::new();
    for (at, _) in page.match_indices(START) {
        let rest = &page[at + START.len()..];
        let Some(open) = rest.find("] = \"") else {
            continue;
        };
        let value = &rest[open + 5..];
        let mut escaped = false;
        let end = value
            .char_indices()
            .find(|&(_, c)| {
                let ends = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                ends
            })
            .map(|(i, _)| i)
            .expect("the value ends");
        out.push(&value[..end]);
    }
    out
}

#[test]
fn each_page_carries_its_data_once() {
    common::run(async {
        for app in demo_apps().await {
            for path in [
                "/?ngay=2025-08-14",
                "/?ngay=2025-08-14&ban-do=xa",
                "/tinh/40?ngay=2025-08-14",
                "/xa/17827?ngay=2025-08-14",
            ] {
                let (status, page) = app.get_text(path).await;
                assert_eq!(status, 200);
                let data = resources(&page);
                assert!(data.len() >= 2, "{path}: {} resources", data.len());
                let mut seen = std::collections::HashSet::new();
                for value in data.iter().filter(|v| v.len() > 100) {
                    let start: String = value.chars().take(80).collect();
                    assert!(seen.insert(value), "{path} carries twice: {start}…");
                }
            }
        }
    });
}

#[test]
fn public_pages_and_open_data_carry_no_official_s_words() {
    common::run(async {
        for app in apps().await {
            let tasks = commune_tasks(&app, "KH-RIENG", 1).await;
            let unit = &communes_of(&app, "40", 1).await[0];
            let id = assign(&app, tasks[0], unit, "40").await;
            assignment_change::ActiveModel {
                actor: Set(Some("Nguyễn Văn Cán Bộ".into())),
                progress: Set(40),
                note: Set("Ghi chú nội bộ".into()),
                difficulties: Set("Thiếu máy tính".into()),
                recommendations: Set("Đề nghị hỗ trợ".into()),
                ..change_row(id, 2, "in_progress")
            }
            .insert(&app.db)
            .await
            .unwrap();
            let query = "ngay=2025-07-31";
            let api = app
                .get(&format!("/api/v1/xa/{unit}?{query}"))
                .await
                .text()
                .await
                .unwrap();
            let (_, page) = app.get_text(&format!("/xa/{unit}?{query}")).await;
            for text in [
                "Ghi chú nội bộ",
                "Thiếu máy tính",
                "Đề nghị hỗ trợ",
                "Nguyễn Văn Cán Bộ",
            ] {
                assert!(!api.contains(text), "{}: {text} in the API", app.backend);
                assert!(!page.contains(text), "{}: {text} on the page", app.backend);
            }
            assert!(api.contains("\"progress\":40"), "the figures are there");
            // A signed-in official of the commune reads them.
            app.user("xa40", app::accounts::Role::CommuneOfficial, Some(unit))
                .await;
            let cookie = app.login("xa40", common::PASSWORD).await.unwrap();
            let (status, list) = app
                .post(
                    "/api/tasks/checklist",
                    Some(&cookie),
                    &[("code", unit.as_str()), ("as_of", "2025-07-31")],
                )
                .await;
            assert_eq!(status, 200);
            assert!(list.to_string().contains("Thiếu máy tính"));
        }
    });
}
