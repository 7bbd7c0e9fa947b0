//! `/doan-cong-tac/:id/bien-ban`: a visit's report as a document to print on A4 (the page's
//! frame is left out on paper), with its Word file beside it. As of `?ngay=`, like the visit.

use crate::{
    components::error_notice::ErrorNotice,
    i18n::use_i18n,
    tasks::parse_as_of,
    visits::{
        VisitDetail,
        checklist::{VisitChecklist, get_visit_checklist},
        get_visit,
        report::{ReportSection, report, report_docx_path},
        visit_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VisitReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                query.with(|q| parse_as_of(q.get("ngay"))),
            )
        },
        |(id, as_of)| async move {
            let id = id.ok_or(crate::error::AppError::NotFound)?;
            let detail = get_visit(id, as_of).await?;
            let checklist = match detail.reads_checklist() {
                true => Some(get_visit_checklist(id).await?),
                false => None,
            };
            Ok((detail, checklist))
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok((detail, checklist)) => view! { <ReportView detail checklist /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportView(detail: VisitDetail, checklist: Option<VisitChecklist>) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.visit.id;
    let day = detail.as_of;
    let back = format!("{}?ngay={day}", visit_path(id));
    let docx = format!("{}?ngay={day}", report_docx_path(id));
    let title = detail.visit.title.clone();
    // Drawn again in the other language when it changes.
    let document = move || {
        let r = report(&detail, checklist.as_ref(), i18n.locale());
        let sections = r
            .sections
            .into_iter()
            .filter(|s| !s.paragraphs.is_empty())
            .map(|s| view! { <ReportPart section=s /> })
            .collect_view();
        view! {
            {r.demo.map(|demo| view! { <p class="demo-marker">{demo}</p> })}
            <header class="report-head">
                <p class="report-nation">{r.nation}</p>
                <p class="report-motto">{r.motto}</p>
                <p class="report-kind">{r.kind}</p>
                <h1 lang=i18n.data_lang()>{r.title}</h1>
            </header>
            <ul class="report-facts" lang=i18n.data_lang()>
                {r.facts.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
            {sections}
            <p class="report-place-date" lang=i18n.data_lang()>{r.place_date}</p>
            <div class="report-signatures">
                {r
                    .signatures
                    .into_iter()
                    .map(|s| {
                        view! {
                            <div class="report-signature">
                                <p class="report-sign-role">{s.role}</p>
                                <p class="report-sign-hint">{r.sign_hint.clone()}</p>
                                <p class="report-sign-name" lang=i18n.data_lang()>{s.name}</p>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="report-as-of">{r.as_of}</p>
            <p class="report-note">{r.note}</p>
        }
    };
    view! {
        <Title text=title />
        <nav class="report-actions no-print" aria-label=move || i18n.t().report_link>
            <a href=back>{move || i18n.t().visits_title}</a>
            <a class="button-secondary" href=docx download>{move || i18n.t().report_docx}</a>
            <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>
                {move || i18n.t().report_print}
            </button>
        </nav>
        <article class="report">{document}</article>
    }
}

#[component]
fn ReportPart(section: ReportSection) -> impl IntoView {
    let i18n = use_i18n();
    let items = section
        .paragraphs
        .into_iter()
        .map(|p| view! { <li>{p}</li> })
        .collect_view();
    let list = if section.numbered {
        view! { <ol lang=i18n.data_lang()>{items}</ol> }.into_any()
    } else {
        view! { <ul lang=i18n.data_lang()>{items}</ul> }.into_any()
    };
    view! {
        <section class="report-part">
            <h2>{section.heading}</h2>
            {list}
        </section>
    }
}
