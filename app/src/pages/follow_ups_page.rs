//! `/kien-nghi-ket-luan`: the locality's recommendations and the delegations' conclusions
//! across every visit, as they stood on a date (`?ngay=`): by province visited (`?tinh=`),
//! by the unit they are addressed to (`?don-vi=`), by kind (`?loai=`) and by where they stand
//! (`?hien=`: not closed, overdue, closed, all). Each links to its place on its visit's page.
//! Public: titles and units, never names.

use crate::{
    components::error_notice::ErrorNotice,
    format,
    i18n::{fill, use_i18n},
    tasks::parse_as_of,
    visits::{
        FOLLOW_UPS_PATH, FollowUpEntry, FollowUpKind, FollowUpList, FollowUpShow, follow_up_anchor,
        get_follow_ups, visit_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let list = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("tinh"),
                    q.get("don-vi"),
                    q.get("loai"),
                    q.get("hien"),
                    parse_as_of(q.get("ngay")),
                )
            })
        },
        |(province, unit, kind, show, as_of)| get_follow_ups(province, unit, kind, show, as_of),
    );
    view! {
        <Title text=i18n.untracked().follow_up_list_title />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <FollowUpsView list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FollowUpsView(list: FollowUpList) -> impl IntoView {
    let i18n = use_i18n();
    let FollowUpList {
        as_of,
        province,
        unit,
        kind,
        show,
        entries,
        more,
        figures,
        provinces,
        units,
    } = list;
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let chosen_province = province.unwrap_or_default();
    let chosen_unit = unit.unwrap_or_default();
    let province_options = provinces
        .into_iter()
        .map(|(code, name)| {
            let selected = code == chosen_province;
            view! { <option value=code selected=selected>{name}</option> }
        })
        .collect_view();
    let unit_options = units
        .into_iter()
        .map(|u| {
            let selected = u == chosen_unit;
            let value = u.clone();
            view! { <option value=value selected=selected lang=i18n.data_lang()>{u}</option> }
        })
        .collect_view();
    let kind_options = FollowUpKind::ALL
        .into_iter()
        .map(|k| {
            let selected = kind == Some(k);
            view! { <option value=k.code() selected=selected>{move || k.label(i18n.t())}</option> }
        })
        .collect_view();
    let show_options = FollowUpShow::ALL
        .into_iter()
        .map(|s| {
            let selected = s == show;
            view! { <option value=s.code() selected=selected>{move || s.label(i18n.t())}</option> }
        })
        .collect_view();
    let shown = entries.len();
    let body = if entries.is_empty() {
        view! { <p class="follow-ups-none">{move || i18n.t().follow_ups_none}</p> }.into_any()
    } else {
        let rows = entries
            .into_iter()
            .map(|entry| view! { <EntryRow entry as_of /> })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().follow_up_list_title>
                <table class="units follow-up-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t().follow_up_list_col_item}</th>
                            <th scope="col">{move || i18n.t().follow_up_list_col_province}</th>
                            <th scope="col">{move || i18n.t().follow_up_addressed_to}</th>
                            <th scope="col">{move || i18n.t().follow_up_due_on}</th>
                            <th scope="col">{move || i18n.t().visit_col_status}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().follow_up_list_title}</span>
        </nav>
        <h1>{move || i18n.t().follow_up_list_title}</h1>
        <p class="lead">{move || fill(i18n.t().visits_as_of, &[("date", &format::date(as_of, i18n.locale()))])}</p>
        <form class="filters" method="get" action=FOLLOW_UPS_PATH>
            <input type="hidden" name="ngay" value=as_of.to_string() />
            <div class="field">
                <label for="follow-ups-province">{move || i18n.t().follow_up_list_col_province}</label>
                <select id="follow-ups-province" name="tinh">
                    <option value="">{move || i18n.t().follow_up_list_all}</option>
                    {province_options}
                </select>
            </div>
            <div class="field">
                <label for="follow-ups-unit">{move || i18n.t().follow_up_addressed_to}</label>
                <select id="follow-ups-unit" name="don-vi">
                    <option value="">{move || i18n.t().follow_up_list_all}</option>
                    {unit_options}
                </select>
            </div>
            <div class="field">
                <label for="follow-ups-kind">{move || i18n.t().follow_up_kind}</label>
                <select id="follow-ups-kind" name="loai">
                    <option value="">{move || i18n.t().follow_up_list_all}</option>
                    {kind_options}
                </select>
            </div>
            <div class="field">
                <label for="follow-ups-show">{move || i18n.t().visit_col_status}</label>
                <select id="follow-ups-show" name="hien">{show_options}</select>
            </div>
            <button class="button button-secondary" type="submit">{move || i18n.t().queue_filter_apply}</button>
        </form>
        <dl class="figures follow-up-list-figures">
            <div>
                <dt>{move || i18n.t().follow_ups_open}</dt>
                <dd><strong>{move || n(figures.open)}</strong></dd>
            </div>
            <div>
                <dt>{move || i18n.t().follow_ups_overdue}</dt>
                <dd><strong>{move || n(figures.overdue)}</strong></dd>
            </div>
            <div>
                <dt>{move || i18n.t().follow_ups_closed}</dt>
                <dd><strong>{move || n(figures.closed)}</strong></dd>
            </div>
        </dl>
        {(more > 0).then(|| view! {
            <p class="notice">
                {move || fill(i18n.t().follow_up_list_more, &[("shown", &shown.to_string()), ("more", &more.to_string())])}
            </p>
        })}
        {body}
    }
}

#[component]
fn EntryRow(entry: FollowUpEntry, as_of: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let FollowUpEntry {
        visit_id,
        visit_title,
        province_code,
        province_name,
        line,
        responses,
    } = entry;
    let href = format!(
        "{}?ngay={as_of}#{}",
        visit_path(visit_id),
        follow_up_anchor(line.id)
    );
    let (kind, status, overdue, due) = (line.kind, line.status, line.overdue, line.due_on);
    view! {
        <tr>
            <th scope="row">
                <span class="muted">{move || kind.label(i18n.t())}</span>
                <br />
                <a href=href lang=i18n.data_lang()>{line.body}</a>
                <br />
                <span class="muted" lang=i18n.data_lang()>{visit_title}</span>
            </th>
            <td><a href=format!("/tinh/{province_code}?ngay={as_of}")>{province_name}</a></td>
            <td lang=i18n.data_lang()>
                {line.addressed_to}
                {(!line.responsible.is_empty()).then(|| view! {
                    <br />
                    <span class="muted">{move || i18n.t().follow_up_responsible} ": " {line.responsible.clone()}</span>
                })}
            </td>
            <td>{move || due.map(|d| format::date(d, i18n.locale())).unwrap_or_default()}</td>
            <td>
                {move || status.label(i18n.t())}
                {overdue.then(|| view! { <br /><strong class="follow-up-overdue">{move || i18n.t().follow_up_overdue}</strong> })}
                {(responses > 0).then(|| view! {
                    <br />
                    <span class="muted">{move || fill(i18n.t().follow_up_list_responses, &[("n", &responses.to_string())])}</span>
                })}
            </td>
        </tr>
    }
}
