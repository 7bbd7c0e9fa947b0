//! `/quan-tri/mau-kiem-tra`: the on-site checklist's questions for each kind of visit, kept
//! by the ministry's admins: add a question under a topic (optionally with the preparation
//! pack's figure that suggests its answer), change one, or take it out of the template.

use crate::{
    components::{
        error_notice::ErrorNotice,
        save_form::{
            ErrorSummary, Field, FormReturn, form_error, invalid, saves_of, use_page_draft,
        },
        text_box::TextBox,
    },
    forms::Draft,
    i18n::use_i18n,
    visits::{
        VisitKind,
        checklist::{
            Gauge, MAX_QUESTION, MAX_TOPIC, QuestionInput, SaveQuestion, TemplateQuestion,
            get_checklist_template,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ChecklistTemplatePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveQuestion>::new();
    let saves = saves_of(save);
    let template = Resource::new(move || saves.get(), |_| get_checklist_template());
    let draft = use_page_draft();
    view! {
        <Title text=move || i18n.t().template_title />
        <h1>{move || i18n.t().template_title}</h1>
        <p class="lead">{move || i18n.t().template_lead}</p>
        <p class="saved-notice" role="status">
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| i18n.t().template_saved)}
        </p>
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match template.await {
                    Ok(questions) => [VisitKind::Inspection, VisitKind::Working]
                        .into_iter()
                        .map(|kind| {
                            let of_kind: Vec<TemplateQuestion> =
                                questions.iter().filter(|q| q.kind == kind).cloned().collect();
                            view! { <KindSection kind questions=of_kind save draft=draft.clone() /> }
                        })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn KindSection(
    kind: VisitKind,
    questions: Vec<TemplateQuestion>,
    save: ServerAction<SaveQuestion>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = questions
        .into_iter()
        .map(|q| {
            let input = q.input();
            let form = format!("question-{}", q.id);
            let open = draft.as_ref().is_some_and(|d| d.form == form);
            let gauge = q.gauge;
            let item = form.clone();
            view! {
                <li class:muted=!q.active id=item>
                    <strong lang=i18n.data_lang()>{q.topic.clone()}</strong>
                    " · " <span lang=i18n.data_lang()>{q.body.clone()}</span>
                    {gauge.map(|g| view! { " · " <em>{move || g.label(i18n.t())}</em> })}
                    {(!q.active).then(|| view! { " · " {move || i18n.t().template_retired} })}
                    <details class="task-edit" open=open>
                        <summary class="button-secondary">
                            {move || i18n.t().template_edit}
                            <span class="visually-hidden">": " {q.body.clone()}</span>
                        </summary>
                        <QuestionForm form input save draft=draft.clone() />
                    </details>
                </li>
            }
        })
        .collect_view();
    let new_form = format!("question-new-{}", kind.code());
    let open = draft.as_ref().is_some_and(|d| d.form == new_form);
    let input = QuestionInput {
        kind: kind.code().to_owned(),
        active: "on".to_owned(),
        ..Default::default()
    };
    view! {
        <section class="template-kind">
            <h2>{move || i18n.t().template_kind} " " {move || kind.label(i18n.t())}</h2>
            <ol class="template-questions">{items}</ol>
            <details open=open>
                <summary class="button-secondary">{move || i18n.t().template_add}</summary>
                <QuestionForm form=new_form input save draft />
            </details>
        </section>
    }
}

#[component]
fn QuestionForm(
    form: String,
    input: QuestionInput,
    save: ServerAction<SaveQuestion>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(save, draft.as_ref(), &form);
    let value = |name: &str, saved: &str| {
        Draft::value(draft.as_ref(), &form, &format!("question[{name}]"))
            .unwrap_or_else(|| saved.to_owned())
    };
    let id = |name: &str| format!("{form}-{name}");
    let (topic, body, gauge, target, position) = (
        value("topic", &input.topic),
        value("body", &input.body),
        value("gauge", &input.gauge),
        value("target", &input.target),
        value("position", &input.position),
    );
    let gauges = std::iter::once(view! { <option value="" selected=gauge.is_empty()>{move || i18n.t().template_no_gauge}</option> }.into_any())
        .chain(Gauge::ALL.into_iter().map(|g| {
            view! { <option value=g.code() selected=g.code() == gauge>{move || g.label(i18n.t())}</option> }.into_any()
        }))
        .collect_view();
    let [
        topic_id,
        body_id,
        gauge_id,
        target_id,
        position_id,
        active_id,
    ] = ["topic", "body", "gauge", "target", "position", "active"].map(id);
    let existing = !input.id.is_empty();
    let active = existing.then(|| {
        view! {
            <p class="field">
                <label for=active_id.clone()>
                    <input type="checkbox" id=active_id.clone() name="question[active]" checked=input.active == "on" />
                    " " {move || i18n.t().template_active}
                </label>
            </p>
        }
    });
    let (form_return, form_summary, anchor) = (form.clone(), form.clone(), form.clone());
    view! {
        <ActionForm action=save attr:id=form attr:class="task-form question-form narrow">
            <FormReturn form=form_return anchor />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="question[id]" value=input.id.clone() />
            <input type="hidden" name="question[kind]" value=input.kind.clone() />
            <Field id=topic_id.clone() name="topic" error label=Signal::derive(move || i18n.t().template_topic.to_owned())>
                <input
                    id=topic_id.clone()
                    name="question[topic]"
                    value=topic
                    maxlength=MAX_TOPIC as u32
                    aria-describedby=format!("{topic_id}-error")
                    aria-invalid=invalid(error, "topic")
                />
            </Field>
            <Field id=body_id.clone() name="body" error label=Signal::derive(move || i18n.t().template_question.to_owned())>
                <TextBox
                    id=body_id.clone()
                    name="question[body]"
                    text=body
                    rows=2
                    maxlength=MAX_QUESTION as u32
                    attr:aria-describedby=format!("{body_id}-error")
                    attr:aria-invalid=invalid(error, "body")
                />
            </Field>
            <Field id=gauge_id.clone() name="gauge" error label=Signal::derive(move || i18n.t().template_gauge.to_owned())>
                <select id=gauge_id.clone() name="question[gauge]" aria-describedby=format!("{gauge_id}-error")>{gauges}</select>
            </Field>
            <Field id=target_id.clone() name="target" error label=Signal::derive(move || i18n.t().template_target.to_owned())>
                <input
                    id=target_id.clone()
                    name="question[target]"
                    type="number"
                    min="1"
                    max="100"
                    value=target
                    aria-describedby=format!("{target_id}-error")
                    aria-invalid=invalid(error, "target")
                />
            </Field>
            <Field id=position_id.clone() name="position" error label=Signal::derive(move || i18n.t().template_position.to_owned())>
                <input
                    id=position_id.clone()
                    name="question[position]"
                    type="number"
                    min="0"
                    value=position
                    aria-describedby=format!("{position_id}-error")
                    aria-invalid=invalid(error, "position")
                />
            </Field>
            {active}
            <button class="button" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t().save}
            </button>
        </ActionForm>
    }
}
