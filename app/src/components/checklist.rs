//! A unit's checklist: its tasks by group, each with status, progress, rating and evidence;
//! for the unit's own official a form per task, for its province official the answer to a
//! report that waits. Every form saves the way `crate::forms` describes: a success updates
//! its task in place and says so there; an error shows at its field with the input kept; if
//! someone else saved first, both versions are shown.

use crate::{
    components::{
        account_menu::WorkChanged,
        charts::line::{LineChart, Scale},
        error_notice::ErrorNotice,
        progress::{ProgressBar, RatingBadge, schedule_label, status_label},
        save_form::{Redrawn, focus_later, saved_anchor, spoken, use_page_draft},
        task_forms::{TaskForm, VerifyForms},
    },
    error::AppError,
    format,
    forms::{Draft, SaveOutcome},
    i18n::{fill, use_i18n},
    tasks::{
        Checklist, TaskItem, UpdateAssignment, VerifyAssignment, get_checklist, parse_as_of,
        rules::{Status, Verification},
        schedule_counts, unit_summary,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A unit's checklist as of the URL's date (`?ngay=`).
///
/// Its page loads it beside its own data, not from within the content of a `Suspense`, which
/// runs again once its data has come and would load the checklist twice.
#[derive(Clone, Copy)]
pub struct ChecklistData {
    checklist: Resource<Result<Checklist, AppError>>,
    draft: Resource<Option<Draft>>,
}

impl ChecklistData {
    /// The checklist of the unit whose code `code` gives.
    pub fn load(code: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        let checklist = Resource::new(
            move || (code(), parse_as_of(query.with(|q| q.get("ngay")))),
            |(code, as_of)| get_checklist(code, as_of),
        );
        Self {
            checklist,
            draft: use_page_draft(),
        }
    }
}

#[component]
pub fn ChecklistSection(data: ChecklistData) -> impl IntoView {
    let i18n = use_i18n();
    let ChecklistData { checklist, draft } = data;
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match checklist.await {
                    Ok(list) => view! { <ChecklistView list draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChecklistView(list: Checklist, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    if list.groups.is_empty() {
        return view! { <p>{move || i18n.t().checklist_none}</p> }.into_any();
    }
    let Checklist {
        unit_code,
        plan_code,
        demo,
        as_of,
        groups,
        editable,
        verifiable,
        history,
        ..
    } = list;
    let history = (!history.is_empty()).then(|| {
        let points = history.into_iter().map(|p| (p.day, p.value)).collect();
        view! {
            <LineChart
                class="history-commune"
                title=Signal::derive(move || {
                    fill(i18n.t().history_commune_title, &[("date", &format::date(as_of, i18n.locale()))])
                })
                figure=Signal::derive(move || i18n.t().progress_col_completion.to_owned())
                points
                scale=Scale::Percent
            />
        }
    });
    // Each task is its own signal: a save replaces that one, and the unit's figures follow.
    let groups: Vec<_> = groups
        .into_iter()
        .map(|g| {
            let items: Vec<RwSignal<TaskItem>> = g.items.into_iter().map(RwSignal::new).collect();
            (g.position, g.name, items)
        })
        .collect();
    let rows: Vec<RwSignal<TaskItem>> = groups
        .iter()
        .flat_map(|(_, _, items)| items.iter().copied())
        .collect();
    let summary = Memo::new(move |_| {
        let items: Vec<TaskItem> = rows.iter().map(|r| r.get()).collect();
        (unit_summary(&items), schedule_counts(&items))
    });
    let schedule_text = move || {
        let locale = i18n.locale();
        let n = |v: usize| format::integer(v as i64, locale);
        let [on_schedule, near_due, overdue] = summary.get().1;
        fill(
            i18n.t().checklist_schedule,
            &[
                ("on_schedule", &n(on_schedule)),
                ("near_due", &n(near_due)),
                ("overdue", &n(overdue)),
            ],
        )
    };
    let summary_text = move || {
        let locale = i18n.locale();
        let ((completion, _), _) = summary.get();
        fill(
            i18n.t().checklist_summary,
            &[
                ("done", &format::integer(completion.done.into(), locale)),
                (
                    "assigned",
                    &format::integer(completion.assigned.into(), locale),
                ),
                ("date", &format::date(as_of, locale)),
            ],
        )
    };
    let saved = saved_anchor();
    view! {
        <section class="checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">
                {move || i18n.t().checklist_title} " " <span class="nowrap">{plan_code.clone()}</span>
            </h2>
            {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
            <p class="unit-summary">
                {move || view! { <RatingBadge rating=summary.get().0.1 /> }}
                " "
                <span class="unit-completion">{summary_text}</span>
            </p>
            <p class="unit-schedule">{schedule_text}</p>
            {move || view! { <ProgressBar percent=summary.get().0.0.percent() /> }}
            {history}
            <p class="downloads">
                {move || i18n.t().open_data_download} " "
                <a href=format!("/api/xa/{unit_code}/nhiem-vu.csv?ngay={as_of}") download>"CSV"</a> " · "
                <a href=format!("/api/v1/xa/{unit_code}?ngay={as_of}")>"JSON"</a>
            </p>
            {groups
                .into_iter()
                .map(|(position, name, items)| {
                    let draft = draft.clone();
                    view! {
                        <h3 class="task-group">{position} ". " <span lang=i18n.data_lang()>{name}</span></h3>
                        <ol class="tasks">
                            {items
                                .into_iter()
                                .map(|item| {
                                    let draft = draft.clone();
                                    view! { <TaskRow item editable verifiable draft saved /> }
                                })
                                .collect_view()}
                        </ol>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// The id of a task's row on its page (the anchor a save returns to).
pub fn task_anchor(id: i64) -> String {
    format!("task-{id}")
}

/// What the row's live region says after a save.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Nothing,
    Saved,
    Verified,
    Returned,
    Conflict,
    Attached,
}

#[component]
fn TaskRow(
    item: RwSignal<TaskItem>,
    editable: bool,
    verifiable: bool,
    draft: Option<Draft>,
    saved: Memo<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, title) = item.with_untracked(|i| (i.assignment_id, i.title.clone()));
    let anchor = task_anchor(id);
    let update = ServerAction::<UpdateAssignment>::new();
    let verify = ServerAction::<VerifyAssignment>::new();
    let theirs = RwSignal::new(None::<TaskItem>);
    // The form is open when drawn again from "their" version after a conflict.
    let reopen = RwSignal::new(false);
    let came_back_saved = saved.get_untracked().as_deref() == Some(anchor.as_str());
    let said = RwSignal::new(if came_back_saved {
        Said::Saved
    } else {
        Said::Nothing
    });
    Effect::new(move |_| match update.value().get() {
        Some(Ok(SaveOutcome::Saved(new))) => {
            theirs.set(None);
            reopen.set(false);
            item.set(new);
            said.set(Said::Saved);
            WorkChanged::bump();
            focus_later(format!("toggle-{id}"));
        }
        Some(Ok(SaveOutcome::Conflict(current))) => {
            theirs.set(Some(current));
            said.set(Said::Conflict);
        }
        _ => {}
    });
    Effect::new(move |_| match verify.value().get() {
        Some(Ok(SaveOutcome::Saved(new))) => {
            let accepted = new.verification == Verification::Verified;
            item.set(new);
            WorkChanged::bump();
            said.set(if accepted {
                Said::Verified
            } else {
                Said::Returned
            });
            focus_later(format!("said-{id}"));
        }
        Some(Ok(SaveOutcome::Conflict(current))) => {
            item.set(current);
            said.set(Said::Conflict);
        }
        _ => {}
    });
    let said_text = move || {
        let t = i18n.t();
        match said.get() {
            Said::Nothing => "",
            Said::Saved => t.task_saved,
            Said::Verified => t.verify_done,
            Said::Returned => t.verify_returned_done,
            Said::Conflict => t.task_conflict_short,
            Said::Attached => t.evidence_attached,
        }
    };
    let attached = Callback::new(move |new: TaskItem| {
        theirs.set(None);
        reopen.set(false);
        item.set(new);
        said.set(Said::Attached);
        WorkChanged::bump();
        focus_later(format!("said-{id}"));
    });
    let form_draft = draft.clone();
    let form = move || {
        editable.then(|| {
            // Drawn from nothing for each saved version: its fields then hold what was saved,
            // not what was typed before.
            let form_draft = form_draft.clone();
            let child = move || {
                view! {
                    <TaskForm row=item update theirs reopen draft=form_draft.clone() attached />
                }
            };
            view! { <Redrawn key=move || item.with(|i| i.version) child /> }
        })
    };
    let answer = move || {
        (verifiable && item.with(|i| i.verification == Verification::Pending)).then(|| {
            let (version, title) = item.with_untracked(|i| (i.version, i.title.clone()));
            view! { <VerifyForms id version title verify draft=draft.clone() /> }
        })
    };
    view! {
        <li class="task" id=anchor.clone() data-assignment=id>
            <div class="task-head">
                <span class="task-title" lang=i18n.data_lang()>{title}</span>
                {move || view! { <RatingBadge rating=item.with(|i| i.rating) /> }}
            </div>
            {move || view! { <TaskFacts item=item.get() /> }}
            <p class="saved-notice" id=format!("said-{id}") role="status" tabindex="-1">{spoken(said_text)}</p>
            {form}
            {answer}
        </li>
    }
}

/// What a task stands at: status, schedule, deadline, progress, the province's answer, the
/// unit's notes and evidence.
#[component]
fn TaskFacts(item: TaskItem) -> impl IntoView {
    let i18n = use_i18n();
    let deadline = item.deadline;
    let status = item.status;
    let schedule = item.schedule;
    let updated = item.updated_at.map(|at| {
        let by = item.updated_by.clone();
        view! {
            <span class="muted">
                {move || {
                    let at = format::date_time(at, i18n.locale());
                    match &by {
                        Some(by) => fill(i18n.t().task_updated, &[("at", &at), ("by", by)]),
                        None => fill(i18n.t().task_updated_at, &[("at", &at)]),
                    }
                }}
            </span>
        }
    });
    let evidence = (!item.evidence.is_empty()).then(|| {
        view! {
            <ul class="evidence" aria-label=move || i18n.t().task_evidence>
                {item
                    .evidence
                    .iter()
                    .map(|e| {
                        let number = e.doc_number.clone();
                        let date = e.doc_date;
                        let link = e.link.clone();
                        let file = e.file.clone();
                        view! {
                            <li>
                                {number.map(|n| view! { <span>{n}</span> " " })}
                                {date.map(|d| view! { <span>{move || format::date(d, i18n.locale())}</span> " " })}
                                {file.map(|(href, name)| view! { <a href=href download>{name}</a> })}
                                {link.map(|l| {
                                    let text = l.clone();
                                    view! { <a href=l rel="noopener noreferrer" target="_blank">{text}</a> }
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let reported = |label: fn(&'static crate::i18n::Strings) -> &'static str,
                    text: &String,
                    class: &'static str| {
        (!text.is_empty()).then(|| {
            let text = text.clone();
            view! {
                <p class=class>
                    <strong>{move || label(i18n.t())} ": "</strong>
                    {text}
                </p>
            }
        })
    };
    let note = (!item.note.is_empty())
        .then(|| view! { <p class="task-note" lang=i18n.data_lang()>{item.note.clone()}</p> });
    let difficulties = reported(
        |t| t.task_difficulties,
        &item.difficulties,
        "task-difficulties",
    );
    let recommendations = reported(
        |t| t.task_recommendations,
        &item.recommendations,
        "task-recommendations",
    );
    let verification = item.verification;
    let reason = item.verification_note.clone();
    let verification_text = move || {
        let t = i18n.t();
        match verification {
            Verification::None => String::new(),
            Verification::Pending => t.verification_pending.to_owned(),
            Verification::Verified => t.verification_verified.to_owned(),
            Verification::Returned => fill(t.verification_returned, &[("reason", &reason)]),
        }
    };
    let target = item.target.clone().map(|(target, unit)| {
        let value = item.value.unwrap_or(0.0);
        view! {
            <p class="task-target">
                {move || {
                    let locale = i18n.locale();
                    fill(
                        i18n.t().task_target,
                        &[
                            ("value", &format::decimal(value, 0, locale)),
                            ("target", &format::decimal(target, 0, locale)),
                            ("unit", &unit),
                        ],
                    )
                }}
            </p>
        }
    });
    view! {
        <p class="task-meta">
            <span class="task-status">{move || status_label(status, i18n.t())}</span>
            // A task done says so once; the schedule speaks of the others.
            {(status != Status::Done)
                .then(|| view! { " · " <span>{move || schedule_label(schedule, i18n.t())}</span> })}
            " · "
            <span>{move || fill(i18n.t().task_deadline, &[("date", &format::date(deadline, i18n.locale()))])}</span>
        </p>
        <ProgressBar percent=f64::from(item.progress) />
        {target}
        {(verification != Verification::None)
            .then(|| {
                let class = format!("verification verification-{}", verification.code());
                view! { <p class=class>{verification_text}</p> }
            })}
        {note}
        {difficulties}
        {recommendations}
        {evidence}
        {updated}
    }
}
