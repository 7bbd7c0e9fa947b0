//! The boundary files, read once, projected and turned into SVG paths once per map.
//!
//! Projection: equirectangular with its standard parallel at 16°N (the middle of Vietnam's
//! latitudes), which keeps shapes true enough at this size; north up. Coordinates are rounded
//! to whole pixels of the map's width, which is what a screen shows, and each border keeps
//! only the points that move it by more than half a pixel (borders stay shared: neighbours
//! still meet).

use super::{MapArea, MapKey, MapShape, simplify};
use serde::Deserialize;
use std::{
    collections::{HashMap, HashSet},
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

/// The communes, named as the territory table names them (the boundary file writes some
/// names with the tone mark placed the older way: "Yên Hoà" for "Yên Hòa").
fn communes() -> &'static [Unit] {
    static UNITS: OnceLock<Vec<Unit>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let (provinces, communes) = crate::territory::loader::bundled();
        let territory = crate::territory::loader::parse(provinces, communes)
            .expect("the bundled territory is valid");
        let names: HashMap<&str, &str> = (territory.communes.iter())
            .map(|c| (c.code.as_str(), c.name.as_str()))
            .collect();
        let mut units = read(COMMUNES);
        for unit in &mut units {
            if let Some(name) = names.get(unit.code.as_str()) {
                unit.name = (*name).to_owned();
            }
        }
        units
    })
}

/// The points where borders meet or part, over both layers (the provinces' borders are the
/// communes'), fixed whatever the simplification.
fn junctions() -> &'static HashSet<(u64, u64)> {
    static POINTS: OnceLock<HashSet<(u64, u64)>> = OnceLock::new();
    POINTS.get_or_init(|| {
        let rings = communes().iter().chain(provinces()).flat_map(|u| &u.rings);
        simplify::junctions(rings)
    })
}

/// How far, in map pixels, a point may move when borders are simplified: about a third of a
/// screen pixel where the map is shown whole (the province maps, 1000 pixels wide, show at up
/// to 576; all communes, 2000 wide, at up to 768).
const TOLERANCE: f64 = 0.5;
const TOLERANCE_ALL_COMMUNES: f64 = 1.0;

/// Projected coordinates to whole map pixels, and how far borders may move when simplified.
struct Frame {
    x0: f64,
    y0: f64,
    scale: f64,
    tolerance: f64,
}

