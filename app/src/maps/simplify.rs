//! Fewer points for the same look: each ring simplified (Douglas–Peucker) within a tolerance,
//! keeping every point where borders meet or part, so that a border two areas share is
//! simplified once, the same way for both, and neighbours still meet.

use std::collections::{HashMap, HashSet};

type Point = (f64, f64);
/// A point as a key: its exact coordinates (shared borders repeat them exactly).
type Key = (u64, u64);

fn key((x, y): Point) -> Key {
    (x.to_bits(), y.to_bits())
}

/// A ring's points without the closing repeat of the first.
fn open(ring: &[Point]) -> &[Point] {
    match ring {
        [first, .., last] if first == last => &ring[..ring.len() - 1],
        _ => ring,
    }
}

/// The points where borders meet or part: a point whose two neighbours differ from one ring
/// to another.
pub fn junctions<'a>(rings: impl Iterator<Item = &'a Vec<Point>>) -> HashSet<Key> {
    let mut pairs: HashMap<Key, (Key, Key)> = HashMap::new();
    let mut junctions = HashSet::new();
    for ring in rings {
        let points = open(ring);
        let n = points.len();
        for (i, &point) in points.iter().enumerate() {
            let (a, b) = (key(points[(i + n - 1) % n]), key(points[(i + 1) % n]));
            let pair = (a.min(b), a.max(b));
            let here = key(point);
            if *pairs.entry(here).or_insert(pair) != pair {
                junctions.insert(here);
            }
        }
    }
    junctions
}

/// `ring` (closed or not) with the points that matter within `tolerance`, closed again; the
/// whole ring when simplifying would leave fewer than three points.
pub fn ring(ring: &[Point], tolerance: f64, junctions: &HashSet<Key>) -> Vec<Point> {
    let points = open(ring);
    let n = points.len();
    if n < 4 {
        return ring.to_vec();
    }
    let mut fixed: Vec<usize> = (0..n)
        .filter(|&i| junctions.contains(&key(points[i])))
        .collect();
    if fixed.len() < 2 {
        // An island or an enclave: fix a point and the one farthest from it.
        let start = fixed.first().copied().unwrap_or(0);
        let far = (0..n)
            .max_by(|&i, &j| {
                distance(points[start], points[i]).total_cmp(&distance(points[start], points[j]))
            })
            .unwrap_or(start);
        fixed = vec![start.min(far), start.max(far)];
    }
    let mut kept = Vec::with_capacity(n);
    for (k, &from) in fixed.iter().enumerate() {
        let to = fixed.get(k + 1).copied().unwrap_or(fixed[0] + n);
        let stretch: Vec<Point> = (from..=to).map(|i| points[i % n]).collect();
        let simplified = stretch_simplified(&stretch, tolerance);
        kept.extend_from_slice(&simplified[..simplified.len() - 1]);
    }
    if kept.len() < 3 {
        return ring.to_vec();
    }
    kept.push(kept[0]);
    kept
}

/// One stretch between fixed points, simplified the same whichever way it is walked: in one
/// canonical direction, then turned back.
fn stretch_simplified(stretch: &[Point], tolerance: f64) -> Vec<Point> {
    let (first, last) = (key(stretch[0]), key(stretch[stretch.len() - 1]));
    let backwards = first > last
        || (first == last
            && stretch.len() > 2
            && key(stretch[1]) > key(stretch[stretch.len() - 2]));
    if backwards {
        let mut reversed = stretch.to_vec();
        reversed.reverse();
        let mut kept = douglas_peucker(&reversed, tolerance);
        kept.reverse();
        kept
    } else {
        douglas_peucker(stretch, tolerance)
    }
}

fn douglas_peucker(points: &[Point], tolerance: f64) -> Vec<Point> {
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut todo = vec![(0, points.len() - 1)];
    while let Some((a, b)) = todo.pop() {
        let farthest = (a + 1..b)
            .map(|i| (i, off_line(points[i], points[a], points[b])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, d)) = farthest
            && d > tolerance
        {
            keep[i] = true;
            todo.push((a, i));
            todo.push((i, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(&p, k)| k.then_some(p))
        .collect()
}

fn distance(a: Point, b: Point) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// How far `p` lies from the line through `a` and `b` (from `a` when they are one point).
fn off_line(p: Point, a: Point, b: Point) -> f64 {
    let length = distance(a, b);
    if length == 0.0 {
        return distance(p, a);
    }
    ((b.1 - a.1) * (p.0 - a.0) - (b.0 - a.0) * (p.1 - a.1)).abs() / length
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares side by side sharing a wiggly border, each walked its own way round.
    fn neighbours() -> (Vec<Point>, Vec<Point>) {
        let border = [(1.0, 0.0), (1.01, 0.5), (1.0, 1.0), (1.2, 1.5), (1.0, 2.0)];
        let mut left = vec![(0.0, 0.0)];
        left.extend(border);
        left.extend([(0.0, 2.0), (0.0, 0.0)]);
        let mut right: Vec<Point> = border.iter().rev().copied().collect();
        right.extend([(2.0, 2.0), (2.0, 0.0), (1.0, 0.0)]);
        (left, right)
    }

    #[test]
    fn a_shared_border_is_simplified_the_same_for_both() {
        let (left, right) = neighbours();
        let junctions = junctions([&left, &right].into_iter());
        assert!(junctions.contains(&key((1.0, 0.0))) && junctions.contains(&key((1.0, 2.0))));
        assert!(!junctions.contains(&key((1.0, 1.0))));
        let (l, r) = (
            ring(&left, 0.05, &junctions),
            ring(&right, 0.05, &junctions),
        );
        // The small wiggle goes, the large one stays, on both sides.
        for kept in [&l, &r] {
            assert!(
                !kept.contains(&(1.01, 0.5)) && kept.contains(&(1.2, 1.5)),
                "{kept:?}"
            );
            assert_eq!(kept.first(), kept.last());
        }
        let shared = |ring: &[Point]| -> HashSet<Key> {
            ring.iter()
                .filter(|p| p.0 >= 1.0 && p.0 < 2.0)
                .map(|&p| key(p))
                .collect()
        };
        assert_eq!(shared(&l), shared(&r));
    }

    #[test]
    fn an_island_keeps_its_shape() {
        let island = vec![
            (0.0, 0.0),
            (0.001, 0.0),
            (0.001, 0.001),
            (0.0, 0.001),
            (0.0, 0.0),
        ];
        let kept = ring(&island, 1.0, &HashSet::new());
        assert!(kept.len() >= 4, "{kept:?}");
        assert_eq!(kept.first(), kept.last());
    }
}
