//! The national maps: the 34 provinces coloured by the ranking's indicator, or all 3,321
//! communes coloured by their completion.

use super::{AreaMap, Colouring, Fill, MapSearch, Shown};
use crate::{
    format,
    i18n::{fill, use_i18n},
    maps::{MapArea, MapShape},
    rankings::{CommuneFigures, Ranking},
};
use leptos::prelude::*;
use std::collections::HashMap;

/// The 34 provinces coloured by the ranking's indicator; each links to its province's page.
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
    let shown = move |area: &MapArea| {
        let standing = ranking.standing(&area.code);
        let value = standing.and_then(|s| s.value);
        let rank = standing.and_then(|s| s.rank);
        let value_text = value.map_or_else(
            || t.map_no_figure.to_owned(),
            |v| format::percent(v, locale),
        );
        let rank_text = rank.map_or_else(
            || t.rank_none.to_owned(),
            |r| format!("{r}/{}", ranking.ranked),
        );
        let label = match rank {
            Some(rank) => fill(
                t.map_area_label,
                &[
                    ("name", &area.name),
                    ("value", &value_text),
                    ("rank", &rank.to_string()),
                    ("n", &ranking.ranked.to_string()),
                ],
            ),
            None => format!("{}: {}", area.name, t.rank_none),
        };
        Shown {
            fill: Fill::Percent(value),
            label,
            facts: vec![
                (indicator.label(t).to_owned(), value_text),
                (t.map_rank.to_owned(), rank_text),
            ],
            href: format!("/tinh/{}?{query}", area.code),
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
            colouring=Colouring::Percent
            selected
            cards=false
            search=None
            table="#ranking-table"
        />
    }
}

/// All communes coloured by completion; tapping one opens its card, the search finds one.
#[component]
pub fn AllCommunesMap(
    map: MapShape,
    figures: CommuneFigures,
    /// Province names by code.
    provinces: HashMap<String, String>,
    search: MapSearch,
) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = figures.as_of;
    let count = map.areas.len();
    let locale = i18n.locale_untracked();
    let t = i18n.untracked();
    let by_code: HashMap<String, (String, crate::tasks::rules::Completion)> = figures
        .communes
        .into_iter()
        .map(|(code, province, completion)| (code, (province, completion)))
        .collect();
    let shown = move |area: &MapArea| {
        let found = by_code.get(&area.code);
        // A commune's code does not tell its province; the figures do, the name stays blank
        // for a commune without tasks.
        let province = found
            .and_then(|(p, _)| provinces.get(p).cloned())
            .unwrap_or_default();
        let value = found.map(|(_, c)| c.percent());
        let value_text = value.map_or_else(
            || t.map_no_figure.to_owned(),
            |v| format::percent(v, locale),
        );
        let mut facts = vec![(t.map_province.to_owned(), province.clone())];
        let label = match found {
            Some((_, c)) => {
                let done = format!("{}/{}", c.done, c.assigned);
                facts.push((t.progress_col_completion.to_owned(), value_text.clone()));
                facts.push((t.progress_col_done.to_owned(), done.clone()));
                fill(
                    t.map_all_label,
                    &[
                        ("name", &area.name),
                        ("province", &province),
                        ("value", &value_text),
                        ("done", &done),
                    ],
                )
            }
            None => format!("{} ({province}): {}", area.name, t.map_no_figure),
        };
        Shown {
            fill: Fill::Percent(value),
            label,
            facts,
            href: format!("/xa/{}?ngay={as_of}", area.code),
        }
    };
    view! {
        <AreaMap
            map
            class="all-communes-map"
            title=Signal::derive(move || fill(i18n.t().map_all_title, &[
                ("n", &format::integer(count as i64, i18n.locale())),
                ("date", &format::date(as_of, i18n.locale())),
            ]))
            description=Signal::derive(move || i18n.t().map_all_desc.to_owned())
            shown
            colouring=Colouring::Percent
            selected=None
            cards=true
            search=Some(search)
            table="#ranking-table"
        />
    }
}
