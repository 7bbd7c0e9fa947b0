//! Drafts of plain form posts, kept in the database (every app instance sees them) for an
//! hour and readable only by the account that typed them; one typed after the session ended,
//! only in the browser that typed it (a cookie holds its token), once signed in again.

use super::Draft;
use crate::{
    accounts::{
        Actor,
        session::{new_token, token_hash},
    },
    error::AppError,
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use entity::form_draft;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::collections::BTreeMap;

/// How long a draft is kept.
pub const DRAFT_LIFETIME: Duration = Duration::hours(1);

/// What a draft keeps of the fields at most: a form's texts are far shorter, and a post
/// longer than this keeps only its error.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// The cookie that binds a draft typed after the session ended to the browser that typed it.
pub const DRAFT_COOKIE: &str = "tiendo_draft";

/// How many drafts typed without a session are kept at most at a time: posts sent by nobody
/// signed in cannot fill the disk (past it, such a post keeps no draft).
pub const MAX_ANONYMOUS_DRAFTS: u64 = 200;

/// Keeps what `actor` (None: nobody signed in any more) typed into `form` and why it failed;
/// returns the token the page is sent back with (none when too many drafts without a
/// session wait). Drafts past their hour go at the same time.
pub async fn save(
    state: &AppState,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
    form: &str,
    fields: BTreeMap<String, String>,
    error: &AppError,
) -> Result<Option<String>, AppError> {
    form_draft::Entity::delete_many()
        .filter(form_draft::Column::CreatedAt.lt(now - DRAFT_LIFETIME))
        .exec(&state.db)
        .await?;
    if actor.is_none() {
        let waiting = form_draft::Entity::find()
            .filter(form_draft::Column::AccountId.is_null())
            .count(&state.db)
            .await?;
        if waiting >= MAX_ANONYMOUS_DRAFTS {
            return Ok(None);
        }
    }
    let mut fields = serde_json::to_string(&fields).map_err(|_| AppError::Internal)?;
    if fields.len() > MAX_DRAFT_BYTES {
        fields = "{}".to_owned();
    }
    let token = new_token();
    form_draft::ActiveModel {
        token_hash: Set(token_hash(&token)),
        account_id: Set(actor.map(|a| a.user_id)),
        form: Set(form.chars().take(100).collect()),
        fields: Set(fields),
        error: Set(serde_json::to_string(error).map_err(|_| AppError::Internal)?),
        created_at: Set(now),
    }
    .insert(&state.db)
    .await?;
    Ok(Some(token))
}

/// The `Set-Cookie` value that lets this browser, and no other, read back draft `token`.
pub fn draft_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let age = DRAFT_LIFETIME.num_seconds();
    format!("{DRAFT_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}")
}

/// The draft behind `token`, if it is younger than an hour and `actor` typed it (or it was
/// typed after the session ended in this browser, whose cookie holds `bound`, and `actor`
/// has signed in since).
pub async fn load(
    state: &AppState,
    actor: Option<&Actor>,
    token: &str,
    bound: Option<&str>,
) -> Result<Option<Draft>, AppError> {
    let Some(actor) = actor else {
        return Ok(None);
    };
    let found = form_draft::Entity::find_by_id(token_hash(token.trim()))
        .one(&state.db)
        .await?;
    let now = state.clock.now();
    Ok(found
        .filter(|d| d.created_at > now - DRAFT_LIFETIME)
        .filter(|d| match d.account_id {
            Some(id) => id == actor.user_id,
            None => bound == Some(token.trim()),
        })
        .and_then(|d| {
            Some(Draft {
                form: d.form,
                fields: serde_json::from_str(&d.fields).ok()?,
                error: serde_json::from_str(&d.error).ok()?,
            })
        }))
}
