//! Header, navigation and footer around every page.

use super::{
    account_menu::{AccountMenu, InboxLink, WorkLink, use_session},
    language_switch::LanguageSwitch,
    save_form::provide_page_draft,
    text_box::raw_text,
};
use crate::{i18n::use_i18n, visits::ALL_VISITS_PATH};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    provide_page_draft();
    view! {
        <Title formatter=|page: String| format!("{} · Tiến Độ", raw_text(page)) />
        <a class="skip-link" href="#main">
            {move || i18n.t().skip_to_content}
        </a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true"></span>
                    {move || i18n.t().site_name}
                </a>
                <nav class="site-nav" aria-label=move || i18n.t().nav_label>
                    <a href="/">{move || i18n.t().nav_national}</a>
                    <a href=ALL_VISITS_PATH>{move || i18n.t().nav_visits}</a>
                    <WorkLink />
                    <InboxLink />
                </nav>
                <LanguageSwitch />
                <AccountMenu />
            </div>
        </header>
        // Filled by the page's script from the service worker's outbox (see `shell`): what
        // this device kept without a connection and has not sent, or could not write.
        <div
            id="outbox"
            class="outbox wrap"
            role="status"
            hidden=true
            data-waiting=move || i18n.t().outbox_waiting
            data-attention=move || i18n.t().outbox_attention
            data-sent=move || i18n.t().outbox_sent
            data-reload=move || i18n.t().outbox_reload
            data-account=move || {
                session.actor().map(|a| a.user_id.to_string()).unwrap_or_default()
            }
        ></div>
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{move || i18n.t().site_tagline}</p>
                <p class="attribution">{move || i18n.t().footer_data}</p>
                <p class="attribution">{move || i18n.t().footer_not_official}</p>
            </div>
        </footer>
    }
}
