//! Provinces or communes on a map, coloured by a figure in five classes (a colour-blind-safe
//! sequential palette; each area's name carries its figure, and the legend its classes).
//! Server-rendered SVG whose areas are links, so it shows and navigates before any script; the
//! table next to it has the same figures.

use crate::{
    format,
    i18n::{fill, use_i18n},
    maps::MapShape,
    rankings::Ranking,
};
use leptos::prelude::*;

/// Class boundaries, in percent: below 70, 70–80, 80–90, 90–95, 95 and above.
const CLASSES: [f64; 4] = [70.0, 80.0, 90.0, 95.0];

fn class_of(value: Option<f64>) -> usize {
    value.map_or(0, |v| 1 + CLASSES.iter().filter(|&&c| v >= c).count())
}

fn class_label(class: usize, locale: crate::i18n::Locale, none: &str) -> String {
    let p = |v: f64| format::percent(v, locale).replace(",00", "");
    match class {
        0 => none.to_owned(),
        1 => format!("< {}", p(CLASSES[0])),
        5 => format!("≥ {}", p(CLASSES[3])),
        k => format!("{} – {}", p(CLASSES[k - 2]), p(CLASSES[k - 1])),
    }
}

/// One area to draw: its figure (None: nothing to show), its name with the figure, its link.
pub struct Shown {
    pub value: Option<f64>,
    pub label: String,
    pub href: String,
}

/// Areas coloured by their figures, each a link named with its figures.
#[component]
pub fn AreaMap(
    map: MapShape,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] description: Signal<String>,
    /// What to show of each area, by code (an area missing here is drawn as "no figure").
    shown: impl Fn(&str, &str) -> Shown,
    selected: Option<String>,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let areas = map
        .areas
        .into_iter()
        .map(|area| {
            let Shown { value, label, href } = shown(&area.code, &area.name);
            let chosen = selected.as_deref() == Some(area.code.as_str());
            view! {
                <g class=if chosen { "area selected" } else { "area" } data-code=area.code>
                    <a href=href>
                        <path d=area.path class=format!("fill-{}", class_of(value))></path>
                        <title>{label}</title>
                    </a>
                </g>
            }
        })
        .collect_view();
    let legend = (0..=5)
        .rev()
        .map(|class| {
            view! {
                <li>
                    <span class=format!("swatch fill-{class}") aria-hidden="true"></span>
                    {move || class_label(class, i18n.locale(), i18n.t().map_no_figure)}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class=format!("chart map-chart {class}")>
            <figcaption class="chart-title">{title}</figcaption>
            <svg
                class="map-svg"
                viewBox=format!("0 0 {} {}", map.width, map.height)
                role="img"
                aria-label=description
            >
                {areas}
            </svg>
            <ul class="chart-legend map-legend">{legend}</ul>
        </figure>
    }
}

/// The 34 provinces coloured by the ranking's indicator.
#[component]
pub fn ProvinceMap(map: MapShape, ranking: Ranking, selected: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (indicator, as_of) = (ranking.indicator, ranking.as_of);
    let query = format!(
        "chi-so={}&ngay={}&so-voi={}",
        indicator.slug(),
        ranking.as_of,
        ranking.reference
    );
    let locale = i18n.locale_untracked();
    let t = i18n.untracked();
    let shown = move |code: &str, name: &str| {
        let standing = ranking.standing(code);
        let value = standing.and_then(|s| s.value);
        let label = match standing.and_then(|s| s.rank) {
            Some(rank) => fill(
                t.map_area_label,
                &[
                    ("name", name),
                    ("value", &format::percent(value.unwrap_or(0.0), locale)),
                    ("rank", &rank.to_string()),
                    ("n", &ranking.ranked.to_string()),
                ],
            ),
            None => format!("{name}: {}", t.rank_none),
        };
        Shown {
            value,
            label,
            href: format!("/tinh/{code}?{query}"),
        }
    };
    view! {
        <AreaMap
            map
            class="province-map"
            title=Signal::derive(move || {
                let t = i18n.t();
                fill(t.map_title, &[("indicator", indicator.label(t)), ("date", &format::date(as_of, i18n.locale()))])
            })
            description=Signal::derive(move || fill(i18n.t().map_desc, &[("indicator", indicator.label(i18n.t()))]))
            shown
            selected
        />
    }
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
}
