//! Vietnamese ⇄ English. A plain form post before hydration (the server sets the cookie and
//! sends the visitor back); after hydration the page switches in place.

use crate::i18n::{SetLocale, use_i18n};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLocale>::new();
    Effect::new(move |_| {
        if let Some(Ok(locale)) = action.value().get() {
            i18n.set(locale);
        }
    });
    view! {
        <div class="lang-switch">
            <ActionForm action>
                <input type="hidden" name="locale" value=move || i18n.locale().other().code() />
                <button
                    type="submit"
                    lang=move || i18n.locale().other().code()
                    title=move || i18n.t().lang_switch_title
                >
                    {move || i18n.t().lang_switch}
                </button>
            </ActionForm>
        </div>
    }
}
