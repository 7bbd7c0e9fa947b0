//! `/tinh/:code/cap-nhat-hang-loat`: download the communes' tasks, upload the edited file,
//! read the preview, apply. Plain forms and links throughout: it works before hydration.

use crate::{
    access::{Action, Target, authorize},
    components::{
        account_menu::use_session,
        error_notice::{ErrorNotice, FormError},
        progress::status_label,
        upload_form::{DryRun, RefusedRow, UploadFrame, shown_upload},
    },
    format,
    i18n::{fill, use_i18n},
    tasks::bulk::{BulkApply, UploadPreview, bulk_preview, download_path, page_path, upload_path},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BulkPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    let target = Target::Province(code.clone());
    if let Err(error) = authorize(
        use_session().actor().as_ref(),
        Action::UpdateAssignment,
        &target,
    ) {
        return view! { <ErrorNotice error /> }.into_any();
    }
    let upload = shown_upload();
    let preview = Resource::new(
        move || upload.get(),
        |id| async move {
            match id {
                Some(id) => bulk_preview(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <UploadFrame
            province=Some(code.clone())
            title=Signal::derive(move || i18n.t().bulk_title)
            action=upload_path(&code)
            file_label=Signal::derive(move || i18n.t().bulk_file)
        >
            <p class="lead">{move || i18n.t().bulk_intro}</p>
            <p class="actions">
                <a class="button" href=download_path(&code, "xlsx") download>{move || i18n.t().bulk_download_xlsx}</a>
                " "
                <a class="button button-secondary" href=download_path(&code, "csv") download>{move || i18n.t().bulk_download_csv}</a>
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
fn Preview(p: UploadPreview) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<BulkApply>::new();
    let applied = p.applied;
    let applied = Signal::derive(move || applied || matches!(apply.value().get(), Some(Ok(_))));
    let can_apply = p.can_apply();
    let n = move |v: usize| format::integer(v as i64, i18n.locale());
    let (changes, errors, unchanged) = (p.changes.len(), p.errors.len(), p.unchanged as usize);
    let id = StoredValue::new(p.id.clone());
    let refused = p
        .errors
        .into_iter()
        .map(|e| RefusedRow {
            line: e.line,
            cells: vec![e.commune, e.task],
            column: e.column,
            problem: Signal::derive(move || e.problem.message(i18n.t())),
        })
        .collect();
    let change_rows = p
        .changes
        .into_iter()
        .map(|c| {
            let detail = move || {
                let t = i18n.t();
                let mut parts = vec![format!(
                    "{} ({}%) → {} ({}%)",
                    status_label(c.status_before, t),
                    c.progress_before,
                    status_label(c.status_after, t),
                    c.progress_after
                )];
                if c.note_changed {
                    parts.push(t.bulk_note_changed.to_owned());
                }
                if c.evidence {
                    parts.push(t.bulk_evidence_added.to_owned());
                }
                if c.full_but_open {
                    parts.push(t.bulk_full_but_open.to_owned());
                }
                parts.join("; ")
            };
            view! {
                <tr>
                    <td class="num">{c.line}</td>
                    <td>{c.commune.clone()}</td>
                    <td>{c.task.clone()}</td>
                    <td>{detail}</td>
                </tr>
            }
        })
        .collect_view();
    let summary = move || {
        fill(
            i18n.t().bulk_summary,
            &[
                ("changes", &n(changes)),
                ("unchanged", &n(unchanged)),
                ("errors", &n(errors)),
            ],
        )
    };
    view! {
        <DryRun
            file_name=p.file_name
            file_problem=p.file_problem
            summary=Signal::derive(summary)
            applied
            applied_text=|t| t.bulk_applied
            refused_heads=vec![|t| t.bulk_col_commune, |t| t.bulk_col_task]
            refused
        >
            <FormError action=apply />
            <Show when=move || can_apply && !applied.get()>
                <ActionForm action=apply>
                    <input type="hidden" name="id" value=id.get_value() />
                    <button class="button" type="submit">
                        {move || fill(i18n.t().bulk_apply, &[("changes", &n(changes))])}
                    </button>
                </ActionForm>
            </Show>
            {(changes > 0).then(|| view! {
                <h3>{move || i18n.t().bulk_changes_title}</h3>
                <div class="table-wrap">
                    <table class="units bulk-changes">
                        <thead><tr>
                            <th scope="col" class="num">{move || i18n.t().bulk_col_line}</th>
                            <th scope="col">{move || i18n.t().bulk_col_commune}</th>
                            <th scope="col">{move || i18n.t().bulk_col_task}</th>
                            <th scope="col">{move || i18n.t().bulk_col_change}</th>
                        </tr></thead>
                        <tbody>{change_rows}</tbody>
                    </table>
                </div>
            })}
        </DryRun>
    }
}

/// The link to this page, for those who may use it.
pub fn bulk_link_for(code: &str) -> Option<String> {
    let actor = use_session().actor();
    authorize(
        actor.as_ref(),
        Action::UpdateAssignment,
        &Target::Province(code.to_owned()),
    )
    .ok()
    .map(|()| page_path(code))
}
