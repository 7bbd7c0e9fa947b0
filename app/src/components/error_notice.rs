//! What a page shows when its data could not be had, and what a form shows when saving
//! failed.

use crate::{error::AppError, i18n::use_i18n, pages::NotFoundPage};
use leptos::{prelude::*, server_fn::ServerFn};
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
    let sign_in = (error == AppError::Unauthorized).then(|| {
        // Signing in comes back here.
        let location = leptos_router::hooks::use_location();
        let here = format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        );
        view! {
            <p>
                <a class="button" href=crate::forms::sign_in_path(&here)>{move || i18n.t().account_sign_in}</a>
            </p>
        }
    });
    view! {
        <Title text=i18n.untracked().error_title />
        <div class="notice notice-error" role="alert">
            <h1>{move || i18n.t().error_title}</h1>
            <p>{move || error.text(i18n.t())}</p>
            {sign_in}
        </div>
    }
    .into_any()
}

/// The message of a form's last failed submission (also after a plain form post, which
/// comes back with the error in the URL).
#[component]
pub fn FormError<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        action.value().get().and_then(Result::err).map(|error| {
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{error.text(i18n.t())}</p>
                </div>
            }
        })
    }
}
