//! Accounts in the database.

use super::{
    Actor, Role, ScopeLevel,
    management::{AccountList, AccountView, UnitOption},
    password,
    session::{self, RequestInfo, normalize_username},
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    audit,
    error::{AppError, Problem},
    state::AppState,
};
use chrono::{DateTime, Utc};
use entity::{commune, province, user_account};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

pub async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<user_account::Model>, DbErr> {
    user_account::Entity::find()
        .filter(user_account::Column::Username.eq(normalize_username(username)))
        .one(db)
        .await
}

fn stored_role(user: &user_account::Model) -> Result<Role, DbErr> {
    Role::parse(&user.role).ok_or_else(|| DbErr::Custom(format!("unknown role `{}`", user.role)))
}

/// The province a role's scope lies in: the province itself, or the commune's province.
async fn scope_province(
    db: &impl ConnectionTrait,
    role: Role,
    scope: Option<&str>,
) -> Result<Option<String>, DbErr> {
    Ok(match (role.scope_level(), scope) {
        (Some(ScopeLevel::Province), Some(code)) => Some(code.to_owned()),
        (Some(ScopeLevel::Commune), Some(code)) => commune::Entity::find_by_id(code)
            .one(db)
            .await?
            .map(|c| c.province_code),
        _ => None,
    })
}

/// The account as the authorization point sees it: its role and the province of its unit.
async fn target_of(db: &impl ConnectionTrait, user: &user_account::Model) -> Result<Target, DbErr> {
    let role = stored_role(user)?;
    Ok(Target::Account {
        role,
        province: scope_province(db, role, user.scope_code.as_deref()).await?,
    })
}

