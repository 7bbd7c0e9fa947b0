use crate::{
    components::{
        checklist::{ChecklistData, ChecklistSection},
        error_notice::ErrorNotice,
    },
    format,
    i18n::use_i18n,
    territory::{CommuneDetail, get_commune},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/xa/:code`: one commune, ward or special zone.
#[component]
pub fn CommunePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let detail = Resource::new(code, get_commune);
    let checklist = ChecklistData::load(code);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <CommuneView detail checklist /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommuneView(detail: CommuneDetail, checklist: ChecklistData) -> impl IntoView {
    let i18n = use_i18n();
    let CommuneDetail {
        commune,
        province_code,
        province_name,
        formed_from,
    } = detail;
    let kind = commune.kind;
    let area = commune.area_km2;
    let unchanged = formed_from.is_empty();
    view! {
        <Title text=commune.full_name.clone() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{commune.name}</span>
        </nav>
        <h1 lang=i18n.data_lang()>{commune.full_name}</h1>
        <dl class="facts">
            <dt>{move || i18n.t().commune_kind}</dt>
            <dd>{move || kind.label(i18n.t())}</dd>
            <dt>{move || i18n.t().commune_province}</dt>
            <dd>
                <a href=format!("/tinh/{province_code}")>{province_name}</a>
            </dd>
            <dt>{move || i18n.t().commune_code}</dt>
            <dd>{commune.code}</dd>
            {area.map(|a| view! {
                <dt>{move || i18n.t().commune_area}</dt>
                <dd>{move || format!("{} km²", format::decimal(a, 2, i18n.locale()))}</dd>
            })}
        </dl>
        <ChecklistSection data=checklist />
        <h2>{move || i18n.t().commune_formed_from}</h2>
        {if unchanged {
            view! { <p>{move || i18n.t().commune_unchanged}</p> }.into_any()
        } else {
            view! {
                <ul class="predecessors">
                    {formed_from
                        .into_iter()
                        .map(|p| {
                            let share = move || if p.whole { i18n.t().commune_whole } else { i18n.t().commune_part };
                            view! {
                                <li>
                                    <span lang=i18n.data_lang()>{p.name}</span> " (" {p.code} ", " {share} ")"
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
