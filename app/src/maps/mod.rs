//! Maps of the provinces and communes: the real 2025 boundaries (`data/maps/`), projected on
//! the server into compact SVG path data, so the browser draws them without a geometry library.

#[cfg(feature = "ssr")]
pub mod geometry;

use serde::{Deserialize, Serialize};

/// One province or commune as a path in its map's coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    pub code: String,
    pub name: String,
    /// SVG path data: one `M…z` per ring, relative moves, whole pixels.
    pub path: String,
}

/// A map: its size in pixels (the SVG's viewBox) and its areas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapShape {
    pub width: u32,
    pub height: u32,
    pub areas: Vec<MapArea>,
}

/// The 34 provinces' outlines. Public.
#[leptos::server(endpoint = "maps/provinces")]
pub async fn get_province_map() -> Result<MapShape, crate::error::AppError> {
    Ok(geometry::province_map().as_ref().clone())
}

/// The communes of a province (2-digit code). Public.
#[leptos::server(endpoint = "maps/communes")]
pub async fn get_commune_map(code: String) -> Result<MapShape, crate::error::AppError> {
    geometry::commune_map(&code)
        .map(|map| map.as_ref().clone())
        .ok_or(crate::error::AppError::NotFound)
}
