//! `/thong-bao`: the signed-in account's notifications, newest first, the unread marked, each
//! leading to where it is acted on; all of them marked read at once (a form that works
//! without JavaScript too).

use crate::{
    components::{
        error_notice::ErrorNotice,
        save_form::{FormReturn, saved_anchor},
    },
    format,
    i18n::use_i18n,
    notifications::{Inbox, MarkRead, Notice, get_inbox},
};
use leptos::prelude::*;
use leptos_meta::Title;

const FORM: &str = "inbox-read";

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let read = ServerAction::<MarkRead>::new();
    let inbox = Resource::new(move || read.version().get(), |_| get_inbox());
    view! {
        <Title text=i18n.untracked().inbox_title />
        <h1>{move || i18n.t().inbox_title}</h1>
        <p class="lead">{move || i18n.t().inbox_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <InboxView inbox read /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InboxView(inbox: Inbox, read: ServerAction<MarkRead>) -> impl IntoView {
    let i18n = use_i18n();
    let Inbox { notices, unread } = inbox;
    let anchor = format!("{FORM}-saved");
    let marked = {
        let anchor = anchor.clone();
        let saved = saved_anchor();
        move || {
            saved.with(|s| s.as_deref() == Some(anchor.as_str()))
                || matches!(read.value().get(), Some(Ok(_)))
        }
    };
    let list = if notices.is_empty() {
        view! { <p>{move || i18n.t().inbox_empty}</p> }.into_any()
    } else {
        view! {
            <ul class="work-list inbox">
                {notices.into_iter().map(|notice| view! { <NoticeItem notice /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="saved-notice" role="status" id=anchor.clone() tabindex="-1">
            {move || marked().then(|| i18n.t().inbox_marked)}
        </p>
        {(unread > 0).then(|| view! {
            <ActionForm action=read attr:id=FORM attr:class="inbox-read">
                <FormReturn form=FORM anchor=anchor.clone() />
                <button class="button-secondary" type="submit">{move || i18n.t().inbox_mark_all}</button>
            </ActionForm>
        })}
        {list}
    }
}

#[component]
fn NoticeItem(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    let Notice {
        kind,
        title,
        link,
        created_at,
        read,
        ..
    } = notice;
    view! {
        <li class:unread=!read>
            <strong>{move || kind.label(i18n.t())}</strong>
            {(!read).then(|| view! { <span class="badge">{move || i18n.t().inbox_unread}</span> })}
            <a href=link lang=i18n.data_lang()>{title}</a>
            <span class="muted">{move || format::date_time(created_at, i18n.locale())}</span>
        </li>
    }
}
