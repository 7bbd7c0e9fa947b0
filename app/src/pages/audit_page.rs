//! `/quan-tri/nhat-ky`: the audit log, newest first, with filters in the URL and a CSV export
//! of the same rows.

use crate::{
    accounts::Role,
    audit::{
        AUDIT_CSV_PATH, AUDIT_PATH, AuditFilter, AuditPage as Page, AuditRow, AuditSubject,
        list_audit,
    },
    components::{error_notice::ErrorNotice, progress::status_label},
    format,
    i18n::{Locale, Strings, fill, use_i18n},
    tasks::rules::{Status, Verification},
    visits::{ActedBy, FollowUpKind, FollowUpStatus},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| AuditFilter::from_pairs(|f| q.get(f))));
    let page = Resource::new(move || filter.get(), list_audit);
    view! {
        <Title text=i18n.untracked().audit_title />
        <h1>{move || i18n.t().audit_title}</h1>
        <p class="lead">{move || i18n.t().audit_intro}</p>
        <FilterForm filter=filter.get_untracked() />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <AuditTable page filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FilterForm(filter: AuditFilter) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.untracked();
    let text = |name: &'static str, label: &'static str, kind: &'static str| {
        view! {
            <div class="field">
                <label for=name>{label}</label>
                <input id=name name=name type=kind value=filter.get(name).to_owned() />
            </div>
        }
    };
    view! {
        <form class="filters" method="get" action=AUDIT_PATH>
            {text("user", t.audit_user, "text")}
            {text("unit", t.audit_unit, "text")}
            <div class="field">
                <label for="entity">{t.audit_entity}</label>
                <select id="entity" name="entity">
                    <option value="">{t.audit_any}</option>
                    {ENTITIES
                        .map(|e| view! { <option value=e selected=filter.entity == e>{entity_label(e, t)}</option> })}
                </select>
            </div>
            {text("from", t.audit_from, "date")}
            {text("to", t.audit_to, "date")}
            <div class="filter-actions">
                <button class="button" type="submit">{t.audit_apply}</button>
            </div>
        </form>
    }
}

/// What the log records changes and refusals of.
const ENTITIES: [&str; 18] = [
    "assignment",
    "evidence",
    "plan",
    "task_group",
    "task",
    "setting",
    "decision",
    "visit",
    "follow_up",
    "follow_up_file",
    "visit_answer",
    "visit_finding",
    "visit_photo",
    "checklist_question",
    "contact_point",
    "api_token",
    "user_account",
    "audit_event",
];

