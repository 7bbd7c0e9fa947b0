//! The forms of a ministry visit: the visit itself (planned or changed by inspectors and
//! ministry admins), a recommendation or conclusion added to it, and a response that moves
//! one on, with a document given with it. Each saves the way `crate::forms` describes.

use crate::{
    components::{
        attachments::AttachForm,
        save_form::{ErrorSummary, Field, FormReturn, form_error, invalid},
        text_box::TextBox,
    },
    error::AppError,
    forms::Draft,
    i18n::{Strings, use_i18n},
    visits::{
        AddFollowUp, FollowUpKind, FollowUpLine, FollowUpStatus, MAX_LINE, MAX_TEXT,
        RespondFollowUp, SaveVisit, VisitInput, VisitKind, VisitStatus, attachments::AttachedTo,
    },
};
use leptos::prelude::*;

const LINE_MAX: u32 = MAX_LINE as u32;
const TEXT_MAX: u32 = MAX_TEXT as u32;

/// The form's id on its page: `visit-new`, or `visit-<id>`.
pub fn visit_form_id(input: &VisitInput) -> String {
    match input.id.as_str() {
        "" => "visit-new".to_owned(),
        id => format!("visit-{id}"),
    }
}

/// Where a plain post that saved returns to: the page's confirmation.
pub fn visit_saved_anchor(form: &str) -> String {
    format!("{form}-saved")
}

/// The id of the form adding to visit `visit`.
pub fn follow_up_form_id(visit: i64) -> String {
    format!("follow-up-new-{visit}")
}

/// Where a plain post that added to visit `visit` returns to: the confirmation.
pub fn follow_up_saved_anchor(visit: i64) -> String {
    format!("{}-saved", follow_up_form_id(visit))
}

fn label(text: fn(&'static Strings) -> &'static str) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || text(i18n.t()).to_owned())
}

/// What a plain post that failed had typed into `group[name]`, else `saved`.
fn typed(draft: Option<&Draft>, form: &str, group: &str, name: &str, saved: &str) -> String {
    Draft::value(draft, form, &format!("{group}[{name}]")).unwrap_or_else(|| saved.to_owned())
}

/// A one-line input of a saving form.
fn line_input(
    id: String,
    name: String,
    kind: &'static str,
    value: String,
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    let described = format!("{id}-error");
    view! {
        <input
            id=id
            name=name
            type=kind
            value=value
            maxlength=LINE_MAX
            aria-describedby=described
            aria-invalid=invalid(error, field)
        />
    }
}

