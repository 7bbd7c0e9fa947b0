//! `/tinh/:code/doan-cong-tac`: the ministry's visits to a province, each with its status and
//! what it left open on the date (`?ngay=`); `/doan-cong-tac/:id`: one visit, its places and
//! topics, the delegation (titles; names for those who may read the province's records), the
//! locality's recommendations and the conclusions, each with its follow-up to the date.
//! Public.

use crate::{
    components::error_notice::ErrorNotice,
    format,
    i18n::{fill, use_i18n},
    tasks::parse_as_of,
    visits::{
        FollowUpLine, FollowUpStatus, ProvinceVisits, VisitDetail, VisitSummary,
        get_province_visits, get_visit, visit_path, visits_path,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn as_of() -> Memo<Option<NaiveDate>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| parse_as_of(q.get("ngay"))))
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = as_of();
    let list = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                as_of.get(),
            )
        },
        |(code, as_of)| get_province_visits(code, as_of),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <VisitsView list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitsView(list: ProvinceVisits) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceVisits {
        province_code,
        province_name,
        as_of,
        visits,
        ..
    } = list;
    let title = fill(
        "{t} · {p}",
        &[("t", i18n.untracked().visits_title), ("p", &province_name)],
    );
    let demo = visits.iter().any(|v| v.demo);
    let body = if visits.is_empty() {
        view! { <p>{move || i18n.t().visits_none}</p> }.into_any()
    } else {
        let rows = visits
            .into_iter()
            .map(|v| view! { <VisitRow visit=v as_of /> })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().visits_title>
                <table class="units visits">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t().visit_col_title}</th>
                            <th scope="col">{move || i18n.t().visit_col_date}</th>
                            <th scope="col">{move || i18n.t().visit_col_status}</th>
                            <th scope="col" class="num">{move || i18n.t().follow_ups_open}</th>
                            <th scope="col" class="num">{move || i18n.t().follow_ups_overdue}</th>
                            <th scope="col" class="num">{move || i18n.t().follow_ups_closed}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}?ngay={as_of}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().visits_title}</span>
        </nav>
        <h1>{move || i18n.t().visits_title} " · " {province_name.clone()}</h1>
        <p class="lead">{move || fill(i18n.t().visits_as_of, &[("date", &format::date(as_of, i18n.locale()))])}</p>
        {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
        {body}
    }
}

#[component]
fn VisitRow(visit: VisitSummary, as_of: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let f = visit.figures;
    let status = visit.status;
    let on = visit.starts_on;
    view! {
        <tr>
            <th scope="row">
                <a href=format!("{}?ngay={as_of}", visit_path(visit.id)) lang=i18n.data_lang()>{visit.title.clone()}</a>
                <br />
                <span class="muted" lang=i18n.data_lang()>{visit.organiser.clone()} " · " {visit.head_title.clone()}</span>
            </th>
            <td>{move || format::date(on, i18n.locale())}</td>
            <td>{move || status.label(i18n.t())}</td>
            <td class="num">{move || n(f.open)}</td>
            <td class="num">{move || n(f.overdue)}</td>
            <td class="num">{move || n(f.closed)}</td>
        </tr>
    }
}

