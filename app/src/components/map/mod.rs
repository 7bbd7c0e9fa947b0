//! Provinces or communes on a map, coloured by a figure (five classes of a colour-blind-safe
//! palette) or by rating (colour and pattern), each area's name carrying its figures.
//!
//! The map is server-rendered SVG whose areas are links, so it shows and navigates before any
//! script and without one; the table on the same page has the same figures. Once hydrated it
//! pans and zooms (drag, pinch, wheel, buttons, keys), shows a tooltip on hover, a card on tap,
//! and finds an area by name whatever the diacritics.

mod controls;
mod drawing;
mod finding;
mod gesture;
pub mod national;
mod paths;

use crate::{
    components::progress::rating_label,
    format,
    i18n::{Locale, Strings, use_i18n},
    maps::{MapArea, MapShape, view::ViewBox},
    tasks::rules::Rating,
};
use controls::{MapView, area_code};
pub use drawing::Link;
pub use finding::search_finds;
use finding::search_status;
use leptos::{prelude::*, wasm_bindgen::JsCast};
use paths::Paths;
use std::{collections::HashMap, sync::Arc};

/// Class boundaries, in percent: below 70, 70–80, 80–90, 90–95, 95 and above.
const CLASSES: [f64; 4] = [70.0, 80.0, 90.0, 95.0];

fn class_of(value: Option<f64>) -> usize {
    value.map_or(0, |v| 1 + CLASSES.iter().filter(|&&c| v >= c).count())
}

fn class_label(class: usize, locale: Locale, none: &str) -> String {
    let p = |v: f64| format::percent(v, locale).replace(",00", "");
    match class {
        0 => none.to_owned(),
        1 => format!("< {}", p(CLASSES[0])),
        5 => format!("≥ {}", p(CLASSES[3])),
        k => format!("{} – {}", p(CLASSES[k - 2]), p(CLASSES[k - 1])),
    }
}

/// What colours an area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fill {
    /// A figure in percent (None: no figure yet).
    Percent(Option<f64>),
    Rating(Option<Rating>),
}

impl Fill {
    fn class(self) -> String {
        match self {
            Fill::Percent(value) => format!("fill-{}", class_of(value)),
            Fill::Rating(None) => "fill-0".into(),
            Fill::Rating(Some(rating)) => {
                format!("fill-{}", crate::tasks::overview::rating_code(rating))
            }
        }
    }
}

/// What the colours stand for: a figure in percent, or a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colouring {
    Percent,
    Rating,
}

/// One area as the map shows it.
#[derive(Clone, Debug)]
pub struct Shown {
    pub fill: Fill,
    /// Its name with its figures, in one line (its `<title>` and tooltip).
    pub label: String,
    /// Its figures for the card: what, and how much.
    pub facts: Vec<(String, String)>,
    pub href: String,
}