/// The actor a user acts as, with the province their scope lies in.
pub async fn actor_for(
    db: &impl ConnectionTrait,
    user: &user_account::Model,
) -> Result<Actor, DbErr> {
    let role = stored_role(user)?;
    let province_code = scope_province(db, role, user.scope_code.as_deref()).await?;
    let commune_code = match role.scope_level() {
        Some(ScopeLevel::Commune) => user.scope_code.clone(),
        _ => None,
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

/// What the account form sends, as typed.
#[derive(Clone, Debug)]
pub struct AccountForm {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub scope_code: String,
    /// Empty: keep the current password.
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

fn clean_name(display_name: &str) -> Result<String, AppError> {
    let display_name = display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 120 {
        return Err(AppError::Invalid(Problem::NameRequired));
    }
    Ok(display_name)
}

fn clean_email(email: Option<String>) -> Result<Option<String>, AppError> {
    let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    match &email {
        Some(e) if e.len() > 254 || !e.contains('@') || e.chars().any(char::is_whitespace) => {
            Err(AppError::Invalid(Problem::EmailInvalid))
        }
        _ => Ok(email),
    }
}

/// A new account with every field checked and its password hashed, ready to write.
pub struct CheckedAccount {
    username: String,
    display_name: String,
    email: Option<String>,
    hash: String,
    role: Role,
    scope_code: Option<String>,
}

/// What saving the account form writes: a new account, or a change to one with its new
/// password's hash if it was given one.
enum Write {
    New(CheckedAccount),
    Change(user_account::Model, Option<String>),
}

/// Checks a new account's fields and hashes its password. The slow hash comes before any
/// transaction: a transaction that writes holds SQLite's write lock while it waits.
pub async fn check_new(account: NewAccount) -> Result<CheckedAccount, AppError> {
    let username = normalize_username(&account.username);
    if !valid_username(&username) {
        return Err(AppError::Invalid(Problem::UsernameInvalid));
    }
    let display_name = clean_name(&account.display_name)?;
    let email = clean_email(account.email)?;
    password::check_strength(&account.password)?;
    Ok(CheckedAccount {
        username,
        display_name,
        email,
        hash: password::hash(account.password).await?,
        role: account.role,
        scope_code: account.scope_code,
    })
}

/// Writes a checked account once its scope exists and its username is free; returns it.
pub async fn insert(
    db: &impl ConnectionTrait,
    account: CheckedAccount,
    now: DateTime<Utc>,
) -> Result<user_account::Model, AppError> {
    check_scope(db, account.role, account.scope_code.as_deref()).await?;
    if find_by_username(db, &account.username).await?.is_some() {
        return Err(AppError::Invalid(Problem::UsernameTaken));
    }
    Ok(user_account::ActiveModel {
        username: Set(account.username),
        display_name: Set(account.display_name),
        email: Set(account.email),
        password_hash: Set(account.hash),
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

/// Writes a new account after checking every field; returns it.
pub async fn create(
    db: &impl ConnectionTrait,
    account: NewAccount,
    now: DateTime<Utc>,
) -> Result<user_account::Model, AppError> {
    insert(db, check_new(account).await?, now).await
}

/// The audit record of an account: everything but the password hash.
fn audit_value(user: &user_account::Model) -> serde_json::Value {
    serde_json::json!({
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "scope_code": user.scope_code,
        "active": user.active,
    })
}

/// Names of the units the accounts are tied to, by code.
async fn unit_names(
    db: &impl ConnectionTrait,
    users: &[user_account::Model],
) -> Result<HashMap<String, String>, DbErr> {
    let communes = users
        .iter()
        .filter(|u| u.role == Role::CommuneOfficial.code())
        .filter_map(|u| u.scope_code.as_deref());
    crate::territory::service::unit_names(db, communes).await
}

fn to_view(
    user: user_account::Model,
    names: &HashMap<String, String>,
) -> Result<AccountView, DbErr> {
    Ok(AccountView {
        role: stored_role(&user)?,
        scope_name: user.scope_code.as_ref().and_then(|c| names.get(c).cloned()),
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        email: user.email,
        scope_code: user.scope_code,
        active: user.active,
    })
}

pub async fn view(
    db: &impl ConnectionTrait,
    user: user_account::Model,
) -> Result<AccountView, DbErr> {
    let names = unit_names(db, std::slice::from_ref(&user)).await?;
    to_view(user, &names)
}

/// The accounts `actor` manages: all for an admin, the commune accounts of their province
/// for a province official. The caller has authorized the listing.
pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> Result<AccountList, DbErr> {
    let users = user_account::Entity::find()
        .order_by_asc(user_account::Column::Username)
        .all(db)
        .await?;
    let mut names = unit_names(db, &users).await?;
    let mut accounts = Vec::new();
    for user in users {
        let target = target_of(db, &user).await?;
        if access::authorize(Some(actor), Action::ManageAccount, &target).is_ok() {
            accounts.push(to_view(user, &names)?);
        }
    }
    let units = match &actor.province_code {
        Some(code) if actor.role != Role::MinistryAdmin => commune::Entity::find()
            .filter(commune::Column::ProvinceCode.eq(code))
            .order_by_asc(commune::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|c| UnitOption {
                code: c.code,
                name: c.full_name,
            })
            .collect(),
        _ => {
            let mut provinces: Vec<UnitOption> = names
                .drain()
                .filter(|(code, _)| code.len() == 2)
                .map(|(code, name)| UnitOption { code, name })
                .collect();
            provinces.sort_by(|a, b| a.code.cmp(&b.code));
            provinces
        }
    };
    Ok(AccountList {
        accounts,
        roles: access::grantable_roles(actor),
        units,
    })
}

/// An account the current user may manage. An account that does not exist is refused like
/// one out of reach, except to an admin, who learns it is not there.
pub async fn managed(db: &impl ConnectionTrait, id: i64) -> Result<user_account::Model, AppError> {
    let user = user_account::Entity::find_by_id(id).one(db).await?;
    let target = match &user {
        Some(user) => target_of(db, user).await?,
        None => Target::Nation,
    };
    access::require(Action::ManageAccount, target).await?;
    user.ok_or(AppError::NotFound)
}

/// Checks that `actor` may give an account `role` in unit `scope`.
async fn check_grant(
    db: &impl ConnectionTrait,
    role: Role,
    scope: Option<&str>,
) -> Result<(), AppError> {
    check_scope(db, role, scope).await?;
    let province = scope_province(db, role, scope).await?;
    access::require(Action::ManageAccount, Target::Account { role, province }).await?;
    Ok(())
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Creates (`id` None) or changes an account; the change and its audit row are written in
/// one transaction.
pub async fn save(
    state: &AppState,
    request: &RequestInfo,
    id: Option<i64>,
    form: AccountForm,
) -> Result<AccountView, AppError> {
    let actor = request.actor.clone().ok_or(AppError::Unauthorized)?;
    // Someone who manages no accounts is refused before anything is read.
    if !access::may_in_own_area(&actor, Action::ManageAccount) {
        access::require(Action::ManageAccount, access::own_area(&actor)).await?;
    }
    let db = &state.db;
    let now = state.clock.now();
    let existing = match id {
        Some(id) => Some(managed(db, id).await?),
        None => None,
    };
    let role = Role::parse(form.role.trim()).ok_or(AppError::Invalid(Problem::RoleUnknown))?;
    let scope = optional(&form.scope_code);
    check_grant(db, role, scope.as_deref()).await?;
    // A password is hashed before the transaction (see `check_new`).
    let write = match existing {
        None => Write::New(
            check_new(NewAccount {
                username: form.username.clone(),
                display_name: form.display_name.clone(),
                email: optional(&form.email),
                role,
                scope_code: scope.clone(),
                password: form.password.clone(),
            })
            .await?,
        ),
        Some(before) if !form.password.is_empty() => {
            password::check_strength(&form.password)?;
            Write::Change(before, Some(password::hash(form.password.clone()).await?))
        }
        Some(before) => Write::Change(before, None),
    };
    let txn = begin_write(db).await?;
    let saved = match write {
        Write::New(account) => {
            let created = insert(&txn, account, now).await?;
            let entry = audit::Entry {
                action: "create",
                entity: Some("user_account"),
                entity_id: Some(created.id.to_string()),
                province_code: scope_province(&txn, role, created.scope_code.as_deref()).await?,
                after: Some(audit_value(&created)),
                ..Default::default()
            };
            audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
            created
        }
        Write::Change(before, new_hash) => {
            if before.id == actor.user_id && role != actor.role {
                return Err(AppError::Invalid(Problem::OwnAccount));
            }
            let mut change = before.clone().into_active_model();
            change.display_name = Set(clean_name(&form.display_name)?);
            change.email = Set(clean_email(optional(&form.email))?);
            change.role = Set(role.code().to_owned());
            change.scope_code = Set(scope.clone());
            change.updated_at = Set(now);
            let new_password = new_hash.is_some();
            if let Some(hash) = new_hash {
                change.password_hash = Set(hash);
            }
            let after = change.update(&txn).await?;
            if new_password || before.role != after.role || before.scope_code != after.scope_code {
                session::end_all(&txn, after.id).await?;
            }
            let mut after_value = audit_value(&after);
            if new_password {
                after_value["password"] = "reset".into();
            }
            let entry = audit::Entry {
                action: "update",
                entity: Some("user_account"),
                entity_id: Some(after.id.to_string()),
                province_code: scope_province(&txn, role, after.scope_code.as_deref()).await?,
                before: Some(audit_value(&before)),
                after: Some(after_value),
                ..Default::default()
            };
            audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
            after
        }
    };
    txn.commit().await?;
    Ok(view(db, saved).await?)
}

/// Enables or disables an account; disabling ends its sessions in the same transaction.
pub async fn set_active(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
    active: bool,
) -> Result<AccountView, AppError> {
    let actor = request.actor.clone().ok_or(AppError::Unauthorized)?;
    let db = &state.db;
    let now = state.clock.now();
    let before = managed(db, id).await?;
    if before.id == actor.user_id {
        return Err(AppError::Invalid(Problem::OwnAccount));
    }
    let target = target_of(db, &before).await?;
    let txn = begin_write(db).await?;
    let mut change = before.clone().into_active_model();
    change.active = Set(active);
    change.updated_at = Set(now);
    let after = change.update(&txn).await?;
    if !active {
        session::end_all(&txn, after.id).await?;
    }
    let province_code = match target {
        Target::Account { province, .. } => province,
        _ => None,
    };
    let entry = audit::Entry {
        action: "update",
        entity: Some("user_account"),
        entity_id: Some(after.id.to_string()),
        province_code,
        before: Some(audit_value(&before)),
        after: Some(audit_value(&after)),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(view(db, after).await?)
}
