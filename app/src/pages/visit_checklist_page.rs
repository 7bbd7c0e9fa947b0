//! `/doan-cong-tac/:id/kiem-tra`: a visit's on-site checklist, for the delegation on its
//! tablets and for the visited province's officials: the questions by topic, each with
//! what the preparation pack's figures suggest, the answer given (met, partly, not met, not
//! applicable) with its note and photos, and the delegation's findings per topic. Answers
//! and findings save in place (or as plain posts, or from the device's outbox when written
//! without a connection); one someone else changed meanwhile shows both versions.

use crate::{
    components::{
        error_notice::ErrorNotice,
        photo_shrink,
        save_form::{
            ErrorSummary, Field, FormReturn, focus_later, form_error, invalid, saved_anchor,
            use_page_draft,
        },
        text_box::TextBox,
    },
    error::AppError,
    format,
    forms::{Draft, FILE_REFUSED_PARAM, SaveOutcome},
    i18n::{Strings, fill, use_i18n},
    tasks::rules::Rating,
    visits::{
        MAX_TEXT,
        checklist::{
            Answer, AnswerLine, AnswerQuestion, FindingLine, PhotoLine, PhotoRefusal, QuestionLine,
            Reading, SaveFinding, Suggestion, TopicGroup, VisitChecklist, finding_anchor,
            get_visit_checklist, photo_anchor, photo_path, photo_upload_path, question_anchor,
            tally,
        },
        visit_path, visits_path,
    },
};
use chrono::NaiveDate;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const TEXT_MAX: u32 = MAX_TEXT as u32;

#[component]
pub fn VisitChecklistPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let checklist = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| async move { get_visit_checklist(id.ok_or(AppError::NotFound)?).await },
    );
    let draft = use_page_draft();
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

/// What the page writes to: the visit, whether the reader may, and the draft it came back
/// with.
#[derive(Clone)]
struct Writes {
    visit: i64,
    may: bool,
    draft: Option<Draft>,
}

#[component]
fn ChecklistView(list: VisitChecklist, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let VisitChecklist {
        visit,
        province_name,
        pack_day,
        topics,
        may_answer,
    } = list;
    let answers: Vec<RwSignal<AnswerLine>> = topics
        .iter()
        .flat_map(|t| &t.questions)
        .map(|q| RwSignal::new(q.answer.clone()))
        .collect();
    let tally = {
        let answers = answers.clone();
        move || tally(answers.iter().map(|r| r.with(|r| r.answer)), i18n.t())
    };
    let writes = Writes {
        visit: visit.id,
        may: may_answer,
        draft,
    };
    let mut rows = answers.into_iter();
    let groups = topics
        .into_iter()
        .enumerate()
        .map(|(index, group)| {
            let TopicGroup {
                topic,
                questions,
                finding,
            } = group;
            let items = questions
                .into_iter()
                .zip(rows.by_ref())
                .map(|(question, row)| {
                    view! { <QuestionItem question row pack_day writes=writes.clone() /> }
                })
                .collect_view();
            view! {
                <section class="checklist-topic">
                    <h2 lang=i18n.data_lang()>{topic}</h2>
                    <ol class="checklist-questions">{items}</ol>
                    <FindingItem finding index writes=writes.clone() />
                </section>
            }
        })
        .collect_view();
    let heading = format!(
        "{} · {}",
        i18n.untracked().visit_checklist_title,
        visit.title
    );
    let code = visit.province_code.clone();
    let lead = move || {
        fill(
            i18n.t().visit_checklist_lead,
            &[("date", &format::date(pack_day, i18n.locale()))],
        )
    };
    view! {
        <Title text=heading />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{code}")>{province_name}</a>
            <span aria-hidden="true">" › "</span>
            <a href=visits_path(&code)>{move || i18n.t().visits_title}</a>
            <span aria-hidden="true">" › "</span>
            <a href=visit_path(visit.id) lang=i18n.data_lang()>{visit.title.clone()}</a>
        </nav>
        <h1>{move || i18n.t().visit_checklist_title} " · " <span lang=i18n.data_lang()>{visit.title.clone()}</span></h1>
        <p class="lead">{lead}</p>
        <p class="checklist-tally">{tally}</p>
        {groups}
    }
}

/// What an item's live region says after a save.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Nothing,
    Saved,
    Conflict,
}

