//! The delegation's findings under a topic, and their form.

use super::{
    TEXT_MAX, Writes,
    saves::{Said, SaidNotice, Saves},
};
use crate::{
    components::{
        save_form::{ErrorSummary, Field, FormReturn, Redrawn, form_error, invalid},
        text_box::TextBox,
    },
    forms::Draft,
    i18n::use_i18n,
    visits::checklist::{FindingLine, SaveFinding, finding_anchor},
};
use leptos::prelude::*;

#[component]
pub(super) fn FindingItem(finding: FindingLine, index: usize, writes: Writes) -> impl IntoView {
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
            <Redrawn key=move || fresh.get() child=form />
        </div>
    }
}
