//! The provinces on a map, coloured by the ranking's indicator in five classes (a
//! colour-blind-safe sequential palette, with the class written in each area's name and in
//! the legend). Server-rendered SVG whose areas are links, so it shows and navigates before
//! any script; the league table next to it has the same figures.

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
    let areas = map
        .areas
        .into_iter()
        .map(|area| {
            let standing = ranking.standing(&area.code).cloned();
            let value = standing.as_ref().and_then(|s| s.value);
            let class = class_of(value);
            let chosen = selected.as_deref() == Some(area.code.as_str());
            let name = area.name.clone();
            let label = move || {
                let locale = i18n.locale();
                let t = i18n.t();
                match standing.as_ref().and_then(|s| s.rank.map(|r| (r, s))) {
                    Some((rank, s)) => fill(
                        t.map_area_label,
                        &[
                            ("name", &name),
                            ("value", &format::percent(s.value.unwrap_or(0.0), locale)),
                            ("rank", &rank.to_string()),
                            ("n", &ranking.ranked.to_string()),
                        ],
                    ),
                    None => format!("{name}: {}", t.rank_none),
                }
            };
            view! {
                <g class=if chosen { "area selected" } else { "area" }>
                    <a href=format!("/tinh/{}?{query}", area.code)>
                        <path d=area.path class=format!("fill-{class}")></path>
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
                    {move || class_label(class, i18n.locale(), i18n.t().rank_none)}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart map-chart">
            <figcaption class="chart-title">
                {move || {
                    let t = i18n.t();
                    fill(t.map_title, &[("indicator", indicator.label(t)), ("date", &format::date(as_of, i18n.locale()))])
                }}
            </figcaption>
            <svg
                class="map-svg"
                viewBox=format!("0 0 {} {}", map.width, map.height)
                role="img"
                aria-label=move || fill(i18n.t().map_desc, &[("indicator", indicator.label(i18n.t()))])
            >
                {areas}
            </svg>
            <ul class="chart-legend map-legend">{legend}</ul>
        </figure>
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
