//! A province's administrative procedures: its dossiers since the period's start (received,
//! submitted online and the rate, results returned) and its rank among the 34 on the online
//! rate, with the change since the reference date.

use crate::{
    components::{charts::RankChange, error_notice::ErrorNotice},
    dossiers::{ProvinceDossiers, get_province_dossiers},
    error::AppError,
    format,
    i18n::{fill, use_i18n},
    tasks::parse_as_of,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The province's dossiers as of the URL's dates (`?ngay=&so-voi=`); loaded beside the page's
/// own data.
#[derive(Clone, Copy)]
pub struct ProvinceDossiersData(Resource<Result<Option<ProvinceDossiers>, AppError>>);

impl ProvinceDossiersData {
    pub fn load(code: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        Self(Resource::new(
            move || {
                let dates =
                    query.with(|q| (parse_as_of(q.get("ngay")), parse_as_of(q.get("so-voi"))));
                (code(), dates)
            },
            |(code, (as_of, reference))| get_province_dossiers(code, as_of, reference),
        ))
    }
}

#[component]
pub fn ProvinceDossiersSection(data: ProvinceDossiersData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.0.await {
                    Ok(Some(dossiers)) => view! { <DossiersView dossiers /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DossiersView(dossiers: ProvinceDossiers) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceDossiers {
        from,
        until,
        figures,
        rank,
        ranked,
        reference,
        previous_rank,
        demo,
    } = dossiers;
    let n = move |v: u64| format::integer(v as i64, i18n.locale());
    let rate = figures.online_rate().unwrap_or_default();
    let change = rank
        .zip(previous_rank)
        .map(|(now, before)| i64::from(before) - i64::from(now));
    let period = move || {
        let locale = i18n.locale();
        fill(
            i18n.t().dossiers_period,
            &[
                ("from", &format::date_time(from, locale)),
                ("until", &format::date_time(until, locale)),
            ],
        )
    };
    view! {
        <section class="province-dossiers" aria-labelledby="dossiers-title">
            <h2 id="dossiers-title">{move || i18n.t().dossiers_title}</h2>
            <p class="lead">{period}</p>
            {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
            <dl class="figures">
                <div>
                    <dt>{move || i18n.t().dossiers_received}</dt>
                    <dd><strong class="dossiers-received">{move || n(figures.received)}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_online}</dt>
                    <dd>
                        <strong class="dossiers-online">{move || n(figures.online)}</strong>
                        " (" <span class="dossiers-rate">{move || format::percent(rate, i18n.locale())}</span> ")"
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_returned}</dt>
                    <dd><strong class="dossiers-returned">{move || n(figures.returned)}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_rank}</dt>
                    <dd>
                        <strong class="dossiers-rank">
                            {move || rank.map_or_else(|| i18n.t().rank_none.to_owned(), |r| format!("{}/{}", n(r.into()), n(ranked.into())))}
                        </strong>
                        " " <RankChange change reference />
                    </dd>
                </div>
            </dl>
        </section>
    }
}
