//! The national maps: the 34 provinces coloured by the ranking's indicator, or all 3,321
//! communes coloured by their completion; either coloured by rating instead.

use super::{AreaMap, Colouring, Fill, Link, MapSearch, Shown, search_finds};
use crate::{
    components::progress::rating_label,
    format,
    i18n::{Locale, fill, use_i18n},
    maps::{MapArea, MapShape, get_all_communes_map},
    rankings::{CommuneFigure, CommuneFigures, Ranking, get_commune_figures},
};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

/// The map of all communes and their figures, as the national page loads it.
///
/// On the server it holds every commune. The page's data (this, serialized) keeps only the
/// communes the search finds (`?tim=`): the others are in the drawing already, and a live page
/// fetches them after it is shown, so that thousands of names and figures do not stand
/// between the visitor and the first view of the map.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AllCommunes {
    pub map: MapShape,
    pub figures: CommuneFigures,
    /// How many communes the map has, all here or not.
    pub total: usize,
    /// What the map's search looks for.
    pub find: String,
}

impl AllCommunes {
    pub fn new(map: MapShape, figures: CommuneFigures, find: String) -> Self {
        Self {
            total: map.areas.len(),
            map,
            figures,
            find,
        }
    }

    /// The communes the search finds.
    fn found(&self) -> HashSet<&str> {
        (search_finds(&self.map.areas, &self.find, |a| &a.name).into_iter())
            .map(|a| a.code.as_str())
            .collect()
    }

    /// Whether the page's data leaves communes out: on the server, whether it will (the
    /// hydrating page must render as the server did); in the browser, whether it did.
    fn partial(&self) -> bool {
        if cfg!(feature = "ssr") {
            self.found().len() < self.total
        } else {
            self.map.areas.len() < self.total
        }
    }
}

impl Serialize for AllCommunes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Page<'a> {
            map: MapShape,
            figures: CommuneFigures,
            total: usize,
            find: &'a str,
        }
        let found = self.found();
        let map = &self.map;
        Page {
            map: MapShape {
                key: map.key.clone(),
                width: map.width,
                height: map.height,
                areas: (map.areas.iter())
                    .filter(|a| found.contains(a.code.as_str()))
                    .cloned()
                    .collect(),
                context: map.context.clone(),
                outline: map.outline.clone(),
                over: map.over.clone(),
            },
            figures: CommuneFigures {
                as_of: self.figures.as_of,
                communes: (self.figures.communes.iter())
                    .filter(|f| found.contains(f.code.as_str()))
                    .cloned()
                    .collect(),
            },
            total: self.total,
            find: &self.find,
        }
        .serialize(serializer)
    }
}

/// The 34 provinces coloured by the ranking's indicator, or by their rating on their own
/// tasks; each links to its province's page.
#[component]
pub fn ProvinceMap(
    map: MapShape,
    ranking: Ranking,
    selected: Option<String>,
    by_rating: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (indicator, as_of) = (ranking.indicator, ranking.as_of);
    let query = format!(
        "chi-so={}&ngay={}&so-voi={}",
        indicator.slug(),
        ranking.as_of,
        ranking.reference
    );
    let shown = move |area: &MapArea, locale: Locale| {
        let t = locale.strings();
        let standing = ranking.standing(&area.code);
        let value = standing.and_then(|s| s.value);
        let rank = standing.and_then(|s| s.rank);
        let rating = standing.and_then(|s| s.rating);
        let rating_text = rating.map_or(t.map_no_figure, |r| rating_label(r, t));
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
            fill: if by_rating {
                Fill::Rating(rating)
            } else {
                Fill::Percent(value)
            },
            label: format!("{label}; {}: {rating_text}", t.map_own_rating),
            facts: vec![
                (indicator.label(t).to_owned(), value_text),
                (t.map_rank.to_owned(), rank_text),
                (t.map_own_rating.to_owned(), rating_text.to_owned()),
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
                let what = if by_rating { t.map_own_rating } else { indicator.label(t) };
                fill(t.map_title, &[("indicator", what), ("date", &format::date(as_of, i18n.locale()))])
            })
            description=Signal::derive(move || {
                let t = i18n.t();
                let what = if by_rating { t.map_own_rating } else { indicator.label(t) };
                fill(t.map_desc, &[("indicator", what)])
            })
            shown
            colouring=if by_rating { Colouring::Rating } else { Colouring::Percent }
            selected
            cards=false
            search=None
            table="#ranking-table"
        />
    }
}