fn entity_label(entity: &str, t: &'static Strings) -> String {
    match entity {
        "assignment" => t.audit_entity_assignment,
        "evidence" => t.audit_entity_evidence,
        "plan" => t.audit_entity_plan,
        "task_group" => t.audit_entity_task_group,
        "task" => t.audit_entity_task,
        "setting" => t.audit_entity_setting,
        "decision" => t.audit_entity_decision,
        "visit" => t.audit_entity_visit,
        "follow_up" => t.audit_entity_follow_up,
        "follow_up_file" => t.audit_entity_follow_up_file,
        "visit_answer" => t.audit_entity_visit_answer,
        "visit_finding" => t.audit_entity_visit_finding,
        "visit_photo" => t.audit_entity_visit_photo,
        "checklist_question" => t.audit_entity_checklist_question,
        "contact_point" => t.audit_entity_contact_point,
        "api_token" => t.audit_entity_api_token,
        "user_account" => t.audit_entity_account,
        "audit_event" => t.audit_entity_audit,
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A field's name as the forms that change it call it.
fn field_label(field: &str, t: &'static Strings) -> String {
    match field {
        "status" => t.task_status,
        "progress" => t.task_progress,
        "value" => t.audit_field_value,
        "note" => t.task_note,
        "difficulties" => t.task_difficulties,
        "recommendations" => t.task_recommendations,
        "verification" => t.audit_field_verification,
        "verification_note" => t.audit_field_verification_note,
        "doc_number" => t.task_evidence_number,
        "doc_date" => t.audit_field_doc_date,
        "link" => t.task_evidence_link,
        "file_name" => t.audit_field_file_name,
        "display_name" => t.account_display_name,
        "username" => t.login_username,
        "email" => t.account_email,
        "role" => t.account_role,
        "scope_code" => t.account_unit,
        "active" => t.account_status,
        "code" => t.audit_field_code,
        "title" | "name" => t.audit_field_title,
        "deadline" => t.audit_field_deadline,
        "body" => t.follow_up_body,
        "kind" => t.follow_up_kind,
        "addressed_to" => t.follow_up_addressed_to,
        "acted_by" => t.follow_up_acted_by,
        "due_on" => t.follow_up_due_on,
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A stored value in words: codes of statuses, verifications and roles by their labels.
fn value_label(field: &str, value: Option<&str>, locale: Locale) -> String {
    let t = locale.strings();
    let Some(value) = value else {
        return t.audit_empty_value.to_owned();
    };
    let label = match field {
        "status" => Status::parse(value)
            .map(|s| status_label(s, t))
            .or_else(|| FollowUpStatus::parse(value).map(|s| s.label(t))),
        "kind" => FollowUpKind::parse(value).map(|k| k.label(t)),
        "acted_by" => ActedBy::parse(value).map(|a| a.label(t)),
        "verification" => Verification::parse(value).map(|v| match v {
            Verification::None => t.audit_empty_value,
            Verification::Pending => t.verification_pending,
            Verification::Verified => t.verification_verified,
            Verification::Returned => t.verify_return,
        }),
        "role" => Role::parse(value).map(|r| r.label(t)),
        "active" => match value {
            "true" => Some(t.account_active),
            "false" => Some(t.account_disabled),
            _ => None,
        },
        _ => None,
    };
    match (label, field) {
        (Some(label), _) => label.to_owned(),
        (None, "progress") => format!("{value}%"),
        (None, "doc_date" | "deadline" | "due_on") => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| format::date(d, locale))
                .unwrap_or_else(|_| value.to_owned())
        }
        _ => value.to_owned(),
    }
}

fn action_label(action: &str, t: &'static Strings) -> String {
    match action {
        "login" => t.audit_action_login,
        "login_failed" => t.audit_action_login_failed,
        "login_throttled" => t.audit_action_login_throttled,
        "logout" => t.audit_action_logout,
        "access_denied" => t.audit_action_access_denied,
        "create" => t.audit_action_create,
        "update" => t.audit_action_update,
        "password_change" => t.audit_action_password_change,
        "revoke" => t.audit_action_revoke,
        "cross_site_refused" => t.audit_action_cross_site_refused,
        "dossier_batch" => t.audit_action_dossier_batch,
        "catalogue_import" => t.audit_action_catalogue_import,
        other => return other.to_owned(),
    }
    .to_owned()
}

#[component]
fn AuditTable(page: Page, filter: AuditFilter) -> impl IntoView {
    let i18n = use_i18n();
    let csv = match filter.to_query(None) {
        q if q.is_empty() => AUDIT_CSV_PATH.to_owned(),
        q => format!("{AUDIT_CSV_PATH}?{q}"),
    };
    let next = page
        .next_before
        .map(|id| format!("{AUDIT_PATH}?{}", filter.to_query(Some(id))));
    let empty = page.rows.is_empty();
    view! {
        <p>
            <a class="button" href=csv download>{move || i18n.t().audit_csv}</a>
        </p>
        <Show when=move || empty>
            <p>{move || i18n.t().audit_empty}</p>
        </Show>
        // A wide table scrolls sideways: it takes focus so keys can scroll it.
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().audit_title>
            <table class="units audit">
                <caption class="visually-hidden">{move || i18n.t().audit_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().audit_time}</th>
                        <th scope="col">{move || i18n.t().audit_user}</th>
                        <th scope="col">{move || i18n.t().audit_action}</th>
                        <th scope="col">{move || i18n.t().audit_entity}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().audit_change}</th>
                        <th scope="col" class="hide-md">IP</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <AuditLine row /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a class="button" href=href>{move || i18n.t().audit_older}</a></p> })}
    }
}

#[component]
fn AuditLine(row: AuditRow) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale_untracked();
    let t = locale.strings();
    let AuditRow {
        at,
        actor,
        ip,
        action,
        entity,
        subject,
        changes,
        note,
        repeats,
        ..
    } = row;
    let entity = entity.as_deref().map(|e| entity_label(e, t));
    let subject = subject.map(|subject| match subject {
        AuditSubject::Named(name) => view! { <span lang=i18n.data_lang()>{name}</span> }.into_any(),
        AuditSubject::Role(code) => Role::parse(&code)
            .map_or(code, |r| r.label(t).to_owned())
            .into_any(),
        AuditSubject::Id(id) => format!("#{id}").into_any(),
    });
    let repeats = (repeats > 1)
        .then(|| view! { <div class="muted">{fill(t.audit_repeats, &[("n", &repeats.to_string())])}</div> });
    let changes = changes
        .into_iter()
        .map(|change| {
            let before = change
                .before
                .is_some()
                .then(|| value_label(&change.field, change.before.as_deref(), locale));
            let after = value_label(&change.field, change.after.as_deref(), locale);
            view! {
                <li>
                    <span class="muted">{field_label(&change.field, t)}": "</span>
                    <span lang=i18n.data_lang()>
                        {before.map(|b| view! { <del>{b}</del>" → " })}
                        <ins>{after}</ins>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <tr>
            <td class="num">{move || format::date_time(at, i18n.locale())}</td>
            <td>{actor.unwrap_or_else(|| "—".into())}</td>
            <td>{action_label(&action, t)}{repeats}</td>
            <td>{entity}<div>{subject}</div></td>
            <td class="hide-sm change">
                <ul>{changes}</ul>
                {note.map(|n| view! { <div><code>{n}</code></div> })}
            </td>
            <td class="hide-md">{ip}</td>
        </tr>
    }
}
