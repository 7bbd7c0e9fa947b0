//! How a checklist item follows its saves: what its live region says, and after a conflict
//! the choice to keep the other version.

use crate::{
    components::save_form::{focus_later, saved_anchor, spoken},
    error::AppError,
    forms::SaveOutcome,
    i18n::use_i18n,
};
use leptos::{prelude::*, server_fn::ServerFn};

/// What an item's live region says after a save.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Said {
    Nothing,
    Saved,
    Conflict,
}

/// An item's live region: what its last save came to, and after a conflict the choice to
/// keep the other version (the form drawn afresh from it, focus in its text box).
#[component]
pub(super) fn SaidNotice(
    said: RwSignal<Said>,
    fresh: RwSignal<u32>,
    id: String,
    text: Signal<&'static str>,
    /// The id of the form's text box.
    field: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let keep_theirs = move |_| {
        said.set(Said::Nothing);
        fresh.update(|n| *n += 1);
        focus_later(field.clone());
    };
    view! {
        <p class="saved-notice" id=id role="status" tabindex="-1">
            {spoken(move || text.get())}
            <Show when=move || said.get() == Said::Conflict>
                " "
                <button type="button" class="link-button" on:click=keep_theirs.clone()>
                    {move || i18n.t().keep_theirs}
                </button>
            </Show>
        </p>
    }
}

/// An item's saves: what its live region (`said_id`) says, and a count that rises when its
/// form is to be drawn afresh from the version saved.
pub(super) struct Saves {
    pub(super) said: RwSignal<Said>,
    pub(super) fresh: RwSignal<u32>,
    pub(super) said_id: String,
}

impl Saves {
    /// Follows `action`'s outcome for the item at `anchor` shown from `row`: the version
    /// saved, or (someone else saved first) theirs above, with what the user typed kept in
    /// the form, which then saves over the version shown.
    pub(super) fn follow<S, T>(action: ServerAction<S>, row: RwSignal<T>, anchor: &str) -> Self
    where
        S: ServerFn<Output = SaveOutcome<T>, Error = AppError> + Clone + Send + Sync + 'static,
        T: Clone + Send + Sync + 'static,
    {
        let came_back = saved_anchor().get_untracked().as_deref() == Some(anchor);
        let said = RwSignal::new(if came_back {
            Said::Saved
        } else {
            Said::Nothing
        });
        let fresh = RwSignal::new(0u32);
        let said_id = format!("said-{anchor}");
        let focus = said_id.clone();
        Effect::new(move |_| match action.value().get() {
            Some(Ok(SaveOutcome::Saved(new))) => {
                row.set(new);
                said.set(Said::Saved);
                fresh.update(|n| *n += 1);
                focus_later(focus.clone());
            }
            Some(Ok(SaveOutcome::Conflict(current))) => {
                row.set(current);
                said.set(Said::Conflict);
                focus_later(focus.clone());
            }
            _ => {}
        });
        Saves {
            said,
            fresh,
            said_id,
        }
    }
}