#[component]
pub fn VisitForm(
    action: ServerAction<SaveVisit>,
    /// The visit as saved (empty but for its province when new).
    input: VisitInput,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = visit_form_id(&input);
    let error = form_error(action, draft.as_ref(), &form);
    let value = |name: &str, saved: &str| typed(draft.as_ref(), &form, "visit", name, saved);
    let id = |name: &str| format!("{form}-{name}");
    let kind = value("kind", &input.kind);
    let status = value("status", &input.status);
    let kinds = [VisitKind::Working, VisitKind::Inspection].map(|k| {
        view! { <option value=k.code() selected=k.code() == kind>{move || k.label(i18n.t())}</option> }
    });
    let statuses = VisitStatus::ALL.map(|s| {
        view! { <option value=s.code() selected=s.code() == status>{move || s.label(i18n.t())}</option> }
    });
    let line = |name: &'static str, kind: &'static str| {
        line_input(
            id(name),
            format!("visit[{name}]"),
            kind,
            value(name, field_of(&input, name)),
            error,
            name,
        )
    };
    let text = |name: &'static str, rows: u32| {
        let box_id = id(name);
        view! {
            <TextBox
                id=box_id.clone()
                name=format!("visit[{name}]")
                text=value(name, field_of(&input, name))
                rows=rows
                maxlength=TEXT_MAX
                attr:aria-describedby=format!("{box_id}-error")
                attr:aria-invalid=invalid(error, name)
            />
        }
    };
    let (title, organiser, starts_on, ends_on, head_name, head_title) = (
        line("title", "text"),
        line("organiser", "text"),
        line("starts_on", "date"),
        line("ends_on", "date"),
        line("head_name", "text"),
        line("head_title", "text"),
    );
    let (places, topics, participants, members) = (
        text("places", 3),
        text("topics", 4),
        text("participants", 3),
        text("members", 4),
    );
    let (kind_id, status_id) = (id("kind"), id("status"));
    let [
        title_id,
        organiser_id,
        starts_id,
        ends_id,
        head_name_id,
        head_title_id,
    ] = [
        "title",
        "organiser",
        "starts_on",
        "ends_on",
        "head_name",
        "head_title",
    ]
    .map(id);
    let [members_id, places_id, topics_id, participants_id] =
        ["members", "places", "topics", "participants"].map(id);
    let anchor = visit_saved_anchor(&form);
    let (form_return, form_summary) = (form.clone(), form.clone());
    view! {
        <ActionForm action=action attr:id=form attr:class="task-form visit-form narrow">
            <FormReturn form=form_return anchor />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="visit[province]" value=input.province.clone() />
            <input type="hidden" name="visit[id]" value=input.id.clone() />
            <Field id=kind_id.clone() name="kind" error label=label(|t| t.visit_kind)>
                <select id=kind_id.clone() name="visit[kind]" aria-describedby=format!("{kind_id}-error")>{kinds}</select>
            </Field>
            <Field id=title_id name="title" error label=label(|t| t.visit_title_field)>{title}</Field>
            <Field id=organiser_id name="organiser" error label=label(|t| t.visit_organiser)>{organiser}</Field>
            <Field id=starts_id name="starts_on" error label=label(|t| t.visit_starts_on)>{starts_on}</Field>
            <Field id=ends_id name="ends_on" error label=label(|t| t.visit_ends_on)>{ends_on}</Field>
            <Field id=head_name_id name="head_name" error label=label(|t| t.visit_head_name)>{head_name}</Field>
            <Field id=head_title_id name="head_title" error label=label(|t| t.visit_head_title)>{head_title}</Field>
            <Field id=members_id name="members" error label=label(|t| t.visit_members_field)>{members}</Field>
            <Field id=places_id name="places" error label=label(|t| t.visit_places_field)>{places}</Field>
            <Field id=topics_id name="topics" error label=label(|t| t.visit_topics_field)>{topics}</Field>
            <Field id=participants_id name="participants" error label=label(|t| t.visit_participants_field)>{participants}</Field>
            <Field id=status_id.clone() name="status" error label=label(|t| t.visit_status_field)>
                <select id=status_id.clone() name="visit[status]" aria-describedby=format!("{status_id}-error")>{statuses}</select>
            </Field>
            <button class="button" type="submit" disabled=move || action.pending().get()>
                {move || i18n.t().save}
            </button>
        </ActionForm>
    }
}

/// A visit's field by its form name.
fn field_of<'a>(input: &'a VisitInput, name: &str) -> &'a str {
    match name {
        "title" => &input.title,
        "organiser" => &input.organiser,
        "starts_on" => &input.starts_on,
        "ends_on" => &input.ends_on,
        "places" => &input.places,
        "topics" => &input.topics,
        "participants" => &input.participants,
        "head_name" => &input.head_name,
        "head_title" => &input.head_title,
        "members" => &input.members,
        _ => "",
    }
}

