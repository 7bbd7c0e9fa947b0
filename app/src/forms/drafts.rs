//! Drafts of plain form posts, kept in the database (every app instance sees them) for an
//! hour and readable only by the account that typed them.

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
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;

/// How long a draft is kept.
pub const DRAFT_LIFETIME: Duration = Duration::hours(1);

/// What a draft keeps of the fields at most: a form's texts are far shorter, and a post
/// longer than this keeps only its error.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// Keeps what `actor` (None: nobody signed in any more) typed into `form` and why it failed;
/// returns the token the page is sent back with. Drafts past their hour go at the same time.
pub async fn save(
    state: &AppState,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
    form: &str,
    fields: BTreeMap<String, String>,
    error: &AppError,
) -> Result<String, AppError> {
    form_draft::Entity::delete_many()
        .filter(form_draft::Column::CreatedAt.lt(now - DRAFT_LIFETIME))
        .exec(&state.db)
        .await?;
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
    Ok(token)
}

/// The draft behind `token`, if it is younger than an hour and `actor` typed it (or it was
/// typed after the session ended and `actor` has signed in since).
pub async fn load(
    state: &AppState,
    actor: Option<&Actor>,
    token: &str,
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
        .filter(|d| d.account_id.is_none_or(|id| id == actor.user_id))
        .and_then(|d| {
            Some(Draft {
                form: d.form,
                fields: serde_json::from_str(&d.fields).ok()?,
                error: serde_json::from_str(&d.error).ok()?,
            })
        }))
}