/// An item's live region: what its last save came to, and after a conflict the choice to
/// keep the other version (the form drawn afresh from it, focus in its text box).
#[component]
fn SaidNotice(
    said: RwSignal<Said>,
    fresh: RwSignal<u32>,
    id: String,
    text: Signal<&'static str>,
    /// The id of the form's text box.
    field: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let keep_theirs = move |_| {
        said.set(Said::Nothing);
        fresh.update(|n| *n += 1);
        focus_later(field.clone());
    };
    view! {
        <p class="saved-notice" id=id role="status" tabindex="-1">
            {text}
            <Show when=move || said.get() == Said::Conflict>
                " "
                <button type="button" class="link-button" on:click=keep_theirs.clone()>
                    {move || i18n.t().keep_theirs}
                </button>
            </Show>
        </p>
    }
}

/// An item's saves: what its live region (`said_id`) says, and a count that rises when its
/// form is to be drawn afresh from the version saved.
struct Saves {
    said: RwSignal<Said>,
    fresh: RwSignal<u32>,
    said_id: String,
}

impl Saves {
    /// Follows `action`'s outcome for the item at `anchor` shown from `row`: the version
    /// saved, or (someone else saved first) theirs above, with what the user typed kept in
    /// the form, which then saves over the version shown.
    fn follow<S, T>(action: ServerAction<S>, row: RwSignal<T>, anchor: &str) -> Self
    where
        S: ServerFn<Output = SaveOutcome<T>, Error = AppError> + Clone + Send + Sync + 'static,
        T: Clone + Send + Sync + 'static,
    {
        let came_back = saved_anchor().get_untracked().as_deref() == Some(anchor);
        let said = RwSignal::new(if came_back {
            Said::Saved
        } else {
            Said::Nothing
        });
        let fresh = RwSignal::new(0u32);
        let said_id = format!("said-{anchor}");
        let focus = said_id.clone();
        Effect::new(move |_| match action.value().get() {
            Some(Ok(SaveOutcome::Saved(new))) => {
                row.set(new);
                said.set(Said::Saved);
                fresh.update(|n| *n += 1);
                focus_later(focus.clone());
            }
            Some(Ok(SaveOutcome::Conflict(current))) => {
                row.set(current);
                said.set(Said::Conflict);
                focus_later(focus.clone());
            }
            _ => {}
        });
        Saves {
            said,
            fresh,
            said_id,
        }
    }
}

#[component]
fn QuestionItem(
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
            fresh.track();
            let draft = draft.clone().filter(|_| fresh.get_untracked() == 0);
            may.then(|| {
                view! {
                    <AnswerForm visit question=id body=body.clone() row suggested action draft />
                }
            })
        }
    };
    let photo_form = may.then(|| view! { <PhotoForm visit question=id /> });
    view! {
        <li class="checklist-question" id=anchor.clone()>
            <p class="question-body" lang=i18n.data_lang()>{body.clone()}</p>
            {suggestion.map(|s| view! { <SuggestionNote suggestion=s pack_day /> })}
            {move || view! { <AnswerFacts answer=row.get() /> }}
            <SaidNotice said fresh id=said_id text=Signal::derive(said_text) field=format!("answer-{id}-note") />
            {form}
            <Photos question=id photos />
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
    let choices = Answer::ALL
        .into_iter()
        .map(|a| {
            let input_id = format!("{form}-{}", a.code());
            let label_for = input_id.clone();
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

/// A question's photos and documents, and what came of the last one sent (a plain post
/// returns here, to this outcome, which takes focus).
#[component]
fn Photos(question: i64, photos: Vec<PhotoLine>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let refused = move || {
        query.with(|q| {
            q.get(FILE_REFUSED_PARAM).and_then(|v| {
                let (id, code) = v.split_once('.')?;
                (id.parse::<i64>().ok()? == question)
                    .then(|| PhotoRefusal::parse(code))
                    .flatten()
            })
        })
    };
    let anchor = photo_anchor(question);
    let added = saved_anchor().get_untracked().as_deref() == Some(anchor.as_str());
    let count = photos.len();
    let items = photos
        .into_iter()
        .enumerate()
        .map(|(n, p)| {
            let href = photo_path(p.id);
            let label = move || {
                fill(
                    i18n.t().photo_label,
                    &[
                        ("n", &(n + 1).to_string()),
                        ("at", &format::date_time(p.at, i18n.locale())),
                    ],
                )
            };
            let shown = if p.image {
                view! { <img src=href.clone() alt=label loading="lazy" width="160" /> }.into_any()
            } else {
                view! { <span>{label}</span> }.into_any()
            };
            view! { <li><a href=href rel="external">{shown}</a></li> }
        })
        .collect_view();
    view! {
        <div class="photo-outcome" id=anchor tabindex="-1">
            <p class="notice notice-error" role="alert" hidden=move || refused().is_none()>
                {move || refused().map(|r| r.error().text(i18n.t()))}
            </p>
            <p class="saved-notice" role="status">{added.then_some(move || i18n.t().photo_added)}</p>
        </div>
        {(count > 0).then(|| view! { <ul class="checklist-photos">{items}</ul> })}
    }
}

/// Sends a photo or document for a question: a plain multipart form (kept on the device
/// without a connection).
#[component]
fn PhotoForm(visit: i64, question: i64) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = format!("photo-file-{question}");
    // A large photo is made smaller on the device first; the form waits for every pick.
    let pending = RwSignal::new(0u32);
    let shrinking = move || pending.get() > 0;
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        pending.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            // Not made smaller, it goes as picked, within the server's limits.
            let _ = photo_shrink::shrink(&input).await;
            pending.update(|n| *n -= 1);
        });
    };
    view! {
        <form
            class="task-form photo-form"
            method="post"
            enctype="multipart/form-data"
            action=photo_upload_path(visit, question)
        >
            <FormReturn form=format!("photo-{question}") anchor=photo_anchor(question) />
            <label for=input_id.clone()>{move || i18n.t().photo_field}</label>
            <input
                type="file"
                id=input_id
                name="file"
                accept="image/jpeg,image/png,application/pdf"
                required
                on:change=picked
            />
            <p class="photo-shrinking" role="status">
                {move || shrinking().then(|| i18n.t().photo_shrinking)}
            </p>
            <button type="submit" class="button-secondary" disabled=shrinking>
                {move || i18n.t().photo_send}
            </button>
        </form>
    }
}