/// All communes coloured by completion or rating; tapping one opens its card, the search
/// finds one. Before the page is live (or without a script) a tap opens the province's page,
/// where each commune is a link.
#[component]
pub fn AllCommunesMap(
    data: AllCommunes,
    /// Province names by code.
    provinces: HashMap<String, String>,
    search: MapSearch,
    by_rating: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let partial = data.partial();
    let AllCommunes {
        map,
        figures,
        total,
        ..
    } = data;
    let as_of = figures.as_of;
    let over = map
        .over
        .iter()
        .map(|p| Link {
            href: format!("/tinh/{}?ngay={as_of}#ban-do", p.code),
            label: p.name.clone(),
        })
        .collect();
    let index = |figures: CommuneFigures| -> HashMap<String, CommuneFigure> {
        (figures.communes.into_iter())
            .map(|f| (f.code.clone(), f))
            .collect()
    };
    let by_code = StoredValue::new(index(figures));
    // A page's data has only some of the communes: once live, it fetches the others, with
    // their paths and figures, both at once.
    let fetched = partial.then(|| RwSignal::new(None::<Arc<MapShape>>));
    if let Some(fetched) = fetched {
        let shape = RwSignal::new(None::<MapShape>);
        let figures = RwSignal::new(None::<CommuneFigures>);
        Effect::new(move || {
            spawn_local(async move {
                if let Ok(whole) = get_all_communes_map().await {
                    shape.set(Some(whole));
                }
            });
            spawn_local(async move {
                if let Ok(all) = get_commune_figures(Some(as_of)).await {
                    figures.set(Some(all));
                }
            });
        });
        Effect::new(move || {
            if shape.with(Option::is_some) && figures.with(Option::is_some) {
                let whole = shape.try_update_untracked(Option::take).flatten();
                let all = figures.try_update_untracked(Option::take).flatten();
                if let (Some(whole), Some(all)) = (whole, all) {
                    by_code.set_value(index(all));
                    fetched.set(Some(Arc::new(whole)));
                }
            }
        });
    }
    let shown = move |area: &MapArea, locale: Locale| {
        let t = locale.strings();
        let found = by_code.with_value(|all| all.get(&area.code).cloned());
        let found = found.as_ref();
        let province = provinces.get(&area.province).cloned().unwrap_or_default();
        let value = found.map(|f| f.completion.percent());
        let value_text = value.map_or_else(
            || t.map_no_figure.to_owned(),
            |v| format::percent(v, locale),
        );
        let mut facts = vec![(t.map_province.to_owned(), province.clone())];
        let label = match found {
            Some(f) => {
                let done = format!("{}/{}", f.completion.done, f.completion.assigned);
                let rating = rating_label(f.rating, t);
                facts.push((t.progress_col_completion.to_owned(), value_text.clone()));
                facts.push((t.progress_col_done.to_owned(), done.clone()));
                facts.push((t.progress_col_rating.to_owned(), rating.to_owned()));
                fill(
                    t.map_all_label,
                    &[
                        ("name", area.name.as_str()),
                        ("province", province.as_str()),
                        ("value", value_text.as_str()),
                        ("done", done.as_str()),
                        ("rating", rating),
                    ],
                )
            }
            None => format!("{} ({province}): {}", area.name, t.map_no_figure),
        };
        Shown {
            fill: if by_rating {
                Fill::Rating(found.map(|f| f.rating))
            } else {
                Fill::Percent(value)
            },
            label,
            facts,
            href: format!("/xa/{}?ngay={as_of}", area.code),
        }
    };
    view! {
        <AreaMap
            map
            class="all-communes-map"
            title=Signal::derive(move || fill(if by_rating { i18n.t().map_all_ratings_title } else { i18n.t().map_all_title }, &[
                ("n", &format::integer(total as i64, i18n.locale())),
                ("date", &format::date(as_of, i18n.locale())),
            ]))
            description=Signal::derive(move || i18n.t().map_all_desc.to_owned())
            shown
            colouring=if by_rating { Colouring::Rating } else { Colouring::Percent }
            selected=None
            cards=true
            search=Some(search)
            table="#ranking-table"
            table_label=|t| t.map_all_as_table
            over
            fetched
        />
    }
}
