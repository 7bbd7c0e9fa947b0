use crate::{
    components::{
        error_notice::ErrorNotice,
        search_box::{SearchBox, SearchStatus, use_search_query},
    },
    format,
    i18n::{fill, use_i18n},
    search,
    territory::{ProvinceSummary, list_provinces},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: the 34 provinces and their communes.
#[component]
pub fn NationalPage() -> impl IntoView {
    let i18n = use_i18n();
    let provinces = Resource::new(|| (), |_| list_provinces());
    view! {
        <Title text=i18n.untracked().national_title />
        <h1>{move || i18n.t().national_title}</h1>
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

#[component]
fn ProvinceTable(provinces: Vec<ProvinceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_search_query();
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
        <SearchBox query label=Signal::derive(move || i18n.t().national_search_label) />
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
                <a href=format!("/tinh/{code}")>{name}</a>
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
