//! Each area's own path data, for the highlight layer, and on a grouped map its rings, to find
//! the area under the pointer: from the map's data when it has its paths (on the server, or a
//! map rendered afresh), else read back from the drawing (a hydrated page).

use super::{Area, drawing};
use crate::maps::{MapShape, rings::Hits};
use leptos::wasm_bindgen::JsCast;
use std::{collections::HashMap, sync::Arc, sync::OnceLock};

pub struct Paths {
    source: Source,
    hits: OnceLock<Hits>,
}

enum Source {
    Shape(Arc<MapShape>),
    Drawn(Vec<String>),
}

impl Paths {
    /// None when the shape has no paths and there is no drawing to read them from yet.
    pub fn new(
        shape: &Arc<MapShape>,
        areas: &[Area],
        svg: Option<&web_sys::Element>,
    ) -> Option<Self> {
        let source = if shape.areas.first().is_some_and(|a| !a.path.is_empty()) {
            Source::Shape(shape.clone())
        } else {
            Source::Drawn(read(shape, areas, svg?)?)
        };
        Some(Self {
            source,
            hits: OnceLock::new(),
        })
    }

    /// The path data of the area at `index`.
    pub fn data(&self, index: usize) -> &str {
        match &self.source {
            Source::Shape(shape) => shape.areas.get(index).map_or("", |a| a.path.as_str()),
            Source::Drawn(data) => data.get(index).map_or("", String::as_str),
        }
    }

    /// The areas by their rings, read once when first asked.
    pub fn hits(&self, areas: &[Area]) -> &Hits {
        self.hits.get_or_init(|| {
            Hits::new(
                areas
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.bbox, self.data(i))),
            )
        })
    }
}

/// Each area's path data as drawn: from its own element, or from its grouped map's groups.
fn read(shape: &MapShape, areas: &[Area], svg: &web_sys::Element) -> Option<Vec<String>> {
    let elements = |selector: &str| -> Option<Vec<web_sys::Element>> {
        let list = svg.query_selector_all(selector).ok()?;
        Some(
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect(),
        )
    };
    let data = |e: &web_sys::Element| e.get_attribute("d").unwrap_or_default();
    if shape.grouped() {
        let drawn: Vec<String> = elements("path.group")?.iter().map(data).collect();
        return Some(drawing::ungroup(areas, &drawn));
    }
    let mut by_code: HashMap<String, String> = elements("[data-code]")?
        .iter()
        .filter_map(|e| {
            let path = e.query_selector("path").ok()??;
            Some((e.get_attribute("data-code")?, data(&path)))
        })
        .collect();
    Some(
        areas
            .iter()
            .map(|a| by_code.remove(&a.code).unwrap_or_default())
            .collect(),
    )
}
