//! `/tinh/:code/dau-moi`: the province's contact points (`đầu mối`) by topic, for ministry
//! staff and the province's officials, with telephone and e-mail links; kept here by the
//! province's officials and the ministry's inspectors and admins. Kept on a tablet with the
//! visits, for use without a connection.

use crate::{
    components::{
        error_notice::ErrorNotice,
        save_form::{
            ErrorSummary, Field, FormReturn, form_error, invalid, saves_of, use_page_draft,
        },
    },
    forms::Draft,
    i18n::{Strings, use_i18n},
    visits::{
        MAX_LINE,
        contacts::{
            ContactInput, ContactPoint, MAX_EMAIL, MAX_NAME, MAX_PHONE, ProvinceContacts,
            SaveContact, get_contacts,
        },
        visits_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const LINE_MAX: u32 = MAX_LINE as u32;
const NAME_MAX: u32 = MAX_NAME as u32;
const PHONE_MAX: u32 = MAX_PHONE as u32;
const EMAIL_MAX: u32 = MAX_EMAIL as u32;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let save = ServerAction::<SaveContact>::new();
    let saves = saves_of(save);
    let contacts = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                saves.get(),
            )
        },
        |(code, _)| get_contacts(code),
    );
    let draft = use_page_draft();
    view! {
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match contacts.await {
                    Ok(list) => view! { <ContactsView list save draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ContactsView(
    list: ProvinceContacts,
    save: ServerAction<SaveContact>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceContacts {
        province_code,
        province_name,
        contacts,
        may_manage,
    } = list;
    let title = format!("{} · {province_name}", i18n.untracked().contacts_title);
    let none = contacts.is_empty();
    let rows = contacts
        .into_iter()
        .map(|c| {
            view! {
                <ContactRow contact=c province=province_code.clone() may_manage save draft=draft.clone() />
            }
        })
        .collect_view();
    let add = may_manage.then(|| {
        let form = "contact-new".to_owned();
        let open = draft.as_ref().is_some_and(|d| d.form == form);
        let input = ContactInput {
            province: province_code.clone(),
            ..Default::default()
        };
        view! {
            <details class="contact-new" open=open>
                <summary class="button-secondary">{move || i18n.t().contacts_add}</summary>
                <ContactForm form input save draft=draft.clone() />
            </details>
        }
    });
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <a href=visits_path(&province_code)>{move || i18n.t().visits_title}</a>
        </nav>
        <h1>{move || i18n.t().contacts_title} " · " {province_name.clone()}</h1>
        <p class="lead">{move || i18n.t().contacts_lead}</p>
        <p class="saved-notice" role="status">
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| i18n.t().contacts_saved)}
        </p>
        <p hidden=!none>{move || i18n.t().contacts_none}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().contacts_title hidden=none>
            <table class="units contacts">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().contacts_topic}</th>
                        <th scope="col">{move || i18n.t().contacts_name}</th>
                        <th scope="col">{move || i18n.t().contacts_reach}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {add}
    }
}

#[component]
fn ContactRow(
    contact: ContactPoint,
    province: String,
    may_manage: bool,
    save: ServerAction<SaveContact>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("contact-{}", contact.id);
    let edit = may_manage.then(|| {
        let open = draft.as_ref().is_some_and(|d| d.form == form);
        let input = contact.input(&province);
        let name = contact.name.clone();
        view! {
            <details class="task-edit" open=open>
                <summary class="button-secondary">
                    {move || i18n.t().contacts_edit}
                    <span class="visually-hidden">": " {name}</span>
                </summary>
                <ContactForm form=form.clone() input save draft=draft.clone() />
            </details>
        }
    });
    let ContactPoint {
        topic,
        name,
        title,
        unit,
        phone,
        email,
        ..
    } = contact;
    let who = [title, unit]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let tel = format!(
        "tel:{}",
        phone.replace(|c: char| !(c.is_ascii_digit() || c == '+'), "")
    );
    let mail = format!("mailto:{email}");
    view! {
        <tr>
            <td lang=i18n.data_lang()>{topic}</td>
            <td>
                <strong lang=i18n.data_lang()>{name}</strong>
                {(!who.is_empty()).then(|| view! { <br /> <span class="muted" lang=i18n.data_lang()>{who}</span> })}
            </td>
            <td>
                {(!phone.is_empty()).then(|| view! { <a href=tel>{phone}</a> <br /> })}
                {(!email.is_empty()).then(|| view! { <a href=mail>{email}</a> })}
                {edit}
            </td>
        </tr>
    }
}

fn label(text: fn(&'static Strings) -> &'static str) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || text(i18n.t()).to_owned())
}

#[component]
fn ContactForm(
    form: String,
    input: ContactInput,
    save: ServerAction<SaveContact>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(save, draft.as_ref(), &form);
    let field = |name: &'static str,
                 kind: &'static str,
                 max: u32,
                 saved: &str,
                 text: fn(&'static Strings) -> &'static str| {
        let id = format!("{form}-{name}");
        let value = Draft::value(draft.as_ref(), &form, &format!("contact[{name}]"))
            .unwrap_or_else(|| saved.to_owned());
        let described = format!("{id}-error");
        view! {
            <Field id=id.clone() name=name error label=label(text)>
                <input
                    id=id
                    name=format!("contact[{name}]")
                    type=kind
                    value=value
                    maxlength=max
                    aria-describedby=described
                    aria-invalid=invalid(error, name)
                />
            </Field>
        }
    };
    let fields = (
        field("topic", "text", LINE_MAX, &input.topic, |t| {
            t.contacts_topic
        }),
        field("name", "text", NAME_MAX, &input.name, |t| t.contacts_name),
        field("title", "text", LINE_MAX, &input.title, |t| {
            t.contacts_title_field
        }),
        field("unit", "text", LINE_MAX, &input.unit, |t| t.contacts_unit),
        field("phone", "tel", PHONE_MAX, &input.phone, |t| {
            t.contacts_phone
        }),
        field("email", "email", EMAIL_MAX, &input.email, |t| {
            t.contacts_email
        }),
    );
    let remove = (!input.id.is_empty()).then(|| {
        let id = format!("{form}-remove");
        let label_for = id.clone();
        view! {
            <p class="field">
                <label for=label_for>
                    <input type="checkbox" id=id name="contact[remove]" />
                    " " {move || i18n.t().contacts_remove}
                </label>
            </p>
        }
    });
    let (form_return, form_summary, anchor) = (form.clone(), form.clone(), form.clone());
    view! {
        <ActionForm action=save attr:id=form attr:class="task-form contact-form narrow">
            <FormReturn form=form_return anchor />
            <ErrorSummary form=form_summary error />
            <input type="hidden" name="contact[province]" value=input.province.clone() />
            <input type="hidden" name="contact[id]" value=input.id.clone() />
            {fields}
            {remove}
            <button class="button" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t().save}
            </button>
        </ActionForm>
    }
}
