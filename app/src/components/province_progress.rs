//! A province's progress as of a date: its own tasks, its communes taken together, its rank,
//! and each commune's completion and rating.

use crate::{
    components::charts::{
        RankChange,
        bands::BandHistogram,
        line::{LineChart, Scale},
        parts::{Part, ProgressRing, StackedBar},
    },
    components::map::{AreaMap, Colouring, Fill, MapChoice, MapSearch, Shown, map_link},
    components::progress::rating_label,
    components::{
        error_notice::ErrorNotice,
        progress::{ProgressBar, RatingBadge},
        search_box::{SearchBox, SearchStatus, use_search_query},
    },
    error::AppError,
    format,
    i18n::{Locale, fill, use_i18n},
    maps::{MapShape, get_commune_map},
    rankings::{HistoryPoint, Ranking},
    search,
    tasks::{
        ProvinceProgress, demo_seed_query, get_province_progress,
        overview::{SortKey, TableView, distribution, rating_code},
        parse_as_of,
        rules::Rating,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A province's progress as of the URL's dates (`?ngay=&so-voi=`) and its communes' map.
///
/// Its page loads them beside its own data, not from within the content of a `Suspense`,
/// which runs again once its data has come and would load them twice.
#[derive(Clone, Copy)]
pub struct ProvinceProgressData {
    map: Resource<Result<MapShape, AppError>>,
    progress: Resource<Result<ProvinceProgress, AppError>>,
}

impl ProvinceProgressData {
    /// The progress of the province whose code `code` gives.
    pub fn load(code: impl Fn() -> String + Clone + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        let map = Resource::new(code.clone(), |code| async move {
            get_commune_map(code).await.map(MapShape::for_page)
        });
        let progress = Resource::new(
            move || {
                let dates =
                    query.with(|q| (parse_as_of(q.get("ngay")), parse_as_of(q.get("so-voi"))));
                (code(), dates)
            },
            |(code, (as_of, reference))| get_province_progress(code, as_of, reference),
        );
        Self { map, progress }
    }
}

/// The province's progress, or `without` while it has no tasks (its list of communes then
/// comes from there, so the page lists them once).
#[component]
pub fn ProvinceProgressSection(
    data: ProvinceProgressData,
    #[prop(into)] without: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceProgressData { map, progress } = data;
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || {
                let without = without.clone();
                Suspend::new(async move {
                match (progress.await, map.await) {
                    (Ok(p), Ok(map)) if p.own.assigned > 0 || p.reported.communes > 0 => {
                        view! { <ProgressView p map /> }.into_any()
                    }
                    (Ok(_), _) => without.run(),
                    (Err(error), _) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn ProgressView(p: ProvinceProgress, map: MapShape) -> impl IntoView {
    let i18n = use_i18n();
    let communes = p.counted();
    let other = if p.count_verified {
        p.reported
    } else {
        p.verified
    };
    let count_verified = p.count_verified;
    let ProvinceProgress {
        code,
        as_of,
        demo,
        own,
        own_rating,
        rank,
        ranked,
        rank_change,
        reference,
        commune_rows,
        ranking,
        history,
        ..
    } = p;
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let pct = move |v: f64| format::percent(v, i18n.locale());
    let ratings: Vec<Rating> = commune_rows.iter().map(|c| c.rating).collect();
    let seed_link = demo.then(|| {
        let href = format!("/tinh/{code}?{}", demo_seed_query());
        view! {
            <p class="demo-marker">
                {move || i18n.t().demo_marker} " "
                <a href=href.clone()>{move || i18n.t().demo_seed_link}</a>
            </p>
        }
    });
    view! {
        <section class="province-progress" aria-labelledby="progress-title">
            <h2 id="progress-title">
                {move || fill(i18n.t().progress_title, &[("date", &format::date(as_of, i18n.locale()))])}
            </h2>
            {seed_link}
            <dl class="figures">
                <div>
                    <dt>{move || i18n.t().progress_own}</dt>
                    <dd>
                        <strong class="own-done">{move || format!("{}/{}", n(own.done), n(own.assigned))}</strong>
                        " " <RatingBadge rating=own_rating />
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().progress_completed_all}</dt>
                    <dd>
                        <strong class="completed-all">{move || format!("{}/{}", n(communes.completed_all), n(communes.communes))}</strong>
                        " (" <span class="completed-share">{move || pct(communes.completed_all_percent())}</span> ")"
                        <br />
                        <small class="other-basis">
                            {move || {
                                let t = i18n.t();
                                fill(
                                    if count_verified { t.progress_as_reported } else { t.progress_as_verified },
                                    &[
                                        ("done", &n(other.completed_all)),
                                        ("total", &n(other.communes)),
                                        ("share", &pct(other.completed_all_percent())),
                                    ],
                                )
                            }}
                        </small>
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().progress_min}</dt>
                    <dd class="min-completion">{move || communes.min_completion.map(pct).unwrap_or_else(|| "–".into())}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().progress_mean}</dt>
                    <dd class="mean-completion">{move || pct(communes.mean_completion)}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().progress_rank}</dt>
                    <dd>
                        <strong class="rank">
                            {move || rank.map_or_else(|| i18n.t().rank_none.to_owned(), |r| format!("{}/{}", n(r), n(ranked)))}
                        </strong>
                        " " <RankChange change=rank_change reference />
                    </dd>
                </div>
            </dl>
            {crate::pages::bulk_link_for(&code).map(|href| view! {
                <p><a class="button button-secondary" href=href>{move || i18n.t().bulk_title}</a></p>
            })}
            <DateForm action=format!("/tinh/{code}") as_of reference />
            <CommuneMap map rows=commune_rows.clone() as_of reference />
            <div class="chart-grid">
                <ProgressRing title=Signal::derive(move || i18n.t().progress_own.to_owned()) done=own.done total=own.assigned />
                <StackedBar title=Signal::derive(move || i18n.t().chart_ratings_title.to_owned()) parts=Signal::derive(move || rating_parts(&ratings, i18n.t())) />
            </div>
            <BandHistogram counts=distribution(&commune_rows) />
            <ProvinceHistory history ranking />
            <h3 id="communes-progress">{move || i18n.t().progress_communes}</h3>
            <p class="downloads">
                {move || i18n.t().open_data_download} " "
                <a href=format!("/api/tinh/{code}/xa.csv?ngay={as_of}") download>"CSV"</a> " · "
                <a href=format!("/api/v1/tinh/{code}?ngay={as_of}")>"JSON"</a>
            </p>
            <CommuneTable code as_of rows=commune_rows />
        </section>
    }
}

/// Chooses the date the figures are computed for, and the date the ranks are compared with
/// (a plain GET form to `action`).
#[component]
pub fn DateForm(action: String, as_of: NaiveDate, reference: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="date-form" method="get" action=action>
            <label for="ngay">{move || i18n.t().progress_as_of}</label>
            <input id="ngay" name="ngay" type="date" value=as_of.to_string() />
            <label for="so-voi">{move || i18n.t().ranking_reference}</label>
            <input id="so-voi" name="so-voi" type="date" value=reference.to_string() />
            <button class="button" type="submit">{move || i18n.t().progress_show}</button>
        </form>
    }
}

/// The province's communes coloured by completion or rating (`?to-mau=danh-gia`), its
/// neighbours faint around it; tapping a commune opens its card, the search finds one.
#[component]
fn CommuneMap(
    map: MapShape,
    rows: Vec<crate::tasks::CommuneProgress>,
    as_of: NaiveDate,
    reference: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (by_rating, find) = query.with_untracked(|q| {
        (
            q.get("to-mau").as_deref() == Some("danh-gia"),
            crate::search::typed_search(q.get("tim")),
        )
    });
    let shown = move |area: &crate::maps::MapArea, locale: Locale| {
        let t = locale.strings();
        let row = rows.iter().find(|r| r.code == area.code);
        let colour = if by_rating {
            Fill::Rating(row.map(|r| r.rating))
        } else {
            Fill::Percent(row.map(|r| r.counted))
        };
        let (label, facts) = match row {
            Some(r) => {
                let value = format::percent(r.counted, locale);
                let done = format!("{}/{}", r.completion.done, r.completion.assigned);
                let rating = rating_label(r.rating, t);
                let label = fill(
                    t.map_commune_label,
                    &[
                        ("name", area.name.as_str()),
                        ("value", value.as_str()),
                        ("done", &r.completion.done.to_string()),
                        ("assigned", &r.completion.assigned.to_string()),
                        ("rating", rating),
                    ],
                );
                (
                    label,
                    vec![
                        (t.progress_col_completion.to_owned(), value),
                        (t.progress_col_done.to_owned(), done),
                        (t.progress_col_rating.to_owned(), rating.to_owned()),
                    ],
                )
            }
            None => (format!("{}: {}", area.name, t.map_no_figure), Vec::new()),
        };
        Shown {
            fill: colour,
            label,
            facts,
            href: format!("/xa/{}?ngay={as_of}", area.code),
        }
    };
    let mut keep = vec![
        ("ngay", as_of.to_string()),
        ("so-voi", reference.to_string()),
    ];
    if by_rating {
        keep.push(("to-mau", "danh-gia".to_owned()));
    }
    let by = |rating: bool| {
        let mut params = keep[..2].to_vec();
        if rating {
            params.push(("to-mau", "danh-gia".to_owned()));
        }
        map_link("", &params)
    };
    let choice = (by(false), by(true));
    let search = MapSearch { query: find, keep };
    view! {
        <MapChoice
            label=|t| t.map_colour_by
            first=(choice.0, |t| t.progress_col_completion)
            second=(choice.1, |t| t.progress_col_rating)
            second_chosen=by_rating
        />
        <AreaMap
            map
            class="commune-map"
            title=Signal::derive(move || {
                let t = i18n.t();
                let title = if by_rating { t.map_ratings_title } else { t.map_communes_title };
                fill(title, &[("date", &format::date(as_of, i18n.locale()))])
            })
            description=Signal::derive(move || i18n.t().map_communes_desc.to_owned())
            shown
            colouring=if by_rating { Colouring::Rating } else { Colouring::Percent }
            selected=None
            cards=true
            search=Some(search)
            table="#communes-progress"
        />
    }
}

/// Communes by rating, for the stacked bar.
fn rating_parts(ratings: &[Rating], t: &'static crate::i18n::Strings) -> Vec<Part> {
    [Rating::Xanh, Rating::Vang, Rating::Do]
        .into_iter()
        .map(|r| Part {
            label: rating_label(r, t),
            count: ratings.iter().filter(|&&x| x == r).count() as u32,
            class: match r {
                Rating::Xanh => "part-xanh",
                Rating::Vang => "part-vang",
                Rating::Do => "part-do",
            },
        })
        .collect()
}

/// The province's progress and rank week by week, and where it stands among the 34.
#[component]
fn ProvinceHistory(history: Vec<HistoryPoint>, ranking: Ranking) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = ranking.as_of;
    let date = move || format::date(as_of, i18n.locale());
    let of = history.iter().map(|p| p.ranked).max().unwrap_or(0);
    let values: Vec<(NaiveDate, Option<f64>)> = history.iter().map(|p| (p.day, p.value)).collect();
    let ranks: Vec<(NaiveDate, Option<f64>)> = history
        .iter()
        .map(|p| (p.day, p.rank.map(f64::from)))
        .collect();
    view! {
        <div class="chart-grid">
            <LineChart
                class="history-progress"
                title=Signal::derive(move || fill(i18n.t().history_progress_title, &[("date", &date())]))
                figure=Signal::derive(move || i18n.t().progress_mean.to_owned())
                points=values
                scale=Scale::Percent
            />
            <LineChart
                class="history-rank"
                title=Signal::derive(move || fill(i18n.t().history_rank_title, &[("date", &date())]))
                figure=Signal::derive(move || i18n.t().progress_rank.to_owned())
                points=ranks
                scale=Scale::Rank { of }
            />
        </div>
        // The 34 provinces are ranked on the national page; here, a link to this one there.
        <p>
            <a href=format!("/?ngay={as_of}#ranking-title")>{move || i18n.t().progress_see_ranking}</a>
        </p>
    }
}

/// The communes, sortable by each column and filtered by rating through the URL, and by
/// name as one types (a plain GET without JavaScript).
#[component]
fn CommuneTable(
    code: String,
    as_of: chrono::NaiveDate,
    rows: Vec<crate::tasks::CommuneProgress>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_state = query.with_untracked(|q| TableView::from_query(|k| q.get(k)));
    let name = use_search_query();
    let shown = view_state.apply(&rows);
    let total = rows.len();
    let names: Vec<String> = shown.iter().map(|c| c.name.clone()).collect();
    let matching = Signal::derive(move || {
        let q = name.get();
        names
            .iter()
            .filter(|n| search::rank(&q, n).is_some())
            .count()
    });
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let date = as_of.to_string();
    // What the address asks of the page besides the name searched, as checked values.
    let mut settings: Vec<(&'static str, String)> = query.with_untracked(|q| {
        [("ngay", q.get("ngay")), ("so-voi", q.get("so-voi"))]
            .into_iter()
            .filter_map(|(field, value)| Some((field, parse_as_of(value)?.to_string())))
            .collect()
    });
    if query.with_untracked(|q| q.get("to-mau").as_deref() == Some("danh-gia")) {
        settings.push(("to-mau", "danh-gia".to_owned()));
    }
    if view_state.sort != TableView::default().sort {
        settings.push(("sap-xep", view_state.sort.code().to_owned()));
    }
    if view_state.descending {
        settings.push(("chieu", "giam".to_owned()));
    }
    let mut with_rating = settings.clone();
    if let Some(rating) = view_state.rating {
        with_rating.push(("danh-gia", rating_code(rating).to_owned()));
    }
    let header = {
        let code = code.clone();
        let view_state = view_state.clone();
        move |key: SortKey, label: fn(&'static crate::i18n::Strings) -> &'static str| {
            let code = code.clone();
            let view_state_for_href = view_state.clone();
            let date = date.clone();
            let href = move || {
                let mut extra = vec![("ngay", date.clone())];
                let q = name.get();
                if !q.trim().is_empty() {
                    extra.push(("q", q.trim().to_owned()));
                }
                format!(
                    "/tinh/{code}?{}#communes-progress",
                    view_state_for_href.sorted_by(key, &extra)
                )
            };
            let sorted = (view_state.sort == key).then_some(if view_state.descending {
                "descending"
            } else {
                "ascending"
            });
            view! {
                <th scope="col" aria-sort=sorted.unwrap_or("none")>
                    <a href=href>{move || label(i18n.t())} {sorted.map(|s| if s == "ascending" { " ↑" } else { " ↓" })}</a>
                </th>
            }
        }
    };
    let filter = view_state.rating;
    view! {
        <SearchBox query=name keep=with_rating label=Signal::derive(move || i18n.t().province_search_label) />
        <form class="rating-filter" method="get" action=format!("/tinh/{code}#communes-progress")>
            {settings.into_iter().map(|(field, value)| view! { <input type="hidden" name=field value=value /> }).collect_view()}
            <input type="hidden" name="q" value=move || name.get() />
            <label for="danh-gia">{move || i18n.t().progress_filter_rating}</label>
            <select id="danh-gia" name="danh-gia">
                <option value="" selected=filter.is_none()>{move || i18n.t().audit_any}</option>
                {[Rating::Xanh, Rating::Vang, Rating::Do]
                    .map(|r| view! {
                        <option value=rating_code(r) selected=filter == Some(r)>{move || rating_label(r, i18n.t())}</option>
                    })}
            </select>
            <button class="button" type="submit">{move || i18n.t().audit_apply}</button>
        </form>
        <SearchStatus query=name shown=matching total />
        <div class="table-wrap long-table">
            <table class="units progress-table">
                <thead>
                    <tr>
                        {header(SortKey::Name, |t| t.col_name)}
                        {header(SortKey::Completion, |t| t.progress_col_completion)}
                        <th scope="col" class="num">{move || i18n.t().progress_col_done}</th>
                        {header(SortKey::Rating, |t| t.progress_col_rating)}
                        {header(SortKey::Updated, |t| t.progress_col_updated)}
                    </tr>
                </thead>
                <tbody>
                    {shown
                        .into_iter()
                        .map(|c| {
                            let completion = c.completion;
                            let counted = c.counted;
                            let last = c.last_update;
                            let hidden_name = c.name.clone();
                            let hidden = move || search::rank(&name.get(), &hidden_name).is_none();
                            view! {
                                <tr hidden=hidden>
                                    <th scope="row"><a href=format!("/xa/{}", c.code) lang=i18n.data_lang()>{c.name}</a></th>
                                    <td><ProgressBar percent=counted /></td>
                                    <td class="num">
                                        {move || format!("{}/{}", n(completion.done), n(completion.assigned))}
                                        <small class="verified-count">
                                            {move || fill(i18n.t().progress_verified_count, &[("n", &n(completion.verified))])}
                                        </small>
                                    </td>
                                    <td><RatingBadge rating=c.rating /></td>
                                    <td>{move || last.map(|at| format::date_time(at, i18n.locale())).unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
