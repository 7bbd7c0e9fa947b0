//! `/quan-tri/thu-tuc`: the national catalogue from a spreadsheet: download it as it stands,
//! upload the edited file, read the dry run, take it in. Ministry admins; plain forms and
//! links throughout, so it works before hydration.

use crate::{
    access::{Action, Target, authorize},
    components::{
        account_menu::use_session,
        error_notice::{ErrorNotice, FormError},
        upload_form::{DryRun, RefusedRow, UploadFrame, counts_summary, shown_upload},
    },
    format,
    i18n::{fill, use_i18n},
    procedures::import::{
        CatalogueFilePreview, CatalogueImportApply, PAGE_PATH, UPLOAD_PATH,
        catalogue_import_preview, download_path,
    },
};
use leptos::prelude::*;

#[component]
pub fn CatalogueImportPage() -> impl IntoView {
    let i18n = use_i18n();
    if let Err(error) = authorize(
        use_session().actor().as_ref(),
        Action::ManageProcedures,
        &Target::Nation,
    ) {
        return view! { <ErrorNotice error /> }.into_any();
    }
    let upload = shown_upload();
    let preview = Resource::new(
        move || upload.get(),
        |id| async move {
            match id {
                Some(id) => catalogue_import_preview(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <UploadFrame
            province=None
            title=Signal::derive(move || i18n.t().catalogue_import_title)
            action=UPLOAD_PATH.to_owned()
            file_label=Signal::derive(move || i18n.t().catalogue_import_file)
        >
            <p class="lead">{move || i18n.t().catalogue_import_intro}</p>
            <p class="muted">{move || i18n.t().catalogue_import_formats}</p>
            <p class="actions">
                <a class="button" href=download_path("xlsx") download>{move || i18n.t().catalogue_import_download_xlsx}</a>
                " "
                <a class="button button-secondary" href=download_path("csv") download>{move || i18n.t().catalogue_import_download_csv}</a>
            </p>
        </UploadFrame>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(Some(p)) => view! { <Preview p /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Preview(p: CatalogueFilePreview) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<CatalogueImportApply>::new();
    let applied = p.applied;
    let applied = Signal::derive(move || applied || matches!(apply.value().get(), Some(Ok(_))));
    let can_apply = p.can_apply();
    let id = StoredValue::new(p.id.clone());
    let n = move |v: usize| format::integer(v as i64, i18n.locale());
    let report = p.report.unwrap_or_default();
    let summary = counts_summary(
        |t| t.catalogue_import_summary,
        p.rows,
        (report.created, report.updated, report.unchanged),
        p.errors.len(),
    );
    let refused = p
        .errors
        .into_iter()
        .map(|e| RefusedRow {
            line: e.line,
            cells: vec![e.code],
            column: e.column,
            problem: Signal::derive(move || e.problem.message(i18n.t())),
        })
        .collect();
    view! {
        <DryRun
            file_name=p.file_name
            file_problem=p.file_problem
            summary
            applied
            applied_text=|t| t.catalogue_import_applied
            refused_heads=vec![|t| t.catalogue_import_col_code]
            refused
        >
            <FormError action=apply />
            <Show when=move || can_apply && !applied.get()>
                <ActionForm action=apply>
                    <input type="hidden" name="id" value=id.get_value() />
                    <button class="button" type="submit">
                        {move || fill(i18n.t().catalogue_import_apply, &[("n", &n(report.created + report.updated))])}
                    </button>
                </ActionForm>
            </Show>
        </DryRun>
    }
}

/// The link to this page, for those who may use it.
pub fn catalogue_import_link() -> Option<&'static str> {
    let actor = use_session().actor();
    authorize(actor.as_ref(), Action::ManageProcedures, &Target::Nation)
        .ok()
        .map(|()| PAGE_PATH)
}
