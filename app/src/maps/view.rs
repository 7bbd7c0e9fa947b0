//! The part of a map in view (its SVG `viewBox`), and how panning, zooming and pinching move
//! it. The view keeps the map's proportions, stays over the map and zooms at most `MAX_ZOOM`.

/// How far in a map zooms: enough for the smallest commune of the whole country.
pub const MAX_ZOOM: f64 = 40.0;

/// A rectangle in map pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A point on the drawn map, as fractions of its width and height (0..1 from the top left).
pub type Spot = (f64, f64);

impl ViewBox {
    /// The whole map.
    pub fn whole(width: u32, height: u32) -> Self {
        Self {
            x: 0.0,
            y: 0.0,
            width: f64::from(width),
            height: f64::from(height),
        }
    }

    /// The `viewBox` attribute.
    pub fn attr(&self) -> String {
        format!(
            "{} {} {} {}",
            round(self.x),
            round(self.y),
            round(self.width),
            round(self.height)
        )
    }

    /// The map point at a spot of the view.
    pub fn point(&self, (fx, fy): Spot) -> (f64, f64) {
        (self.x + fx * self.width, self.y + fy * self.height)
    }

    /// How many times closer than the whole map.
    pub fn zoom(&self, whole: &Self) -> f64 {
        whole.width / self.width
    }

    /// The map point under `from` moved under `to`, the view `factor` times closer (below 1:
    /// farther): a drag when the factor is 1, a zoom when the spots are one, a pinch otherwise.
    pub fn moved(&self, from: Spot, to: Spot, factor: f64, whole: &Self) -> Self {
        let (px, py) = self.point(from);
        let zoom = (self.zoom(whole) * factor).clamp(1.0, MAX_ZOOM);
        let (width, height) = (whole.width / zoom, whole.height / zoom);
        Self {
            x: px - to.0 * width,
            y: py - to.1 * height,
            width,
            height,
        }
        .inside(whole)
    }

    /// Zoomed by `factor` around its centre.
    pub fn zoomed(&self, factor: f64, whole: &Self) -> Self {
        self.moved((0.5, 0.5), (0.5, 0.5), factor, whole)
    }

    /// Moved by a share of its own size (0.1: a tenth of the view to the right or down).
    pub fn panned(&self, right: f64, down: f64, whole: &Self) -> Self {
        self.moved((0.5 + right, 0.5 + down), (0.5, 0.5), 1.0, whole)
    }

    /// The view that shows the box `[x0, y0, x1, y1]` with a margin around it, as close as
    /// it fits (at most `MAX_ZOOM`).
    pub fn around(bbox: [i32; 4], whole: &Self) -> Self {
        let [x0, y0, x1, y1] = bbox.map(f64::from);
        let margin = 3.0;
        let zoom = (whole.width / ((x1 - x0) * margin).max(1.0))
            .min(whole.height / ((y1 - y0) * margin).max(1.0))
            .clamp(1.0, MAX_ZOOM);
        let (width, height) = (whole.width / zoom, whole.height / zoom);
        Self {
            x: (x0 + x1 - width) / 2.0,
            y: (y0 + y1 - height) / 2.0,
            width,
            height,
        }
        .inside(whole)
    }

    /// Shifted to lie over the whole map.
    fn inside(self, whole: &Self) -> Self {
        Self {
            x: self.x.clamp(whole.x, whole.x + whole.width - self.width),
            y: self.y.clamp(whole.y, whole.y + whole.height - self.height),
            ..self
        }
    }
}

/// One decimal: enough at any zoom, short in the attribute.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHOLE: ViewBox = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 1000.0,
        height: 800.0,
    };

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let v = WHOLE.moved((0.25, 0.75), (0.25, 0.75), 2.0, &WHOLE);
        assert_eq!((v.width, v.height), (500.0, 400.0));
        // The map point at a quarter across and three quarters down is still there.
        assert_eq!(v.x + 0.25 * v.width, 250.0);
        assert_eq!(v.y + 0.75 * v.height, 600.0);
        let back = v.moved((0.25, 0.75), (0.25, 0.75), 0.5, &WHOLE);
        assert_eq!(back, WHOLE);
    }

    #[test]
    fn zoom_stays_between_the_whole_map_and_the_limit() {
        assert_eq!(WHOLE.zoomed(0.5, &WHOLE), WHOLE);
        let mut v = WHOLE;
        for _ in 0..20 {
            v = v.zoomed(2.0, &WHOLE);
        }
        assert!((v.zoom(&WHOLE) - MAX_ZOOM).abs() < 1e-9);
    }

    #[test]
    fn a_drag_moves_the_map_with_the_pointer_and_stops_at_its_edges() {
        let v = WHOLE.zoomed(4.0, &WHOLE);
        // Dragging a tenth of the view to the left shows what was to the right.
        let dragged = v.moved((0.6, 0.5), (0.5, 0.5), 1.0, &WHOLE);
        assert!((dragged.x - (v.x + 0.1 * v.width)).abs() < 1e-9);
        assert_eq!(dragged.y, v.y);
        let far = v.panned(100.0, -100.0, &WHOLE);
        assert_eq!((far.x, far.y), (750.0, 0.0));
        // The whole map cannot move at all.
        assert_eq!(WHOLE.panned(0.3, 0.3, &WHOLE), WHOLE);
    }

    #[test]
    fn a_pinch_zooms_by_the_fingers_spread_and_follows_their_middle() {
        let v = WHOLE.moved((0.5, 0.5), (0.4, 0.5), 3.0, &WHOLE);
        assert!((v.zoom(&WHOLE) - 3.0).abs() < 1e-9);
        assert!((v.x + 0.4 * v.width - 500.0).abs() < 1e-9);
    }

    #[test]
    fn around_a_box_shows_it_whole_and_centred() {
        let v = ViewBox::around([400, 300, 450, 340], &WHOLE);
        assert!(v.x <= 400.0 && v.x + v.width >= 450.0);
        assert!(v.y <= 300.0 && v.y + v.height >= 340.0);
        assert!((v.x + v.width / 2.0 - 425.0).abs() < 1e-9);
        assert!(v.zoom(&WHOLE) > 5.0);
        // A box at the edge is shown with the view kept over the map.
        let edge = ViewBox::around([0, 0, 10, 10], &WHOLE);
        assert_eq!((edge.x, edge.y), (0.0, 0.0));
        assert_eq!(ViewBox::around([0, 0, 1000, 800], &WHOLE), WHOLE);
    }

    #[test]
    fn the_attribute_is_short() {
        let v = ViewBox {
            x: 1.0 / 3.0,
            y: 2.0,
            width: 333.333,
            height: 266.66,
        };
        assert_eq!(v.attr(), "0.3 2 333.3 266.7");
    }
}
