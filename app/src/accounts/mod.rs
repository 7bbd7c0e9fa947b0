//! Who is asking: accounts, roles and scopes, sign-in and sign-out.

use crate::error::AppError;
use crate::i18n::Strings;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub mod management;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;

/// What a user may do. A user has exactly one role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Central: plans, tasks, settings and accounts everywhere.
    MinistryAdmin,
    /// Ministry staff: reads everything, runs inspection visits.
    Inspector,
    /// One province: its own tasks, its communes' reports and accounts.
    ProvinceOfficial,
    /// One commune: its own checklist.
    CommuneOfficial,
}

/// The kind of unit a role's scope names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeLevel {
    Province,
    Commune,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::MinistryAdmin,
        Role::Inspector,
        Role::ProvinceOfficial,
        Role::CommuneOfficial,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::MinistryAdmin => "ministry_admin",
            Role::Inspector => "inspector",
            Role::ProvinceOfficial => "province_official",
            Role::CommuneOfficial => "commune_official",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    /// The unit the role is tied to, if any.
    pub fn scope_level(self) -> Option<ScopeLevel> {
        match self {
            Role::MinistryAdmin | Role::Inspector => None,
            Role::ProvinceOfficial => Some(ScopeLevel::Province),
            Role::CommuneOfficial => Some(ScopeLevel::Commune),
        }
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            Role::MinistryAdmin => t.role_ministry_admin,
            Role::Inspector => t.role_inspector,
            Role::ProvinceOfficial => t.role_province_official,
            Role::CommuneOfficial => t.role_commune_official,
        }
    }
}

/// The signed-in user making a request, with the units their scope reaches, resolved on the
/// server from the session (never taken from the client).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Set for province and commune officials (for the latter, their commune's province).
    pub province_code: Option<String>,
    /// Set for commune officials.
    pub commune_code: Option<String>,
}

/// The actor of the current request, if signed in.
#[cfg(feature = "ssr")]
pub fn current_actor_ctx() -> Option<Actor> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Actor>().cloned())
}

/// Signs in. Before hydration this is a plain form post: success sends the browser to
/// `next` (an address on this site) or where the account lands, failure back to the form
/// with the message.
#[server(endpoint = "account/login")]
pub async fn login(
    username: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Actor, AppError> {
    let state = crate::state::app_state()?;
    let request = session::RequestInfo::current();
    let actor = session::sign_in(&state, &request, &username, &password).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(after_sign_in(&actor, &next));
    }
    Ok(actor)
}

/// Where a user goes after signing in: `next` if it is an address on this site, else where
/// their account lands.
pub fn after_sign_in<'a>(actor: &Actor, next: &'a str) -> &'a str {
    crate::forms::local_address(next)
        .filter(|n| !n.starts_with("/dang-nhap"))
        .unwrap_or(crate::tasks::work::landing(actor))
}

/// Signs out: the session ends on the server, the cookie is cleared.
#[server(endpoint = "account/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    session::sign_out(&state, &session::RequestInfo::current()).await
}

/// Who is signed in on this browser, if anyone.
#[server(endpoint = "account/me")]
pub async fn who_am_i() -> Result<Option<Actor>, AppError> {
    Ok(current_actor_ctx())
}
