//! The map's drawing as SVG markup: the faint context, the areas, the outline and the links
//! over them, and, in a layer of its own, the areas highlighted.
//!
//! The drawing is set as the inner HTML of one group, which a hydrating page leaves as the
//! server wrote it, so the page carries the paths once (in the SVG, not again in its data) and
//! hydrating costs nothing however many areas there are. The browser writes it itself only
//! when it renders the map afresh, with the paths it fetched. (The live map of all communes
//! fetches its areas with their paths, to find the one under the pointer.)
//!
//! Most maps draw each area as a link named with its figures. The links take no tab stop of
//! their own: the map is one, and the arrow keys move between its areas. A grouped map (all communes)
//! draws its areas in one path per province and colour, which the browser lays out and paints
//! several times faster, and links through the provinces drawn over them.

use super::Area;
use crate::maps::{MapShape, rings};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::fmt::Write;

/// A link drawn over the map: where it goes and its name.
#[derive(Clone, Debug)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// The areas of a grouped map drawn together: one group per province and colour, in the
/// order they first come in the map (which lists its communes province by province), each
/// group's areas in the map's order.
pub fn groups(areas: &[Area]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<((&str, String), Vec<usize>)> = Vec::new();
    for (i, area) in areas.iter().enumerate() {
        let key = (area.province.as_str(), area.shown.fill.class());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|((_, class), members)| (class, members))
        .collect()
}

/// Each area's own path data from a grouped map's groups as drawn (in drawing order), given
/// how many rings each area has.
pub fn ungroup(areas: &[Area], drawn: &[String]) -> Vec<String> {
    let mut own = vec![String::new(); areas.len()];
    for ((_, members), data) in groups(areas).iter().zip(drawn) {
        let mut rings = rings::split(data);
        for &i in members {
            own[i] = rings.by_ref().take(usize::from(areas[i].rings)).collect();
        }
    }
    own
}

