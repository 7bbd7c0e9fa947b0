use crate::{
    components::{
        checklist::{ChecklistData, ChecklistSection},
        error_notice::ErrorNotice,
        province_dossiers::{ProvinceDossiersData, ProvinceDossiersSection},
        province_progress::{ProvinceProgressData, ProvinceProgressSection},
        province_visits::{ProvinceVisitsData, ProvinceVisitsSection},
        search_box::{SearchBox, SearchStatus, use_search_query},
    },
    format,
    i18n::{fill, use_i18n},
    search,
    territory::{CommuneSummary, ProvinceDetail, get_province},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/tinh/:code`: one province and its communes.
#[component]
pub fn ProvincePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let detail = Resource::new(code, get_province);
    let data = (
        ProvinceProgressData::load(code),
        ChecklistData::load(code),
        ProvinceDossiersData::load(code),
        ProvinceVisitsData::load(code),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <ProvinceView detail data /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProvinceView(
    detail: ProvinceDetail,
    data: (
        ProvinceProgressData,
        ChecklistData,
        ProvinceDossiersData,
        ProvinceVisitsData,
    ),
) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceDetail {
        province,
        merged_from,
        communes,
    } = detail;
    let counts = province.communes;
    let summary = move || {
        let locale = i18n.locale();
        let n = |v: u32| format::integer(v.into(), locale);
        fill(
            i18n.t().province_summary,
            &[
                ("total", &n(counts.total())),
                ("xa", &n(counts.xa)),
                ("phuong", &n(counts.phuong)),
                ("dac_khu", &n(counts.dac_khu)),
            ],
        )
    };
    // A province that was not merged lists only itself.
    let merged = (merged_from.len() > 1).then(|| {
        merged_from
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let area = province.area_km2;
    let name = province.name.clone();
    let caption_name = province.full_name.clone();
    let communes = StoredValue::new(communes);
    view! {
        <Title text=name.clone() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{name}</span>
        </nav>
        <h1 lang=i18n.data_lang()>{province.full_name}</h1>
        <p class="lead">{summary}</p>
        // The headline figures first (on a phone, before anything else), with the communes'
        // progress table; a province without tasks yet lists its communes by territory.
        <ProvinceProgressSection data=data.0 without=move || {
            let caption_name = caption_name.clone();
            view! {
                <h2>{move || i18n.t().province_communes_title}</h2>
                <CommuneTable communes=communes.get_value() caption=move || fill(i18n.t().province_table_caption, &[("province", &caption_name)]) />
            }
        } />
        <ProvinceDossiersSection data=data.2 />
        <ProvinceVisitsSection data=data.3 />
        <ChecklistSection data=data.1 />
        <h2>{move || i18n.t().province_about_title}</h2>
        <dl class="facts">
            {area.map(|a| view! {
                <dt>{move || i18n.t().province_area}</dt>
                <dd>{move || format!("{} km²", format::decimal(a, 2, i18n.locale()))}</dd>
            })}
            <dt>{move || i18n.t().province_merged_from}</dt>
            <dd>{move || merged.clone().unwrap_or_else(|| i18n.t().province_unchanged.to_owned())}</dd>
        </dl>
    }
}

#[component]
fn CommuneTable(
    communes: Vec<CommuneSummary>,
    caption: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_search_query();
    let total = communes.len();
    let all = StoredValue::new(communes);
    let visible = Memo::new(move |_| {
        let q = query.get();
        all.with_value(|all| search::filter(all, &q, |c| &c.name))
    });
    view! {
        <SearchBox query label=Signal::derive(move || i18n.t().province_search_label) />
        <SearchStatus query shown=Signal::derive(move || visible.with(Vec::len)) total />
        <div class="table-wrap">
            <table class="units">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="num">{move || i18n.t().col_code}</th>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col">{move || i18n.t().col_kind}</th>
                        <th scope="col" class="num hide-sm">{move || i18n.t().col_area}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || visible.get() key=|c| c.code.clone() let:c>
                        <tr>
                            <td class="num">{c.code.clone()}</td>
                            <th scope="row">
                                <a href=format!("/xa/{}", c.code) lang=i18n.data_lang()>{c.name}</a>
                            </th>
                            <td>{move || c.kind.label(i18n.t())}</td>
                            <td class="num hide-sm">
                                {move || c.area_km2.map(|a| format::decimal(a, 2, i18n.locale())).unwrap_or_default()}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
