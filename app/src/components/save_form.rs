//! The parts every saving form is built from (see `crate::forms`): the hidden return
//! fields, the error summary that takes focus, fields that show their own error, the
//! confirmation at the item, and the page's draft.

use crate::{
    error::AppError,
    forms::{
        ACCOUNT_FIELD, ANCHOR_FIELD, BACK_FIELD, DRAFT_PARAM, Draft, FORM_FIELD, SAVED_PARAM,
        errors_anchor, get_form_draft,
    },
    i18n::use_i18n,
};
use leptos::{html, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_location, use_query_map};

/// The draft the page was sent back with (`?nhap=`), if any. Pages with saving forms await
/// it beside their data.
#[derive(Clone, Copy)]
pub struct PageDraft(pub Resource<Option<Draft>>);

pub fn provide_page_draft() {
    let query = use_query_map();
    let draft = Resource::new(
        move || query.with(|q| q.get(DRAFT_PARAM)),
        |token| async move {
            match token {
                Some(token) => get_form_draft(token).await.ok().flatten(),
                None => None,
            }
        },
    );
    provide_context(PageDraft(draft));
}

pub fn use_page_draft() -> Resource<Option<Draft>> {
    expect_context::<PageDraft>().0
}

/// Draws `child` anew, from nothing, each time `key` changes: a form drawn afresh (empty for
/// the next addition, or from another version) holds only what it is drawn with. A view
/// patched in place would keep what was typed, as a text box's typed value outlives its
/// text.
#[component]
pub fn Redrawn<K, T, C, V>(key: K, child: C) -> impl IntoView
where
    K: Fn() -> T + Send + Sync + 'static,
    T: std::hash::Hash + Eq + Clone + Send + Sync + 'static,
    C: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! { <For each=move || [key()] key=|k| k.clone() children=move |_| child() /> }
}

/// A live region's text: no text node at all while there is nothing to say, so the region
/// stays `:empty` and draws no mark.
pub fn spoken(
    text: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || Some(text()).filter(|t| !t.is_empty())
}

/// The anchor of the item a plain form post has just saved (`?luu=`).
pub fn saved_anchor() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(SAVED_PARAM)))
}

/// The error a form shows: its last submission's when it has been submitted here, or else
/// the draft's when the draft is this form's.
pub fn form_error<S>(
    action: ServerAction<S>,
    draft: Option<&Draft>,
    form: &str,
) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let from_draft = draft.filter(|d| d.form == form).map(|d| d.error.clone());
    Signal::derive(move || match action.value().get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => from_draft.clone(),
    })
}

/// How many times `action` has saved. A page whose data is read again after each save keys
/// it on this: a save that fails reads nothing again, so its form keeps what was typed.
pub fn saves_of<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Memo::new(move |before: Option<&usize>| match action.value().get() {
        Some(Ok(_)) => action.version().get(),
        _ => before.copied().unwrap_or(0),
    })
}

/// True once `action` has saved, for a view drawn from the data read again after that save
/// (a page whose data is read again after each save): the notice and the figures it speaks
/// of change together, never the notice first. Call it where the view is drawn.
pub fn saved_in_view<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let drawn_after = action.version().get_untracked();
    Signal::derive(move || {
        drawn_after > 0
            && action.version().get() == drawn_after
            && matches!(action.value().get(), Some(Ok(_)))
    })
}

/// The hidden fields that bring a plain post back to this page at `anchor`.
#[component]
pub fn FormReturn(#[prop(into)] form: String, #[prop(into)] anchor: String) -> impl IntoView {
    let location = use_location();
    let back = crate::forms::page_without_outcome(
        &location.pathname.get_untracked(),
        location.search.get_untracked().trim_start_matches('?'),
    );
    // The account that opened the form: a plain post of it, or the device's outbox sending
    // it later, while another account is signed in writes nothing (a page's script sends
    // the change alone, without this field).
    let account = use_context::<crate::components::account_menu::Session>()
        .and_then(|session| session.actor_untracked())
        .map(|actor| view! { <input type="hidden" name=ACCOUNT_FIELD value=actor.user_id /> });
    view! {
        <input type="hidden" name=FORM_FIELD value=form />
        <input type="hidden" name=ANCHOR_FIELD value=anchor />
        <input type="hidden" name=BACK_FIELD value=back />
        {account}
    }
}

/// The form's error, above its fields: read out when it appears, and focused (at once
/// after a script's save; by the browser on a page a plain post came back to, whose address
/// ends with this summary's id).
#[component]
pub fn ErrorSummary(#[prop(into)] form: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |previous: Option<Option<AppError>>| {
        let now = error.get();
        if now.is_some()
            && previous.is_some_and(|p| p != now)
            && let Some(element) = node.get()
        {
            let _ = element.focus();
        }
        now
    });
    view! {
        <div
            class="notice notice-error error-summary"
            id=errors_anchor(&form)
            role="alert"
            tabindex="-1"
            node_ref=node
            hidden=move || error.with(Option::is_none)
        >
            <p>{move || error.get().map(|e| e.text(i18n.t()))}</p>
        </div>
    }
}

/// A labelled field whose error (if the form's error concerns `name`) shows between its
/// label and its input. The input should name `{id}-error` in `aria-describedby` and take
/// `aria-invalid` from `invalid(error, name)`.
#[component]
pub fn Field(
    /// The input's id.
    #[prop(into)]
    id: String,
    /// The field as errors name it.
    name: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(into)] label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field() == Some(name))
                .map(|e| e.text(i18n.t()))
        })
    };
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <p class="field-error" id=format!("{id}-error")>{message}</p>
            {children()}
        </div>
    }
}

/// Whether the form's error concerns `name` (for `aria-invalid`).
pub fn invalid(error: Signal<Option<AppError>>, name: &'static str) -> impl Fn() -> &'static str {
    move || {
        if error.with(|e| e.as_ref().and_then(AppError::field) == Some(name)) {
            "true"
        } else {
            "false"
        }
    }
}

/// Moves focus to the element `id` once the page has drawn what a save changed.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
