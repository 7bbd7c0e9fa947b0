//! Maps of the provinces and communes: the real 2025 boundaries (`data/maps/`), projected on
//! the server into compact SVG path data, so the browser draws them without a geometry library.

#[cfg(feature = "ssr")]
pub mod geometry;
pub mod rings;
#[cfg(feature = "ssr")]
mod simplify;
pub mod view;

use serde::{Deserialize, Serialize};

/// One province or commune as a path in its map's coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    pub code: String,
    pub name: String,
    /// SVG path data: one `M…z` per ring, relative moves, whole pixels (empty in a page's
    /// data, which leaves it out).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Its bounds: left, top, right, bottom.
    pub bbox: [i32; 4],
    /// How many rings its path has (known when the path is left out).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rings: u16,
    /// A commune's province (empty for a province).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub province: String,
}

fn one() -> u16 {
    1
}

fn is_one(rings: &u16) -> bool {
    *rings == 1
}

/// Which map a shape is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapKey {
    Provinces,
    /// The communes of a province, by its code.
    Communes(String),
    AllCommunes,
}

/// A map: its size in pixels (the SVG's viewBox), its areas, what is drawn faint around them
/// (a province's neighbours), the border drawn over them (SVG path data) and the larger areas
/// drawn over them as links (all communes: their provinces).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapShape {
    pub key: MapKey,
    pub width: u32,
    pub height: u32,
    pub areas: Vec<MapArea>,
    pub context: Vec<MapArea>,
    pub outline: String,
    pub over: Vec<MapArea>,
}

impl MapShape {
    /// Too many areas to draw one element each: they are drawn in a few paths (by province
    /// and colour), found under the pointer by their rings, and linked through the areas over
    /// them.
    pub fn grouped(&self) -> bool {
        self.key == MapKey::AllCommunes
    }

    /// The shape as a page carries it for hydration. The paths are in the page's SVG already,
    /// so the data leaves them out (on the server; what the browser fetches keeps them), and a
    /// hydrating browser keeps the drawn ones: an attribute is not set again when hydrating.
    pub fn for_page(self) -> Self {
        if !cfg!(feature = "ssr") {
            return self;
        }
        let bare = |a: MapArea| MapArea {
            path: String::new(),
            ..a
        };
        Self {
            areas: self.areas.into_iter().map(bare).collect(),
            context: self.context.into_iter().map(bare).collect(),
            outline: String::new(),
            over: self.over.into_iter().map(bare).collect(),
            ..self
        }
    }

    /// The shape to draw: on the server, when the page's data left the paths out, the drawn
    /// map itself (shared, not copied); otherwise this shape.
    pub fn drawn(self) -> std::sync::Arc<Self> {
        #[cfg(feature = "ssr")]
        if self.areas.first().is_some_and(|a| a.path.is_empty())
            && let Some(full) = geometry::shape(&self.key)
        {
            return full;
        }
        std::sync::Arc::new(self)
    }
}

/// The map `key` names, with its paths, from the server.
pub async fn fetch_shape(key: MapKey) -> Result<MapShape, crate::error::AppError> {
    match key {
        MapKey::Provinces => get_province_map().await,
        MapKey::Communes(code) => get_commune_map(code).await,
        MapKey::AllCommunes => get_all_communes_map().await,
    }
}

/// The 34 provinces' outlines. Public.
#[leptos::server(endpoint = "maps/provinces")]
pub async fn get_province_map() -> Result<MapShape, crate::error::AppError> {
    Ok(geometry::province_map().as_ref().clone())
}

/// All 3,321 communes, with the provinces' borders. Public.
#[leptos::server(endpoint = "maps/all-communes")]
pub async fn get_all_communes_map() -> Result<MapShape, crate::error::AppError> {
    Ok(geometry::all_communes_map().as_ref().clone())
}

/// The communes of a province (2-digit code). Public.
#[leptos::server(endpoint = "maps/communes")]
pub async fn get_commune_map(code: String) -> Result<MapShape, crate::error::AppError> {
    geometry::commune_map(&code)
        .map(|map| map.as_ref().clone())
        .ok_or(crate::error::AppError::NotFound)
}
