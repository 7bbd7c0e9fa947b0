//! Managing accounts: a ministry admin manages every account, a province official the commune
//! accounts of their own province. Every call is checked against the account as it is and as
//! it would become, so nobody grants a role or a unit beyond their own.

use super::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An account as the management pages show it (never its password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub scope_code: Option<String>,
    /// The name of the province or commune the scope names.
    pub scope_name: Option<String>,
    pub active: bool,
}

/// A unit an account may be tied to, offered in the account form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitOption {
    pub code: String,
    pub name: String,
}

/// The accounts the signed-in user manages, and what they may give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountList {
    pub accounts: Vec<AccountView>,
    /// The roles the user may grant.
    pub roles: Vec<Role>,
    /// The units the user may tie an account to (provinces for an admin, their communes for
    /// a province official).
    pub units: Vec<UnitOption>,
}

/// Where the account pages live.
pub const ACCOUNTS_PATH: &str = "/quan-tri/tai-khoan";

#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<AccountList, AppError> {
    let state = crate::state::app_state()?;
    let target = super::current_actor_ctx()
        .as_ref()
        .map_or(crate::access::Target::Nation, crate::access::own_area);
    let actor = crate::access::require(crate::access::Action::ManageAccount, target).await?;
    Ok(super::service::list(&state.db, &actor).await?)
}

#[server(endpoint = "accounts/get")]
pub async fn get_account(id: i64) -> Result<AccountView, AppError> {
    let state = crate::state::app_state()?;
    let account = super::service::managed(&state.db, id).await?;
    Ok(super::service::view(&state.db, account).await?)
}

/// Creates an account (no `id`) or changes one. An empty password keeps the current one; a
/// new password, a new role or unit, or disabling ends the account's sessions.
#[server(endpoint = "accounts/save")]
pub async fn save_account(
    id: Option<i64>,
    username: String,
    display_name: String,
    email: String,
    role: String,
    scope_code: String,
    password: String,
) -> Result<AccountView, AppError> {
    let state = crate::state::app_state()?;
    let request = super::session::RequestInfo::current();
    let form = super::service::AccountForm {
        username,
        display_name,
        email,
        role,
        scope_code,
        password,
    };
    let saved = super::service::save(&state, &request, id, form).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(ACCOUNTS_PATH);
    }
    Ok(saved)
}

/// Enables or disables an account; disabling ends its sessions at once.
#[server(endpoint = "accounts/active")]
pub async fn set_account_active(id: i64, active: bool) -> Result<AccountView, AppError> {
    let state = crate::state::app_state()?;
    let request = super::session::RequestInfo::current();
    let saved = super::service::set_active(&state, &request, id, active).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(ACCOUNTS_PATH);
    }
    Ok(saved)
}

/// The signed-in user changes their own password; their other sessions end.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let request = super::session::RequestInfo::current();
    super::session::change_password(
        &state,
        &request,
        &current_password,
        &new_password,
        &confirm_password,
    )
    .await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect("/doi-mat-khau?xong=1");
    }
    Ok(())
}