#[component]
fn FindingItem(finding: FindingLine, index: usize, writes: Writes) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = finding_anchor(index);
    let row = RwSignal::new(finding);
    let action = ServerAction::<SaveFinding>::new();
    let Saves {
        said,
        fresh,
        said_id,
    } = Saves::follow(action, row, &anchor);
    let said_text = move || match said.get() {
        Said::Nothing => "",
        Said::Saved => i18n.t().finding_saved,
        Said::Conflict => i18n.t().finding_conflict,
    };
    let Writes { visit, may, draft } = writes;
    let form_anchor = anchor.clone();
    let form = move || {
        fresh.track();
        let draft = draft.clone().filter(|_| fresh.get_untracked() == 0);
        may.then(|| {
            let saved = row.get_untracked();
            let form = format!("finding-form-{index}");
            let error = form_error(action, draft.as_ref(), &form);
            let text = Draft::value(draft.as_ref(), &form, "body").unwrap_or(saved.body.clone());
            let box_id = format!("{form}-body");
            let (form_return, form_summary) = (form.clone(), form.clone());
            let return_to = form_anchor.clone();
            view! {
                <ActionForm action=action attr:id=form attr:class="task-form finding-form">
                    <FormReturn form=form_return anchor=return_to />
                    <ErrorSummary form=form_summary error />
                    <input type="hidden" name="visit" value=visit />
                    <input type="hidden" name="topic" value=saved.topic.clone() />
                    <input
                        type="hidden"
                        name="version"
                        prop:value=move || row.with(|r| r.version.to_string())
                        value=saved.version
                    />
                    <Field id=box_id.clone() name="body" error label=Signal::derive(move || i18n.t().finding_field.to_owned())>
                        <TextBox
                            id=box_id.clone()
                            name="body"
                            text=text
                            rows=4
                            maxlength=TEXT_MAX
                            attr:aria-describedby=format!("{box_id}-error")
                            attr:aria-invalid=invalid(error, "body")
                        />
                    </Field>
                    <button class="button" type="submit" disabled=move || action.pending().get()>
                        {move || i18n.t().finding_save}
                        <span class="visually-hidden">": " {saved.topic.clone()}</span>
                    </button>
                </ActionForm>
            }
        })
    };
    view! {
        <div class="checklist-finding" id=anchor.clone()>
            <h3>{move || i18n.t().finding_title}</h3>
            {move || row.with(|f| {
                if f.body.is_empty() {
                    view! { <p class="muted">{move || i18n.t().finding_none}</p> }.into_any()
                } else {
                    let body = f.body.clone();
                    let author = f.author.clone();
                    view! {
                        <p class="finding-body" lang=i18n.data_lang()>{body}</p>
                        {author.map(|a| view! { <p class="muted" lang=i18n.data_lang()>{a}</p> })}
                    }
                    .into_any()
                }
            })}
            <SaidNotice said fresh id=said_id text=Signal::derive(said_text) field=format!("finding-form-{index}-body") />
            {form}
        </div>
    }
}
