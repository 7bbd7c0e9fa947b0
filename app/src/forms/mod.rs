//! The one way a form saves, with or without JavaScript.
//!
//! Hydrated, a form calls its server function and shows the outcome where it is: a success
//! updates the item in place, an error shows beside its field with everything typed kept.
//! Before hydration (or without JavaScript) the same form is a plain post: the server
//! answers with a redirect back to the page at the form's anchor, `?luu=<anchor>` after a
//! success, or `?nhap=<token>` after a failure, whose draft (what was typed and the error)
//! the page shows in the form again.

#[cfg(feature = "ssr")]
pub mod drafts;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Hidden fields every saving form sends besides its own: its id on the page, the anchor to
/// return to, and the page (path and query) to return to.
pub const FORM_FIELD: &str = "_form";
pub const ANCHOR_FIELD: &str = "_anchor";
pub const BACK_FIELD: &str = "_back";

/// Set by the server on a plain form post it answers with a redirect (the function itself
/// then sees a request for data).
pub const PLAIN_FORM_HEADER: &str = "x-tiendo-plain-form";

/// The query parameters of the page returned to: the anchor of the item just saved, and the
/// token of a draft that could not be saved.
pub const SAVED_PARAM: &str = "luu";
pub const DRAFT_PARAM: &str = "nhap";

/// A plain form post that could not be saved: its form, what was typed, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub form: String,
    pub fields: BTreeMap<String, String>,
    pub error: AppError,
}

impl Draft {
    /// What was typed into `name`, if this draft is of form `form`.
    pub fn value(draft: Option<&Draft>, form: &str, name: &str) -> Option<String> {
        draft
            .filter(|d| d.form == form)
            .and_then(|d| d.fields.get(name).cloned())
    }
}

/// The draft a page was sent back with (`?nhap=`), for the account that typed it.
#[server(endpoint = "forms/draft")]
pub async fn get_form_draft(token: String) -> Result<Option<Draft>, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    drafts::load(&state, actor.as_ref(), &token).await
}

/// A page's path and query without the parameters a form's return adds.
pub fn page_without_outcome(path: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            name != SAVED_PARAM && name != DRAFT_PARAM
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// `page` with `name=value` added to its query, and `#anchor`.
pub fn return_address(page: &str, name: &str, value: &str, anchor: &str) -> String {
    let separator = if page.contains('?') { '&' } else { '?' };
    format!("{page}{separator}{name}={value}#{anchor}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_returned_to_keeps_its_own_query_only() {
        assert_eq!(page_without_outcome("/xa/17827", ""), "/xa/17827");
        assert_eq!(
            page_without_outcome("/xa/17827", "luu=task-1&ngay=2025-08-14&nhap=ab"),
            "/xa/17827?ngay=2025-08-14"
        );
        assert_eq!(
            return_address("/xa/17827?ngay=2025-08-14", SAVED_PARAM, "task-1", "task-1"),
            "/xa/17827?ngay=2025-08-14&luu=task-1#task-1"
        );
        assert_eq!(
            return_address("/xac-minh", DRAFT_PARAM, "ff", "task-2"),
            "/xac-minh?nhap=ff#task-2"
        );
    }
}