/// Adds a recommendation or conclusion to visit `visit`.
#[component]
pub fn FollowUpForm(
    action: ServerAction<AddFollowUp>,
    visit: i64,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = follow_up_form_id(visit);
    let error = form_error(action, draft.as_ref(), &form);
    let value = |name: &str, saved: &str| typed(draft.as_ref(), &form, "follow_up", name, saved);
    let id = |name: &str| format!("{form}-{name}");
    let kind = value("kind", FollowUpKind::Conclusion.code());
    let kinds = FollowUpKind::ALL.map(|k| {
        view! { <option value=k.code() selected=k.code() == kind>{move || k.label(i18n.t())}</option> }
    });
    let line = |name: &'static str, kind: &'static str, saved: &str| {
        line_input(
            id(name),
            format!("follow_up[{name}]"),
            kind,
            value(name, saved),
            error,
            name,
        )
    };
    let (to, responsible, due_on) = (
        line("addressed_to", "text", ""),
        line("responsible", "text", ""),
        line("due_on", "date", ""),
    );
    let (kind_id, body_id, delegation_id) = (id("kind"), id("body"), id("by_delegation"));
    let by_delegation = !value("by_delegation", "").is_empty();
    let [to_id, responsible_id, due_id] = ["addressed_to", "responsible", "due_on"].map(id);
    let body = value("body", "");
    let (form_return, form_summary) = (form.clone(), form.clone());
    view! {
        <ActionForm action=action attr:id=form attr:class="task-form follow-up-form narrow">
            <FormReturn form=form_return anchor=follow_up_saved_anchor(visit) />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="follow_up[visit]" value=visit />
            <Field id=kind_id.clone() name="kind" error label=label(|t| t.follow_up_kind)>
                <select id=kind_id.clone() name="follow_up[kind]" aria-describedby=format!("{kind_id}-error")>{kinds}</select>
            </Field>
            <div class="field checkbox">
                <input type="checkbox" id=delegation_id.clone() name="follow_up[by_delegation]" value="1" checked=by_delegation />
                <label for=delegation_id>{move || i18n.t().follow_up_by_delegation}</label>
            </div>
            <Field id=body_id.clone() name="body" error label=label(|t| t.follow_up_body)>
                <TextBox
                    id=body_id.clone()
                    name="follow_up[body]"
                    text=body
                    rows=4
                    maxlength=TEXT_MAX
                    attr:aria-describedby=format!("{body_id}-error")
                    attr:aria-invalid=invalid(error, "body")
                />
            </Field>
            <Field id=to_id name="addressed_to" error label=label(|t| t.follow_up_addressed_to)>{to}</Field>
            <Field id=responsible_id name="responsible" error label=label(|t| t.follow_up_responsible)>{responsible}</Field>
            <Field id=due_id name="due_on" error label=label(|t| t.follow_up_due_on)>{due_on}</Field>
            <button class="button" type="submit" disabled=move || action.pending().get()>
                {move || i18n.t().follow_up_add_submit}
            </button>
        </ActionForm>
    }
}

/// A response to `row`, from the version the user saw (or, after a conflict, the one they
/// were shown).
#[component]
pub fn ResponseForm(
    row: RwSignal<FollowUpLine>,
    action: ServerAction<RespondFollowUp>,
    /// The reader may mark it done (the delegation); else it reports progress.
    may_close: bool,
    draft: Option<Draft>,
    /// Where a document given with the response is sent (a form of its own, below).
    attach: AttachedTo,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = row.get_untracked();
    let form = format!("respond-{}", item.id);
    let error = form_error(action, draft.as_ref(), &form);
    let body = typed(draft.as_ref(), &form, "response", "body", "");
    let chosen = typed(
        draft.as_ref(),
        &form,
        "response",
        "status",
        item.status.code(),
    );
    // Marking it done is the delegation's; a note on one done keeps it done.
    let statuses = FollowUpStatus::ALL
        .into_iter()
        .filter(|&s| may_close || s != FollowUpStatus::Closed || item.status == s)
        .map(|s| {
            view! { <option value=s.code() selected=s.code() == chosen>{move || s.label(i18n.t())}</option> }
        })
        .collect_view();
    let (body_id, status_id) = (format!("{form}-body"), format!("{form}-status"));
    let open = draft.as_ref().is_some_and(|d| d.form == form);
    let excerpt: String = item.body.chars().take(80).collect();
    let toggle_id = format!("toggle-{form}");
    let (form_return, form_summary) = (form.clone(), form.clone());
    view! {
        <details class="task-edit" open=open>
            <summary class="button-secondary" id=toggle_id>
                {move || i18n.t().follow_up_respond}
                <span class="visually-hidden">": " {excerpt}</span>
            </summary>
            <ActionForm action=action attr:id=form attr:class="task-form response-form">
                <FormReturn form=form_return anchor=crate::visits::follow_up_anchor(item.id) />
                <ErrorSummary form=form_summary error />
                <input type="hidden" name="id" value=item.id />
                <input
                    type="hidden"
                    name="version"
                    prop:value=move || row.with(|r| r.version.to_string())
                    value=item.version
                />
                <Field id=body_id.clone() name="body" error label=label(|t| t.follow_up_response_body)>
                    <TextBox
                        id=body_id.clone()
                        name="response[body]"
                        text=body
                        rows=4
                        maxlength=TEXT_MAX
                        attr:aria-describedby=format!("{body_id}-error")
                        attr:aria-invalid=invalid(error, "body")
                    />
                </Field>
                <Field id=status_id.clone() name="status" error label=label(|t| t.follow_up_response_status)>
                    <select id=status_id.clone() name="response[status]" aria-describedby=format!("{status_id}-error")>
                        {statuses}
                    </select>
                </Field>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || i18n.t().follow_up_send}
                </button>
            </ActionForm>
            <AttachForm to=attach />
        </details>
    }
}
