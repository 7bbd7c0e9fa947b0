//! `/quan-tri/cai-dat`: the rating rules' settings, for ministry admins.

use crate::{
    access::{Action, may_in_own_area},
    components::{
        account_menu::use_session,
        error_notice::{ErrorNotice, FormError},
        save_form::saves_of,
    },
    error::AppError,
    i18n::use_i18n,
    tasks::settings::{SaveSettings, get_settings},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    match use_session().actor() {
        None => return view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any(),
        Some(actor) if !may_in_own_area(&actor, Action::ManageSettings) => {
            return view! { <ErrorNotice error=AppError::Forbidden /> }.into_any();
        }
        Some(_) => {}
    }
    let save = ServerAction::<SaveSettings>::new();
    let saves = saves_of(save);
    let current = Resource::new(move || saves.get(), |_| get_settings());
    view! {
        <Title text=i18n.untracked().settings_title />
        <div class="narrow">
            <h1>{move || i18n.t().settings_title}</h1>
            <p class="lead">{move || i18n.t().settings_intro}</p>
            <Show when=move || matches!(save.value().get(), Some(Ok(_)))>
                <div class="notice" role="status"><p>{move || i18n.t().settings_saved}</p></div>
            </Show>
            <FormError action=save />
            <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(s) => view! {
                            <ActionForm action=save>
                                <div class="field">
                                    <label for="near_due_days">{move || i18n.t().settings_near_due}</label>
                                    <input id="near_due_days" name="near_due_days" type="number" min="0" max="90" step="1" required value=s.near_due_days />
                                </div>
                                <div class="field">
                                    <label for="tolerance_points">{move || i18n.t().settings_tolerance}</label>
                                    <input id="tolerance_points" name="tolerance_points" type="number" min="0" max="100" step="0.5" required value=s.tolerance_points />
                                </div>
                                <div class="field checkbox">
                                    <input id="count_verified" name="count_verified" type="checkbox" checked=s.count_verified />
                                    <label for="count_verified">{move || i18n.t().settings_count_verified}</label>
                                </div>
                                <button class="button" type="submit">{move || i18n.t().save}</button>
                            </ActionForm>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}
