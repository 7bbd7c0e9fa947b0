//! A unit's checklist: its tasks by group, each with status, progress, rating and evidence;
//! for the unit's own official, a form per task (a plain form before hydration). A save
//! shows the new rating at once; if someone else saved first, both versions are shown.

use crate::{
    components::{
        charts::line::{LineChart, Scale},
        error_notice::{ErrorNotice, FormError},
        progress::{ProgressBar, RatingBadge, schedule_label, status_label},
        text_box::TextBox,
    },
    error::AppError,
    format,
    i18n::{fill, use_i18n},
    tasks::{
        Checklist, SaveOutcome, TaskItem, UpdateAssignment, VerifyAssignment, evidence_upload_path,
        get_checklist, parse_as_of,
        rules::{Status, Verification},
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A unit's checklist as of the URL's date (`?ngay=`), loaded again after each save.
///
/// Its page loads it beside its own data, not from within the content of a `Suspense`, which
/// runs again once its data has come and would load the checklist twice.
#[derive(Clone, Copy)]
pub struct ChecklistData {
    checklist: Resource<Result<Checklist, AppError>>,
    saved: RwSignal<usize>,
}

impl ChecklistData {
    /// The checklist of the unit whose code `code` gives.
    pub fn load(code: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        let saved = RwSignal::new(0usize);
        let checklist = Resource::new(
            move || {
                (
                    code(),
                    parse_as_of(query.with(|q| q.get("ngay"))),
                    saved.get(),
                )
            },
            |(code, as_of, _)| get_checklist(code, as_of),
        );
        Self { checklist, saved }
    }
}

#[component]
pub fn ChecklistSection(data: ChecklistData) -> impl IntoView {
    let i18n = use_i18n();
    let ChecklistData { checklist, saved } = data;
    view! {
        <EvidenceRefusal />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match checklist.await {
                    Ok(list) => view! { <ChecklistView list saved /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChecklistView(list: Checklist, saved: RwSignal<usize>) -> impl IntoView {
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
        completion,
        rating,
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
    let summary = move || {
        let locale = i18n.locale();
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
    view! {
        <section class="checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">
                {move || i18n.t().checklist_title} " " {plan_code.clone()}
            </h2>
            {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
            <p class="unit-summary">
                <RatingBadge rating />
                " "
                <span class="unit-completion">{summary}</span>
            </p>
            <ProgressBar percent=completion.percent() />
            {history}
            <p class="downloads">
                {move || i18n.t().open_data_download} " "
                <a href=format!("/api/xa/{unit_code}/nhiem-vu.csv?ngay={as_of}") download>"CSV"</a> " · "
                <a href=format!("/api/v1/xa/{unit_code}?ngay={as_of}")>"JSON"</a>
            </p>
            {groups
                .into_iter()
                .map(|group| {
                    view! {
                        <h3 class="task-group">{group.position} ". " {group.name}</h3>
                        <ol class="tasks">
                            {group
                                .items
                                .into_iter()
                                .map(|item| view! { <TaskRow item editable verifiable saved /> })
                                .collect_view()}
                        </ol>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn TaskRow(
    item: TaskItem,
    editable: bool,
    verifiable: bool,
    saved: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let deadline = item.deadline;
    let status = item.status;
    let schedule = item.schedule;
    let updated = item.updated_at.map(|at| {
        let by = item.updated_by.clone().unwrap_or_default();
        view! {
            <span class="muted">
                {move || fill(i18n.t().task_updated, &[("at", &format::date_time(at, i18n.locale())), ("by", &by)])}
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
    let note =
        (!item.note.is_empty()).then(|| view! { <p class="task-note">{item.note.clone()}</p> });
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
    let form = editable.then(|| view! { <TaskForm item=item.clone() saved /> });
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
    let verify =
        (verifiable && item.status == Status::Done && verification != Verification::Returned)
            .then(|| view! { <VerifyForm id=item.assignment_id version=item.version saved /> });
    view! {
        <li class="task" id=format!("task-{}", item.assignment_id) data-assignment=item.assignment_id>
            <div class="task-head">
                <span class="task-title">{item.title.clone()}</span>
                <RatingBadge rating=item.rating />
            </div>
            <p class="task-meta">
                <span class="task-status">{move || status_label(status, i18n.t())}</span>
                " · "
                <span>{move || schedule_label(schedule, i18n.t())}</span>
                " · "
                <span>{move || fill(i18n.t().task_deadline, &[("date", &format::date(deadline, i18n.locale()))])}</span>
            </p>
            <ProgressBar percent=f64::from(item.progress) />
            {item
                .target
                .clone()
                .map(|(target, unit)| {
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
                })}
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
            {form}
            {verify}
        </li>
    }
}

#[component]
fn TaskForm(item: TaskItem, saved: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateAssignment>::new();
    let version = RwSignal::new(item.version);
    let theirs = RwSignal::new(None::<TaskItem>);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(SaveOutcome::Saved(_))) => saved.update(|n| *n += 1),
        Some(Ok(SaveOutcome::Conflict(current))) => {
            // Saving again now keeps this user's version, knowingly.
            version.set(current.version);
            theirs.set(Some(current));
        }
        _ => {}
    });
    let id = item.assignment_id;
    let field = move |name: &str| format!("{name}-{id}");
    let status_options = Status::ALL.map(|s| {
        view! { <option value=s.code() selected=s == item.status>{move || status_label(s, i18n.t())}</option> }
    });
    view! {
        <details class="task-edit">
            <summary class="button-secondary">{move || i18n.t().task_update}</summary>
            <Show when=move || theirs.with(Option::is_some)>
                <div class="notice conflict" role="alert">
                    <p>{move || i18n.t().task_conflict}</p>
                    {move || theirs.get().map(|t| view! {
                        <p>
                            <strong>{move || status_label(t.status, i18n.t())}</strong>
                            " · " {move || format::percent(f64::from(t.progress), i18n.locale())}
                            " · " {t.updated_by.clone().unwrap_or_default()}
                            {(!t.note.is_empty()).then(|| view! { <br /> {t.note.clone()} })}
                        </p>
                    })}
                    <button type="button" class="link-button" on:click=move |_| saved.update(|n| *n += 1)>
                        {move || i18n.t().task_take_theirs}
                    </button>
                </div>
            </Show>
            <FormError action />
            <ActionForm action attr:class="task-form change-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" prop:value=move || version.get().to_string() value=item.version />
                <div class="field">
                    <label for=field("status")>{move || i18n.t().task_status}</label>
                    <select id=field("status") name="change[status]">{status_options}</select>
                </div>
                {item
                    .target
                    .clone()
                    .map(|(_, unit)| {
                        view! {
                            <div class="field">
                                <label for=field("value")>{move || i18n.t().task_value} " (" {unit.clone()} ")"</label>
                                <input id=field("value") name="change[value]" type="text" inputmode="decimal" value=item.value.map(|v| v.to_string()).unwrap_or_default() />
                            </div>
                        }
                    })}
                <div class="field">
                    <label for=field("progress")>{move || i18n.t().task_progress}</label>
                    <input id=field("progress") name="change[progress]" type="number" min="0" max="100" step="1" inputmode="numeric" value=item.progress />
                </div>
                <div class="field">
                    <label for=field("note")>{move || i18n.t().task_note}</label>
                    <TextBox id=field("note") name="change[note]" text=item.note.clone() />
                </div>
                <div class="field">
                    <label for=field("difficulties")>{move || i18n.t().task_difficulties}</label>
                    <TextBox id=field("difficulties") name="change[difficulties]" text=item.difficulties.clone() />
                </div>
                <div class="field">
                    <label for=field("recommendations")>{move || i18n.t().task_recommendations}</label>
                    <TextBox id=field("recommendations") name="change[recommendations]" text=item.recommendations.clone() />
                </div>
                <div class="field">
                    <label for=field("evidence_number")>{move || i18n.t().task_evidence_number}</label>
                    <input id=field("evidence_number") name="change[evidence_number]" type="text" maxlength="100" />
                </div>
                <div class="field">
                    <label for=field("evidence_date")>{move || i18n.t().task_evidence_date}</label>
                    <input id=field("evidence_date") name="change[evidence_date]" type="date" />
                </div>
                <div class="field">
                    <label for=field("evidence_link")>{move || i18n.t().task_evidence_link}</label>
                    <input id=field("evidence_link") name="change[evidence_link]" type="url" maxlength="500" placeholder="https://" />
                </div>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || i18n.t().save}
                </button>
            </ActionForm>
            <EvidenceUpload id />
        </details>
    }
}

/// The province's answer to a commune's "done": verify it, or return it with a reason.
#[component]
fn VerifyForm(id: i64, version: i32, saved: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<VerifyAssignment>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let reason_id = format!("reason-{id}");
    view! {
        <div class="verify">
            <FormError action />
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="accept" value="true" />
                <input type="hidden" name="reason" value="" />
                <button class="button" type="submit">{move || i18n.t().verify_accept}</button>
            </ActionForm>
            <details class="task-edit">
                <summary class="button-secondary">{move || i18n.t().verify_return}</summary>
                <ActionForm action attr:class="task-form change-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="accept" value="false" />
                    <div class="field">
                        <label for=reason_id.clone()>{move || i18n.t().verify_reason}</label>
                        <TextBox id=reason_id name="reason" text=String::new() required=true />
                    </div>
                    <button class="button" type="submit">{move || i18n.t().verify_return}</button>
                </ActionForm>
            </details>
        </div>
    }
}

/// Attaches a file (PDF, PNG or JPEG) to a task: a plain multipart form that comes back to
/// this page.
#[component]
fn EvidenceUpload(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let back = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let file_id = format!("evidence-file-{id}");
    let number_id = format!("evidence-number-{id}");
    let date_id = format!("evidence-date-{id}");
    view! {
        <form class="task-form evidence-upload" method="post" enctype="multipart/form-data" action=evidence_upload_path(id)>
            <input type="hidden" name="back" value=back />
            <div class="field">
                <label for=file_id.clone()>{move || i18n.t().evidence_file}</label>
                <input id=file_id name="file" type="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required />
            </div>
            <div class="field">
                <label for=number_id.clone()>{move || i18n.t().task_evidence_number}</label>
                <input id=number_id name="doc_number" type="text" maxlength="100" />
            </div>
            <div class="field">
                <label for=date_id.clone()>{move || i18n.t().task_evidence_date}</label>
                <input id=date_id name="doc_date" type="date" />
            </div>
            <button class="button button-secondary" type="submit">{move || i18n.t().evidence_upload}</button>
        </form>
    }
}

/// What the page says when a file came back refused (`?loi-minh-chung=`).
#[component]
fn EvidenceRefusal() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    move || {
        query.with(|q| q.get("loi-minh-chung")).map(|code| {
            let message = move || {
                let t = i18n.t();
                match code.as_str() {
                    "qua-lon" => t.evidence_too_large,
                    "sai-loai" => t.evidence_wrong_type,
                    _ => t.evidence_empty,
                }
            };
            view! {
                <div class="notice notice-error" role="alert"><p>{message}</p></div>
            }
        })
    }
}
