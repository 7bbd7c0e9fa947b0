//! What the pointers on a map do to its view: one pointer drags it (past a few pixels, so a tap
//! stays a tap), two pinch it; the wheel and the keyboard zoom and pan it.

use crate::maps::view::{Spot, ViewBox};

/// How far a pointer moves before a tap becomes a drag, in CSS pixels.
const SLOP: f64 = 6.0;

/// Where the map is drawn on screen, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// A screen point as a spot on the drawn map.
    pub fn spot(&self, (x, y): (f64, f64)) -> Spot {
        (
            (x - self.left) / self.width.max(1.0),
            (y - self.top) / self.height.max(1.0),
        )
    }
}

/// The pointers down on the map, and whether they have moved it since the first went down.
#[derive(Clone, Debug, Default)]
pub struct Gesture {
    pointers: Vec<(i32, (f64, f64))>,
    start: (f64, f64),
    pub moved: bool,
}

impl Gesture {
    pub fn down(&mut self, id: i32, at: (f64, f64)) {
        if self.pointers.is_empty() {
            self.start = at;
            self.moved = false;
        } else {
            // A second finger makes a pinch, never a tap.
            self.moved = true;
        }
        self.pointers.retain(|(p, _)| *p != id);
        self.pointers.push((id, at));
    }

    pub fn up(&mut self, id: i32) {
        self.pointers.retain(|(p, _)| *p != id);
    }

    pub fn active(&self) -> bool {
        !self.pointers.is_empty()
    }

    /// Pointer `id` moved to `at` over the map drawn in `rect`: the view it moves the map to.
    pub fn move_to(
        &mut self,
        id: i32,
        at: (f64, f64),
        rect: Rect,
        view: &ViewBox,
        whole: &ViewBox,
    ) -> Option<ViewBox> {
        let i = self.pointers.iter().position(|(p, _)| *p == id)?;
        let before = self.pointers.clone();
        self.pointers[i].1 = at;
        if self.pointers.len() == 1 {
            if !self.moved && distance(self.start, at) < SLOP {
                return None;
            }
            self.moved = true;
            return Some(view.moved(rect.spot(before[0].1), rect.spot(at), 1.0, whole));
        }
        let (from, spread_before) = middle(before[0].1, before[1].1);
        let (to, spread) = middle(self.pointers[0].1, self.pointers[1].1);
        (spread_before >= 1.0).then(|| {
            view.moved(
                rect.spot(from),
                rect.spot(to),
                spread / spread_before,
                whole,
            )
        })
    }
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// The point between two fingers, and how far apart they are.
fn middle(a: (f64, f64), b: (f64, f64)) -> ((f64, f64), f64) {
    (((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0), distance(a, b))
}

/// What a key does to the view.
pub enum KeyMove {
    Zoom(f64),
    Pan(f64, f64),
    Reset,
}

pub fn key_move(key: &str) -> Option<KeyMove> {
    Some(match key {
        "+" | "=" => KeyMove::Zoom(1.5),
        "-" | "_" => KeyMove::Zoom(1.0 / 1.5),
        "ArrowLeft" => KeyMove::Pan(-0.1, 0.0),
        "ArrowRight" => KeyMove::Pan(0.1, 0.0),
        "ArrowUp" => KeyMove::Pan(0.0, -0.1),
        "ArrowDown" => KeyMove::Pan(0.0, 0.1),
        "0" | "Home" => KeyMove::Reset,
        _ => return None,
    })
}

/// How much a turn of the wheel zooms (`delta_y` in pixels; up zooms in).
pub fn wheel_factor(delta_y: f64) -> f64 {
    (-delta_y * 0.002).clamp(-0.5, 0.5).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHOLE: ViewBox = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 1000.0,
        height: 1000.0,
    };
    /// The map drawn 500 pixels square at the page's top left.
    const RECT: Rect = Rect {
        left: 0.0,
        top: 0.0,
        width: 500.0,
        height: 500.0,
    };

    #[test]
    fn a_tap_does_not_move_the_map() {
        let mut g = Gesture::default();
        g.down(1, (100.0, 100.0));
        assert_eq!(g.move_to(1, (103.0, 102.0), RECT, &WHOLE, &WHOLE), None);
        g.up(1);
        assert!(!g.moved && !g.active());
    }

    #[test]
    fn a_drag_moves_the_map_under_the_finger() {
        let view = WHOLE.zoomed(2.0, &WHOLE);
        let mut g = Gesture::default();
        g.down(1, (250.0, 250.0));
        let moved = g
            .move_to(1, (200.0, 250.0), RECT, &view, &WHOLE)
            .expect("a drag");
        assert!(g.moved);
        // 50 screen pixels are 100 map pixels at this size, half that zoomed twice.
        assert!((moved.x - (view.x + 50.0)).abs() < 1e-9);
        assert_eq!(moved.y, view.y);
    }

    #[test]
    fn two_fingers_spreading_zoom_in_by_their_spread() {
        let mut g = Gesture::default();
        g.down(1, (200.0, 250.0));
        g.down(2, (300.0, 250.0));
        assert!(g.moved, "a pinch is never a tap");
        let view = g.move_to(2, (400.0, 250.0), RECT, &WHOLE, &WHOLE).unwrap();
        assert!((view.zoom(&WHOLE) - 2.0).abs() < 1e-9);
        let view = g.move_to(1, (100.0, 250.0), RECT, &view, &WHOLE).unwrap();
        assert!((view.zoom(&WHOLE) - 3.0).abs() < 1e-9);
        // Lifting a finger leaves a drag.
        g.up(2);
        assert!(g.move_to(1, (90.0, 250.0), RECT, &view, &WHOLE).is_some());
    }

    #[test]
    fn keys_and_wheel() {
        assert!(matches!(key_move("+"), Some(KeyMove::Zoom(f)) if f > 1.0));
        assert!(matches!(key_move("ArrowLeft"), Some(KeyMove::Pan(x, y)) if x < 0.0 && y == 0.0));
        assert!(key_move("a").is_none());
        assert!(wheel_factor(-100.0) > 1.0 && wheel_factor(100.0) < 1.0);
        assert!(wheel_factor(-100_000.0) <= 0.5f64.exp());
    }
}
