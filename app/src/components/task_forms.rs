//! The forms of a checklist's task: the unit official's update and evidence file, and the
//! province's answer to a report that waits. Each saves the way `crate::forms` describes.

use crate::{
    components::{
        checklist::task_anchor,
        progress::status_label,
        save_form::{ErrorSummary, Field, FormReturn, form_error, invalid},
        text_box::TextBox,
    },
    error::AppError,
    format,
    forms::Draft,
    i18n::use_i18n,
    tasks::{
        MAX_DOC_NUMBER, MAX_LINK, TaskItem, UpdateAssignment, VerifyAssignment, evidence_form_id,
        evidence_upload_path, rules::Status,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The unit official's update of one task: status, progress, notes and evidence by number
/// or link in one form; a file in a second form whose button says so.
#[component]
pub fn TaskForm(
    row: RwSignal<TaskItem>,
    update: ServerAction<UpdateAssignment>,
    theirs: RwSignal<Option<TaskItem>>,
    /// Drawn open (the user took the other version and goes on editing).
    reopen: RwSignal<bool>,
    draft: Option<Draft>,
    /// A file was attached from the page: the task as it now stands.
    attached: Callback<TaskItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = row.get_untracked();
    let id = item.assignment_id;
    let form_id = format!("update-{id}");
    let error = form_error(update, draft.as_ref(), &form_id);
    let mine = draft.as_ref().is_some_and(|d| d.form == form_id);
    // What a plain post that failed had typed, else what is saved.
    let fields = draft
        .as_ref()
        .filter(|d| d.form == form_id)
        .map(|d| d.fields.clone())
        .unwrap_or_default();
    let typed = move |name: &str, saved: String| {
        fields
            .get(&format!("change[{name}]"))
            .cloned()
            .unwrap_or(saved)
    };
    // After a conflict, saving again keeps this user's version, knowingly.
    let version = move || {
        theirs
            .with(|t| t.as_ref().map(|t| t.version))
            .unwrap_or(item.version)
    };
    let progress = typed("progress", item.progress.to_string());
    let note = typed("note", item.note.clone());
    let difficulties = typed("difficulties", item.difficulties.clone());
    let recommendations = typed("recommendations", item.recommendations.clone());
    let evidence_number = typed("evidence_number", String::new());
    let evidence_date = typed("evidence_date", String::new());
    let evidence_link = typed("evidence_link", String::new());
    let value = typed(
        "value",
        item.value.map(|v| v.to_string()).unwrap_or_default(),
    );
    let field = move |name: &str| format!("{name}-{id}");
    let described = move |name: &str| format!("{name}-{id}-error");
    let chosen =
        Status::parse(&typed("status", item.status.code().to_owned())).unwrap_or(item.status);
    let status_options = Status::ALL.map(|s| {
        view! { <option value=s.code() selected=s == chosen>{move || status_label(s, i18n.t())}</option> }
    });
    let title = item.title.clone();
    let button_title = item.title.clone();
    let upload_title = item.title.clone();
    let action_id = form_id.clone();
    let return_form = form_id.clone();
    let summary_form = form_id.clone();
    let evidence_open = draft
        .as_ref()
        .is_some_and(|d| d.form == evidence_form_id(id));
    // Opened from "Việc của tôi" (`?mo=<id>`): the form is ready at once.
    let asked = use_query_map().with_untracked(|q| q.get("mo")) == Some(id.to_string());
    let label = move |text: fn(&'static crate::i18n::Strings) -> &'static str| {
        Signal::derive(move || text(i18n.t()).to_owned())
    };
    view! {
        <details class="task-edit" open=mine || evidence_open || asked || reopen.get_untracked()>
            <summary class="button-secondary" id=format!("toggle-{id}")>
                {move || i18n.t().task_update}
                <span class="visually-hidden">": " {title.clone()}</span>
            </summary>
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
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| {
                            if let Some(current) = theirs.get_untracked() {
                                theirs.set(None);
                                update.value().set(None);
                                // Redraws this form, open, from their version.
                                reopen.set(true);
                                row.set(current);
                            }
                        }
                    >
                        {move || i18n.t().task_take_theirs}
                    </button>
                </div>
            </Show>
            <ActionForm action=update attr:class="task-form change-form" attr:id=action_id>
                <FormReturn form=return_form anchor=task_anchor(id) />
                <ErrorSummary form=summary_form error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" prop:value=move || version().to_string() value=version() />
                <Field id=field("status") name="status" error label=label(|t| t.task_status)>
                    <select id=field("status") name="change[status]" aria-describedby=described("status") aria-invalid=invalid(error, "status")>
                        {status_options}
                    </select>
                </Field>
                {item
                    .target
                    .clone()
                    .map(|(_, unit)| {
                        view! {
                            <Field id=field("value") name="value" error label=Signal::derive(move || format!("{} ({unit})", i18n.t().task_value))>
                                <input id=field("value") name="change[value]" type="text" inputmode="decimal" value=value aria-describedby=described("value") aria-invalid=invalid(error, "value") />
                            </Field>
                        }
                    })}
                <Field id=field("progress") name="progress" error label=label(|t| t.task_progress)>
                    <input id=field("progress") name="change[progress]" type="number" min="0" max="100" step="1" inputmode="numeric" value=progress aria-describedby=described("progress") aria-invalid=invalid(error, "progress") />
                </Field>
                <Field id=field("note") name="note" error label=label(|t| t.task_note)>
                    <TextBox id=field("note") name="change[note]" text=note attr:aria-describedby=described("note") attr:aria-invalid=invalid(error, "note") />
                </Field>
                <Field id=field("difficulties") name="difficulties" error label=label(|t| t.task_difficulties)>
                    <TextBox id=field("difficulties") name="change[difficulties]" text=difficulties attr:aria-describedby=described("difficulties") attr:aria-invalid=invalid(error, "difficulties") />
                </Field>
                <Field id=field("recommendations") name="recommendations" error label=label(|t| t.task_recommendations)>
                    <TextBox id=field("recommendations") name="change[recommendations]" text=recommendations attr:aria-describedby=described("recommendations") attr:aria-invalid=invalid(error, "recommendations") />
                </Field>
                <fieldset class="evidence-fields">
                    <legend>{move || i18n.t().task_evidence}</legend>
                    <Field id=field("evidence_number") name="evidence_number" error label=label(|t| t.task_evidence_number)>
                        <input id=field("evidence_number") name="change[evidence_number]" type="text" maxlength=MAX_DOC_NUMBER value=evidence_number aria-describedby=described("evidence_number") aria-invalid=invalid(error, "evidence_number") />
                    </Field>
                    <Field id=field("evidence_date") name="evidence_date" error label=label(|t| t.task_evidence_date)>
                        <input id=field("evidence_date") name="change[evidence_date]" type="date" value=evidence_date aria-describedby=described("evidence_date") aria-invalid=invalid(error, "evidence_date") />
                    </Field>
                    <Field id=field("evidence_link") name="evidence_link" error label=label(|t| t.task_evidence_link)>
                        <input id=field("evidence_link") name="change[evidence_link]" type="url" maxlength=MAX_LINK placeholder="https://" value=evidence_link aria-describedby=described("evidence_link") aria-invalid=invalid(error, "evidence_link") />
                    </Field>
                </fieldset>
                <button class="button" type="submit" disabled=move || update.pending().get()>
                    {move || i18n.t().task_save}
                    <span class="visually-hidden">": " {button_title}</span>
                </button>
            </ActionForm>
            <EvidenceUpload id title=upload_title draft attached />
        </details>
    }
}

/// The province's answer to a commune's report that waits: verify it, or return it with a
/// reason.
#[component]
pub fn VerifyForms(
    id: i64,
    version: i32,
    title: String,
    verify: ServerAction<VerifyAssignment>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let accept_id = format!("verify-{id}");
    let return_id = format!("return-{id}");
    let accept_error = form_error(verify, draft.as_ref(), &accept_id);
    let return_error = form_error(verify, draft.as_ref(), &return_id);
    let returning = draft.as_ref().is_some_and(|d| d.form == return_id);
    let reason = Draft::value(draft.as_ref(), &return_id, "reason").unwrap_or_default();
    let reason_id = format!("reason-{id}");
    let described = format!("reason-{id}-error");
    let title_again = title.clone();
    let title_once_more = title.clone();
    let (accept_form, return_form) = (accept_id.clone(), return_id.clone());
    let (accept_summary, return_summary) = (accept_id.clone(), return_id.clone());
    view! {
        <div class="verify">
            <ActionForm action=verify attr:class="inline-form" attr:id=accept_form>
                <FormReturn form=accept_id anchor=task_anchor(id) />
                <ErrorSummary form=accept_summary error=accept_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="accept" value="true" />
                <input type="hidden" name="reason" value="" />
                <button class="button" type="submit" disabled=move || verify.pending().get()>
                    {move || i18n.t().verify_accept}
                    <span class="visually-hidden">": " {title}</span>
                </button>
            </ActionForm>
            <details class="task-edit" open=returning>
                <summary class="button-secondary">
                    {move || i18n.t().verify_return}
                    <span class="visually-hidden">": " {title_again}</span>
                </summary>
                <ActionForm action=verify attr:class="task-form change-form" attr:id=return_form>
                    <FormReturn form=return_id anchor=task_anchor(id) />
                    <ErrorSummary form=return_summary error=return_error />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="accept" value="false" />
                    <Field id=reason_id.clone() name="reason" error=return_error label=Signal::derive(move || i18n.t().verify_reason.to_owned())>
                        <TextBox id=reason_id name="reason" text=reason required=true attr:aria-describedby=described attr:aria-invalid=invalid(return_error, "reason") />
                    </Field>
                    <button class="button" type="submit" disabled=move || verify.pending().get()>
                        {move || i18n.t().verify_return}
                        <span class="visually-hidden">": " {title_once_more}</span>
                    </button>
                </ActionForm>
            </details>
        </div>
    }
}

/// Attaches a file (PDF, PNG or JPEG) to a task: a multipart form that comes back to this
/// page at the task, with the outcome, like every saving form; once the page's script runs,
/// it is sent from the page and the task is updated in place (`attached`).
#[component]
fn EvidenceUpload(
    id: i64,
    title: String,
    draft: Option<Draft>,
    attached: Callback<TaskItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form_id = evidence_form_id(id);
    let sent = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let error = Signal::derive({
        let error = draft
            .as_ref()
            .filter(|d| d.form == form_id)
            .map(|d| d.error.clone());
        move || sent.get().or_else(|| error.clone())
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            ev.prevent_default();
            sending.set(true);
            leptos::task::spawn_local(async move {
                let outcome = send_evidence(&form, &evidence_upload_path(id)).await;
                sending.set(false);
                match outcome {
                    Ok(item) => {
                        sent.set(None);
                        attached.run(item);
                    }
                    Err(error) => sent.set(Some(error)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, sending, attached);
    };
    let number = Draft::value(draft.as_ref(), &form_id, "doc_number").unwrap_or_default();
    let date = Draft::value(draft.as_ref(), &form_id, "doc_date").unwrap_or_default();
    let element_id = form_id.clone();
    let summary_form = form_id.clone();
    let file_id = format!("evidence-file-{id}");
    let hint_id = format!("evidence-hint-{id}");
    let number_id = format!("evidence-number-{id}");
    let date_id = format!("evidence-date-{id}");
    let label = move |text: fn(&'static crate::i18n::Strings) -> &'static str| {
        Signal::derive(move || text(i18n.t()).to_owned())
    };
    view! {
        <form class="task-form evidence-upload" id=element_id method="post" enctype="multipart/form-data" action=evidence_upload_path(id) on:submit=on_submit>
            <FormReturn form=form_id anchor=task_anchor(id) />
            <ErrorSummary form=summary_form error />
            // A form of its own: it says what it sends, and that the update above is not.
            <fieldset class="evidence-fields">
                <legend>{move || i18n.t().evidence_upload_legend}</legend>
                <Field id=file_id.clone() name="file" error label=label(|t| t.evidence_file)>
                    <input id=file_id.clone() name="file" type="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required aria-describedby=format!("{file_id}-error") aria-invalid=invalid(error, "file") />
                </Field>
                <Field id=number_id.clone() name="doc_number" error label=label(|t| t.evidence_file_number)>
                    <input id=number_id.clone() name="doc_number" type="text" maxlength=MAX_DOC_NUMBER value=number aria-describedby=format!("{number_id}-error") />
                </Field>
                <Field id=date_id.clone() name="doc_date" error label=label(|t| t.evidence_file_date)>
                    <input id=date_id.clone() name="doc_date" type="date" value=date aria-describedby=format!("{date_id}-error") />
                </Field>
                <p class="field-hint" id=hint_id.clone()>{move || i18n.t().evidence_upload_hint}</p>
                <button class="button button-secondary" type="submit" disabled=move || sending.get() aria-describedby=hint_id>
                    {move || i18n.t().evidence_upload}
                    <span class="visually-hidden">": " {title}</span>
                </button>
            </fieldset>
        </form>
    }
}

/// Sends an evidence form from the page: the task as saved, or why the file was refused.
#[cfg(feature = "hydrate")]
async fn send_evidence(form: &web_sys::HtmlFormElement, url: &str) -> Result<TaskItem, AppError> {
    let network = |e: gloo_net::Error| AppError::Network(e.to_string());
    let data =
        web_sys::FormData::new_with_form(form).map_err(|_| AppError::Network("form".into()))?;
    let response = gloo_net::http::Request::post(url)
        .header("Accept", "application/json")
        .body(data)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    if response.ok() {
        response.json::<TaskItem>().await.map_err(network)
    } else {
        // A body too large for the server is refused before the route reads it.
        match response.status() {
            413 => Err(AppError::at("file", crate::error::Problem::FileTooLarge)),
            _ => Err(response.json::<AppError>().await.map_err(network)?),
        }
    }
}
