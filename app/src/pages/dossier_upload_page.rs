//! `/tinh/:code/ho-so/tai-len`: a province's dossiers from a spreadsheet: download the
//! template, upload the filled file, read the dry run, take it in. Plain forms and links
//! throughout: it works before hydration.

use crate::{
    access::{Action, Target, authorize},
    components::{
        account_menu::use_session,
        error_notice::{ErrorNotice, FormError},
        upload_form::{DryRun, RefusedRow, UploadFrame, counts_summary, shown_upload},
    },
    dossiers::upload::{
        DossierFilePreview, DossierUploadApply, dossier_upload_preview, page_path, template_path,
        upload_path,
    },
    format,
    i18n::{fill, use_i18n},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DossierUploadPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    if let Err(error) = authorize(
        use_session().actor().as_ref(),
        Action::ManageProcedures,
        &Target::Province(code.clone()),
    ) {
        return view! { <ErrorNotice error /> }.into_any();
    }
    let upload = shown_upload();
    let preview = Resource::new(
        move || upload.get(),
        |id| async move {
            match id {
                Some(id) => dossier_upload_preview(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <UploadFrame
            province=Some(code.clone())
            title=Signal::derive(move || i18n.t().dossier_upload_title)
            action=upload_path(&code)
            file_label=Signal::derive(move || i18n.t().dossier_upload_file)
        >
            <p class="lead">{move || i18n.t().dossier_upload_intro}</p>
            <p class="muted">{move || i18n.t().dossier_upload_formats}</p>
            <p class="actions">
                <a class="button" href=template_path(&code, "xlsx") download>{move || i18n.t().dossier_upload_template_xlsx}</a>
                " "
                <a class="button button-secondary" href=template_path(&code, "csv") download>{move || i18n.t().dossier_upload_template_csv}</a>
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
fn Preview(p: DossierFilePreview) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<DossierUploadApply>::new();
    let applied = p.applied;
    let applied = Signal::derive(move || applied || matches!(apply.value().get(), Some(Ok(_))));
    let can_apply = p.can_apply();
    let id = StoredValue::new(p.id.clone());
    let n = move |v: usize| format::integer(v as i64, i18n.locale());
    let report = p.report.unwrap_or_default();
    let summary = counts_summary(
        |t| t.dossier_upload_summary,
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
            applied_text=|t| t.dossier_upload_applied
            refused_heads=vec![|t| t.dossier_upload_col_code]
            refused
        >
            <FormError action=apply />
            <Show when=move || can_apply && !applied.get()>
                <ActionForm action=apply>
                    <input type="hidden" name="id" value=id.get_value() />
                    <button class="button" type="submit">
                        {move || fill(i18n.t().dossier_upload_apply, &[("n", &n(report.created + report.updated))])}
                    </button>
                </ActionForm>
            </Show>
        </DryRun>
    }
}

/// The link to this page, for those who may use it.
pub fn dossier_upload_link_for(code: &str) -> Option<String> {
    let actor = use_session().actor();
    authorize(
        actor.as_ref(),
        Action::ManageProcedures,
        &Target::Province(code.to_owned()),
    )
    .ok()
    .map(|()| page_path(code))
}
