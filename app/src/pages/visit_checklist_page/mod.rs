//! `/doan-cong-tac/:id/kiem-tra`: a visit's on-site checklist, for the delegation on its
//! tablets and for the visited province's officials: the questions by topic, each with
//! what the preparation pack's figures suggest, the answer given (met, partly, not met, not
//! applicable) with its note and photos, and the delegation's findings per topic. Answers
//! and findings save in place (or as plain posts, or from the device's outbox when written
//! without a connection); one someone else changed meanwhile shows both versions.

use crate::{
    components::{error_notice::ErrorNotice, save_form::use_page_draft},
    error::AppError,
    format,
    forms::Draft,
    i18n::{fill, use_i18n},
    visits::{
        MAX_TEXT,
        checklist::{AnswerLine, TopicGroup, VisitChecklist, get_visit_checklist, tally},
        visit_path, visits_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

mod finding;
mod question;
mod saves;

use finding::FindingItem;
use question::QuestionItem;

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
