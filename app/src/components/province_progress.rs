//! A province's progress as of a date: its own tasks, its communes taken together, its rank,
//! and each commune's completion and rating.

use crate::{
    components::{
        error_notice::ErrorNotice,
        progress::{ProgressBar, RatingBadge},
    },
    format,
    i18n::{fill, use_i18n},
    tasks::{ProvinceProgress, demo_seed_date, get_province_progress, parse_as_of},
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
            <h3>{move || i18n.t().progress_communes}</h3>
            <div class="table-wrap">
                <table class="units progress-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t().col_name}</th>
                            <th scope="col">{move || i18n.t().progress_col_completion}</th>
                            <th scope="col" class="num">{move || i18n.t().progress_col_done}</th>
                            <th scope="col">{move || i18n.t().progress_col_rating}</th>
                            <th scope="col" class="hide-sm">{move || i18n.t().progress_col_updated}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {commune_rows
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
                                        <td class="hide-sm">{move || last.map(|at| format::date_time(at, i18n.locale())).unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