/// The search box over a map's areas: its text from the URL (`?tim=`) and the other
/// parameters its form keeps.
#[derive(Clone, Debug, Default)]
pub struct MapSearch {
    pub query: String,
    pub keep: Vec<(&'static str, String)>,
}

/// An area (without its path, which only the drawing needs), and what it shows.
struct Area {
    code: String,
    name: String,
    bbox: [i32; 4],
    rings: u16,
    province: String,
    shown: Shown,
}

/// Areas coloured by their figures, each a link named with its figures.
#[component]
pub fn AreaMap(
    map: MapShape,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] description: Signal<String>,
    /// What to show of each area, in a language.
    shown: impl Fn(&MapArea, Locale) -> Shown + Send + Sync + 'static,
    /// What the colours stand for (the legend).
    colouring: Colouring,
    /// An area drawn highlighted.
    selected: Option<String>,
    /// Tapping an area opens its card (with the link to its page) instead of following it.
    cards: bool,
    /// The search box, if the map has one.
    search: Option<MapSearch>,
    class: &'static str,
    /// Where the page shows the map's figures as a table (or, for all communes, by province).
    table: &'static str,
    /// What the link to the table says, when not the usual words.
    #[prop(optional)]
    table_label: Option<fn(&'static Strings) -> &'static str>,
    /// The links of the map's `over` areas, in their order.
    #[prop(optional)]
    over: Vec<Link>,
    /// When the page's data has only some of the areas: the whole map once fetched (and
    /// `shown` knows every area's figures).
    #[prop(optional_no_strip)]
    fetched: Option<RwSignal<Option<Arc<MapShape>>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let whole = ViewBox::whole(map.width, map.height);
    let first = map.drawn();
    let drawing = first.clone();
    let shape = StoredValue::new(first);
    let describe = move |locale: Locale| -> Vec<Area> {
        shape.with_value(|shape| {
            (shape.areas.iter())
                .map(|a| Area {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    bbox: a.bbox,
                    rings: a.rings,
                    province: a.province.clone(),
                    shown: shown(a, locale),
                })
                .collect()
        })
    };
    let describe = Arc::new(describe);
    let areas = RwSignal::new(describe(i18n.locale_untracked()));
    let query = RwSignal::new(search.as_ref().map(|s| s.query.clone()).unwrap_or_default());
    let matches = Memo::new(move |_| {
        let q = query.get();
        areas.with(|all| {
            (search_finds(all, &q, |a| &a.name).into_iter())
                .map(|a| a.code.clone())
                .collect::<Vec<_>>()
        })
    });
    let found = matches.get_untracked().first().cloned();
    let card = RwSignal::new(found.clone());
    // What the search found and the area whose card is open.
    let highlighted = Memo::new(move |_| {
        let mut codes = matches.get();
        codes.extend(card.get().filter(|c| !codes.contains(c)));
        codes
    });
    let drawn: RwSignal<Arc<str>> = RwSignal::new(
        areas
            .with_untracked(|all| drawing::markup(&drawing, all, selected.as_deref(), &over))
            .into(),
    );
    let key = drawing.key.clone();
    let grouped = drawing.grouped();
    let redraw = move |whole: &MapShape| {
        let markup =
            areas.with_untracked(|all| drawing::markup(whole, all, selected.as_deref(), &over));
        drawn.set(markup.into());
    };
    // Until the rest of a partial page's areas come (with their paths), none is found under
    // the pointer.
    let waiting = move || {
        fetched.is_some_and(|f| f.with_untracked(Option::is_none))
            && shape.with_value(|s| s.areas.first().is_none_or(|a| a.path.is_empty()))
    };
    let around = move |code: &str| {
        areas.with_untracked(|all| {
            all.iter()
                .find(|a| a.code == code)
                .map(|a| ViewBox::around(a.bbox, &whole))
        })
    };
    let map_view = MapView::new(whole, found.as_deref().and_then(around).unwrap_or(whole));
    let tip = RwSignal::new(None::<(String, f64, f64)>);
    let hovered = Memo::new(move |_| tip.with(|t| t.as_ref().map(|(code, ..)| code.clone())));
    // Each area's own path, found when first needed.
    let paths = StoredValue::new(None::<Arc<Paths>>);
    let paths_now = move || {
        if let Some(known) = paths.get_value() {
            return Some(known);
        }
        if waiting() {
            return None;
        }
        let svg = map_view.svg.get_untracked();
        let svg = svg.as_ref().map(|s| s.unchecked_ref::<web_sys::Element>());
        let found = areas.with_untracked(|all| shape.with_value(|s| Paths::new(s, all, svg)))?;
        let found = Arc::new(found);
        paths.set_value(Some(found.clone()));
        Some(found)
    };
    // What is found, and on a grouped map the area under the mouse, drawn again on top.
    let highlight = move || {
        let found = highlighted.get();
        let hover = hovered.get().filter(|c| grouped && !found.contains(c));
        if found.is_empty() && hover.is_none() {
            return String::new();
        }
        let Some(paths) = paths_now() else {
            return String::new();
        };
        areas.with_untracked(|all| {
            let index = |code: &str| all.iter().position(|a| a.code == code);
            let shown: Vec<(&str, &'static str, &str)> = found
                .iter()
                .map(|c| (c.as_str(), "found"))
                .chain(hover.iter().map(|c| (c.as_str(), "hover")))
                .filter_map(|(code, why)| Some((code, why, paths.data(index(code)?))))
                .collect();
            drawing::highlights(shown.into_iter())
        })
    };
    // The area under the pointer: its element's, or on a grouped map found by its rings.
    let area_at = move |ev: &leptos::ev::MouseEvent| -> Option<String> {
        if !grouped {
            return area_code(ev);
        }
        let spot = map_view
            .rect()?
            .spot((f64::from(ev.client_x()), f64::from(ev.client_y())));
        let point = map_view.view.get_untracked().point(spot);
        let paths = paths_now()?;
        areas.with_untracked(|all| Some(all[paths.hits(all).at(point)?].code.clone()))
    };
    let live = RwSignal::new(false);
    Effect::new(move || live.set(true));
    // Nothing drawn: a map rendered afresh in the browser from data a page carried without its
    // paths (after a change of colouring, say), where a hydrated one keeps what was served.
    let undrawn = move || {
        let svg = map_view.svg.get_untracked()?;
        let layers = svg.query_selector("g.layers").ok()??;
        Some(layers.child_element_count() == 0)
    };
    // The whole map, in place of a page's partial data or to draw an undrawn one.
    let complete = {
        let describe = describe.clone();
        move |whole: Arc<MapShape>| {
            // The map may have gone while its paths came.
            if shape.is_disposed() {
                return;
            }
            shape.set_value(whole.clone());
            paths.set_value(None);
            areas.set(describe(i18n.locale_untracked()));
            if undrawn() == Some(true) {
                redraw(&whole);
            }
        }
    };
    match fetched {
        Some(fetched) => Effect::new(move || {
            if let Some(whole) = fetched.get() {
                complete(whole);
            }
        }),
        None => Effect::new(move || {
            if map_view.svg.get().is_some() && undrawn() == Some(true) {
                let key = key.clone();
                let complete = complete.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(whole) = crate::maps::fetch_shape(key).await {
                        complete(Arc::new(whole));
                    }
                });
            }
        }),
    };
    // The names follow a change of language (the drawing itself is kept as it was served).
    Effect::new(move |before: Option<Locale>| {
        let locale = i18n.locale();
        if before.is_some_and(|b| b != locale) {
            areas.set(describe(locale));
            areas.with_untracked(|all| {
                let labels: HashMap<&str, &str> = all
                    .iter()
                    .map(|a| (a.code.as_str(), a.shown.label.as_str()))
                    .collect();
                map_view.relabel(|code| labels.get(code).copied());
            });
        }
        locale
    });