impl Frame {
    /// Fitted around `units` within `width` pixels, with `margin` (a share of the width) all
    /// round; the height to scale.
    fn fit<'a>(units: impl Iterator<Item = &'a Unit>, width: u32, margin: f64) -> (Self, u32) {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in units.flat_map(|u| u.rings.iter().flatten()) {
            (x0, y0, x1, y1) = (x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y));
        }
        let pad = (x1 - x0) * margin;
        let (x0, y0, x1, y1) = (x0 - pad, y0 - pad, x1 + pad, y1 + pad);
        let scale = f64::from(width) / (x1 - x0).max(f64::EPSILON);
        let height = ((y1 - y0) * scale).ceil() as u32;
        let tolerance = TOLERANCE / scale;
        (
            Self {
                x0,
                y0,
                scale,
                tolerance,
            },
            height,
        )
    }

    /// The same frame, borders simplified within `pixels`.
    fn simplified(self, pixels: f64) -> Self {
        Self {
            tolerance: pixels / self.scale,
            ..self
        }
    }

    fn pixel(&self, (x, y): &(f64, f64)) -> (i64, i64) {
        (
            ((x - self.x0) * self.scale).round() as i64,
            ((y - self.y0) * self.scale).round() as i64,
        )
    }

    fn area(&self, unit: &Unit) -> MapArea {
        let (mut x0, mut y0, mut x1, mut y1) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for (x, y) in unit.rings.iter().flatten().map(|p| self.pixel(p)) {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let rings: Vec<Vec<(f64, f64)>> = unit
            .rings
            .iter()
            .map(|ring| simplify::ring(ring, self.tolerance, junctions()))
            .collect();
        // An area of a pixel or two keeps every point, so that it is still drawn.
        let mut path = path(&rings, |p| self.pixel(p));
        if path.is_empty() {
            path = self::path(&unit.rings, |p| self.pixel(p));
        }
        MapArea {
            code: unit.code.clone(),
            name: unit.name.clone(),
            rings: path.matches('M').count() as u16,
            path,
            bbox: [x0, y0, x1, y1].map(|v| v as i32),
            province: if unit.province == unit.code {
                String::new()
            } else {
                unit.province.clone()
            },
        }
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
    MAP.get_or_init(|| {
        let (frame, height) = Frame::fit(provinces().iter(), 1000, 0.0);
        Arc::new(MapShape {
            key: MapKey::Provinces,
            width: 1000,
            height,
            areas: provinces().iter().map(|p| frame.area(p)).collect(),
            context: Vec::new(),
            outline: String::new(),
            over: Vec::new(),
        })
    })
    .clone()
}

/// All 3,321 communes of the country, province by province, with the provinces over them.
pub fn all_communes_map() -> Arc<MapShape> {
    static MAP: OnceLock<Arc<MapShape>> = OnceLock::new();
    MAP.get_or_init(|| {
        let (frame, height) = Frame::fit(communes().iter(), 2000, 0.0);
        let frame = frame.simplified(TOLERANCE_ALL_COMMUNES);
        let mut areas: Vec<MapArea> = communes().iter().map(|c| frame.area(c)).collect();
        areas.sort_by(|a, b| (&a.province, &a.code).cmp(&(&b.province, &b.code)));
        Arc::new(MapShape {
            key: MapKey::AllCommunes,
            width: 2000,
            height,
            areas,
            context: Vec::new(),
            outline: String::new(),
            over: provinces().iter().map(|p| frame.area(p)).collect(),
        })
    })
    .clone()
}

/// The map a key names.
pub fn shape(key: &MapKey) -> Option<Arc<MapShape>> {
    match key {
        MapKey::Provinces => Some(province_map()),
        MapKey::AllCommunes => Some(all_communes_map()),
        MapKey::Communes(code) => commune_map(code),
    }
}

/// The communes of one province (None for a code that is not a province's), with its outline
/// and, faint around it, the neighbouring provinces.
pub fn commune_map(province: &str) -> Option<Arc<MapShape>> {
    static MAPS: OnceLock<HashMap<String, Arc<MapShape>>> = OnceLock::new();
    MAPS.get_or_init(|| {
        provinces()
            .iter()
            .map(|p| (p.code.clone(), Arc::new(province_communes(p))))
            .collect()
    })
    .get(province)
    .cloned()
}

fn province_communes(province: &Unit) -> MapShape {
    let of = communes().iter().filter(|c| c.province == province.code);
    let (frame, height) = Frame::fit(of.clone(), 1000, 0.03);
    let seen = |a: &MapArea| {
        let [x0, y0, x1, y1] = a.bbox;
        x1 >= 0 && y1 >= 0 && x0 <= 1000 && y0 <= height as i32
    };
    MapShape {
        key: MapKey::Communes(province.code.clone()),
        width: 1000,
        height,
        areas: of.map(|c| frame.area(c)).collect(),
        context: provinces()
            .iter()
            .filter(|p| p.code != province.code)
            .map(|p| frame.area(p))
            .filter(seen)
            .collect(),
        outline: frame.area(province).path,
        over: Vec::new(),
    }
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
    fn communes_are_named_as_the_territory_names_them() {
        let map = all_communes_map();
        let name = |code: &str| {
            let area = map.areas.iter().find(|a| a.code == code);
            area.map(|a| a.name.clone()).unwrap_or_default()
        };
        // "Yên Hoà" and "Đàm Thuỷ" in the boundary file.
        assert_eq!(name("00175"), "Yên Hòa");
        assert_eq!(name("01501"), "Đàm Thủy");
        assert_eq!(name("00004"), "Ba Đình");
    }

    #[test]
    fn a_province_map_has_its_outline_and_its_neighbours_around() {
        let map = commune_map("40").unwrap();
        assert!(map.outline.starts_with('M'));
        let neighbours: HashSet<&str> = map.context.iter().map(|a| a.name.as_str()).collect();
        assert!(neighbours.contains("Thanh Hóa") && neighbours.contains("Hà Tĩnh"));
        assert!(!neighbours.contains("Nghệ An") && !neighbours.contains("Cà Mau"));
        // The neighbours reach past the map; the outline stays inside it (a margin all round).
        let outline = MapShape {
            areas: vec![MapArea {
                code: "40".into(),
                name: "Nghệ An".into(),
                path: map.outline.clone(),
                bbox: [0; 4],
                rings: 1,
                province: String::new(),
            }],
            ..(*map).clone()
        };
        assert_within(&outline);
        // Every province is drawn over all communes: at twice the size, no ring of the
        // provinces' map is too small to keep.
        let all = all_communes_map();
        let rings = |areas: &[MapArea]| areas.iter().map(|a| usize::from(a.rings)).sum::<usize>();
        assert_eq!(all.over.len(), 34);
        assert!(rings(&all.over) >= rings(&province_map().areas));
    }

    #[test]
    fn each_area_knows_its_bounds() {
        let map = commune_map("40").unwrap();
        for area in &map.areas {
            let [x0, y0, x1, y1] = area.bbox;
            assert!(
                0 <= x0 && x0 <= x1 && x1 <= 1000 && 0 <= y0 && y0 <= y1,
                "{}",
                area.code
            );
            assert!(y1 <= map.height as i32, "{}", area.code);
            // The path's start is one of its points.
            let start = numbers(area.path.split('l').next().unwrap());
            assert!(
                (x0..=x1).contains(&(start[0] as i32)) && (y0..=y1).contains(&(start[1] as i32))
            );
        }
        let nghi_loc = map.areas.iter().find(|a| a.name == "Nghi Lộc").unwrap();
        let [x0, y0, x1, y1] = nghi_loc.bbox;
        assert!(
            x1 - x0 < 100 && y1 - y0 < 100,
            "a commune is small on its province's map"
        );
    }

    #[test]
    fn all_3321_communes_match_the_territory_including_the_islands() {
        let map = all_communes_map();
        assert_eq!(map.areas.len(), 3321);
        assert!(map.areas.iter().all(|a| !a.path.is_empty()));
        let codes: HashSet<String> = map.areas.iter().map(|a| a.code.clone()).collect();
        assert_eq!(codes, territory_codes(None));
        // Province by province, each area knowing its rings.
        assert!(
            map.areas
                .iter()
                .all(|a| a.province.len() == 2
                    && usize::from(a.rings) == a.path.matches('M').count())
        );
        assert!(map.areas.windows(2).all(|w| w[0].province <= w[1].province));
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
