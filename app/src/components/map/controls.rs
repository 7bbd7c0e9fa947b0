//! The map's view and the events that move it: the browser's pointers, wheel and keys turned
//! into [`Gesture`]s and views. Only the hydrated page runs these.

use super::gesture::{Gesture, KeyMove, Rect, key_move, wheel_factor};
use crate::maps::view::ViewBox;
use leptos::wasm_bindgen::JsCast;
use leptos::{
    ev::{KeyboardEvent, MouseEvent, PointerEvent, WheelEvent},
    prelude::*,
    svg::Svg,
};

/// A map's view, what its pointers are doing, and the element it is drawn in.
#[derive(Clone, Copy)]
pub struct MapView {
    pub view: RwSignal<ViewBox>,
    pub whole: ViewBox,
    gesture: StoredValue<Gesture>,
    pub svg: NodeRef<Svg>,
}

impl MapView {
    pub fn new(whole: ViewBox, initial: ViewBox) -> Self {
        Self {
            view: RwSignal::new(initial),
            whole,
            gesture: StoredValue::new(Gesture::default()),
            svg: NodeRef::new(),
        }
    }

    pub fn zoomed(&self) -> bool {
        self.view.get() != self.whole
    }

    pub fn zoom_by(&self, factor: f64) {
        self.view.update(|v| *v = v.zoomed(factor, &self.whole));
    }

    pub fn reset(&self) {
        self.view.set(self.whole);
    }

    /// Names each drawn area anew (its `<title>`), after a change of language.
    pub fn relabel<'a>(&self, label: impl Fn(&str) -> Option<&'a str>) {
        let Some(list) = self
            .svg
            .get_untracked()
            .and_then(|svg| svg.query_selector_all("[data-code]").ok())
        else {
            return;
        };
        for i in 0..list.length() {
            let Some(area) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let text = area.get_attribute("data-code").and_then(|c| label(&c));
            if let (Some(text), Ok(Some(title))) = (text, area.query_selector("title")) {
                title.set_text_content(Some(text));
            }
        }
    }

    /// Where the map is drawn on screen.
    pub fn rect(&self) -> Option<Rect> {
        let r = self.svg.get_untracked()?.get_bounding_client_rect();
        Some(Rect {
            left: r.left(),
            top: r.top(),
            width: r.width(),
            height: r.height(),
        })
    }

    /// The wheel zooms at the pointer; turning it out on the whole map scrolls the page.
    pub fn wheel(&self, ev: WheelEvent) {
        let scale = match ev.delta_mode() {
            1 => 16.0,
            2 => 400.0,
            _ => 1.0,
        };
        let factor = wheel_factor(ev.delta_y() * scale);
        let Some(rect) = self.rect() else { return };
        if factor < 1.0 && !self.zoomed() {
            return;
        }
        ev.prevent_default();
        let at = rect.spot((f64::from(ev.client_x()), f64::from(ev.client_y())));
        self.view
            .update(|v| *v = v.moved(at, at, factor, &self.whole));
    }

    pub fn pointer_down(&self, ev: &PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        self.gesture
            .update_value(|g| g.down(ev.pointer_id(), client(ev)));
    }

    /// Moves the map when a pointer held down moves; true when it did.
    pub fn pointer_move(&self, ev: &PointerEvent) -> bool {
        let Some(rect) = self.rect() else {
            return false;
        };
        let view = self.view.get_untracked();
        let (was_moved, next) = self
            .gesture
            .try_update_value(|g| {
                let was = g.moved;
                (
                    was,
                    g.move_to(ev.pointer_id(), client(ev), rect, &view, &self.whole),
                )
            })
            .unwrap_or((false, None));
        let Some(next) = next else { return false };
        if !was_moved {
            // Keep the drag when the pointer leaves the map.
            if let Some(svg) = self.svg.get_untracked() {
                let _ = svg.set_pointer_capture(ev.pointer_id());
            }
        }
        self.view.set(next);
        true
    }

    pub fn pointer_up(&self, ev: &PointerEvent) {
        self.gesture.update_value(|g| g.up(ev.pointer_id()));
    }

    pub fn dragging(&self) -> bool {
        self.gesture.with_value(Gesture::active)
    }

    /// After a drag or a pinch, the click that ends it follows no link. Keyboard clicks
    /// (`detail` 0) always go through.
    pub fn swallow_click(&self, ev: &MouseEvent) -> bool {
        let moved = ev.detail() > 0 && self.gesture.with_value(|g| g.moved);
        self.gesture.update_value(|g| g.moved = false);
        if moved {
            ev.prevent_default();
        }
        moved
    }

    /// The arrows move the focus from area to area (roving: the map is one tab stop);
    /// with Shift they pan; +/− zoom; 0 and Home show the whole map.
    pub fn key(&self, ev: &KeyboardEvent) {
        let forward = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => Some(true),
            "ArrowLeft" | "ArrowUp" => Some(false),
            _ => None,
        };
        if let Some(forward) = forward.filter(|_| !ev.shift_key()) {
            ev.prevent_default();
            self.focus_next_area(forward);
            return;
        }
        let Some(step) = key_move(&ev.key()) else {
            return;
        };
        ev.prevent_default();
        match step {
            KeyMove::Zoom(f) => self.zoom_by(f),
            KeyMove::Pan(right, down) => self
                .view
                .update(|v| *v = v.panned(right, down, &self.whole)),
            KeyMove::Reset => self.reset(),
        }
    }
}

impl MapView {
    /// Focuses the area after (or before) the one focused, or the first (last) from the map.
    fn focus_next_area(&self, forward: bool) {
        let Some(svg) = self.svg.get_untracked() else {
            return;
        };
        let Ok(list) = svg.query_selector_all(".layers a") else {
            return;
        };
        let links: Vec<web_sys::SvgElement> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::SvgElement>().ok())
            .collect();
        if links.is_empty() {
            return;
        }
        let active = document().active_element();
        let at = links.iter().position(|l| {
            active
                .as_ref()
                .is_some_and(|a| a == l.unchecked_ref::<web_sys::Element>())
        });
        let next = match (at, forward) {
            (Some(i), true) => (i + 1) % links.len(),
            (Some(i), false) => (i + links.len() - 1) % links.len(),
            (None, true) => 0,
            (None, false) => links.len() - 1,
        };
        let _ = links[next].focus();
    }
}

fn client(ev: &PointerEvent) -> (f64, f64) {
    (f64::from(ev.client_x()), f64::from(ev.client_y()))
}

/// The code of the area an event happened on.
pub fn area_code(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-code]")
        .ok()??
        .get_attribute("data-code")
}
