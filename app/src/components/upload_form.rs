//! The frame of a province's spreadsheet upload page: the way back to the province, the
//! title, what the page says and offers to download (its children), and the plain form that
//! sends the file (it works before hydration); the page's dry run follows it.

use crate::{i18n::use_i18n, territory::get_province};
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
    code: String,
    title: Signal<&'static str>,
    /// Where the form posts the file.
    action: String,
    file_label: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let province = Resource::new(
        {
            let code = code.clone();
            move || code.clone()
        },
        get_province,
    );
    view! {
        <Title text=title.get_untracked() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{code}")>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        province.await.map(|p| p.province.name).unwrap_or_default()
                    })}
                </Suspense>
            </a>
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
