//! `/doi-mat-khau`: the signed-in user changes their password.

use crate::{
    accounts::management::ChangePassword,
    components::{
        account_menu::use_session,
        error_notice::{ErrorNotice, FormError},
    },
    error::AppError,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    if use_session().actor().is_none() {
        return view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any();
    }
    let action = ServerAction::<ChangePassword>::new();
    let done_before = use_query_map().with_untracked(|q| q.get("xong").is_some());
    let done = move || done_before || matches!(action.value().get(), Some(Ok(())));
    let field = move |id: &'static str, label: &'static str, autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type="password" autocomplete=autocomplete required maxlength="256" />
            </div>
        }
    };
    let t = i18n.untracked();
    view! {
        <Title text=t.password_title />
        <div class="narrow">
            <h1>{move || i18n.t().password_title}</h1>
            <Show when=done>
                <div class="notice" role="status">
                    <p>{move || i18n.t().password_changed}</p>
                </div>
            </Show>
            <FormError action />
            <ActionForm action>
                {field("current_password", t.password_current, "current-password")}
                {field("new_password", t.password_new, "new-password")}
                {field("confirm_password", t.password_confirm, "new-password")}
                <p class="hint">{move || i18n.t().account_password_rule}</p>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || i18n.t().save}
                </button>
            </ActionForm>
        </div>
    }
    .into_any()
}
