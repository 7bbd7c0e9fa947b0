//! `/doan-cong-tac`: every visit of the ministry, the latest first, with where each stands and
//! what it left to follow up on the page's date (`?ngay=`). Public (titles, never names);
//! where inspectors land.

use super::visits_page::{VisitsTable, as_of};
use crate::{
    components::{error_notice::ErrorNotice, province_visits::FollowUpFiguresList},
    format,
    i18n::{fill, use_i18n},
    visits::{AllVisits, FOLLOW_UPS_PATH, get_all_visits},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AllVisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let as_of = as_of();
    let list = Resource::new(move || as_of.get(), get_all_visits);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <AllVisitsView list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AllVisitsView(list: AllVisits) -> impl IntoView {
    let i18n = use_i18n();
    let AllVisits {
        as_of,
        visits,
        provinces,
        figures,
    } = list;
    view! {
        <Title text=i18n.untracked().visits_title />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().visits_title}</span>
        </nav>
        <h1>{move || i18n.t().visits_title}</h1>
        <p class="lead">{move || fill(i18n.t().visits_as_of, &[("date", &format::date(as_of, i18n.locale()))])}</p>
        <FollowUpFiguresList figures />
        <p><a href=format!("{FOLLOW_UPS_PATH}?ngay={as_of}")>{move || i18n.t().follow_up_list_national_link}</a></p>
        <VisitsTable visits as_of provinces />
    }
}
