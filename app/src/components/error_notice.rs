//! What a page shows when its data could not be had.

use crate::{error::AppError, i18n::use_i18n, pages::NotFoundPage};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFoundPage /> }.into_any();
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.untracked().error_title />
        <div class="notice notice-error" role="alert">
            <h1>{move || i18n.t().error_title}</h1>
            <p>{move || error.message(i18n.t())}</p>
        </div>
    }
    .into_any()
}
