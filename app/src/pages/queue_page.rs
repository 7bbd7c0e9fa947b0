//! `/tinh/:code/xac-minh`: the commune reports waiting for the province, oldest first,
//! filterable by commune and task; each answered where it is, or many at once.

use crate::{
    components::{
        account_menu::WorkChanged,
        error_notice::ErrorNotice,
        save_form::{ErrorSummary, Field, FormReturn, form_error, invalid, use_page_draft},
        task_forms::VerifyForms,
        text_box::TextBox,
    },
    format,
    forms::{Draft, SaveOutcome},
    i18n::{Strings, fill, use_i18n},
    tasks::{
        VerifyAssignment,
        rules::Verification,
        work::{Queue, VerifyMany, WaitingReport, get_queue, queue_path},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::HashSet;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let queue = Resource::new(
        move || {
            let (commune, task, page) = query.with(|q| (q.get("xa"), q.get("nv"), q.get("trang")));
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                commune.filter(|c| !c.is_empty()),
                task.and_then(|t| t.parse::<i64>().ok()),
                page.and_then(|p| p.parse::<usize>().ok()),
            )
        },
        |(code, commune, task, page)| get_queue(code, commune, task, page),
    );
    let draft = use_page_draft();
    view! {
        <Title text=i18n.untracked().queue_title />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match queue.await {
                    Ok(queue) => view! { <QueueView queue draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(queue: Queue, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let Queue {
        province_code,
        province_name,
        reports,
        total,
        page,
        pages,
        communes,
        tasks,
    } = queue;
    let query = use_query_map();
    let (chosen_commune, chosen_task) = query.with_untracked(|q| {
        (
            q.get("xa").unwrap_or_default(),
            q.get("nv").unwrap_or_default(),
        )
    });
    let answered = RwSignal::new(HashSet::<i64>::new());
    let said = RwSignal::new(None::<Said>);
    let many = ServerAction::<VerifyMany>::new();
    // Whether the reports chosen were verified or returned: the button the form was sent by.
    let accepting = RwSignal::new(true);
    Effect::new(move |_| {
        if let Some(sent) = many.input().get() {
            accepting.set(sent.accept);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(ids)) = many.value().get() {
            let accepted = accepting.get_untracked();
            said.set(Some(Said {
                n: ids.len(),
                accepted: Some(accepted),
            }));
            answered.update(|a| a.extend(ids));
            WorkChanged::bump();
        }
    });
    let left = move || total.saturating_sub(answered.with(HashSet::len));
    let queue_at = queue_path(&province_code);
    let pager = (pages > 1).then(|| {
        // Another page keeps the filter, as checked values only.
        let mut kept = Vec::new();
        if chosen_commune.bytes().all(|b| b.is_ascii_digit()) && !chosen_commune.is_empty() {
            kept.push(format!("xa={chosen_commune}"));
        }
        if let Ok(task) = chosen_task.parse::<i64>() {
            kept.push(format!("nv={task}"));
        }
        let link = move |to: usize| {
            let mut pairs = kept.clone();
            pairs.push(format!("trang={to}"));
            format!("{queue_at}?{}#queue", pairs.join("&"))
        };
        view! {
            <nav class="pager" aria-label=move || i18n.t().queue_pages_label>
                {(page > 1).then(|| view! { <a class="button button-secondary" rel="prev" href=link(page - 1)>{move || i18n.t().queue_newer}</a> })}
                <span>{move || fill(i18n.t().queue_pages, &[("page", &page.to_string()), ("pages", &pages.to_string())])}</span>
                {(page < pages).then(|| view! { <a class="button button-secondary" rel="next" href=link(page + 1)>{move || i18n.t().queue_older}</a> })}
            </nav>
        }
    });
    let empty = reports.is_empty();
    let error = form_error(many, draft.as_ref(), "queue-many");
    let reason = Draft::value(draft.as_ref(), "queue-many", "reason").unwrap_or_default();
    let rows = reports
        .into_iter()
        .map(|report| {
            let draft = draft.clone();
            view! { <QueueRow report answered said draft /> }
        })
        .collect_view();
    view! {
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().queue_title}</span>
        </nav>
        <h1>{move || i18n.t().queue_title} " · " {province_name}</h1>
        <p class="lead">{move || i18n.t().queue_intro}</p>
        <form class="filters" method="get">
            <div class="field">
                <label for="queue-commune">{move || i18n.t().queue_filter_commune}</label>
                <select id="queue-commune" name="xa">
                    <option value="">{move || i18n.t().queue_filter_all}</option>
                    {communes
                        .into_iter()
                        .map(|(code, name)| {
                            let selected = code == chosen_commune;
                            view! { <option value=code selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-task">{move || i18n.t().queue_filter_task}</label>
                <select id="queue-task" name="nv">
                    <option value="">{move || i18n.t().queue_filter_all}</option>
                    {tasks
                        .into_iter()
                        .map(|(id, title)| {
                            let selected = id.to_string() == chosen_task;
                            view! { <option value=id selected=selected>{title}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button class="button button-secondary" type="submit">{move || i18n.t().queue_filter_apply}</button>
        </form>
        <p class="queue-said" id="queue" role="status" tabindex="-1">
            {move || said.get().map(|said| said.text(i18n.t()))}
        </p>
        <p class="muted">{move || fill(i18n.t().queue_count, &[("n", &format::integer(left() as i64, i18n.locale()))])}</p>
        {if empty {
            view! { <p>{move || i18n.t().queue_none}</p> }.into_any()
        } else {
            // The answer to the reports ticked comes first: the oldest are at the top, a few
            // key presses from it.
            view! {
                <ActionForm action=many attr:id="queue-many" attr:class="task-form queue-many">
                    <FormReturn form="queue-many" anchor="queue" />
                    <ErrorSummary form="queue-many" error />
                    <Field id="queue-reason" name="reason" error label=Signal::derive(move || i18n.t().verify_reason.to_owned())>
                        <TextBox id="queue-reason".to_owned() name="reason" text=reason attr:aria-describedby="queue-reason-error" attr:aria-invalid=invalid(error, "reason") />
                    </Field>
                    <p class="actions">
                        <button class="button" type="submit" name="accept" value="true" disabled=move || many.pending().get()>
                            {move || i18n.t().queue_verify_picked}
                        </button>
                        " "
                        <button class="button button-secondary" type="submit" name="accept" value="false" disabled=move || many.pending().get()>
                            {move || i18n.t().queue_return_picked}
                        </button>
                    </p>
                </ActionForm>
                <ol class="tasks queue">{rows}</ol>
                {pager}
            }
                .into_any()
        }}
    }
}

#[component]
fn QueueRow(
    report: WaitingReport,
    answered: RwSignal<HashSet<i64>>,
    said: RwSignal<Option<Said>>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = report.assignment_id;
    let verify = ServerAction::<VerifyAssignment>::new();
    // Answered here, or by someone else meanwhile (a conflict): either way it waits no more.
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = verify.value().get() {
            answered.update(|a| {
                a.insert(id);
            });
            // Answered by someone else first: it waits no more, whatever they chose.
            let accepted = match outcome {
                SaveOutcome::Saved(item) => Some(item.verification == Verification::Verified),
                SaveOutcome::Conflict(_) => None,
            };
            said.set(Some(Said { n: 1, accepted }));
            WorkChanged::bump();
        }
    });
    let at = report.reported_at;
    let pick_label = fill(
        i18n.untracked().queue_pick,
        &[
            ("commune", &report.commune_name),
            ("task", &report.task_title),
        ],
    );
    let evidence: Vec<String> = report
        .evidence
        .iter()
        .map(|e| {
            [
                e.doc_number.clone(),
                e.link.clone(),
                e.file.as_ref().map(|f| f.1.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
        })
        .collect();
    view! {
        <Show when=move || !answered.with(|a| a.contains(&id))>
            <li class="task" id=format!("task-{id}")>
                <div class="task-head">
                    <label class="pick">
                        <input type="checkbox" form="queue-many" name=format!("pick[{id}]") value=report.version />
                        <span class="visually-hidden">{pick_label.clone()}</span>
                    </label>
                    <span class="task-title">
                        <a href=format!("/xa/{}#task-{id}", report.commune_code)>{report.commune_name.clone()}</a>
                        ": " {report.task_title.clone()}
                    </span>
                </div>
                <p class="muted">{move || fill(i18n.t().work_reported, &[("at", &format::date_time(at, i18n.locale()))])}</p>
                {(!report.note.is_empty()).then(|| view! { <p class="task-note" lang=i18n.data_lang()>{report.note.clone()}</p> })}
                <ul class="evidence">
                    {evidence.iter().map(|text| view! { <li>{text.clone()}</li> }).collect_view()}
                </ul>
                <VerifyForms id version=report.version title=report.task_title.clone() verify draft=draft.clone() />
            </li>
        </Show>
    }
}

/// What the queue's live region says after reports were answered here.
#[derive(Clone, Copy)]
struct Said {
    n: usize,
    /// Verified, returned, or (None) answered by someone else first.
    accepted: Option<bool>,
}

impl Said {
    fn text(self, t: &'static Strings) -> String {
        let template = match self.accepted {
            Some(true) => t.queue_verified,
            Some(false) => t.queue_returned,
            None => t.queue_done,
        };
        fill(template, &[("n", &self.n.to_string())])
    }
}
