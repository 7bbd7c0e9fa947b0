//! `/tinh/:code/doan-cong-tac/:id/chuan-bi`: a visit's preparation pack, the province as
//! tiendo knows it on the date (`?ngay=`, from the visit page: the visit's first day, or
//! today until then, so the pack is fresh until the delegation arrives): its tasks and
//! rating, its communes' progress and rank, its procedures and dossiers, and what earlier
//! visits left open. The same sections as the province's page, printable.

use crate::{
    components::{
        checklist::{ChecklistData, ChecklistSection},
        error_notice::ErrorNotice,
        province_dossiers::{ProvinceDossiersData, ProvinceDossiersSection},
        province_progress::{ProvinceProgressData, ProvinceProgressSection},
        province_visits::{ProvinceVisitsData, ProvinceVisitsSection},
    },
    error::AppError,
    format,
    i18n::{fill, use_i18n},
    tasks::parse_as_of,
    visits::{VisitDetail, checklist::checklist_path, get_visit, visit_path},
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The pack of visit `id` to province `province`, as of `day`.
pub fn pack_path(province: &str, id: i64, day: NaiveDate) -> String {
    format!("/tinh/{province}/doan-cong-tac/{id}/chuan-bi?ngay={day}")
}

#[component]
pub fn VisitPackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let visit = Resource::new(
        move || {
            (
                code(),
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                query.with(|q| parse_as_of(q.get("ngay"))),
            )
        },
        |(code, id, as_of)| async move {
            let detail = get_visit(id.ok_or(AppError::NotFound)?, as_of).await?;
            // A visit is packed with its own province's figures only.
            if detail.visit.province_code != code {
                return Err(AppError::NotFound);
            }
            Ok(detail)
        },
    );
    let data = (
        ProvinceProgressData::load(code),
        ProvinceDossiersData::load(code),
        ProvinceVisitsData::load(code),
        ChecklistData::load(code),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match visit.await {
                    Ok(detail) => view! { <PackView detail data /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PackView(
    detail: VisitDetail,
    data: (
        ProvinceProgressData,
        ProvinceDossiersData,
        ProvinceVisitsData,
        ChecklistData,
    ),
) -> impl IntoView {
    let i18n = use_i18n();
    let reads_checklist = detail.reads_checklist();
    let VisitDetail {
        visit,
        province_name,
        as_of,
        ..
    } = detail;
    let heading = fill(
        "{t} · {v}",
        &[("t", i18n.untracked().pack_title), ("v", &visit.title)],
    );
    let lead = {
        let province_name = province_name.clone();
        move || {
            fill(
                i18n.t().pack_lead,
                &[
                    ("province", &province_name),
                    ("date", &format::date(as_of, i18n.locale())),
                ],
            )
        }
    };
    view! {
        <Title text=heading.clone() />
        <nav class="breadcrumb no-print" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{}?ngay={as_of}", visit.province_code)>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <a href=visit_path(visit.id)>{visit.title.clone()}</a>
        </nav>
        <h1 lang=i18n.data_lang()>{move || i18n.t().pack_title} " · " {visit.title.clone()}</h1>
        <p class="lead">{lead}</p>
        {reads_checklist.then(|| view! {
            <p class="no-print">
                <a href=checklist_path(visit.id) rel="external">{move || i18n.t().visit_checklist_link}</a>
            </p>
        })}
        <ProvinceProgressSection data=data.0 without=|| () />
        <ProvinceDossiersSection data=data.1 />
        <ProvinceVisitsSection data=data.2 before=visit.starts_on />
        <ChecklistSection data=data.3 />
    }
}