    let find = move |text: String| {
        query.set(text);
        let best = matches.get_untracked().first().cloned();
        map_view
            .view
            .set(best.as_deref().and_then(around).unwrap_or(whole));
        card.set(best);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if map_view.pointer_move(&ev) || map_view.dragging() || ev.pointer_type() != "mouse" {
            tip.set(None);
            return;
        }
        let (Some(code), Some(rect)) = (area_at(&ev), map_view.rect()) else {
            tip.set(None);
            return;
        };
        let (x, y) = (
            f64::from(ev.client_x()) - rect.left,
            f64::from(ev.client_y()) - rect.top,
        );
        tip.set(Some((code, x, y)));
    };
    // A tap opens the area's card; Enter on a focused area (a click of detail 0) follows it.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if map_view.swallow_click(&ev) || !cards || ev.detail() == 0 {
            return;
        }
        if let Some(code) = area_at(&ev) {
            ev.prevent_default();
            tip.set(None);
            card.set(Some(code));
        }
    };
    let tooltip = move || {
        let (code, x, y) = tip.get()?;
        let label = areas.with(|all| {
            all.iter()
                .find(|a| a.code == code)
                .map(|a| a.shown.label.clone())
        })?;
        let width = map_view.rect().map_or(0.0, |r| r.width);
        // Beside the pointer, on the side with room.
        let transform = if x > width * 0.6 {
            format!("translate(calc({x:.0}px - 100% - 12px), {:.0}px)", y + 12.0)
        } else {
            format!("translate({:.0}px, {:.0}px)", x + 12.0, y + 12.0)
        };
        Some(view! { <div class="map-tip" role="tooltip" style:transform=transform>{label}</div> })
    };
    let card_view = move || {
        let code = card.get()?;
        let (name, shown) = areas.with(|all| {
            all.iter()
                .find(|a| a.code == code)
                .map(|a| (a.name.clone(), a.shown.clone()))
        })?;
        let facts = shown
            .facts
            .into_iter()
            .map(|(what, value)| view! { <dt>{what}</dt> <dd>{value}</dd> })
            .collect_view();
        Some(view! {
            <div class="map-card" data-code=code>
                <p class="map-card-name"><strong lang=i18n.data_lang()>{name}</strong></p>
                <dl>{facts}</dl>
                <a class="button" href=shown.href>{move || i18n.t().map_open}</a>
                <Show when=move || live.get()>
                    <button class="link-button map-card-close" type="button" on:click=move |_| card.set(None)>
                        {move || i18n.t().map_close}
                    </button>
                </Show>
            </div>
        })
    };
    let search_form = search.map(|s| {
        let id = format!("{class}-q");
        let keep = s
            .keep
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
            .collect_view();
        view! {
            <form class="search map-search" method="get" role="search" aria-label=move || i18n.t().map_search_label on:submit=move |ev| {
                ev.prevent_default();
                find(query.get_untracked());
            }>
                <label for=id.clone()>{move || i18n.t().map_search_label}</label>
                <div class="search-row">
                    <input
                        id=id
                        name="tim"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        value=s.query
                        prop:value=move || query.get()
                        on:input=move |ev| find(event_target_value(&ev))
                    />
                    <button type="submit">{move || i18n.t().search_button}</button>
                </div>
                {keep}
            </form>
            <p class="search-status" role="status">{move || search_status(&query.get(), &matches.get(), areas, i18n.t())}</p>
        }
    });
    let after = format!("{class}-sau");
    view! {
        // Past the map (its search, drawing, card and legend) in one key press.
        <a class="skip-link skip-map" href=format!("#{after}")>{move || i18n.t().map_skip}</a>
        <figure
            class=format!("chart map-chart {class}")
            class:live=move || live.get()
            class:zoomed=move || map_view.zoomed()
            class:partial=move || fetched.is_some_and(|f| f.with(Option::is_none))
            id="ban-do"
        >
            <figcaption class="chart-title">{title}</figcaption>
            {search_form}
            <div class="map-frame">
                <svg
                    class="map-svg"
                    node_ref=map_view.svg
                    viewBox=move || map_view.view.get().attr()
                    role="group"
                    aria-label=description
                    tabindex="0"
                    on:wheel=move |ev| map_view.wheel(ev)
                    on:pointerdown=move |ev| map_view.pointer_down(&ev)
                    on:pointermove=on_move
                    on:pointerup=move |ev| map_view.pointer_up(&ev)
                    on:pointercancel=move |ev| map_view.pointer_up(&ev)
                    on:pointerleave=move |_| tip.set(None)
                    on:click=on_click
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            card.set(None);
                            if let Some(svg) = map_view.svg.get_untracked() {
                                let _ = svg.focus();
                            }
                        } else {
                            map_view.key(&ev);
                        }
                    }
                    on:focusin=move |ev| {
                        if let Some(code) = area_code(&ev).filter(|_| cards) {
                            card.set(Some(code));
                        }
                    }
                >
                    {(colouring == Colouring::Rating).then(patterns)}
                    <g class="layers" inner_html=move || drawn.get()></g>
                    <g class="highlights" aria-hidden="true" inner_html=highlight></g>
                </svg>
                {tooltip}
                <Show when=move || live.get()>
                    <div class="map-controls">
                        <button type="button" class="map-zoom-in" aria-label=move || i18n.t().map_zoom_in on:click=move |_| map_view.zoom_by(1.5)>"+"</button>
                        <button type="button" class="map-zoom-out" aria-label=move || i18n.t().map_zoom_out on:click=move |_| map_view.zoom_by(1.0 / 1.5)>"−"</button>
                        <button type="button" class="map-reset" aria-label=move || i18n.t().map_reset on:click=move |_| map_view.reset()>"⟲"</button>
                    </div>
                </Show>
            </div>
            <div class="map-card-slot" aria-live="polite">{card_view}</div>
            <Legend colouring />
            <p class="map-help">
                <Show when=move || live.get()>{move || i18n.t().map_help} " "</Show>
                <a href=table>{move || table_label.map_or(i18n.t().map_as_table, |label| label(i18n.t()))}</a>
            </p>
        </figure>
        <span id=after tabindex="-1"></span>
    }
}