/// The markup of `shape`, its areas showing `areas` (in the same order) and `over` linking
/// its `over` areas, or nothing when the paths were left out (a page being hydrated).
pub fn markup(shape: &MapShape, areas: &[Area], selected: Option<&str>, over: &[Link]) -> String {
    if shape.areas.first().is_none_or(|a| a.path.is_empty()) {
        return String::new();
    }
    let mut out = String::with_capacity(shape.areas.iter().map(|a| a.path.len() + 200).sum());
    out.push_str(r#"<g class="context" aria-hidden="true">"#);
    for area in &shape.context {
        let _ = write!(out, r#"<path d="{}"></path>"#, attr(&area.path));
    }
    out.push_str("</g>");
    if shape.grouped() {
        for (class, members) in groups(areas) {
            let _ = write!(out, r#"<path class="group {class}" d=""#);
            for i in members {
                out.push_str(&shape.areas[i].path);
            }
            out.push_str(r#""></path>"#);
        }
    } else {
        for (drawn, Area { code, shown, .. }) in shape.areas.iter().zip(areas) {
            let class = if selected == Some(code.as_str()) {
                "area selected"
            } else {
                "area"
            };
            let _ = write!(
                out,
                r#"<g class="{class}" data-code="{}"><a href="{}" tabindex="-1"><path d="{}" class="{}"></path><title>{}</title></a></g>"#,
                attr(code),
                attr(&shown.href),
                attr(&drawn.path),
                shown.fill.class(),
                text(&shown.label),
            );
        }
    }
    if !shape.outline.is_empty() {
        let _ = write!(
            out,
            r#"<path class="outline" aria-hidden="true" d="{}"></path>"#,
            attr(&shape.outline)
        );
    }
    if !over.is_empty() {
        out.push_str(r#"<g class="over">"#);
        for (area, link) in shape.over.iter().zip(over) {
            let _ = write!(
                out,
                r#"<a href="{}" aria-label="{}" tabindex="-1"><path d="{}"></path></a>"#,
                attr(&link.href),
                attr(&link.label),
                attr(&area.path)
            );
        }
        out.push_str("</g>");
    }
    out
}

/// The highlight layer: each area given (its code, why, its path data) drawn again on top.
pub fn highlights<'a>(areas: impl Iterator<Item = (&'a str, &'static str, &'a str)>) -> String {
    areas.fold(String::new(), |mut out, (code, class, data)| {
        let _ = write!(
            out,
            r#"<path class="{class}" data-of="{}" d="{}"></path>"#,
            attr(code),
            attr(data)
        );
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        components::map::{Fill, Shown},
        maps::{MapArea, MapKey},
    };

    fn area(code: &str, province: &str, path: &str, fill: Option<f64>) -> (MapArea, Area) {
        let drawn = MapArea {
            code: code.into(),
            name: code.into(),
            path: path.into(),
            bbox: [0; 4],
            rings: path.matches('M').count() as u16,
            province: province.into(),
        };
        let shown = Area {
            code: code.into(),
            name: format!("{code} <&> \"x\""),
            bbox: [0; 4],
            rings: drawn.rings,
            province: province.into(),
            shown: Shown {
                fill: Fill::Percent(fill),
                label: format!("{code} <&> \"x\""),
                facts: Vec::new(),
                href: format!("/xa/{code}?ngay=2025-08-14&a=b"),
            },
        };
        (drawn, shown)
    }

    fn shape(key: MapKey, drawn: Vec<MapArea>, outline: &str, over: Vec<MapArea>) -> MapShape {
        MapShape {
            key,
            width: 10,
            height: 10,
            areas: drawn,
            context: Vec::new(),
            outline: outline.into(),
            over,
        }
    }

    #[test]
    fn each_area_is_a_named_link_and_text_is_escaped() {
        let (drawn, shown) = area("17827", "40", "M0 0l1 0 0 1z", Some(96.0));
        let map = shape(MapKey::Provinces, vec![drawn], "M0 0l2 0 0 2z", Vec::new());
        let got = markup(&map, &[shown], None, &[]);
        assert!(got.contains(r#"<g class="area" data-code="17827"><a href="/xa/17827?ngay=2025-08-14&amp;a=b" tabindex="-1"><path d="M0 0l1 0 0 1z" class="fill-5"></path><title>17827 &lt;&amp;&gt; "x"</title></a></g>"#), "{got}");
        assert!(
            got.ends_with(r#"<path class="outline" aria-hidden="true" d="M0 0l2 0 0 2z"></path>"#)
        );
    }

    /// Four communes of two provinces, two of one colour in the first: three groups.
    fn three() -> (MapShape, Vec<Area>) {
        let (a, sa) = area("1", "01", "M0 0l1 0 0 1zM5 5l1 0 0 1z", Some(96.0));
        let (b, sb) = area("2", "02", "M1 0l1 0 0 1z", Some(96.0));
        let (c, sc) = area("3", "01", "M2 0l1 0 0 1z", Some(50.0));
        let (d, sd) = area("4", "01", "M3 0l1 0 0 1z", Some(97.0));
        let (province, _) = area("01", "", "M0 0l9 0 0 9z", None);
        let map = shape(MapKey::AllCommunes, vec![a, b, c, d], "", vec![province]);
        (map, vec![sa, sb, sc, sd])
    }

    #[test]
    fn a_grouped_map_draws_a_path_per_province_and_colour_and_links_its_provinces() {
        let (map, areas) = three();
        assert_eq!(
            groups(&areas),
            [
                ("fill-5".to_owned(), vec![0, 3]),
                ("fill-5".to_owned(), vec![1]),
                ("fill-1".to_owned(), vec![2]),
            ]
        );
        let link = Link {
            href: "/tinh/01?ngay=2025-08-14".into(),
            label: "Hà Nội".into(),
        };
        let got = markup(&map, &areas, None, &[link]);
        assert!(got.contains(r#"<path class="group fill-5" d="M0 0l1 0 0 1zM5 5l1 0 0 1zM3 0l1 0 0 1z"></path><path class="group fill-5" d="M1 0l1 0 0 1z"></path><path class="group fill-1" d="M2 0l1 0 0 1z"></path>"#), "{got}");
        assert!(got.ends_with(r#"<g class="over"><a href="/tinh/01?ngay=2025-08-14" aria-label="Hà Nội" tabindex="-1"><path d="M0 0l9 0 0 9z"></path></a></g>"#), "{got}");
        assert!(!got.contains("<a href=\"/xa/"), "no link per commune");
    }

    #[test]
    fn each_area_is_read_back_from_the_groups_drawn() {
        let (map, areas) = three();
        let drawn: Vec<String> = markup(&map, &areas, None, &[])
            .split(r#"d=""#)
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
            .collect();
        let own: Vec<&str> = map.areas.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(ungroup(&areas, &drawn), own);
    }

    #[test]
    fn highlights_are_drawn_again_on_top() {
        assert_eq!(
            highlights([("17827", "found", "M0 0l1 0 0 1z")].into_iter()),
            r#"<path class="found" data-of="17827" d="M0 0l1 0 0 1z"></path>"#
        );
    }

    #[test]
    fn without_paths_there_is_nothing_to_write() {
        let (drawn, shown) = area("17827", "40", "", None);
        let map = shape(MapKey::Provinces, vec![drawn], "", Vec::new());
        assert_eq!(markup(&map, &[shown], None, &[]), "");
    }
}
