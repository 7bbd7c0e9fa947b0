//! Accounts in the database.

use super::{Actor, Role, ScopeLevel, password, session::normalize_username};
use crate::error::{AppError, Problem};
use chrono::{DateTime, Utc};
use entity::{commune, province, user_account};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

pub async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<user_account::Model>, DbErr> {
    user_account::Entity::find()
        .filter(user_account::Column::Username.eq(normalize_username(username)))
        .one(db)
        .await
}

/// The actor a user acts as, with the province their scope lies in.
pub async fn actor_for(
    db: &impl ConnectionTrait,
    user: &user_account::Model,
) -> Result<Actor, DbErr> {
    let role = Role::parse(&user.role)
        .ok_or_else(|| DbErr::Custom(format!("unknown role `{}`", user.role)))?;
    let (province_code, commune_code) = match role.scope_level() {
        None => (None, None),
        Some(ScopeLevel::Province) => (user.scope_code.clone(), None),
        Some(ScopeLevel::Commune) => {
            let code = user.scope_code.clone().unwrap_or_default();
            let province = commune::Entity::find_by_id(code.clone())
                .one(db)
                .await?
                .map(|c| c.province_code);
            (province, Some(code))
        }
    };
    Ok(Actor {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role,
        province_code,
        commune_code,
    })
}

/// A new account's details, as checked before writing.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub scope_code: Option<String>,
    pub password: String,
}

fn valid_username(username: &str) -> bool {
    (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b))
}

/// Checks that the scope fits the role and names a unit that exists.
pub async fn check_scope(
    db: &impl ConnectionTrait,
    role: Role,
    scope: Option<&str>,
) -> Result<(), AppError> {
    let exists = match (role.scope_level(), scope) {
        (None, None) => true,
        (None, Some(_)) | (Some(_), None) => return Err(AppError::Invalid(Problem::ScopeMismatch)),
        (Some(ScopeLevel::Province), Some(code)) => {
            province::Entity::find_by_id(code).one(db).await?.is_some()
        }
        (Some(ScopeLevel::Commune), Some(code)) => {
            commune::Entity::find_by_id(code).one(db).await?.is_some()
        }
    };
    if exists {
        Ok(())
    } else {
        Err(AppError::Invalid(Problem::ScopeUnknown))
    }
}

/// Writes a new account after checking every field; returns it.
pub async fn create(
    db: &impl ConnectionTrait,
    account: NewAccount,
    now: DateTime<Utc>,
) -> Result<user_account::Model, AppError> {
    let username = normalize_username(&account.username);
    if !valid_username(&username) {
        return Err(AppError::Invalid(Problem::UsernameInvalid));
    }
    let display_name = account.display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 120 {
        return Err(AppError::Invalid(Problem::NameRequired));
    }
    password::check_strength(&account.password)?;
    check_scope(db, account.role, account.scope_code.as_deref()).await?;
    if find_by_username(db, &username).await?.is_some() {
        return Err(AppError::Invalid(Problem::UsernameTaken));
    }
    let hash = password::hash(account.password).await?;
    Ok(user_account::ActiveModel {
        username: Set(username),
        display_name: Set(display_name),
        email: Set(account
            .email
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())),
        password_hash: Set(hash),
        role: Set(account.role.code().to_owned()),
        scope_code: Set(account.scope_code),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
