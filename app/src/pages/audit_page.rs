//! `/quan-tri/nhat-ky`: the audit log, newest first, with filters in the URL and a CSV export
//! of the same rows.

use crate::{
    audit::{AUDIT_CSV_PATH, AUDIT_PATH, AuditFilter, AuditPage as Page, AuditRow, list_audit},
    components::error_notice::ErrorNotice,
    format,
    i18n::{Strings, use_i18n},
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
                    {["user_account", "audit_event"]
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

fn entity_label(entity: &str, t: &'static Strings) -> String {
    match entity {
        "user_account" => t.audit_entity_account.to_owned(),
        "audit_event" => t.audit_entity_audit.to_owned(),
        other => other.to_owned(),
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
    let AuditRow {
        at,
        actor,
        ip,
        action,
        entity,
        entity_id,
        before,
        after,
        note,
        ..
    } = row;
    let target = format!(
        "{} {}",
        entity
            .as_deref()
            .map(|e| entity_label(e, i18n.untracked()))
            .unwrap_or_default(),
        entity_id.unwrap_or_default()
    );
    view! {
        <tr>
            <td class="num">{move || format::date_time(at, i18n.locale())}</td>
            <td>{actor.unwrap_or_else(|| "—".into())}</td>
            <td>{move || action_label(&action, i18n.t())}</td>
            <td>{target}</td>
            <td class="hide-sm change">
                {before.map(|b| view! { <div><span class="muted">{move || i18n.t().audit_before}</span> <code>{b}</code></div> })}
                {after.map(|a| view! { <div><span class="muted">{move || i18n.t().audit_after}</span> <code>{a}</code></div> })}
                {note.map(|n| view! { <div><code>{n}</code></div> })}
            </td>
            <td class="hide-md">{ip}</td>
        </tr>
    }
}