/// A choice between two ways of showing a map, as links that keep the rest of the URL (they
/// work before any script): `label` then the two options, the second chosen or not.
#[component]
pub fn MapChoice(
    label: fn(&'static Strings) -> &'static str,
    first: (String, fn(&'static Strings) -> &'static str),
    second: (String, fn(&'static Strings) -> &'static str),
    second_chosen: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = |on: bool| if on { "page" } else { "false" };
    view! {
        <p class="map-choice">
            {move || label(i18n.t())} " "
            <a href=first.0 aria-current=current(!second_chosen)>{move || (first.1)(i18n.t())}</a>
            " · "
            <a href=second.0 aria-current=current(second_chosen)>{move || (second.1)(i18n.t())}</a>
        </p>
    }
}

/// `path?k=v&k=v#ban-do`: a map's URL with its parameters.
pub fn map_link(path: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}#ban-do", query.join("&"))
}

/// Ratings are told apart by pattern as well as colour: Vàng striped, Đỏ cross-hatched.
fn patterns() -> impl IntoView {
    view! {
        <defs>
            <pattern id="pattern-vang" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect class="pattern-vang-ground" width="6" height="6"></rect>
                <line class="pattern-line" x1="0" y1="0" x2="0" y2="6"></line>
            </pattern>
            <pattern id="pattern-do" width="6" height="6" patternUnits="userSpaceOnUse">
                <rect class="pattern-do-ground" width="6" height="6"></rect>
                <path class="pattern-line" d="M0 0L6 6M6 0L0 6"></path>
            </pattern>
        </defs>
    }
}

/// What each colour stands for, in words.
#[component]
fn Legend(colouring: Colouring) -> impl IntoView {
    let i18n = use_i18n();
    let swatch = |class: String| {
        view! {
            <svg class="swatch" viewBox="0 0 12 12" aria-hidden="true">
                <rect class=class width="12" height="12"></rect>
            </svg>
        }
    };
    let items = match colouring {
        Colouring::Percent => (0..=5)
            .rev()
            .map(|class| {
                view! {
                    <li>
                        {swatch(format!("fill-{class}"))}
                        {move || class_label(class, i18n.locale(), i18n.t().map_no_figure)}
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        Colouring::Rating => [
            Some(Rating::Xanh),
            Some(Rating::Vang),
            Some(Rating::Do),
            None,
        ]
        .into_iter()
        .map(|rating| {
            view! {
                <li>
                    {swatch(Fill::Rating(rating).class())}
                    {move || rating.map_or(i18n.t().map_no_figure, |r| rating_label(r, i18n.t()))}
                </li>
            }
        })
        .collect_view()
        .into_any(),
    };
    view! { <ul class="chart-legend map-legend">{items}</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_in_five_classes_and_none_in_its_own() {
        assert_eq!(class_of(None), 0);
        assert_eq!(class_of(Some(0.0)), 1);
        assert_eq!(class_of(Some(69.99)), 1);
        assert_eq!(class_of(Some(70.0)), 2);
        assert_eq!(class_of(Some(89.99)), 3);
        assert_eq!(class_of(Some(94.0)), 4);
        assert_eq!(class_of(Some(95.82)), 5);
        assert_eq!(class_of(Some(100.0)), 5);
    }

    #[test]
    fn ratings_have_their_own_fills() {
        assert_eq!(Fill::Rating(Some(Rating::Do)).class(), "fill-do");
        assert_eq!(Fill::Rating(None).class(), "fill-0");
        assert_eq!(Fill::Percent(Some(96.0)).class(), "fill-5");
    }
}
