//! A province's visits on its page: what the ministry's delegations left to follow up on the
//! page's date (open, closed, overdue), the latest visit, and the way to all of them.

use crate::{
    components::error_notice::ErrorNotice,
    format,
    i18n::use_i18n,
    tasks::parse_as_of,
    visits::{
        FollowUpFigures, ProvinceVisits, get_province_visits, province_follow_ups_path, visit_path,
        visits_path,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The province's visits as of the URL's date (`?ngay=`); loaded beside the page's own data.
#[derive(Clone, Copy)]
pub struct ProvinceVisitsData(Resource<Result<ProvinceVisits, crate::error::AppError>>);

impl ProvinceVisitsData {
    pub fn load(code: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        Self(Resource::new(
            move || (code(), query.with(|q| parse_as_of(q.get("ngay")))),
            |(code, as_of)| get_province_visits(code, as_of),
        ))
    }
}

#[component]
pub fn ProvinceVisitsSection(
    data: ProvinceVisitsData,
    /// Only the visits that started before this day (a visit's pack: those before it).
    #[prop(optional)]
    before: Option<NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let visits = data.0.await.map(|v| match before {
                    Some(day) => v.before(day),
                    None => v,
                });
                match visits {
                    Ok(visits) if visits.visits.is_empty() && before.is_some() => view! {
                        <section class="province-visits" aria-labelledby="visits-title">
                            <h2 id="visits-title">{move || i18n.t().visits_title}</h2>
                            <p class="muted">{move || i18n.t().visits_none_before}</p>
                        </section>
                    }
                    .into_any(),
                    Ok(visits) if visits.visits.is_empty() => ().into_any(),
                    Ok(visits) => view! { <VisitsFigures visits /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitsFigures(visits: ProvinceVisits) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceVisits {
        province_code,
        as_of,
        visits,
        figures,
        ..
    } = visits;
    // The latest that had started by the date (a later one is only planned then).
    let latest = visits
        .iter()
        .find(|v| v.starts_on <= as_of)
        .cloned()
        .map(|v| {
            let href = format!("{}?ngay={as_of}", visit_path(v.id));
            let dates = move || format::date(v.starts_on, i18n.locale());
            view! {
                <p>
                    {move || i18n.t().visits_latest} " "
                    <a href=href class="latest-visit" lang=i18n.data_lang()>{v.title.clone()}</a>
                    " (" {dates} ")"
                </p>
            }
        });
    view! {
        <section class="province-visits" aria-labelledby="visits-title">
            <h2 id="visits-title">{move || i18n.t().visits_title}</h2>
            {latest}
            <FollowUpFiguresList figures />
            <p><a href=format!("{}?ngay={as_of}", visits_path(&province_code))>{move || i18n.t().visits_link}</a></p>
            <p><a href=format!("{}&ngay={as_of}", province_follow_ups_path(&province_code))>{move || i18n.t().follow_up_list_link}</a></p>
        </section>
    }
}

/// What visits left to follow up: being followed up, overdue, done.
#[component]
pub fn FollowUpFiguresList(figures: FollowUpFigures) -> impl IntoView {
    let i18n = use_i18n();
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    view! {
        <dl class="figures">
            <div>
                <dt>{move || i18n.t().follow_ups_open}</dt>
                <dd><strong class="follow-ups-open">{move || n(figures.open)}</strong></dd>
            </div>
            <div>
                <dt>{move || i18n.t().follow_ups_overdue}</dt>
                <dd><strong class="follow-ups-overdue">{move || n(figures.overdue)}</strong></dd>
            </div>
            <div>
                <dt>{move || i18n.t().follow_ups_closed}</dt>
                <dd><strong class="follow-ups-closed">{move || n(figures.closed)}</strong></dd>
            </div>
        </dl>
    }
}
