//! Finding areas by name on a map: what its search finds, and the status line that says so.

use super::Area;
use crate::{
    i18n::{Strings, fill},
    search,
};
use leptos::prelude::*;

/// The items a map's search finds, best first: none for a blank query.
pub fn search_finds<'a, T>(items: &'a [T], query: &str, name: impl Fn(&T) -> &str) -> Vec<&'a T> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let refs: Vec<&T> = items.iter().collect();
    search::filter(&refs, query, |item| name(item))
}

/// "Found 2: Nghi Lộc, Nghi Xuân", or that nothing matches.
pub(super) fn search_status(
    query: &str,
    matches: &[String],
    areas: RwSignal<Vec<Area>>,
    t: &'static Strings,
) -> String {
    if query.trim().is_empty() {
        return String::new();
    }
    if matches.is_empty() {
        return fill(t.map_search_none, &[("query", query.trim())]);
    }
    let names: Vec<String> = areas.with_untracked(|all| {
        matches
            .iter()
            .take(5)
            .filter_map(|code| all.iter().find(|a| &a.code == code))
            .map(|a| a.name.clone())
            .collect()
    });
    let more = if matches.len() > names.len() {
        ", …"
    } else {
        ""
    };
    fill(
        t.map_search_found,
        &[
            ("n", &matches.len().to_string()),
            ("names", &format!("{}{more}", names.join(", "))),
        ],
    )
}
