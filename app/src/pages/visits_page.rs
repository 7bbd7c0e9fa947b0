//! `/tinh/:code/doan-cong-tac`: the ministry's visits to a province, each with its status and
//! what it left open on the date (`?ngay=`); `/doan-cong-tac/:id`: one visit, its places and
//! topics, the delegation (titles; names for those who may read the province's records), the
//! locality's recommendations and the conclusions, each with its follow-up to the date.
//! Public.

use crate::{
    components::{
        attachments::Attached,
        error_notice::ErrorNotice,
        save_form::{
            Redrawn, focus_later, saved_anchor, saved_in_view, saves_of, spoken, use_page_draft,
        },
        visit_forms::{
            FollowUpForm, ResponseForm, VisitForm, follow_up_form_id, follow_up_saved_anchor,
            visit_form_id, visit_saved_anchor,
        },
    },
    format,
    forms::{Draft, SaveOutcome},
    i18n::{Strings, fill, use_i18n},
    pages::pack_path,
    tasks::parse_as_of,
    visits::{
        AddFollowUp, FollowUpKind, FollowUpLine, FollowUpStatus, ProvinceVisits, RespondFollowUp,
        SaveVisit, VisitDetail, VisitInput, VisitStatus, VisitSummary, attachments::AttachedTo,
        checklist::checklist_path, contacts::contacts_path, follow_up_anchor, get_province_visits,
        get_visit, province_follow_ups_path, report::report_path, visit_path, visits_path,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::collections::BTreeMap;

/// The page's date (`?ngay=`).
pub(super) fn as_of() -> Memo<Option<NaiveDate>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| parse_as_of(q.get("ngay"))))
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = as_of();
    let save = ServerAction::<SaveVisit>::new();
    let navigate = use_navigate();
    // A new visit, saved from the page: its own page.
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            navigate(&visit_path(id), Default::default());
        }
    });
    let draft = use_page_draft();
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
                let draft = draft.await;
                match list.await {
                    Ok(list) => view! { <VisitsView list save draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitsView(
    list: ProvinceVisits,
    save: ServerAction<SaveVisit>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceVisits {
        province_code,
        province_name,
        as_of,
        visits,
        may_manage,
        ..
    } = list;
    let new = VisitInput {
        province: province_code.clone(),
        ..Default::default()
    };
    let anchor = visit_saved_anchor(&visit_form_id(&new));
    let saved = saved_anchor();
    let saved_new = {
        let anchor = anchor.clone();
        move || saved.with(|s| s.as_deref() == Some(anchor.as_str()))
    };
    let form = may_manage.then(|| {
        let open = draft
            .as_ref()
            .is_some_and(|d| d.form == visit_form_id(&new));
        view! {
            <details class="visit-new" open=open>
                <summary class="button-secondary">{move || i18n.t().visit_new}</summary>
                <VisitForm action=save input=new draft />
            </details>
            <p class="saved-notice" role="status" id=anchor tabindex="-1">
                {move || saved_new().then(|| i18n.t().visit_saved)}
            </p>
        }
    });
    let title = fill(
        "{t} · {p}",
        &[("t", i18n.untracked().visits_title), ("p", &province_name)],
    );
    let demo = visits.iter().any(|v| v.demo);
    let body = view! { <VisitsTable visits as_of /> };
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
        {form}
        {body}
        <p><a href=format!("{}&ngay={as_of}", province_follow_ups_path(&province_code))>{move || i18n.t().follow_up_list_link}</a></p>
    }
}

/// Visits in a table, the latest first, or a line saying there are none; with `provinces`
/// (the national list) each names its province.
#[component]
pub fn VisitsTable(
    visits: Vec<VisitSummary>,
    as_of: NaiveDate,
    #[prop(optional)] provinces: Option<BTreeMap<String, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if visits.is_empty() {
        return view! { <p>{move || i18n.t().visits_none}</p> }.into_any();
    }
    let named = provinces.is_some();
    let rows = visits
        .into_iter()
        .map(|v| {
            let province = provinces.as_ref().map(|p| {
                (
                    v.province_code.clone(),
                    p.get(&v.province_code).cloned().unwrap_or_default(),
                )
            });
            view! { <VisitRow visit=v as_of province /> }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().visits_title>
            <table class="units visits">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().visit_col_title}</th>
                        {named.then(|| view! { <th scope="col">{move || i18n.t().visit_col_province}</th> })}
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
}

#[component]
fn VisitRow(
    visit: VisitSummary,
    as_of: NaiveDate,
    /// The province's code and name, in the national list.
    province: Option<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let f = visit.figures;
    let status = visit.status;
    let on = visit.starts_on;
    let province = province.map(|(code, name)| {
        view! { <td><a href=format!("/tinh/{code}?ngay={as_of}") lang=i18n.data_lang()>{name}</a></td> }
    });
    view! {
        <tr>
            <th scope="row">
                <a href=format!("{}?ngay={as_of}", visit_path(visit.id)) lang=i18n.data_lang()>{visit.title.clone()}</a>
                <br />
                <span class="muted" lang=i18n.data_lang()>{visit.organiser.clone()} " · " {visit.head_title.clone()}</span>
            </th>
            {province}
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
    let save = ServerAction::<SaveVisit>::new();
    let saves = saves_of(save);
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                as_of.get(),
                saves.get(),
            )
        },
        |(id, as_of, _)| async move {
            match id {
                Some(id) => get_visit(id, as_of).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let draft = use_page_draft();
    view! {
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match detail.await {
                    Ok(detail) => view! { <VisitView detail save draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn VisitView(
    detail: VisitDetail,
    save: ServerAction<SaveVisit>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reads_checklist = detail.reads_checklist();
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
        today,
        may_manage,
        may_respond,
        input,
    } = detail;
    // Written to on today's page only, from its first day until its follow-up is closed.
    let open = today && visit.status != VisitStatus::Closed;
    let started = visit.status != VisitStatus::Planned;
    // The pack gives the figures the delegation arrived with: fresh until it starts.
    let pack_day = visit.starts_on.min(as_of);
    let edit = input.map(|input| {
        let form = visit_form_id(&input);
        let anchor = visit_saved_anchor(&form);
        let saved = saved_anchor();
        let saved_here = {
            let anchor = anchor.clone();
            let saved_now = saved_in_view(save);
            move || saved.with(|s| s.as_deref() == Some(anchor.as_str())) || saved_now.get()
        };
        let opened = draft.as_ref().is_some_and(|d| d.form == form);
        view! {
            <p class="saved-notice" role="status" id=anchor tabindex="-1">
                {move || saved_here().then(|| i18n.t().visit_saved)}
            </p>
            <details class="visit-edit" open=opened>
                <summary class="button-secondary">{move || i18n.t().visit_edit}</summary>
                <VisitForm action=save input draft=draft.clone() />
            </details>
        }
    });
    let lists = FollowUpLists {
        recommendations: RwSignal::new(recommendations.into_iter().map(RwSignal::new).collect()),
        conclusions: RwSignal::new(conclusions.into_iter().map(RwSignal::new).collect()),
    };
    let writes = Writes {
        visit: visit.id,
        respond: may_respond && open,
        close: may_manage,
        draft: draft.clone(),
    };
    let add = (may_manage && open && started).then(|| {
        view! { <AddFollowUpSection visit=visit.id lists draft=draft.clone() /> }
    });
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
        <ul class="visit-report-link">
            // Whole pages (not drawn in place): they open from the device's copy offline.
            <li><a href=pack_path(&visit.province_code, visit.id, pack_day) rel="external">{move || i18n.t().pack_link}</a></li>
            <li><a href=format!("{}?ngay={as_of}", report_path(visit.id)) rel="external">{move || i18n.t().report_link}</a></li>
            {reads_checklist.then(|| view! {
                <li><a href=checklist_path(visit.id) rel="external">{move || i18n.t().visit_checklist_link}</a></li>
                <li><a href=contacts_path(&visit.province_code) rel="external">{move || i18n.t().contacts_link}</a></li>
            })}
        </ul>
        <h2>{move || i18n.t().visit_delegation}</h2>
        <ul class="visit-members">{members}</ul>
        <h2>{move || i18n.t().visit_places}</h2>
        <ul>{list(places)}</ul>
        <h2>{move || i18n.t().visit_topics}</h2>
        <ul>{list(topics)}</ul>
        <h2>{move || i18n.t().visit_participants}</h2>
        <ul>{list(participants)}</ul>
        {edit}
        <FollowUps title=|t| t.visit_recommendations items=lists.recommendations class="recommendations" writes=writes.clone() />
        <FollowUps title=|t| t.visit_conclusions items=lists.conclusions class="conclusions" writes />
        {add}
    }
}

/// A visit's recommendations and conclusions, each an item that updates in place.
#[derive(Clone, Copy)]
struct FollowUpLists {
    recommendations: RwSignal<Vec<RwSignal<FollowUpLine>>>,
    conclusions: RwSignal<Vec<RwSignal<FollowUpLine>>>,
}

/// What the reader may write on the items, and the draft the page came back with.
#[derive(Clone)]
struct Writes {
    visit: i64,
    respond: bool,
    /// Marking an item done is the delegation's.
    close: bool,
    draft: Option<Draft>,
}

/// The form adding a recommendation or conclusion; a new one joins its list in place.
#[component]
fn AddFollowUpSection(visit: i64, lists: FollowUpLists, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddFollowUp>::new();
    let form = follow_up_form_id(visit);
    let anchor = follow_up_saved_anchor(visit);
    let saved = saved_anchor();
    let came_back = saved.get_untracked().as_deref() == Some(anchor.as_str());
    let added = RwSignal::new(u32::from(came_back));
    Effect::new(move |_| {
        if let Some(Ok(line)) = add.value().get() {
            let list = match line.kind {
                FollowUpKind::Recommendation => lists.recommendations,
                FollowUpKind::Conclusion => lists.conclusions,
            };
            list.update(|l| l.push(RwSignal::new(line)));
            added.update(|n| *n += 1);
        }
    });
    let opened = draft.as_ref().is_some_and(|d| d.form == form);
    let notice = anchor.clone();
    view! {
        <section class="follow-up-add">
            <p class="saved-notice" role="status" id=notice tabindex="-1">
                {move || (added.get() > 0).then(|| i18n.t().follow_up_added)}
            </p>
            <details open=opened>
                <summary class="button-secondary">{move || i18n.t().follow_up_add}</summary>
                // Drawn afresh after each addition: empty for the next one.
                <Redrawn
                    key=move || added.get()
                    child=move || {
                        let draft = draft.clone().filter(|_| added.get_untracked() == 0);
                        view! { <FollowUpForm action=add visit draft /> }
                    }
                />
            </details>
        </section>
    }
}

#[component]
fn FollowUps(
    title: fn(&'static Strings) -> &'static str,
    items: RwSignal<Vec<RwSignal<FollowUpLine>>>,
    class: &'static str,
    writes: Writes,
) -> impl IntoView {
    let i18n = use_i18n();
    // Keyed: an item added keeps the others (and what is typed in them) as they are.
    view! {
        <section class=format!("follow-ups {class}")>
            <h2>{move || title(i18n.t())}</h2>
            <Show when=move || items.with(Vec::is_empty)>
                <p class="muted">{move || i18n.t().follow_ups_none}</p>
            </Show>
            <ol class="follow-up-list" hidden=move || items.with(Vec::is_empty)>
                <For
                    each=move || items.get()
                    key=|row| row.with_untracked(|r| r.id)
                    children=move |row| view! { <FollowUpItem row writes=writes.clone() /> }
                />
            </ol>
        </section>
    }
}

/// What an item's live region says after a response.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Nothing,
    Sent,
    Conflict,
}

#[component]
fn FollowUpItem(row: RwSignal<FollowUpLine>, writes: Writes) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.with_untracked(|r| r.id);
    let anchor = follow_up_anchor(id);
    let respond = ServerAction::<RespondFollowUp>::new();
    let came_back = saved_anchor().get_untracked().as_deref() == Some(anchor.as_str());
    let said = RwSignal::new(if came_back { Said::Sent } else { Said::Nothing });
    let sent = RwSignal::new(0u32);
    Effect::new(move |_| match respond.value().get() {
        Some(Ok(SaveOutcome::Saved(new))) => {
            row.set(new);
            said.set(Said::Sent);
            sent.update(|n| *n += 1);
            focus_later(format!("said-{}", follow_up_anchor(id)));
        }
        Some(Ok(SaveOutcome::Conflict(current))) => {
            // Their response shows above; what this user typed stays in the form, which
            // now answers the version shown.
            row.set(current);
            said.set(Said::Conflict);
        }
        _ => {}
    });
    let said_text = move || match said.get() {
        Said::Nothing => "",
        Said::Sent => i18n.t().follow_up_sent,
        Said::Conflict => i18n.t().follow_up_conflict,
    };
    let Writes {
        visit,
        respond: may,
        close,
        draft,
    } = writes;
    let to = AttachedTo::FollowUp { visit, id };
    let form = move || {
        let draft = draft.clone().filter(|_| sent.get_untracked() == 0);
        may.then(|| view! { <ResponseForm row action=respond may_close=close draft attach=to /> })
    };
    view! {
        <li class="follow-up" id=anchor.clone()>
            {move || view! { <FollowUpFacts item=row.get() /> }}
            <p class="saved-notice" id=format!("said-{anchor}") role="status" tabindex="-1">{spoken(said_text)}</p>
            // Drawn afresh after each response sent: empty for the next one.
            <Redrawn key=move || sent.get() child=form />
            // The documents given as it is followed up (sent with the response form).
            {move || {
                let files = row.with(|r| r.files.clone());
                (may || !files.is_empty()).then(|| view! { <Attached to files /> })
            }}
        </li>
    }
}

#[component]
fn FollowUpFacts(item: FollowUpLine) -> impl IntoView {
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
        <div class="follow-up-facts">
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
        </div>
    }
}
