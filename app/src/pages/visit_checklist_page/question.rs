//! A checklist question: what the pack suggests, the answer given and its form.

use super::{
    TEXT_MAX, Writes,
    saves::{Said, SaidNotice, Saves},
};
use crate::{
    components::{
        attachments::{AttachForm, Attached},
        save_form::{ErrorSummary, Field, FormReturn, Redrawn, form_error, invalid},
        text_box::TextBox,
    },
    format,
    forms::Draft,
    i18n::{Strings, fill, use_i18n},
    tasks::rules::Rating,
    visits::{
        attachments::AttachedTo,
        checklist::{
            Answer, AnswerLine, AnswerQuestion, QuestionLine, Reading, Suggestion, question_anchor,
        },
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub(super) fn QuestionItem(
    question: QuestionLine,
    row: RwSignal<AnswerLine>,
    pack_day: NaiveDate,
    writes: Writes,
) -> impl IntoView {
    let i18n = use_i18n();
    let QuestionLine {
        id,
        body,
        suggestion,
        photos,
        ..
    } = question;
    let anchor = question_anchor(id);
    let action = ServerAction::<AnswerQuestion>::new();
    let Saves {
        said,
        fresh,
        said_id,
    } = Saves::follow(action, row, &anchor);
    let said_text = move || match said.get() {
        Said::Nothing => "",
        Said::Saved => i18n.t().answer_saved,
        Said::Conflict => i18n.t().answer_conflict,
    };
    let suggested = suggestion.as_ref().and_then(|s| s.answer);
    let Writes { visit, may, draft } = writes;
    let form = {
        let body = body.clone();
        move || {
            let draft = draft.clone().filter(|_| fresh.get_untracked() == 0);
            may.then(|| {
                view! {
                    <AnswerForm visit question=id body=body.clone() row suggested action draft />
                }
            })
        }
    };
    let to = AttachedTo::Question {
        visit,
        question: id,
    };
    let photo_form = may.then(|| view! { <AttachForm to /> });
    view! {
        <li class="checklist-question" id=anchor.clone()>
            <p class="question-body" lang=i18n.data_lang()>{body.clone()}</p>
            {suggestion.map(|s| view! { <SuggestionNote suggestion=s pack_day /> })}
            {move || view! { <AnswerFacts answer=row.get() /> }}
            <SaidNotice said fresh id=said_id text=Signal::derive(said_text) field=format!("answer-{id}-note") />
            <Redrawn key=move || fresh.get() child=form />
            <Attached to files=photos />
            {photo_form}
        </li>
    }
}

/// What the pack's figure reads and the answer it suggests.
#[component]
fn SuggestionNote(suggestion: Suggestion, pack_day: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let Suggestion { answer, reading } = suggestion;
    let text = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let figure = reading_text(&reading, t, locale);
        let date = format::date(pack_day, locale);
        match answer {
            Some(a) => fill(
                t.suggestion_text,
                &[("date", &date), ("figure", &figure), ("answer", a.label(t))],
            ),
            None => fill(t.suggestion_none, &[("date", &date), ("figure", &figure)]),
        }
    };
    view! { <p class="checklist-suggestion">{text}</p> }
}

fn reading_text(reading: &Reading, t: &'static Strings, locale: crate::i18n::Locale) -> String {
    let n = |v: u32| format::integer(v.into(), locale);
    match reading {
        Reading::Rating {
            rating,
            done,
            assigned,
        } => fill(
            t.reading_rating,
            &[
                (
                    "rating",
                    match rating {
                        Rating::Xanh => t.rating_xanh,
                        Rating::Vang => t.rating_vang,
                        Rating::Do => t.rating_do,
                    },
                ),
                ("done", &n(*done)),
                ("assigned", &n(*assigned)),
            ],
        ),
        Reading::Procedures {
            procedures,
            departments,
        } => fill(
            t.reading_procedures,
            &[("n", &n(*procedures)), ("departments", &n(*departments))],
        ),
        Reading::OnlineRate { rate, target } => match rate {
            Some(rate) => fill(
                t.reading_online_rate,
                &[
                    ("rate", &format::percent(*rate, locale)),
                    ("target", &format::percent(f64::from(*target), locale)),
                ],
            ),
            None => t.reading_no_dossiers.to_owned(),
        },
        Reading::FollowUps(f) => fill(
            t.reading_follow_ups,
            &[("open", &n(f.open)), ("overdue", &n(f.overdue))],
        ),
    }
}

#[component]
fn AnswerFacts(answer: AnswerLine) -> impl IntoView {
    let i18n = use_i18n();
    let AnswerLine {
        answer,
        note,
        author,
        at,
        ..
    } = answer;
    let Some(given) = answer else {
        return view! { <p class="muted answer-facts">{move || i18n.t().answer_none}</p> }
            .into_any();
    };
    let class = match given {
        Answer::Met => "answer-given status-on",
        Answer::NotMet => "answer-given status-off",
        _ => "answer-given",
    };
    view! {
        <div class="answer-facts">
            <p>
                <span class=class>{move || given.label(i18n.t())}</span>
                <span class="muted">
                    {author.map(|a| view! { " · " <span lang=i18n.data_lang()>{a}</span> })}
                    {at.map(|at| view! { " · " {move || format::date_time(at, i18n.locale())} })}
                </span>
            </p>
            {(!note.is_empty()).then(|| view! { <p class="answer-note" lang=i18n.data_lang()>{note}</p> })}
        </div>
    }
    .into_any()
}

#[component]
fn AnswerForm(
    visit: i64,
    question: i64,
    body: String,
    row: RwSignal<AnswerLine>,
    suggested: Option<Answer>,
    action: ServerAction<AnswerQuestion>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("answer-{question}");
    let error = form_error(action, draft.as_ref(), &form);
    let saved = row.get_untracked();
    let chosen = Draft::value(draft.as_ref(), &form, "answer[answer]")
        .or_else(|| saved.answer.or(suggested).map(|a| a.code().to_owned()))
        .unwrap_or_default();
    let note =
        Draft::value(draft.as_ref(), &form, "answer[note]").unwrap_or_else(|| saved.note.clone());
    let choices_error = format!("{form}-answer-error");
    let choice_message = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field() == Some("answer"))
                .map(|e| e.text(i18n.t()))
        })
    };
    // A choice picked from the pack's figures says so until an answer is saved.
    let hinted = saved.answer.is_none().then_some(suggested).flatten();
    let choices = Answer::ALL
        .into_iter()
        .map(|a| {
            let input_id = format!("{form}-{}", a.code());
            let label_for = input_id.clone();
            let hint = (hinted == Some(a)).then(|| {
                view! { <small class="choice-hint">" (" {move || i18n.t().answer_suggested} ")"</small> }
            });
            view! {
                <label class="choice" for=label_for>
                    <input
                        type="radio"
                        id=input_id
                        name="answer[answer]"
                        value=a.code()
                        checked=a.code() == chosen
                    />
                    {move || a.label(i18n.t())}
                    {hint}
                </label>
            }
        })
        .collect_view();
    let note_id = format!("{form}-note");
    let excerpt: String = body.chars().take(80).collect();
    let (form_return, form_summary) = (form.clone(), form.clone());
    let described = choices_error.clone();
    view! {
        <ActionForm action=action attr:id=form attr:class="task-form answer-form">
            <FormReturn form=form_return anchor=question_anchor(question) />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="visit" value=visit />
            <input type="hidden" name="question" value=question />
            <input
                type="hidden"
                name="version"
                prop:value=move || row.with(|r| r.version.to_string())
                value=saved.version
            />
            <fieldset class="answer-choices" aria-describedby=described>
                <legend>{move || i18n.t().answer_legend}</legend>
                <p class="field-error" id=choices_error>{choice_message}</p>
                {choices}
            </fieldset>
            <Field id=note_id.clone() name="note" error label=Signal::derive(move || i18n.t().answer_note.to_owned())>
                <TextBox
                    id=note_id.clone()
                    name="answer[note]"
                    text=note
                    rows=3
                    maxlength=TEXT_MAX
                    attr:aria-describedby=format!("{note_id}-error")
                    attr:aria-invalid=invalid(error, "note")
                />
            </Field>
            <button class="button" type="submit" disabled=move || action.pending().get()>
                {move || i18n.t().answer_save}
                <span class="visually-hidden">": " {excerpt}</span>
            </button>
        </ActionForm>
    }
}
