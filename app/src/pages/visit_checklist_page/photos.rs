//! A question's photos and documents, and the form that sends one.

use crate::{
    components::{
        photo_shrink,
        save_form::{FormReturn, saved_anchor},
    },
    format,
    forms::FILE_REFUSED_PARAM,
    i18n::{fill, use_i18n},
    visits::checklist::{PhotoLine, PhotoRefusal, photo_anchor, photo_path, photo_upload_path},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A question's photos and documents, and what came of the last one sent (a plain post
/// returns here, to this outcome, which takes focus).
#[component]
pub(super) fn Photos(question: i64, photos: Vec<PhotoLine>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let refused = move || {
        query.with(|q| {
            q.get(FILE_REFUSED_PARAM).and_then(|v| {
                let (id, code) = v.split_once('.')?;
                (id.parse::<i64>().ok()? == question)
                    .then(|| PhotoRefusal::parse(code))
                    .flatten()
            })
        })
    };
    let anchor = photo_anchor(question);
    let added = saved_anchor().get_untracked().as_deref() == Some(anchor.as_str());
    let count = photos.len();
    let items = photos
        .into_iter()
        .enumerate()
        .map(|(n, p)| {
            let href = photo_path(p.id);
            let label = move || {
                fill(
                    i18n.t().photo_label,
                    &[
                        ("n", &(n + 1).to_string()),
                        ("at", &format::date_time(p.at, i18n.locale())),
                    ],
                )
            };
            let shown = if p.image {
                view! { <img src=href.clone() alt=label loading="lazy" width="160" /> }.into_any()
            } else {
                view! { <span>{label}</span> }.into_any()
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

/// Sends a photo or document for a question: a plain multipart form (kept on the device
/// without a connection).
#[component]
pub(super) fn PhotoForm(visit: i64, question: i64) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = format!("photo-file-{question}");
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
            action=photo_upload_path(visit, question)
        >
            <FormReturn form=format!("photo-{question}") anchor=photo_anchor(question) />
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