#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = as_of();
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                as_of.get(),
            )
        },
        |(id, as_of)| async move {
            match id {
                Some(id) => get_visit(id, as_of).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <VisitView detail /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitView(detail: VisitDetail) -> impl IntoView {
    let i18n = use_i18n();
    let VisitDetail {
        visit,
        province_name,
        as_of,
        places,
        topics,
        participants,
        members,
        recommendations,
        conclusions,
    } = detail;
    let list = |items: Vec<String>| {
        items
            .into_iter()
            .map(|item| view! { <li lang=i18n.data_lang()>{item}</li> })
            .collect_view()
    };
    let members = members
        .into_iter()
        .map(|m| {
            let head = m.is_head;
            view! {
                <li lang=i18n.data_lang()>
                    {m.name.map(|name| view! { <strong>{name}</strong> " – " })}
                    {m.title}
                    {head.then(|| view! { " (" {move || i18n.t().visit_head} ")" })}
                </li>
            }
        })
        .collect_view();
    let (on, until) = (visit.starts_on, visit.ends_on);
    let dates = move || {
        let locale = i18n.locale();
        if on == until {
            format::date(on, locale)
        } else {
            format!(
                "{} – {}",
                format::date(on, locale),
                format::date(until, locale)
            )
        }
    };
    let status = visit.status;
    let kind = visit.kind;
    let code = visit.province_code.clone();
    view! {
        <Title text=visit.title.clone() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{code}?ngay={as_of}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("{}?ngay={as_of}", visits_path(&code))>{move || i18n.t().visits_title}</a>
        </nav>
        <h1 lang=i18n.data_lang()>{visit.title.clone()}</h1>
        {visit.demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
        <dl class="figures visit-facts">
            <div><dt>{move || i18n.t().visit_kind}</dt><dd>{move || kind.label(i18n.t())}</dd></div>
            <div><dt>{move || i18n.t().visit_organiser}</dt><dd lang=i18n.data_lang()>{visit.organiser.clone()}</dd></div>
            <div><dt>{move || i18n.t().visit_col_date}</dt><dd>{dates}</dd></div>
            <div><dt>{move || i18n.t().visit_col_status}</dt><dd class="visit-status">{move || status.label(i18n.t())}</dd></div>
        </dl>
        <h2>{move || i18n.t().visit_delegation}</h2>
        <ul class="visit-members">{members}</ul>
        <h2>{move || i18n.t().visit_places}</h2>
        <ul>{list(places)}</ul>
        <h2>{move || i18n.t().visit_topics}</h2>
        <ul>{list(topics)}</ul>
        <h2>{move || i18n.t().visit_participants}</h2>
        <ul>{list(participants)}</ul>
        <FollowUps title=|t| t.visit_recommendations items=recommendations class="recommendations" />
        <FollowUps title=|t| t.visit_conclusions items=conclusions class="conclusions" />
    }
}

#[component]
fn FollowUps(
    title: fn(&'static crate::i18n::Strings) -> &'static str,
    items: Vec<FollowUpLine>,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = items.is_empty();
    let items = items
        .into_iter()
        .map(|item| view! { <FollowUpItem item /> })
        .collect_view();
    view! {
        <section class=format!("follow-ups {class}")>
            <h2>{move || title(i18n.t())}</h2>
            {if empty {
                view! { <p class="muted">{move || i18n.t().follow_ups_none}</p> }.into_any()
            } else {
                view! { <ol class="follow-up-list">{items}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn FollowUpItem(item: FollowUpLine) -> impl IntoView {
    let i18n = use_i18n();
    let FollowUpLine {
        body,
        addressed_to,
        responsible,
        due_on,
        status,
        overdue,
        responses,
        ..
    } = item;
    let class = match (status, overdue) {
        (FollowUpStatus::Closed, _) => "follow-up-status status-on",
        (_, true) => "follow-up-status status-off",
        _ => "follow-up-status",
    };
    let due = move || {
        due_on.map(|d| {
            fill(
                i18n.t().follow_up_due,
                &[("date", &format::date(d, i18n.locale()))],
            )
        })
    };
    let responses = responses
        .into_iter()
        .map(|r| {
            let at = r.at;
            let after = r.status_after;
            view! {
                <li>
                    <span class="muted">
                        {move || format::date_time(at, i18n.locale())}
                        {r.author.map(|a| view! { " · " <span lang=i18n.data_lang()>{a}</span> })}
                        " · " {move || after.label(i18n.t())}
                    </span>
                    <br />
                    <span lang=i18n.data_lang()>{r.body}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="follow-up">
            <p lang=i18n.data_lang()>{body}</p>
            <p class="muted">
                <span lang=i18n.data_lang()>{addressed_to}</span>
                " · " {move || i18n.t().follow_up_responsible} ": " <span lang=i18n.data_lang()>{responsible}</span>
                {move || due().map(|d| format!(" · {d}"))}
            </p>
            <p>
                <span class=class>{move || status.label(i18n.t())}</span>
                {overdue.then(|| view! { " " <span class="follow-up-overdue">{move || i18n.t().follow_up_overdue}</span> })}
            </p>
            <ul class="follow-up-responses">{responses}</ul>
        </li>
    }
}
