//! Integrations: the API tokens with which a province's dossier system sends its dossiers
//! (`POST /api/v1/tinh/{code}/ho-so`). A ministry admin issues a token for one province and
//! sees its secret once; tiendo keeps only the secret's SHA-256. A token can be revoked; every
//! issue and revocation is in the audit log.

#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const INTEGRATIONS_PATH: &str = "/quan-tri/tich-hop";

/// The path dossiers are sent to for a province.
pub fn dossiers_api_path(province: &str) -> String {
    format!("/api/v1/tinh/{province}/ho-so")
}

/// What the secrets start with, so that one pasted in the wrong place is recognised.
pub const SECRET_PREFIX: &str = "tdk_";

/// A token as the admin sees it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub province_code: String,
    pub province_name: String,
    pub name: String,
    /// The secret's first characters.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token just issued, with its secret: shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: TokenView,
    pub secret: String,
}

/// Every token, the newest first, with the provinces to issue one for. Ministry admins.
#[server(endpoint = "integrations/list")]
pub async fn list_api_tokens() -> Result<(Vec<TokenView>, Vec<(String, String)>), AppError> {
    let state = crate::state::app_state()?;
    service::list(&state).await
}

/// Issues a token for a province's system. Ministry admins.
#[server(endpoint = "integrations/issue")]
pub async fn issue_api_token(province: String, name: String) -> Result<IssuedToken, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    service::issue(&state, &request, &province, &name).await
}

/// Revokes a token: the system holding it is refused from then on. Ministry admins.
#[server(endpoint = "integrations/revoke")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    service::revoke(&state, &request, id).await
}
