//! The frame of a spreadsheet upload page: the way back (to the province, or to the
//! catalogue), the title, what the page says and offers to download (its children), and the
//! plain form that sends the file (it works before hydration); then the upload's dry run.

use crate::{
    i18n::{Strings, fill, use_i18n},
    territory::get_province,
    uploads::FileProblem,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The upload whose dry run the page shows (`?tai-len=`).
pub fn shown_upload() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("tai-len")))
}

#[component]
pub fn UploadFrame(
    /// The province the upload is for; none for the national catalogue.
    province: Option<String>,
    title: Signal<&'static str>,
    /// Where the form posts the file.
    action: String,
    file_label: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = match province {
        Some(code) => {
            let name = Resource::new(
                {
                    let code = code.clone();
                    move || code.clone()
                },
                get_province,
            );
            view! {
                <a href=format!("/tinh/{code}")>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            name.await.map(|p| p.province.name).unwrap_or_default()
                        })}
                    </Suspense>
                </a>
            }
            .into_any()
        }
        None => view! {
            <a href=crate::procedures::CATALOGUE_PATH>{move || i18n.t().catalogue_title}</a>
        }
        .into_any(),
    };
    view! {
        <Title text=title.get_untracked() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            {back}
        </nav>
        <h1>{title}</h1>
        {children()}
        <form class="upload-form" method="post" enctype="multipart/form-data" action=action>
            <div class="field">
                <label for="file">{file_label}</label>
                <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            </div>
            <button class="button" type="submit">{move || i18n.t().bulk_upload}</button>
        </form>
    }
}

/// What a file of records would do, in the words of `template` (with `{rows}`, `{created}`,
/// `{updated}`, `{unchanged}` and `{errors}`).
pub fn counts_summary(
    template: fn(&'static Strings) -> &'static str,
    rows: u32,
    (created, updated, unchanged): (usize, usize, usize),
    errors: usize,
) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let n = |v: usize| crate::format::integer(v as i64, i18n.locale());
        fill(
            template(i18n.t()),
            &[
                ("rows", &n(rows as usize)),
                ("created", &n(created)),
                ("updated", &n(updated)),
                ("unchanged", &n(unchanged)),
                ("errors", &n(errors)),
            ],
        )
    })
}

/// A refused row of an upload: its line, what identifies it (a code, a commune and a task),
/// the column to fix and why.
pub struct RefusedRow {
    pub line: u32,
    pub cells: Vec<String>,
    pub column: String,
    pub problem: Signal<&'static str>,
}

/// An upload's dry run: the file's name and whether it could be read, what taking it in
/// would do (`summary`), then the form that takes it in (`children`, with the action's
/// error), what it did once taken in, and every refused row.
#[component]
pub fn DryRun(
    file_name: String,
    file_problem: Option<FileProblem>,
    #[prop(into)] summary: Signal<String>,
    #[prop(into)] applied: Signal<bool>,
    applied_text: fn(&'static Strings) -> &'static str,
    /// The heads of the columns that identify a refused row.
    refused_heads: Vec<fn(&'static Strings) -> &'static str>,
    refused: Vec<RefusedRow>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let file_problem = file_problem.map(|problem| {
        view! {
            <div class="notice notice-error" role="alert">
                <p>{move || problem.message(i18n.t())}</p>
            </div>
        }
    });
    let table = (!refused.is_empty()).then(|| {
        let heads = refused_heads
            .into_iter()
            .map(|head| view! { <th scope="col">{move || head(i18n.t())}</th> })
            .collect_view();
        let rows = refused
            .into_iter()
            .map(|row| {
                view! {
                    <tr>
                        <td class="num">{row.line}</td>
                        {row.cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                        <td>{row.column}</td>
                        <td>{row.problem}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{move || i18n.t().bulk_errors_title}</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().bulk_errors_title>
                <table class="units bulk-errors">
                    <thead><tr>
                        <th scope="col" class="num">{move || i18n.t().bulk_col_line}</th>
                        {heads}
                        <th scope="col">{move || i18n.t().bulk_col_column}</th>
                        <th scope="col">{move || i18n.t().bulk_col_problem}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{move || fill(i18n.t().bulk_preview_title, &[("file", &file_name)])}</h2>
            {file_problem}
            <p class="bulk-summary" role="status">{summary}</p>
            <Show when=move || applied.get()>
                <div class="notice" role="status"><p class="bulk-applied">{move || applied_text(i18n.t())}</p></div>
            </Show>
            {children()}
            {table}
        </section>
    }
}
