//! The search box over a list of units. Without JavaScript it is a GET form (`?q=`); once
//! hydrated it filters as the visitor types and keeps the URL shareable.

use crate::{
    format,
    i18n::{fill, use_i18n},
    search::{encode_query, typed_search},
};
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate, use_query_map},
};

/// The search text, starting from the page's `?q=` (cleaned as every typed search is).
pub fn use_search_query() -> RwSignal<String> {
    let initial = use_query_map().with_untracked(|query| typed_search(query.get("q")));
    RwSignal::new(initial)
}

#[component]
pub fn SearchBox(
    query: RwSignal<String>,
    #[prop(into)] label: Signal<&'static str>,
    /// The page's other settings (its date, its sort…) that a search keeps, each already
    /// checked by the page: sent as hidden fields without JavaScript, kept in the URL with it.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let kept: Vec<String> = keep
        .iter()
        .map(|(name, value)| format!("{name}={}", encode_query(value)))
        .collect();
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let path = location.pathname.get_untracked();
        let mut pairs = kept.clone();
        if !text.trim().is_empty() {
            pairs.push(format!("q={}", encode_query(text.trim())));
        }
        let url = match pairs.is_empty() {
            true => path,
            false => format!("{path}?{}", pairs.join("&")),
        };
        query.set(text);
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    view! {
        <form class="search" method="get" role="search" aria-label=label on:submit=|ev| ev.prevent_default()>
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <label for="q">{label}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="q-hint"
                    // The attribute serves the page without JavaScript; the property keeps
                    // the box in step once hydrated.
                    value=query.get_untracked()
                    prop:value=move || query.get()
                    on:input=on_input
                />
                <button type="submit">{move || i18n.t().search_button}</button>
            </div>
            <p id="q-hint" class="hint">{move || i18n.t().search_hint}</p>
        </form>
    }
}

/// "Showing 3 of 130", or a clear message when nothing matches; announced to screen readers.
#[component]
pub fn SearchStatus(
    query: RwSignal<String>,
    #[prop(into)] shown: Signal<usize>,
    total: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        match shown.get() {
            0 => fill(t.search_none, &[("query", query.get().trim())]),
            n => fill(
                t.search_results,
                &[
                    ("shown", &format::integer(n as i64, locale)),
                    ("total", &format::integer(total as i64, locale)),
                ],
            ),
        }
    };
    view! {
        <p class="search-status" role="status" aria-live="polite">
            {text}
        </p>
    }
}
