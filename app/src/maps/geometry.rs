//! The boundary files, read once, projected and turned into SVG paths once per map.
//!
//! Projection: equirectangular with its standard parallel at 16°N (the middle of Vietnam's
//! latitudes), which keeps shapes true enough at this size; north up. Coordinates are rounded
//! to whole pixels of the map's width, which is what a screen shows.

use super::{MapArea, MapShape};
use serde::Deserialize;
use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};

const PROVINCES: &str = include_str!("../../../data/maps/vn-provinces-34.simplified.geojson");
const COMMUNES: &str = include_str!("../../../data/maps/vn-communes-3321.simplified.geojson");

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    code: String,
    /// The commune code of Cục Thống kê 1027/CTK-CSCL, which the territory table uses (the
    /// boundary files' own `code` differs for two communes).
    #[serde(rename = "code_ctk1027")]
    code_ctk1027: Option<String>,
    name: String,
    province_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// A unit with its rings in projected (unscaled) coordinates.
struct Unit {
    code: String,
    name: String,
    province: String,
    rings: Vec<Vec<(f64, f64)>>,
}

fn project([lon, lat]: [f64; 2]) -> (f64, f64) {
    (lon * 16f64.to_radians().cos(), -lat)
}

fn read(text: &str) -> Vec<Unit> {
    let collection: Collection = serde_json::from_str(text).expect("the boundary file is valid");
    collection
        .features
        .into_iter()
        .map(|f| {
            let polygons = match f.geometry {
                Geometry::Polygon(p) => vec![p],
                Geometry::MultiPolygon(m) => m,
            };
            let p = f.properties;
            Unit {
                code: p.code_ctk1027.unwrap_or(p.code.clone()),
                name: p.name,
                province: p.province_code.unwrap_or(p.code),
                rings: polygons
                    .into_iter()
                    .flatten()
                    .map(|ring| ring.into_iter().map(project).collect())
                    .collect(),
            }
        })
        .collect()
}

fn provinces() -> &'static [Unit] {
    static UNITS: OnceLock<Vec<Unit>> = OnceLock::new();
    UNITS.get_or_init(|| read(PROVINCES))
}

fn communes() -> &'static [Unit] {
    static UNITS: OnceLock<Vec<Unit>> = OnceLock::new();
    UNITS.get_or_init(|| read(COMMUNES))
}

/// `units` fitted into `width` pixels (height to scale), one path each.
fn draw<'a>(units: impl Iterator<Item = &'a Unit> + Clone, width: u32) -> MapShape {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in units.clone().flat_map(|u| u.rings.iter().flatten()) {
        (x0, y0, x1, y1) = (x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y));
    }
    let scale = f64::from(width) / (x1 - x0).max(f64::EPSILON);
    let height = ((y1 - y0) * scale).ceil() as u32;
    let areas = units
        .map(|u| MapArea {
            code: u.code.clone(),
            name: u.name.clone(),
            path: path(&u.rings, |(x, y)| {
                (
                    ((x - x0) * scale).round() as i64,
                    ((y - y0) * scale).round() as i64,
                )
            }),
        })
        .collect();
    MapShape {
        width,
        height,
        areas,
    }
}

/// SVG path data: each ring as an absolute move then relative lines, in whole pixels,
/// repeated points dropped; a ring that shrinks below three points is left out.
fn path(rings: &[Vec<(f64, f64)>], to_pixels: impl Fn(&(f64, f64)) -> (i64, i64)) -> String {
    let mut data = String::new();
    for ring in rings {
        let mut points: Vec<(i64, i64)> = ring.iter().map(&to_pixels).collect();
        points.dedup();
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 {
            continue;
        }
        let (mut px, mut py) = points[0];
        data.push_str(&format!("M{px} {py}l"));
        for &(x, y) in &points[1..] {
            data.push_str(&format!("{} {} ", x - px, y - py));
            (px, py) = (x, y);
        }
        data.pop();
        data.push('z');
    }
    data
}

/// The 34 provinces.
pub fn province_map() -> Arc<MapShape> {
    static MAP: OnceLock<Arc<MapShape>> = OnceLock::new();
    MAP.get_or_init(|| Arc::new(draw(provinces().iter(), 1000)))
        .clone()
}

