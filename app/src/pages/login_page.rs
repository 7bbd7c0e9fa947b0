use crate::{
    accounts::{Login, after_sign_in},
    components::{account_menu::use_session, error_notice::FormError},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/dang-nhap`: sign in. A plain form post before hydration.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let action = ServerAction::<Login>::new();
    let navigate = use_navigate();
    // Where to go afterwards: the page that asked for signing in (`?next=`), if any.
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    let next_field = next.clone();
    Effect::new(move |_| {
        if let Some(Ok(actor)) = action.value().get() {
            let target = after_sign_in(&actor, &next).to_owned();
            session.set(Some(actor));
            navigate(&target, Default::default());
        }
    });
    let pending = action.pending();
    view! {
        <Title text=i18n.untracked().login_title />
        <div class="narrow">
            <h1>{move || i18n.t().login_title}</h1>
            <p class="lead">{move || i18n.t().login_intro}</p>
            <FormError action />
            <ActionForm action>
                <input type="hidden" name="next" value=next_field />
                <div class="field">
                    <label for="username">{move || i18n.t().login_username}</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        maxlength="64"
                    />
                </div>
                <div class="field">
                    <label for="password">{move || i18n.t().login_password}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        maxlength="256"
                    />
                </div>
                <button class="button" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().login_signing_in } else { i18n.t().login_submit }}
                </button>
            </ActionForm>
        </div>
    }
}
