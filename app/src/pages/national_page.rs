use crate::{
    components::{
        charts::ranking::{RankingChart, RankingTable},
        error_notice::ErrorNotice,
        map::{
            MapChoice, MapSearch, map_link,
            national::{AllCommunes, AllCommunesMap, ProvinceMap},
        },
        search_box::{SearchBox, SearchStatus, use_search_query},
    },
    format,
    i18n::{fill, use_i18n},
    maps::{MapShape, get_all_communes_map, get_province_map},
    rankings::{Indicator, Ranking, get_commune_figures, get_ranking},
    search,
    tasks::{demo_seed_query, parse_as_of},
    territory::{ProvinceSummary, list_provinces},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the URL says to show: `?chi-so=&ngay=&so-voi=&tinh=&ban-do=&tim=`.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingQuery {
    pub indicator: Indicator,
    pub as_of: Option<chrono::NaiveDate>,
    pub reference: Option<chrono::NaiveDate>,
    pub selected: Option<String>,
    /// The map of all communes (`ban-do=xa`) rather than the provinces'.
    pub all_communes: bool,
    /// Colour the map by rating (`to-mau=danh-gia`) rather than by the figure.
    pub by_rating: bool,
    /// What the map's search box looks for.
    pub find: String,
}

impl RankingQuery {
    pub fn from_url() -> Memo<Self> {
        let query = use_query_map();
        Memo::new(move |_| {
            query.with(|q| Self {
                indicator: q
                    .get("chi-so")
                    .and_then(|s| Indicator::from_slug(&s))
                    .unwrap_or_default(),
                as_of: parse_as_of(q.get("ngay")),
                reference: parse_as_of(q.get("so-voi")),
                selected: q
                    .get("tinh")
                    .filter(|c| crate::territory::is_unit_code(c, 2)),
                all_communes: q.get("ban-do").as_deref() == Some("xa"),
                by_rating: q.get("to-mau").as_deref() == Some("danh-gia"),
                find: crate::search::typed_search(q.get("tim")),
            })
        })
    }
}

/// `/`: the 34 provinces and their communes.
#[component]
pub fn NationalPage() -> impl IntoView {
    let i18n = use_i18n();
    let provinces = Resource::new(|| (), |_| list_provinces());
    let query = RankingQuery::from_url();
    let ranking = Resource::new(
        move || query.get(),
        |q| get_ranking(q.indicator, q.as_of, q.reference),
    );
    let map = Resource::new(
        move || {
            let q = query.get();
            q.all_communes.then_some((q.as_of, q.find))
        },
        |communes| async move {
            Ok(match communes {
                Some((as_of, find)) => {
                    let figures = get_commune_figures(as_of).await?;
                    let map = get_all_communes_map().await?.for_page();
                    NationalMap::Communes(AllCommunes::new(map, figures, find))
                }
                None => NationalMap::Provinces(get_province_map().await?.for_page()),
            })
        },
    );
    view! {
        <Title text=i18n.untracked().national_title />
        <h1>{move || i18n.t().national_heading}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match (ranking.await, map.await) {
                    (Ok(ranking), _) if ranking.ranked == 0 => {
                        view! { <p class="lead">{move || i18n.t().ranking_no_data}</p> }.into_any()
                    }
                    (Ok(ranking), Ok(map)) => {
                        view! { <RankingSection ranking map url=q /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => {
                        view! { <ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Suspense>
        <h2>{move || i18n.t().national_title}</h2>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match provinces.await {
                    Ok(list) => view! { <ProvinceTable provinces=list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The national page's map: the 34 provinces, or all communes with their figures.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum NationalMap {
    Provinces(MapShape),
    Communes(AllCommunes),
}

/// The headline figures, the choice of indicator and dates, the ranking chart and table, and
/// the open-data downloads.
#[component]
fn RankingSection(ranking: Ranking, map: NationalMap, url: RankingQuery) -> impl IntoView {
    let i18n = use_i18n();
    let selected = url.selected.clone();
    let (mut communes, mut completed, mut weighted, mut own_done, mut own_assigned) =
        (0u32, 0u32, 0.0, 0u32, 0u32);
    for s in &ranking.standings {
        let c = s.figures.communes;
        communes += c.communes;
        completed += c.completed_all;
        weighted += c.mean_completion * f64::from(c.communes);
        own_done += s.figures.own.done;
        own_assigned += s.figures.own.assigned;
    }
    let mean = if communes == 0 {
        0.0
    } else {
        weighted / f64::from(communes)
    };
    let share = if communes == 0 {
        0.0
    } else {
        f64::from(completed) * 100.0 / f64::from(communes)
    };
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let pct = move |v: f64| format::percent(v, i18n.locale());
    let query = format!(
        "chi-so={}&ngay={}&so-voi={}",
        ranking.indicator.slug(),
        ranking.as_of,
        ranking.reference
    );
    let downloads = (
        format!("/api/xep-hang.csv?{query}"),
        format!("/api/v1/xep-hang?{query}"),
    );
    let demo = ranking.demo.then(|| {
        view! {
            <p class="demo-marker">
                {move || i18n.t().demo_marker} " "
                <a href=format!("/?{}", demo_seed_query())>{move || i18n.t().demo_seed_link}</a>
            </p>
        }
    });
    let (indicator, as_of, reference) = (ranking.indicator, ranking.as_of, ranking.reference);
    view! {
        <section class="national-ranking" aria-labelledby="ranking-title">
            <h2 id="ranking-title">
                {move || fill(i18n.t().progress_title, &[("date", &format::date(as_of, i18n.locale()))])}
            </h2>
            {demo}
            <dl class="figures">
                <div>
                    <dt>{move || i18n.t().national_mean}</dt>
                    <dd><strong class="national-mean">{move || pct(mean)}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().progress_completed_all}</dt>
                    <dd>
                        <strong class="national-completed">{move || format!("{}/{}", n(completed), n(communes))}</strong>
                        " (" {move || pct(share)} ")"
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().national_own}</dt>
                    <dd><strong>{move || format!("{}/{}", n(own_done), n(own_assigned))}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().national_ranked}</dt>
                    <dd><strong>{move || n(ranking.ranked)}</strong></dd>
                </div>
            </dl>
            <form class="date-form ranking-form" method="get" action="/">
                <label for="chi-so">{move || i18n.t().ranking_indicator}</label>
                <select id="chi-so" name="chi-so">
                    {Indicator::ALL.map(|i| view! {
                        <option value=i.slug() selected=i == indicator>{move || i.label(i18n.t())}</option>
                    })}
                </select>
                <label for="ngay">{move || i18n.t().progress_as_of}</label>
                <input id="ngay" name="ngay" type="date" value=as_of.to_string() />
                <label for="so-voi">{move || i18n.t().ranking_reference}</label>
                <input id="so-voi" name="so-voi" type="date" value=reference.to_string() />
                {selected.clone().map(|code| view! { <input type="hidden" name="tinh" value=code /> })}
                {url.all_communes.then(|| view! { <input type="hidden" name="ban-do" value="xa" /> })}
                {url.by_rating.then(|| view! { <input type="hidden" name="to-mau" value="danh-gia" /> })}
                <button class="button" type="submit">{move || i18n.t().progress_show}</button>
            </form>
            <MapChoice
                label=|t| t.map_choose
                first=(map_link("/", &map_keep(&ranking, false, url.by_rating)), |t| t.map_choose_provinces)
                second=(map_link("/", &map_keep(&ranking, true, url.by_rating)), |t| t.map_choose_communes)
                second_chosen=url.all_communes
            />
            <MapChoice
                label=|t| t.map_colour_by
                first=(map_link("/", &map_keep(&ranking, url.all_communes, false)), |t| t.map_colour_figure)
                second=(map_link("/", &map_keep(&ranking, url.all_communes, true)), |t| t.progress_col_rating)
                second_chosen=url.by_rating
            />
            {match map {
                NationalMap::Communes(data) => {
                    let provinces = ranking.standings.iter().map(|s| (s.code.clone(), s.name.clone())).collect();
                    let search = MapSearch { query: url.find, keep: map_keep(&ranking, true, url.by_rating) };
                    view! { <AllCommunesMap data provinces search by_rating=url.by_rating /> }.into_any()
                }
                NationalMap::Provinces(map) => view! { <ProvinceMap map ranking=ranking.clone() selected=selected.clone() by_rating=url.by_rating /> }.into_any(),
            }}
            <RankingChart ranking=ranking.clone() selected />
            <h3 id="ranking-table">{move || i18n.t().ranking_table_title}</h3>
            <p class="downloads">
                {move || i18n.t().open_data_download} " "
                <a href=downloads.0 download>"CSV"</a> " · "
                <a href=downloads.1>"JSON"</a>
            </p>
            <div class="table-wrap">
                <RankingTable ranking />
            </div>
            <p><a href=crate::visits::FOLLOW_UPS_PATH>{move || i18n.t().follow_up_list_national_link}</a></p>
        </section>
    }
}

/// The parameters that keep the ranking's indicator and dates, and the map shown and its colours.
fn map_keep(ranking: &Ranking, all_communes: bool, by_rating: bool) -> Vec<(&'static str, String)> {
    let mut keep = vec![
        ("chi-so", ranking.indicator.slug().to_owned()),
        ("ngay", ranking.as_of.to_string()),
        ("so-voi", ranking.reference.to_string()),
    ];
    if all_communes {
        keep.push(("ban-do", "xa".to_owned()));
    }
    if by_rating {
        keep.push(("to-mau", "danh-gia".to_owned()));
    }
    keep
}

#[component]
fn ProvinceTable(provinces: Vec<ProvinceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_search_query();
    // A search keeps the date the page is shown for.
    let keep = use_query_map()
        .with_untracked(|q| parse_as_of(q.get("ngay")))
        .map(|day| vec![("ngay", day.to_string())])
        .unwrap_or_default();
    let total = provinces.len();
    let communes: u32 = provinces.iter().map(|p| p.communes.total()).sum();
    let all = StoredValue::new(provinces);
    let visible = Memo::new(move |_| {
        let q = query.get();
        all.with_value(|all| search::filter(all, &q, |p| &p.name))
    });
    let summary = move || {
        let locale = i18n.locale();
        fill(
            i18n.t().national_summary,
            &[
                ("provinces", &format::integer(total as i64, locale)),
                ("communes", &format::integer(communes.into(), locale)),
            ],
        )
    };
    view! {
        <p class="lead">{summary}</p>
        <SearchBox query keep label=Signal::derive(move || i18n.t().national_search_label) />
        <SearchStatus query shown=Signal::derive(move || visible.with(Vec::len)) total />
        <div class="table-wrap">
            <table class="units">
                <caption class="visually-hidden">{move || i18n.t().national_table_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="num">{move || i18n.t().col_code}</th>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().col_kind}</th>
                        <th scope="col" class="num">{move || i18n.t().col_communes}</th>
                        <th scope="col" class="num hide-sm">{move || i18n.t().col_xa}</th>
                        <th scope="col" class="num hide-sm">{move || i18n.t().col_phuong}</th>
                        <th scope="col" class="num hide-sm">{move || i18n.t().col_dac_khu}</th>
                        <th scope="col" class="num hide-md">{move || i18n.t().col_area}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || visible.get() key=|p| p.code.clone() let:p>
                        <ProvinceRow province=p />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ProvinceRow(province: ProvinceSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceSummary {
        code,
        name,
        kind,
        area_km2,
        communes,
        ..
    } = province;
    let count = move |n: u32| format::integer(n.into(), i18n.locale());
    view! {
        <tr>
            <td class="num">{code.clone()}</td>
            <th scope="row">
                <a href=format!("/tinh/{code}") lang=i18n.data_lang()>{name}</a>
            </th>
            <td class="hide-sm">{move || kind.label(i18n.t())}</td>
            <td class="num">{move || count(communes.total())}</td>
            <td class="num hide-sm">{move || count(communes.xa)}</td>
            <td class="num hide-sm">{move || count(communes.phuong)}</td>
            <td class="num hide-sm">{move || count(communes.dac_khu)}</td>
            <td class="num hide-md">
                {move || area_km2.map(|a| format::decimal(a, 2, i18n.locale())).unwrap_or_default()}
            </td>
        </tr>
    }
}
