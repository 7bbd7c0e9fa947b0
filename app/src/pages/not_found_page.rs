use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for an unknown address or unit code, with status 404, in the visitor's language.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.untracked().not_found_title />
        <div class="notice">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_text}</p>
            <p>
                <a class="button" href="/">
                    {move || i18n.t().back_to_national}
                </a>
            </p>
        </div>
    }
}
