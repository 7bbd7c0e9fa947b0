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

/// The hidden field naming the account that opened the form: a post from it while another
/// account is signed in writes nothing.
pub const ACCOUNT_FIELD: &str = "_account";

/// Sent by the service worker with each change to a visit: the change's key, chosen on the
/// device, claimed in the transaction that writes it (`claim`): a change whose answer was
/// lost, kept and sent again, is written once.
pub const REQUEST_HEADER: &str = "x-tiendo-request";

/// Sent by the service worker with a change it kept without a connection and sends now: the
/// plain-form post is answered with its outcome as data (`Replayed`), not a redirect.
pub const REPLAY_HEADER: &str = "x-tiendo-replay";

/// A kept change's key as the server found it in `REQUEST_HEADER`: letters, digits and `-`,
/// at most `RequestKey::MAX` (a device's keys are UUIDs, 36).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestKey(pub String);

impl RequestKey {
    /// Claimed with its account's id before it (`{user_id}:{key}`, at most 20 more), it
    /// fits the claims' 64 characters.
    pub const MAX: usize = 44;

    pub fn parse(text: &str) -> Option<Self> {
        let plain = text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        (plain && !text.is_empty() && text.len() <= Self::MAX).then(|| Self(text.to_owned()))
    }
}

/// What a change sent again from a device came to, for the service worker: `saved` (now or
/// before); `draft` (not written: `to` shows it with what was typed and why); `sign-in`
/// (signed out meanwhile: kept until signed in again); `refused` (another account's, or
/// without one: not written, no draft).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replayed {
    pub outcome: String,
    pub to: String,
}

