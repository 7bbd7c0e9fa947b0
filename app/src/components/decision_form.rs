//! The form that records a province's decision on its procedures, or changes one: its kind,
//! number, summary, issuer, the agencies power moves between, the dates it went through, and
//! the procedures it covers. It saves the way `crate::forms` describes.

use crate::{
    components::{
        save_form::{ErrorSummary, Field, FormReturn, form_error, invalid},
        text_box::TextBox,
    },
    decisions::{AgencyName, DecisionKind, DecisionSummary, MAX_PROCEDURES, SaveDecision},
    forms::Draft,
    i18n::{Strings, use_i18n},
};
use leptos::prelude::*;

/// The form's id on its page: `decision-new`, or `decision-<id>`.
pub fn decision_form_id(decision: Option<&DecisionSummary>) -> String {
    decision.map_or_else(
        || "decision-new".to_owned(),
        |d| format!("decision-{}", d.id),
    )
}

/// Where a plain post that saved returns to: the page's confirmation.
pub fn decision_saved_anchor(form: &str) -> String {
    format!("{form}-saved")
}

#[component]
pub fn DecisionForm(
    action: ServerAction<SaveDecision>,
    province: String,
    /// The decision changed; none for a new one.
    decision: Option<DecisionSummary>,
    /// The codes it covers now, one a line.
    procedures: String,
    agencies: Vec<AgencyName>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = decision_form_id(decision.as_ref());
    let error = form_error(action, draft.as_ref(), &form);
    let typed = {
        let draft = draft.clone();
        let form = form.clone();
        move |name: &str, saved: String| {
            Draft::value(draft.as_ref(), &form, &format!("decision[{name}]")).unwrap_or(saved)
        }
    };
    let d = decision.as_ref();
    let saved = |f: &dyn Fn(&DecisionSummary) -> String| d.map(f).unwrap_or_default();
    let date = |day: Option<chrono::NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
    let agency_code =
        |a: &Option<AgencyName>| a.as_ref().and_then(|a| a.code.clone()).unwrap_or_default();
    let kind = typed(
        "kind",
        d.map_or(DecisionKind::BoundaryFree, |d| d.kind)
            .code()
            .to_owned(),
    );
    let number = typed("number", saved(&|d| d.number.clone()));
    let title = typed("title", saved(&|d| d.title.clone()));
    let issuer = typed("issuer", saved(&|d| d.issuer.clone()));
    let from_agency = typed("from_agency", saved(&|d| agency_code(&d.from_agency)));
    let to_agency = typed("to_agency", saved(&|d| agency_code(&d.to_agency)));
    let proposed_on = typed("proposed_on", saved(&|d| d.dates.proposed_on.to_string()));
    let issued_on = typed("issued_on", saved(&|d| date(d.dates.issued_on)));
    let in_force_on = typed("in_force_on", saved(&|d| date(d.dates.in_force_on)));
    let replaced_on = typed("replaced_on", saved(&|d| date(d.dates.replaced_on)));
    let procedures = typed("procedures", procedures);
    let id = d.map(|d| d.id.to_string()).unwrap_or_default();
    let prefix = form.clone();
    let field_id = move |name: &str| format!("{prefix}-{name}");
    let label = move |text: fn(&'static Strings) -> &'static str| {
        Signal::derive(move || text(i18n.t()).to_owned())
    };
    let kinds = DecisionKind::ALL.map(|k| {
        view! { <option value=k.code() selected=k.code() == kind>{move || k.label(i18n.t())}</option> }
    });
    let options = move |chosen: String, with_committee: bool| {
        let committee = with_committee.then(|| {
            view! { <option value="" selected=chosen.is_empty()>{move || i18n.t().decision_committee}</option> }
        });
        let blank = (!with_committee)
            .then(|| view! { <option value="" selected=chosen.is_empty()>"—"</option> });
        view! {
            {committee}
            {blank}
            {agencies
                .iter()
                .filter_map(|a| a.code.clone().map(|code| (code, a.name.clone())))
                .map(|(code, name)| {
                    let selected = code == chosen;
                    view! { <option value=code selected=selected>{name}</option> }
                })
                .collect_view()}
        }
    };
    let input = |name: &'static str, kind: &'static str, value: String, max: u32| {
        let id = field_id(name);
        let described = format!("{id}-error");
        view! {
            <input
                id=id
                name=format!("decision[{name}]")
                type=kind
                value=value
                maxlength=max
                aria-describedby=described
                aria-invalid=invalid(error, name)
            />
        }
    };
    let from_options = options(from_agency, true);
    let to_options = options(to_agency, false);
    let number_input = input("number", "text", number, 64);
    let title_input = input("title", "text", title, 500);
    let issuer_input = input("issuer", "text", issuer, 200);
    let proposed_on_input = input("proposed_on", "date", proposed_on, 10);
    let issued_on_input = input("issued_on", "date", issued_on, 10);
    let in_force_on_input = input("in_force_on", "date", in_force_on, 10);
    let replaced_on_input = input("replaced_on", "date", replaced_on, 10);
    let (form_attr, form_return, form_anchor, form_summary) =
        (form.clone(), form.clone(), form.clone(), form);
    let (kind_id, from_id, to_id, codes_id) = (
        field_id("kind"),
        field_id("from_agency"),
        field_id("to_agency"),
        field_id("procedures"),
    );
    view! {
        <ActionForm action=action attr:id=form_attr attr:class="task-form decision-form narrow">
            <FormReturn form=form_return anchor=decision_saved_anchor(&form_anchor) />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="decision[province]" value=province />
            <input type="hidden" name="decision[id]" value=id />
            <Field id=field_id("kind") name="kind" error label=label(|t| t.decision_kind)>
                <select id=kind_id.clone() name="decision[kind]" aria-describedby=format!("{kind_id}-error")>{kinds}</select>
            </Field>
            <Field id=field_id("number") name="number" error label=label(|t| t.decision_number)>
                {number_input}
            </Field>
            <Field id=field_id("title") name="title" error label=label(|t| t.decision_title)>
                {title_input}
            </Field>
            <Field id=field_id("issuer") name="issuer" error label=label(|t| t.decision_issuer)>
                {issuer_input}
            </Field>
            <Field id=field_id("from_agency") name="from_agency" error label=label(|t| t.decision_from)>
                <select id=from_id.clone() name="decision[from_agency]" aria-describedby=format!("{from_id}-error")>{from_options}</select>
            </Field>
            <Field id=field_id("to_agency") name="to_agency" error label=label(|t| t.decision_to)>
                <select id=to_id.clone() name="decision[to_agency]" aria-describedby=format!("{to_id}-error") aria-invalid=invalid(error, "to_agency")>{to_options}</select>
            </Field>
            <p class="muted">{move || i18n.t().decision_dates_hint}</p>
            <Field id=field_id("proposed_on") name="proposed_on" error label=label(|t| t.decision_proposed_on)>
                {proposed_on_input}
            </Field>
            <Field id=field_id("issued_on") name="issued_on" error label=label(|t| t.decision_issued_on)>
                {issued_on_input}
            </Field>
            <Field id=field_id("in_force_on") name="in_force_on" error label=label(|t| t.decision_in_force_on)>
                {in_force_on_input}
            </Field>
            <Field id=field_id("replaced_on") name="replaced_on" error label=label(|t| t.decision_replaced_on)>
                {replaced_on_input}
            </Field>
            <Field id=field_id("procedures") name="procedures" error label=label(|t| t.decision_procedure_codes)>
                <TextBox
                    id=codes_id.clone()
                    name="decision[procedures]"
                    text=procedures
                    rows=6
                    maxlength=(MAX_PROCEDURES as u32) * 33
                    attr:aria-describedby=format!("{codes_id}-error")
                    attr:aria-invalid=invalid(error, "procedures")
                />
            </Field>
            <button class="button" type="submit" disabled=move || action.pending().get()>
                {move || i18n.t().save}
            </button>
        </ActionForm>
    }
}