/// All 3,321 communes of the country.
pub fn all_communes_map() -> Arc<MapShape> {
    static MAP: OnceLock<Arc<MapShape>> = OnceLock::new();
    MAP.get_or_init(|| Arc::new(draw(communes().iter(), 2000)))
        .clone()
}

/// The communes of one province (None for a code that is not a province's).
pub fn commune_map(province: &str) -> Option<Arc<MapShape>> {
    static MAPS: OnceLock<HashMap<String, Arc<MapShape>>> = OnceLock::new();
    MAPS.get_or_init(|| {
        provinces()
            .iter()
            .map(|p| {
                let of = communes().iter().filter(|c| c.province == p.code);
                (p.code.clone(), Arc::new(draw(of, 1000)))
            })
            .collect()
    })
    .get(province)
    .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn numbers(path: &str) -> Vec<i64> {
        path.split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect()
    }

    /// Every ring stays inside the map (absolute moves plus the running relative lines).
    fn assert_within(map: &MapShape) {
        for area in &map.areas {
            assert!(area.path.starts_with('M'), "{}", area.code);
            for ring in area.path.split('M').filter(|r| !r.is_empty()) {
                let (start, lines) = ring.trim_end_matches('z').split_once('l').unwrap();
                let start = numbers(start);
                let (mut x, mut y) = (start[0], start[1]);
                for step in numbers(lines).chunks(2) {
                    x += step[0];
                    y += step[1];
                    assert!(
                        (0..=i64::from(map.width)).contains(&x)
                            && (0..=i64::from(map.height)).contains(&y),
                        "{} leaves the map at {x},{y}",
                        area.code
                    );
                }
            }
        }
    }

    fn territory_codes(province: Option<&str>) -> HashSet<String> {
        let text = include_str!("../../../data/territory/communes-3321.csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        let column = |name| header.iter().position(|h| h == name).unwrap();
        let (code, of) = (column("code"), column("province_code"));
        reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| province.is_none_or(|p| &r[of] == p))
            .map(|r| r[code].to_owned())
            .collect()
    }

    #[test]
    fn the_34_provinces_fill_their_map() {
        let map = province_map();
        assert_eq!(map.width, 1000);
        assert!(map.height > 1000, "Vietnam is taller than wide");
        assert_eq!(map.areas.len(), 34);
        assert!(
            map.areas
                .iter()
                .all(|a| a.code.len() == 2 && !a.path.is_empty())
        );
        assert!(
            map.areas
                .iter()
                .any(|a| a.code == "40" && a.name == "Nghệ An")
        );
        assert_within(&map);
    }

    #[test]
    fn nghe_an_has_its_130_communes() {
        let map = commune_map("40").unwrap();
        assert_eq!(map.areas.len(), 130);
        assert!(map.areas.iter().all(|a| !a.path.is_empty()));
        let codes: HashSet<String> = map.areas.iter().map(|a| a.code.clone()).collect();
        assert_eq!(codes, territory_codes(Some("40")));
        assert!(map.areas.iter().any(|a| a.name == "Nghi Lộc"));
        assert_within(&map);
        assert!(commune_map("99").is_none());
    }

    #[test]
    fn all_3321_communes_match_the_territory_including_the_islands() {
        let map = all_communes_map();
        assert_eq!(map.areas.len(), 3321);
        assert!(map.areas.iter().all(|a| !a.path.is_empty()));
        let codes: HashSet<String> = map.areas.iter().map(|a| a.code.clone()).collect();
        assert_eq!(codes, territory_codes(None));
        for islands in ["Hoàng Sa", "Trường Sa"] {
            assert!(map.areas.iter().any(|a| a.name == islands), "{islands}");
        }
        assert_within(&map);
    }

    #[test]
    fn paths_are_relative_whole_pixels_without_repeats() {
        let rings = vec![vec![
            (0.0, 0.0),
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 0.0),
        ]];
        let data = path(&rings, |&(x, y)| ((x * 10.0) as i64, (y * 10.0) as i64));
        assert_eq!(data, "M0 0l10 0 0 10z");
        let tiny = vec![vec![(0.0, 0.0), (0.01, 0.0), (0.0, 0.0)]];
        assert_eq!(path(&tiny, |&(x, y)| (x as i64, y as i64)), "");
    }
}