/// Claims the key of a change a device kept offline, first in the transaction that writes
/// it: a key this account claimed already means the change was written when it was sent
/// before. Keys are the account's own: another account's key claims nothing of this one's.
/// Nothing to claim for a change sent as it was made.
#[cfg(feature = "ssr")]
pub async fn claim(
    txn: &impl sea_orm::ConnectionTrait,
    request: &crate::accounts::session::RequestInfo,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use entity::request_claim;
    use sea_orm::{ActiveValue::Set, DbErr, EntityTrait, sea_query::OnConflict};
    let Some(key) = &request.key else {
        return Ok(());
    };
    let claimed = request_claim::Entity::insert(request_claim::ActiveModel {
        key: Set(format!("{user_id}:{key}")),
        user_id: Set(user_id),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::column(request_claim::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await;
    match claimed {
        Ok(0) | Err(DbErr::RecordNotInserted) => Err(AppError::AlreadyApplied),
        Ok(_) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// The query parameters of the page returned to: the anchor of the item just saved, and the
/// token of a draft that could not be saved.
pub const SAVED_PARAM: &str = "luu";
pub const DRAFT_PARAM: &str = "nhap";
/// The parameter a plain multipart form that attached nothing returns with: the item and
/// why (`<item>.<code>`).
pub const FILE_REFUSED_PARAM: &str = "loi-anh";

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

/// What a save came to: saved, or someone else saved first (nothing was overwritten; both
/// versions are shown and the user chooses).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome<T> {
    Saved(T),
    Conflict(T),
}

/// A plain form cannot show both versions of a conflict: it gets an error instead, and the
/// page reloads with the current version. A hydrated page gets the outcome and shows both.
#[cfg(feature = "ssr")]
pub fn conflict_for_plain_forms<T>(outcome: &SaveOutcome<T>) -> Result<(), AppError> {
    if matches!(outcome, SaveOutcome::Conflict(_)) && crate::state::is_form_post() {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// A form's text that must be given, trimmed: empty, or longer than `max` characters, is an
/// error of `field`.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = optional_text(field, value, max)?;
    if value.is_empty() {
        return Err(AppError::at(field, crate::error::Problem::TextRequired));
    }
    Ok(value)
}

/// A form's text that may be empty, trimmed; longer than `max` characters is an error of
/// `field`.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::at(field, crate::error::Problem::TextTooLong));
    }
    Ok(value.to_owned())
}

/// A form's date (`YYYY-MM-DD`), none when empty; anything else is an error of `field`.
pub fn optional_date(field: &str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    crate::tasks::parse_as_of(Some(value.to_owned()))
        .map(Some)
        .ok_or_else(|| AppError::at(field, crate::error::Problem::DateInvalid))
}

/// The draft a page was sent back with (`?nhap=`), for the account that typed it.
#[server(endpoint = "forms/draft")]
pub async fn get_form_draft(token: String) -> Result<Option<Draft>, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    let bound = crate::cookies::of_request(drafts::DRAFT_COOKIE);
    drafts::load(&state, actor.as_ref(), &token, bound.as_deref()).await
}

/// A page of this site to return to (never another site): it starts with one `/` and holds
/// no backslash, space or control character (browsers drop tabs and newlines, so `/\t/host`
/// would lead to `//host`). Its query is kept, its fragment left out.
pub fn local_page(address: &str) -> Option<&str> {
    local_address(address.split('#').next().unwrap_or_default())
}

/// An address on this site, fragment and all (where signing in returns to).
pub fn local_address(address: &str) -> Option<&str> {
    let plain = address.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (plain && address.starts_with('/') && !address.starts_with("//")).then_some(address)
}

/// `text` as one component of a query (`/dang-nhap?next=<this>`).
pub fn query_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to sign in and come back to `page`.
pub fn sign_in_path(page: &str) -> String {
    format!("/dang-nhap?next={}", query_component(page))
}

/// A page's path and query without the parameters a form's return adds.
pub fn page_without_outcome(path: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            ![SAVED_PARAM, DRAFT_PARAM, FILE_REFUSED_PARAM].contains(&name)
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// The id of a form's error summary: a plain post that failed returns to it, and the
/// browser focuses it (and opens the disclosure around it).
pub fn errors_anchor(form: &str) -> String {
    format!("{form}-errors")
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
    fn a_key_claimed_with_any_account_fits_its_column() {
        let uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert!(RequestKey::parse(uuid).is_some());
        let longest = "k".repeat(RequestKey::MAX);
        assert_eq!(format!("{}:{longest}", i64::MAX).len(), 64);
        assert!(RequestKey::parse(&longest).is_some());
        assert!(RequestKey::parse(&format!("{longest}k")).is_none());
        assert!(RequestKey::parse("<b>").is_none());
        assert!(RequestKey::parse("").is_none());
    }

    #[test]
    fn only_plain_pages_of_this_site_are_returned_to() {
        assert_eq!(local_page("/xa/17827?a=b#task-1"), Some("/xa/17827?a=b"));
        assert_eq!(local_page("/tinh/40"), Some("/tinh/40"));
        for hostile in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\\evil",
            "/a\r\nSet-Cookie: x",
            "https://evil.example/",
            "/x y",
            "xa/1",
            "",
        ] {
            assert_eq!(local_page(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn the_page_returned_to_keeps_its_own_query_only() {
        assert_eq!(page_without_outcome("/xa/17827", ""), "/xa/17827");
        assert_eq!(
            page_without_outcome("/xa/17827", "luu=task-1&ngay=2025-08-14&nhap=ab"),
            "/xa/17827?ngay=2025-08-14"
        );
        assert_eq!(
            page_without_outcome(
                "/doan-cong-tac/1/kiem-tra",
                "loi-anh=5.sai-loai&luu=photo-5"
            ),
            "/doan-cong-tac/1/kiem-tra"
        );
        assert_eq!(
            return_address("/xa/17827?ngay=2025-08-14", SAVED_PARAM, "task-1", "task-1"),
            "/xa/17827?ngay=2025-08-14&luu=task-1#task-1"
        );
        assert_eq!(
            return_address("/xac-minh", DRAFT_PARAM, "ff", "task-2"),
            "/xac-minh?nhap=ff#task-2"
        );
        assert_eq!(
            sign_in_path("/xa/17827?nhap=ab#task-1"),
            "/dang-nhap?next=%2Fxa%2F17827%3Fnhap%3Dab%23task-1"
        );
    }
}
