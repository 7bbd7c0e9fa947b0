//! `/thu-tuc`: the catalogue of administrative procedures, searched and filtered in the
//! address (`?q=&linh-vuc=&so=&cap=&truc-tuyen=&tinh=&loai=&ngay=&trang=`, a plain form that
//! works without JavaScript), 50 a page; with a province, its decisions marked on each.
//! `/thu-tuc/:code`: one procedure and every decision that covered it.

use crate::{
    components::error_notice::ErrorNotice,
    decisions::{DecisionKind, DecisionStatus, decision_path},
    format,
    i18n::{Strings, fill, use_i18n},
    procedures::{
        CATALOGUE_PATH, Catalogue, CatalogueFilter, CatalogueRow, Mark, ProcedureDetail,
        get_catalogue, get_procedure, procedure_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn online_label(online: &str, t: &'static Strings) -> &'static str {
    match online {
        "full" => t.procedure_online_full,
        "partial" => t.procedure_online_partial,
        _ => t.procedure_online_none,
    }
}

fn level_label(level: &str, t: &'static Strings) -> &'static str {
    if level == "commune" {
        t.plan_level_commune
    } else {
        t.plan_level_province
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|q| CatalogueFilter::from_pairs(|name| q.get(name))));
    let catalogue = Resource::new(move || filter.get(), get_catalogue);
    view! {
        <Title text=i18n.untracked().catalogue_title />
        <h1>{move || i18n.t().catalogue_title}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(c) => view! { <CatalogueView c filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A select of the filter form: `(value, label)` options after "all".
fn choice(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    chosen: &str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=id>
                <option value="">{all}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CatalogueView(c: Catalogue, filter: CatalogueFilter) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let n = move |v: usize| format::integer(v as i64, i18n.locale());
    let marked = !filter.province.is_empty();
    let pairs = |list: &[&'static str], label: fn(&str, &'static Strings) -> &'static str| {
        list.iter()
            .map(|v| ((*v).to_owned(), label(v, t).to_owned()))
            .collect::<Vec<_>>()
    };
    let kinds = DecisionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label(t).to_owned()))
        .collect();
    let fields = c.fields.iter().map(|f| (f.clone(), f.clone())).collect();
    let summary = fill(
        t.catalogue_count,
        &[("shown", &n(c.matching)), ("total", &n(c.total))],
    );
    let pager = (c.pages > 1).then(|| {
        let (page, pages) = (c.page, c.pages);
        let link = |to: usize| filter.address(to);
        view! {
            <nav class="pager" aria-label=move || i18n.t().queue_pages_label>
                {(page > 1).then(|| view! { <a class="button button-secondary" rel="prev" href=link(page - 1)>{move || i18n.t().catalogue_previous}</a> })}
                <span>{move || fill(i18n.t().queue_pages, &[("page", &page.to_string()), ("pages", &pages.to_string())])}</span>
                {(page < pages).then(|| view! { <a class="button button-secondary" rel="next" href=link(page + 1)>{move || i18n.t().catalogue_next}</a> })}
            </nav>
        }
    });
    let rows = c
        .rows
        .into_iter()
        .map(|row| view! { <CatalogueLine row marked /> })
        .collect_view();
    let import = crate::pages::catalogue_import_link().map(|href| {
        view! { <p><a href=href>{move || i18n.t().catalogue_import_link}</a></p> }
    });
    view! {
        <p class="lead">{move || i18n.t().catalogue_intro}</p>
        {import}
        <form class="filters catalogue-filters" method="get" action=CATALOGUE_PATH>
            <div class="field">
                <label for="q">{t.catalogue_search}</label>
                <input id="q" name="q" type="search" value=filter.q.clone() maxlength="100" />
            </div>
            {choice("linh-vuc", t.procedure_field, t.queue_filter_all, &filter.field, fields)}
            {choice("so", t.procedure_department, t.queue_filter_all, &filter.sector, c.sectors)}
            {choice("cap", t.catalogue_level, t.queue_filter_all, &filter.level, pairs(&["province", "commune"], level_label))}
            {choice("truc-tuyen", t.procedure_online, t.queue_filter_all, &filter.online, pairs(&["full", "partial", "none"], online_label))}
            {choice("tinh", t.integrations_province, t.catalogue_no_province, &filter.province, c.provinces)}
            {choice("loai", t.catalogue_in_force, t.queue_filter_all, &filter.kind, kinds)}
            <input type="hidden" name="ngay" value=c.as_of.to_string() />
            <button class="button button-secondary" type="submit">{t.queue_filter_apply}</button>
        </form>
        <p class="muted catalogue-count" role="status">{summary}</p>
        <div class="table-wrap">
            <table class="units procedures catalogue">
                <thead>
                    <tr>
                        <th scope="col">{t.procedure_code}</th>
                        <th scope="col">{t.procedure_name}</th>
                        <th scope="col" class="hide-sm">{t.procedure_field}</th>
                        <th scope="col" class="hide-sm">{t.procedure_department}</th>
                        <th scope="col">{t.procedure_online}</th>
                        {marked.then(|| view! { <th scope="col">{t.catalogue_decisions}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {pager}
    }
}

/// A decision's mark on a procedure: its kind, and its status when not in force.
#[component]
fn MarkLink(mark: Mark) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        match mark.status {
            DecisionStatus::InForce => mark.kind.label(t).to_owned(),
            status => format!(
                "{} ({})",
                mark.kind.label(t),
                status.label(t).to_lowercase()
            ),
        }
    };
    view! { <a class="decision-mark" href=decision_path(mark.decision_id)>{text}</a> }
}

#[component]
fn CatalogueLine(row: CatalogueRow, marked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let CatalogueRow {
        code,
        name,
        field,
        department,
        online,
        marks,
        ..
    } = row;
    let marks = marked.then(|| {
        view! {
            <td>
                {marks.into_iter().map(|mark| view! { <MarkLink mark /> " " }).collect_view()}
            </td>
        }
    });
    view! {
        <tr>
            <th scope="row" class="code"><a href=procedure_path(&code)>{code.clone()}</a></th>
            <td lang=i18n.data_lang()>{name}</td>
            <td class="hide-sm" lang=i18n.data_lang()>{field}</td>
            <td class="hide-sm" lang=i18n.data_lang()>{department}</td>
            <td>{move || online_label(&online, i18n.t())}</td>
            {marks}
        </tr>
    }
}

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                query.with(|q| crate::tasks::parse_as_of(q.get("ngay"))),
            )
        },
        |(code, as_of)| get_procedure(code, as_of),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <ProcedureView detail /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProcedureView(detail: ProcedureDetail) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let ProcedureDetail {
        procedure,
        decisions,
    } = detail;
    let empty = decisions.is_empty();
    let rows = decisions
        .into_iter()
        .map(|d| {
            let decision = d.decision;
            let status = decision.status;
            let when = decision.dates.in_force_on.or(decision.dates.issued_on).unwrap_or(decision.dates.proposed_on);
            view! {
                <tr>
                    <th scope="row">{d.province_name}</th>
                    <td><a href=decision_path(decision.id) lang=i18n.data_lang()>{decision.number.clone()}</a></td>
                    <td>{move || decision.kind.label(i18n.t())}</td>
                    <td>{move || status.map_or(i18n.t().decision_not_yet, |s| s.label(i18n.t()))}</td>
                    <td>{move || format::date(when, i18n.locale())}</td>
                </tr>
            }
        })
        .collect_view();
    let online = procedure.online.clone();
    let level = procedure.level.clone();
    view! {
        <Title text=procedure.code.clone() />
        <p class="breadcrumb"><a href=CATALOGUE_PATH>{t.catalogue_title}</a></p>
        <h1><span class="code">{procedure.code.clone()}</span> " " <span lang=i18n.data_lang()>{procedure.name.clone()}</span></h1>
        <dl class="figures">
            <div><dt>{t.procedure_field}</dt><dd lang=i18n.data_lang()>{procedure.field.clone()}</dd></div>
            <div><dt>{t.procedure_department}</dt><dd lang=i18n.data_lang()>{procedure.department.clone()}</dd></div>
            <div><dt>{t.catalogue_level}</dt><dd>{move || level_label(&level, i18n.t())}</dd></div>
            <div><dt>{t.procedure_online}</dt><dd>{move || online_label(&online, i18n.t())}</dd></div>
        </dl>
        <h2>{t.catalogue_history}</h2>
        {if empty {
            view! { <p>{t.catalogue_no_decision}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="units procedure-decisions">
                        <thead>
                            <tr>
                                <th scope="col">{t.integrations_province}</th>
                                <th scope="col">{t.decision_number}</th>
                                <th scope="col">{t.decision_kind}</th>
                                <th scope="col">{t.decision_status}</th>
                                <th scope="col">{t.catalogue_since}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}
