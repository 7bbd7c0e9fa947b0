//! Maps over real HTTP on the demo data: the paths travel once in a page, the search finds a
//! commune without JavaScript, the rating colours (communes and provinces), and the map of all
//! communes agrees with the province pages.

mod common;

use common::demo_apps;
use serde_json::Value;

const SEED: &str = "2025-08-14";

/// The SVG of the map whose figure has `class`.
fn map_of<'a>(page: &'a str, class: &str) -> &'a str {
    let map = &page[page.find(class).unwrap_or_else(|| panic!("{class}"))..];
    &map[..map.find("</svg>").expect("the map ends")]
}

#[test]
fn a_province_map_is_drawn_once_finds_a_commune_and_colours_by_rating() {
    common::run(async {
        for app in demo_apps().await {
            let (status, shape) = app
                .post("/api/maps/communes", None, &[("code", "40")])
                .await;
            assert_eq!(status, 200);
            let areas = shape["areas"].as_array().expect("areas");
            assert_eq!(areas.len(), 130);
            let nghi_loc = areas
                .iter()
                .find(|a| a["code"] == "17827")
                .expect("Nghi Lộc");
            let path = nghi_loc["path"].as_str().expect("a path");
            assert!(path.starts_with('M') && path.len() > 20);

            // Found by its name without diacritics, with no script: highlighted, its card open.
            let (status, page) = app
                .get_text(&format!("/tinh/40?ngay={SEED}&tim=nghi+loc"))
                .await;
            assert_eq!(status, 200);
            // The page carries the path in its SVG, and again on top as found, not in its data.
            assert_eq!(common::count(&page, path), 2, "{}", app.backend);
            let map = map_of(&page, "commune-map");
            let highlights = &map[map.find(r#"class="highlights">"#).expect("highlights")..];
            let found = format!(r#"<path class="found" data-of="17827" d="{path}">"#);
            assert!(highlights.contains(&found));
            assert_eq!(common::count(map, "<g class=\"area"), 130);
            let card = &page[page
                .find(r#"data-code="17827" class="map-card""#)
                .expect("its card")..];
            assert!(card.contains(r#"<p class="map-card-name"><strong>Nghi Lộc</strong>"#));
            assert!(card.contains(&format!("href=\"/xa/17827?ngay={SEED}\"")));

            // By rating: every commune has a rating's fill, as many of each as the table's.
            let (_, page) = app
                .get_text(&format!("/tinh/40?ngay={SEED}&to-mau=danh-gia"))
                .await;
            let map = map_of(&page, "commune-map");
            let fills: Vec<usize> = ["xanh", "vang", "do"]
                .iter()
                .map(|r| common::count(map, &format!("class=\"fill-{r}\"")))
                .collect();
            assert_eq!(fills.iter().sum::<usize>(), 130, "{fills:?}");
            let table = &page[page.find("progress-table").expect("the communes' table")..];
            let table = &table[..table.find("</table>").expect("the table ends")];
            let badges: Vec<usize> = ["xanh", "vang", "do"]
                .iter()
                .map(|r| common::count(table, &format!("badge badge-{r}")))
                .collect();
            assert_eq!(fills, badges);
            assert!(map.contains("id=\"pattern-do\""), "Đỏ has its pattern");
        }
    });
}

#[test]
fn the_map_of_all_communes_agrees_with_the_province_pages() {
    common::run(async {
        for app in demo_apps().await {
            let (status, page) = app.get_text(&format!("/?ngay={SEED}&ban-do=xa")).await;
            assert_eq!(status, 200);
            let map = map_of(&page, "all-communes-map");
            // Drawn in a path per province and colour, linked through the 34 provinces.
            let groups = common::count(map, "<path class=\"group fill-");
            assert!((34..=34 * 6).contains(&groups), "{groups} groups");
            assert_eq!(common::count(map, "<a href=\"/tinh/"), 34);
            assert!(map.contains(
                r#"<a href="/tinh/40?ngay=2025-08-14#ban-do" aria-label="Nghệ An" tabindex="-1">"#
            ));
            assert!(!map.contains("<a href=\"/xa/"), "no link per commune");
            // Nor are the communes in the page's data: a live page fetches them.
            assert!(!page.contains("Nghi Lộc"), "no commune's name in the page");
            // Its table is the provinces', which says where each commune's figures are.
            let help = &page[page.find("class=\"map-help\"").expect("the map's help")..];
            assert!(help.contains("<a href=\"#ranking-table\">Xem số liệu theo tỉnh dạng bảng"));

            // Nghi Lộc is coloured as on its province's map.
            let (_, shape) = app.post("/api/maps/all-communes", None, &[]).await;
            let areas = shape["areas"].as_array().expect("areas");
            assert_eq!(areas.len(), 3321);
            let path = areas
                .iter()
                .find(|a| a["code"] == "17827")
                .and_then(|a| a["path"].as_str())
                .expect("Nghi Lộc's path");
            let group = &map[..map.find(path).expect("Nghi Lộc drawn in a group")];
            let group = &group[group.rfind("<path class=\"group ").unwrap() + 19..];
            let fill_on_all = &group[..group.find('"').unwrap()];
            let (_, province) = app.get_text(&format!("/tinh/40?ngay={SEED}")).await;
            let on_province = map_of(&province, "commune-map");
            let area = &on_province[on_province.find(r#"data-code="17827""#).expect("its area")..];
            let area = &area[area.find(" class=\"fill-").unwrap() + 8..];
            assert_eq!(fill_on_all, &area[..area.find('"').unwrap()]);

            // Found by name, its card gives the figures of its province's page and of the API.
            let title = &area[area.find("<title>").unwrap() + 7..];
            let on_province = title[..title.find("</title>").unwrap()].to_owned();
            let (_, page) = app
                .get_text(&format!("/?ngay={SEED}&ban-do=xa&tim=nghi+loc"))
                .await;
            let map = map_of(&page, "all-communes-map");
            assert!(
                map.contains(r#"<path class="found" data-of="17827" d="M"#),
                "highlighted"
            );
            let card = &page[page
                .find(r#"data-code="17827" class="map-card""#)
                .expect("its card")..];
            let on_all = &card[..card.find("</dl>").expect("its figures")];
            let (status, figures) = app
                .post("/api/rankings/communes", None, &[("as_of", SEED)])
                .await;
            assert_eq!(status, 200);
            let communes = figures["communes"].as_array().expect("communes");
            let row: &Value = communes
                .iter()
                .find(|c| c["code"] == "17827")
                .expect("Nghi Lộc has figures");
            assert_eq!(row["province"], "40");
            let done = format!(
                "{}/{}",
                row["completion"]["done"], row["completion"]["assigned"]
            );
            assert!(
                on_province.contains(&format!("({done} nhiệm vụ)")),
                "{on_province} / {done}"
            );
            let percent = on_province
                .split(": ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            for figure in [
                "<dd>Nghệ An</dd>",
                &format!("<dd>{done}</dd>"),
                &format!("<dd>{percent}</dd>"),
            ] {
                assert!(on_all.contains(figure), "{on_all} / {figure}");
            }
            // Coloured by rating, the provinces' map shows each province's own rating.
            let (_, page) = app
                .get_text(&format!("/?ngay={SEED}&to-mau=danh-gia"))
                .await;
            let map = map_of(&page, "province-map");
            let ranking: Value = app
                .get(&format!("/api/v1/xep-hang?ngay={SEED}"))
                .await
                .json()
                .await
                .unwrap();
            for rating in ["xanh", "vang", "do"] {
                let expected = ranking["standings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["rating"] == rating)
                    .count();
                let shown = common::count(map, &format!("class=\"fill-{rating}\""));
                assert_eq!(shown, expected, "{rating}");
            }
        }
    });
}
