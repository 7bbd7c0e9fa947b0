//! Charts drawn as SVG by Leptos components: rendered on the server, so they show before the
//! WebAssembly loads and without JavaScript; once hydrated, hovering, tapping or focusing a
//! mark shows its exact figures. Each chart has a title, a text description (the drawing is
//! an image to screen readers) and its figures as a table behind a toggle. The drawing fills
//! its container's width and keeps its proportions, down to the width where its text would
//! fall under 12 px.

pub mod bands;
pub mod line;
pub mod parts;
pub mod ranking;

use crate::{format, i18n::use_i18n, rankings::change_mark};
use chrono::NaiveDate;
use leptos::prelude::*;

/// A chart's frame: title, the drawing, and the table toggle (a native disclosure, so it
/// works with the keyboard and before hydration).
#[component]
fn ChartFrame(
    class: &'static str,
    #[prop(into)] title: Signal<String>,
    table: AnyView,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class=format!("chart {class}")>
            <figcaption class="chart-title">{title}</figcaption>
            // A wide drawing keeps its text at 12 px or more: on a narrow screen it scrolls
            // sideways here (with a shadow at the edge that has more) instead of shrinking.
            <div class="chart-scroll">{children()}</div>
            <details class="chart-table">
                <summary>{move || i18n.t().chart_show_table}</summary>
                <div class="table-wrap">{table}</div>
            </details>
        </figure>
    }
}

/// A mark of a chart (a bar, a column, a point, a segment): focusable, an image named for
/// screen readers inside its chart's group, and showing its tooltip (`active` = its index)
/// on hover, tap and keyboard focus.
#[component]
fn Mark(
    index: usize,
    active: RwSignal<Option<usize>>,
    #[prop(into)] class: String,
    label: Signal<String>,
    /// A province code, for the ranking's bars.
    #[prop(optional)]
    code: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <g
            class=class
            data-code=code
            tabindex="0"
            role="img"
            aria-label=label
            on:pointerenter=move |_| active.set(Some(index))
            on:pointerleave=move |_| active.set(None)
            on:focus=move |_| active.set(Some(index))
            on:blur=move |_| active.set(None)
            on:click=move |_| active.set(Some(index))
        >
            {children()}
        </g>
    }
}

/// The tooltip drawn inside the SVG (positioned by a transform: the page's
/// Content-Security-Policy allows no inline style), kept inside the drawing's width.
fn tooltip(x: f64, y: f64, width: f64, lines: Vec<String>) -> impl IntoView {
    let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * 7.0 + 16.0;
    let h = lines.len() as f64 * 17.0 + 8.0;
    let x = (x + 10.0).min(width - w).max(0.0);
    let y = (y - h - 6.0).max(0.0);
    view! {
        <g class="chart-tooltip" transform=format!("translate({x:.1} {y:.1})")>
            <rect width=format!("{w:.1}") height=format!("{h:.1}") rx="4"></rect>
            {lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| view! { <text x="8" y=format!("{}", 17 + i * 17)>{line}</text> })
                .collect_view()}
        </g>
    }
}

/// `↑5`, `↓2` or `=` since the reference date, with the date spelled out for screen readers
/// and on hover.
#[component]
pub fn RankChange(change: Option<i64>, reference: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let class = match change {
        Some(n) if n > 0 => "rank-change up",
        Some(n) if n < 0 => "rank-change down",
        _ => "rank-change",
    };
    let since = move || {
        crate::i18n::fill(
            i18n.t().chart_change_since,
            &[("date", &format::date(reference, i18n.locale()))],
        )
    };
    change.map(|_| {
        view! {
            <span class=class title=since>
                {change_mark(change)}
                <span class="visually-hidden">" " {since}</span>
            </span>
        }
    })
}
