//! API tokens in the database: issued, listed, revoked (each audited in the same
//! transaction), and a secret presented by a dossier system checked.

use super::{IssuedToken, SECRET_PREFIX, TokenView};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::session::{RequestInfo, new_token, token_hash},
    audit,
    error::{AppError, Problem},
    state::AppState,
};
use chrono::{DateTime, Utc};
use entity::{api_token, province, user_account};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, sea_query::Expr,
};
use std::collections::HashMap;

/// Characters of the secret shown to tell tokens apart.
const SHOWN: usize = 12;

async fn view(
    db: &impl ConnectionTrait,
    tokens: Vec<api_token::Model>,
) -> Result<Vec<TokenView>, AppError> {
    let provinces: HashMap<String, String> = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let accounts: HashMap<i64, String> = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(tokens.iter().map(|t| t.created_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(tokens
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            province_name: provinces.get(&t.province_code).cloned().unwrap_or_default(),
            province_code: t.province_code,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            created_by: accounts.get(&t.created_by).cloned().unwrap_or_default(),
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect())
}

pub async fn list(state: &AppState) -> Result<(Vec<TokenView>, Vec<(String, String)>), AppError> {
    access::require(Action::ManageIntegrations, Target::Nation).await?;
    let db = &state.db;
    let tokens = api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let provinces = province::Entity::find()
        .order_by_asc(province::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    Ok((view(db, tokens).await?, provinces))
}

pub async fn issue(
    state: &AppState,
    request: &RequestInfo,
    province: &str,
    name: &str,
) -> Result<IssuedToken, AppError> {
    let actor = access::require(Action::ManageIntegrations, Target::Nation).await?;
    let db = &state.db;
    let province = province.trim();
    if province::Entity::find_by_id(province.to_owned())
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::at("province", Problem::ScopeUnknown));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::at("name", Problem::TextRequired));
    }
    let secret = format!("{SECRET_PREFIX}{}", new_token());
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let token = api_token::ActiveModel {
        province_code: Set(province.to_owned()),
        name: Set(name.to_owned()),
        prefix: Set(secret.chars().take(SHOWN).collect()),
        secret_hash: Set(token_hash(&secret)),
        created_at: Set(now),
        created_by: Set(actor.user_id),
        last_used_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = audit::Entry {
        action: "create",
        entity: Some("api_token"),
        entity_id: Some(token.id.to_string()),
        province_code: Some(token.province_code.clone()),
        after: Some(serde_json::json!({ "name": token.name, "prefix": token.prefix })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    let token = view(db, vec![token]).await?.remove(0);
    Ok(IssuedToken { token, secret })
}

pub async fn revoke(state: &AppState, request: &RequestInfo, id: i64) -> Result<(), AppError> {
    let actor = access::require(Action::ManageIntegrations, Target::Nation).await?;
    let db = &state.db;
    let token = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let province = token.province_code.clone();
    let mut revoked = token.into_active_model();
    revoked.revoked_at = Set(Some(now));
    revoked.revoked_by = Set(Some(actor.user_id));
    revoked.update(&txn).await?;
    let entry = audit::Entry {
        action: "revoke",
        entity: Some("api_token"),
        entity_id: Some(id.to_string()),
        province_code: Some(province),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The token a secret belongs to, if it is one tiendo issued and has not revoked.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    secret: &str,
) -> Result<Option<api_token::Model>, AppError> {
    // A secret is 68 characters: anything much longer is not one, and is not hashed.
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 128 {
        return Ok(None);
    }
    Ok(api_token::Entity::find()
        .filter(api_token::Column::SecretHash.eq(token_hash(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}

/// Marks the token used now, in the transaction of the batch it brought (a write outside it
/// would wait behind other batches for the database's lock).
pub async fn touch(
    txn: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(now)))
        .filter(api_token::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
