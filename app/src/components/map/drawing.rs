//! The map's drawing as SVG markup: the faint context, the areas (each a link named with its
//! figures) and the outline over them.
//!
//! It is set as the inner HTML of one group, which a hydrating page leaves as the server wrote
//! it, so the paths travel once (in the SVG, not again in the page's data) and hydrating costs
//! nothing however many areas there are. The browser writes it itself only when it renders
//! the map afresh, with the paths it fetched.

use super::Area;
use crate::maps::MapShape;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::fmt::Write;

/// The markup of `shape`, its areas showing `areas` (in the same order), or nothing when the
/// paths were left out (a page being hydrated).
pub fn markup(
    shape: &MapShape,
    areas: &[Area],
    selected: Option<&str>,
    found: &[String],
) -> String {
    if shape.areas.first().is_none_or(|a| a.path.is_empty()) {
        return String::new();
    }
    let mut out = String::with_capacity(shape.areas.iter().map(|a| a.path.len() + 200).sum());
    out.push_str(r#"<g class="context" aria-hidden="true">"#);
    for area in &shape.context {
        let _ = write!(out, r#"<path d="{}"></path>"#, attr(&area.path));
    }
    out.push_str("</g>");
    for (drawn, Area { code, shown, .. }) in shape.areas.iter().zip(areas) {
        let mut class = String::from("area");
        if selected == Some(code.as_str()) {
            class.push_str(" selected");
        }
        if found.contains(code) {
            class.push_str(" found");
        }
        let _ = write!(
            out,
            r#"<g class="{class}" data-code="{}"><a href="{}"><path d="{}" class="{}"></path><title>{}</title></a></g>"#,
            attr(code),
            attr(&shown.href),
            attr(&drawn.path),
            shown.fill.class(),
            text(&shown.label),
        );
    }
    if !shape.outline.is_empty() {
        let _ = write!(
            out,
            r#"<path class="outline" aria-hidden="true" d="{}"></path>"#,
            attr(&shape.outline)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        components::map::{Fill, Shown},
        maps::{MapArea, MapKey},
    };

    /// A map of one area with `path`, and what it shows.
    fn one(code: &str, path: &str, label: &str, outline: &str) -> (MapShape, [Area; 1]) {
        let shape = MapShape {
            key: MapKey::Provinces,
            width: 10,
            height: 10,
            areas: vec![MapArea {
                code: code.into(),
                name: label.into(),
                path: path.into(),
                bbox: [0; 4],
            }],
            context: Vec::new(),
            outline: outline.into(),
        };
        let area = Area {
            code: code.into(),
            name: label.into(),
            bbox: [0; 4],
            shown: Shown {
                fill: Fill::Percent(Some(96.0)),
                label: label.into(),
                facts: Vec::new(),
                href: format!("/xa/{code}?ngay=2025-08-14&a=b"),
            },
        };
        (shape, [area])
    }

    #[test]
    fn each_area_is_a_named_link_and_text_is_escaped() {
        let (shape, areas) = one(
            "17827",
            "M0 0l1 0 0 1z",
            "Nghi Lộc <&> \"x\"",
            "M0 0l2 0 0 2z",
        );
        let got = markup(&shape, &areas, None, &["17827".into()]);
        assert!(got.contains(r#"<g class="area found" data-code="17827"><a href="/xa/17827?ngay=2025-08-14&amp;a=b"><path d="M0 0l1 0 0 1z" class="fill-5"></path><title>Nghi Lộc &lt;&amp;&gt; "x"</title></a></g>"#), "{got}");
        assert!(
            got.ends_with(r#"<path class="outline" aria-hidden="true" d="M0 0l2 0 0 2z"></path>"#)
        );
    }

    #[test]
    fn without_paths_there_is_nothing_to_write() {
        let (shape, areas) = one("17827", "", "x", "");
        assert_eq!(markup(&shape, &areas, None, &[]), "");
    }
}
