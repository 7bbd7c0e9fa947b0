//! A visit's photos and documents as a page lists them (a checklist question's, or a
//! recommendation's or conclusion's), and the form that sends one.

use crate::{
    components::{
        photo_shrink,
        save_form::{FormReturn, saved_anchor},
    },
    format,
    forms::FILE_REFUSED_PARAM,
    i18n::{fill, use_i18n},
    visits::attachments::{AttachRefusal, AttachedFile, AttachedTo},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The files attached to `to`, and what came of the last one sent (a plain post returns
/// here, to this outcome, which takes focus).
#[component]
pub fn Attached(to: AttachedTo, files: Vec<AttachedFile>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let key = StoredValue::new(to.key());
    let refused = move || {
        query.with(|q| {
            q.get(FILE_REFUSED_PARAM).and_then(|v| {
                let (of, code) = v.split_once('.')?;
                (key.with_value(|key| of == key))
                    .then(|| AttachRefusal::parse(code))
                    .flatten()
            })
        })
    };
    let anchor = to.anchor();
    let added = saved_anchor().get_untracked().as_deref() == Some(anchor.as_str());
    let count = files.len();
    let items = files
        .into_iter()
        .enumerate()
        .map(|(n, file)| {
            let href = to.kept(file.id).path();
            let label = move || {
                let at = format::date_time(file.at, i18n.locale());
                match &file.name {
                    Some(name) => format!("{name} ({at})"),
                    None => fill(
                        i18n.t().photo_label,
                        &[("n", &(n + 1).to_string()), ("at", &at)],
                    ),
                }
            };
            let shown = if file.image {
                view! { <img src=href.clone() alt=label.clone() loading="lazy" width="160" /> }
                    .into_any()
            } else {
                view! { <span>{label.clone()}</span> }.into_any()
            };
            view! { <li><a href=href rel="external">{shown}</a></li> }
        })
        .collect_view();
    view! {
        <div class="photo-outcome" id=anchor tabindex="-1">
            <p class="notice notice-error" role="alert" hidden=move || refused().is_none()>
                {move || refused().map(|r| r.error().text(i18n.t()))}
            </p>
            <p class="saved-notice" role="status">{added.then_some(move || i18n.t().photo_added)}</p>
        </div>
        {(count > 0).then(|| view! { <ul class="checklist-photos">{items}</ul> })}
    }
}

/// Sends a photo or document for `to`: a plain multipart form (kept on the device without a
/// connection).
#[component]
pub fn AttachForm(to: AttachedTo) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = to.anchor();
    let input_id = format!("{anchor}-file");
    // A large photo is made smaller on the device first; the form waits for every pick.
    let pending = RwSignal::new(0u32);
    let shrinking = move || pending.get() > 0;
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        pending.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            // Not made smaller, it goes as picked, within the server's limits.
            let _ = photo_shrink::shrink(&input).await;
            pending.update(|n| *n -= 1);
        });
    };
    view! {
        <form
            class="task-form photo-form"
            method="post"
            enctype="multipart/form-data"
            action=to.upload_path()
        >
            <FormReturn form=anchor.clone() anchor />
            <label for=input_id.clone()>{move || i18n.t().photo_field}</label>
            <input
                type="file"
                id=input_id
                name="file"
                accept="image/jpeg,image/png,application/pdf"
                required
                on:change=picked
            />
            <p class="photo-shrinking" role="status">
                {move || shrinking().then(|| i18n.t().photo_shrinking)}
            </p>
            <button type="submit" class="button-secondary" disabled=shrinking>
                {move || i18n.t().photo_send}
            </button>
        </form>
    }
}
