//! A province's progress as of a date: its own tasks, its communes taken together, its rank,
//! and each commune's completion and rating.

use crate::{
    components::progress::rating_label,
    components::{
        error_notice::ErrorNotice,
        progress::{ProgressBar, RatingBadge},
    },
    format,
    i18n::{fill, use_i18n},
    tasks::{
        ProvinceProgress, demo_seed_date, get_province_progress,
        overview::{BANDS, SortKey, TableView, distribution, rating_code},
        parse_as_of,
        rules::Rating,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProvinceProgressSection(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let progress = Resource::new(
        move || (code.clone(), parse_as_of(query.with(|q| q.get("ngay")))),
        |(code, as_of)| get_province_progress(code, as_of),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) if p.own.assigned > 0 || p.reported.communes > 0 => {
                        view! { <ProgressView p /> }.into_any()
                    }
                    Ok(_) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgressView(p: ProvinceProgress) -> impl IntoView {
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
        commune_rows,
        ..
    } = p;
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let pct = move |v: f64| format::percent(v, i18n.locale());
    let seed_link = demo.then(|| {
        let href = format!("/tinh/{code}?ngay={}", demo_seed_date());
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
                    <dd><strong class="rank">{move || format!("{}/{}", n(rank), n(ranked))}</strong></dd>
                </div>
            </dl>
            {crate::pages::bulk_link_for(&code).map(|href| view! {
                <p><a class="button button-secondary" href=href>{move || i18n.t().bulk_title}</a></p>
            })}
            <DateForm code=code.clone() as_of />
            <h3>{move || i18n.t().progress_distribution}</h3>
            <Distribution rows=commune_rows.clone() />
            <h3 id="communes-progress">{move || i18n.t().progress_communes}</h3>
            <CommuneTable code as_of rows=commune_rows />
        </section>
    }
}

/// Chooses the date the figures are computed for (a plain GET form).
#[component]
fn DateForm(code: String, as_of: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="date-form" method="get" action=format!("/tinh/{code}")>
            <label for="ngay">{move || i18n.t().progress_as_of}</label>
            <input id="ngay" name="ngay" type="date" value=as_of.to_string() />
            <button class="button" type="submit">{move || i18n.t().progress_show}</button>
        </form>
    }
}

/// How many communes fall in each completion band, as bars with their counts.
#[component]
fn Distribution(rows: Vec<crate::tasks::CommuneProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let counts = distribution(&rows);
    let total = rows.len().max(1) as f64;
    view! {
        <table class="distribution">
            <tbody>
                {BANDS
                    .iter()
                    .zip(counts)
                    .map(|(&(low, high), count)| {
                        let label = move || {
                            let locale = i18n.locale();
                            if low >= 100.0 {
                                i18n.t().progress_band_all.to_owned()
                            } else {
                                format!("{} – {}", format::percent(low, locale), format::percent(high, locale))
                            }
                        };
                        let share = format!("{:.1}", f64::from(count) * 100.0 / total);
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td><progress max="100" value=share aria-hidden="true"></progress></td>
                                <td class="num">{move || format::integer(count.into(), i18n.locale())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The communes, sortable by each column and filtered by rating through the URL.
#[component]
fn CommuneTable(
    code: String,
    as_of: chrono::NaiveDate,
    rows: Vec<crate::tasks::CommuneProgress>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_state = query.with_untracked(|q| TableView::from_query(|k| q.get(k)));
    let shown = view_state.apply(&rows);
    let (shown_count, total) = (shown.len() as u32, rows.len() as u32);
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let date = as_of.to_string();
    let header = {
        let code = code.clone();
        let view_state = view_state.clone();
        move |key: SortKey, label: fn(&'static crate::i18n::Strings) -> &'static str| {
            let href = format!(
                "/tinh/{code}?{}#communes-progress",
                view_state.sorted_by(key, &[("ngay", date.clone())])
            );
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
        <form class="rating-filter" method="get" action=format!("/tinh/{code}#communes-progress")>
            <input type="hidden" name="ngay" value=as_of.to_string() />
            <input type="hidden" name="sap-xep" value=view_state.sort.code() />
            {view_state.descending.then(|| view! { <input type="hidden" name="chieu" value="giam" /> })}
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
        <p class="search-status" role="status">
            {move || fill(i18n.t().progress_shown, &[("shown", &n(shown_count)), ("total", &n(total))])}
        </p>
        <div class="table-wrap">
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
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/xa/{}", c.code)>{c.name}</a></th>
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
