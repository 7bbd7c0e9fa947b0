//! A map's paths read back as rings of points, to find which area lies under a point (the
//! all-communes map draws its areas in a few paths, so the browser cannot tell them apart).

/// A closed ring, in map pixels.
pub type Ring = Vec<(f64, f64)>;

/// The rings of path data as the maps write it: `M x y` then relative lines `l dx dy …`,
/// closed by `z`, ring after ring.
pub fn parse(data: &str) -> Vec<Ring> {
    split(data)
        .map(|ring| {
            let numbers: Vec<f64> = ring
                .split(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
                .filter_map(|n| n.parse().ok())
                .collect();
            let mut points = Vec::with_capacity(numbers.len() / 2);
            let mut at = (0.0, 0.0);
            for (i, step) in numbers.chunks_exact(2).enumerate() {
                at = if i == 0 {
                    (step[0], step[1])
                } else {
                    (at.0 + step[0], at.1 + step[1])
                };
                points.push(at);
            }
            points
        })
        .collect()
}

/// Each ring's own path data (`M…z`).
pub fn split(data: &str) -> impl Iterator<Item = &str> {
    data.match_indices('M').map(move |(start, _)| {
        let end = data[start + 1..]
            .find('M')
            .map_or(data.len(), |next| start + 1 + next);
        &data[start..end]
    })
}

/// Whether the point lies inside the rings (even–odd: a ring inside another is a hole).
pub fn contains(rings: &[Ring], (x, y): (f64, f64)) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let ((xi, yi), (xj, yj)) = (ring[i], ring[(i + n - 1) % n]);
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
        }
    }
    inside
}

/// Areas by their rings and bounds, to find the one under a point.
#[derive(Clone, Debug, Default)]
pub struct Hits {
    areas: Vec<([i32; 4], Vec<Ring>)>,
}

impl Hits {
    /// From each area's bounds and path data, in the map's order.
    pub fn new<'a>(areas: impl Iterator<Item = ([i32; 4], &'a str)>) -> Self {
        Self {
            areas: areas.map(|(bbox, data)| (bbox, parse(data))).collect(),
        }
    }

    /// The index of the area under `point`, if any.
    pub fn at(&self, point: (f64, f64)) -> Option<usize> {
        self.areas.iter().position(|([x0, y0, x1, y1], rings)| {
            (f64::from(*x0)..=f64::from(*x1)).contains(&point.0)
                && (f64::from(*y0)..=f64::from(*y1)).contains(&point.1)
                && contains(rings, point)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 10×10 square with a 4×4 hole, and a triangle beside it.
    const SQUARE: &str = "M0 0l10 0 0 10 -10 0zM3 3l4 0 0 4 -4 0z";
    const TRIANGLE: &str = "M20 0l10 10 -10 0z";

    #[test]
    fn rings_are_read_back_in_map_pixels() {
        assert_eq!(
            split(SQUARE).collect::<Vec<_>>(),
            ["M0 0l10 0 0 10 -10 0z", "M3 3l4 0 0 4 -4 0z"]
        );
        let rings = parse(SQUARE);
        assert_eq!(
            rings[0],
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
        );
        assert_eq!(rings[1][2], (7.0, 7.0));
        assert!(parse("").is_empty());
    }

    #[test]
    fn a_point_is_found_in_its_area_and_not_in_a_hole() {
        let hits = Hits::new([([0, 0, 10, 10], SQUARE), ([20, 0, 30, 10], TRIANGLE)].into_iter());
        assert_eq!(hits.at((1.0, 1.0)), Some(0));
        assert_eq!(hits.at((5.0, 5.0)), None, "the hole");
        assert_eq!(hits.at((21.0, 8.0)), Some(1));
        assert_eq!(
            hits.at((29.0, 1.0)),
            None,
            "beside the triangle, within its bounds"
        );
        assert_eq!(hits.at((15.0, 5.0)), None);
    }
}
