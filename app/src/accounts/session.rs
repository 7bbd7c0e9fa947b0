//! Sessions kept in the database, so every app instance behind a load balancer sees the same
//! ones. The browser holds a random token in an HttpOnly cookie; the database holds only its
//! SHA-256. Idle and absolute timeouts; a disabled user's sessions end at once.

use super::{Actor, password, service, throttle};
use crate::state::begin_write;
use crate::{
    audit,
    error::{AppError, Problem},
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use entity::{session, user_account};
use leptos::prelude::*;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Served over HTTPS: the cookie is `__Host-` prefixed and `Secure`.
    pub secure_cookies: bool,
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    /// Failed sign-ins allowed per account, per address and account, and per address.
    pub max_account_failures: i32,
    pub max_pair_failures: i32,
    pub max_ip_failures: i32,
    pub failure_window: Duration,
    pub lockout: Duration,
    /// Proxies in front of the server whose X-Forwarded-For entries are believed.
    pub trusted_proxies: usize,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            idle_timeout: Duration::minutes(30),
            absolute_lifetime: Duration::hours(12),
            max_account_failures: 10,
            max_pair_failures: 5,
            max_ip_failures: 100,
            failure_window: Duration::minutes(15),
            lockout: Duration::minutes(15),
            trusted_proxies: 0,
        }
    }
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-tiendo_session"
        } else {
            "tiendo_session"
        }
    }

    fn cookie(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
            self.cookie_name()
        )
    }

    /// The session token in a `Cookie` header value, if any.
    pub fn token_in(&self, cookie_header: &str) -> Option<String> {
        crate::cookies::value(cookie_header, self.cookie_name()).map(str::to_owned)
    }
}

/// The client address as the server trusts it (peer, or a trusted proxy's header), set on
/// each request by the server's middleware.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// What sign-in and sign-out need from the current request.
pub struct RequestInfo {
    pub ip: String,
    pub token: Option<String>,
    pub actor: Option<Actor>,
    /// The key of a change a device kept offline and sends now (see `forms::claim`).
    pub key: Option<String>,
}

impl RequestInfo {
    pub fn current() -> Self {
        let parts = use_context::<http::request::Parts>();
        let auth = use_context::<AppState>()
            .map(|s| s.auth)
            .unwrap_or_default();
        let ip = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<ClientIp>())
            .map_or_else(|| "unknown".to_owned(), |ip| ip.0.to_string());
        let token = parts.as_ref().and_then(|p| {
            let cookies = p.headers.get_all(http::header::COOKIE);
            cookies
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(|v| auth.token_in(v))
        });
        let key = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<crate::forms::RequestKey>())
            .map(|k| k.0.clone());
        let actor = parts.and_then(|p| p.extensions.get::<Actor>().cloned());
        Self {
            ip,
            token,
            actor,
            key,
        }
    }
}

pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

pub fn normalize_username(username: &str) -> String {
    username.trim().to_lowercase()
}

pub async fn sign_in(
    state: &AppState,
    request: &RequestInfo,
    username: &str,
    password_text: &str,
) -> Result<Actor, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let username = normalize_username(username);
    // No account name is longer than 64 characters: a longer one is counted by its beginning.
    let counted_as: String = username.chars().take(64).collect();
    let limits = throttle::sign_in_limits(&state.auth, &counted_as, &request.ip);
    let failed = |action| audit::Entry {
        action,
        entity: Some("user_account"),
        entity_id: Some(username.clone()),
        ..Default::default()
    };

    if !throttle::attempt(db, &limits, now, &state.auth).await? {
        audit::record_refusal(db, now, &request.ip, failed("login_throttled")).await?;
        return Err(AppError::TooManyAttempts);
    }
    let user =
        if username.is_empty() || username.len() > 64 || password_text.len() > password::MAX_LENGTH
        {
            None
        } else {
            service::find_by_username(db, &username).await?
        };
    let stored = user
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone());
    let user = match (
        password::verify(password_text.to_owned(), stored).await,
        user,
    ) {
        (true, Some(user)) => user,
        _ => {
            throttle::failed(db, &limits, now, &state.auth).await?;
            audit::record_refusal(db, now, &request.ip, failed("login_failed")).await?;
            return Err(AppError::LoginFailed);
        }
    };
    // Everything a sign-in writes, in one transaction (one commit).
    let txn = begin_write(db).await?;
    // The password checked is still the account's, and the account still active, as this
    // transaction writes (the row held until it commits): a new password or a disabling
    // that commits first refuses this sign-in; one that commits after it ends its session.
    let still = user_account::Entity::update_many()
        .col_expr(
            user_account::Column::PasswordHash,
            sea_orm::sea_query::Expr::col(user_account::Column::PasswordHash),
        )
        .filter(user_account::Column::Id.eq(user.id))
        .filter(user_account::Column::PasswordHash.eq(user.password_hash.clone()))
        .filter(user_account::Column::Active.eq(true))
        .exec(&txn)
        .await?
        .rows_affected;
    if still != 1 {
        txn.rollback().await?;
        return Err(AppError::LoginFailed);
    }
    // Each count forgets this attempt only: clearing them would let attempts sent at the
    // same time as a right one start counting afresh.
    for limit in &limits {
        throttle::succeeded(&txn, &limit.key).await?;
    }
    // A new id on every sign-in: a token planted before sign-in never becomes a session.
    if let Some(old) = &request.token {
        session::Entity::delete_by_id(token_hash(old))
            .exec(&txn)
            .await?;
    }
    let token = new_token();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + state.auth.absolute_lifetime),
        ip: Set(request.ip.clone()),
    }
    .insert(&txn)
    .await?;
    let actor = service::actor_for(&txn, &user).await?;
    let entry = audit::Entry {
        action: "login",
        entity: Some("user_account"),
        entity_id: Some(user.id.to_string()),
        province_code: actor.province_code.clone(),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    set_cookie(
        state
            .auth
            .cookie(&token, state.auth.absolute_lifetime.num_seconds()),
    );
    Ok(actor)
}

pub async fn sign_out(state: &AppState, request: &RequestInfo) -> Result<(), AppError> {
    if let Some(token) = &request.token {
        session::Entity::delete_by_id(token_hash(token))
            .exec(&state.db)
            .await?;
    }
    if let Some(actor) = &request.actor {
        let entry = audit::Entry {
            action: "logout",
            entity: Some("user_account"),
            entity_id: Some(actor.user_id.to_string()),
            province_code: actor.province_code.clone(),
            ..Default::default()
        };
        audit::record(
            &state.db,
            state.clock.now(),
            Some(actor),
            Some(&request.ip),
            entry,
        )
        .await?;
    }
    set_cookie(state.auth.cookie("", 0));
    Ok(())
}

/// Ends every session of a user (disabled, role or scope changed, password reset).
pub async fn end_all(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> Result<(), DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The actor behind a session token, or None when the session is unknown, expired, idle
/// too long, or its user disabled (such a session is deleted).
pub async fn resolve(
    db: &DatabaseConnection,
    auth: &AuthConfig,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, DbErr> {
    let Some(row) = session::Entity::find_by_id(token_hash(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = entity::user_account::Entity::find_by_id(row.user_id)
        .one(db)
        .await?;
    let expired = now >= row.expires_at || now - row.last_seen_at > auth.idle_timeout;
    let Some(user) = user.filter(|u| u.active && !expired) else {
        session::Entity::delete_by_id(row.token_hash)
            .exec(db)
            .await?;
        return Ok(None);
    };
    // Touch at most once a minute (fewer writes), and always well before the idle limit,
    // however short it is set.
    if now - row.last_seen_at > (auth.idle_timeout / 4).min(Duration::minutes(1)) {
        let mut active = row.into_active_model();
        active.last_seen_at = Set(now);
        active.update(db).await?;
    }
    service::actor_for(db, &user).await.map(Some)
}

/// The signed-in user replaces their password after giving the current one (failures count
/// towards the sign-in lockout); every other session of theirs ends.
pub async fn change_password(
    state: &AppState,
    request: &RequestInfo,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let actor = request.actor.clone().ok_or(AppError::Unauthorized)?;
    let db = &state.db;
    let now = state.clock.now();
    let limits = [throttle::Limit {
        key: format!("account:{}", actor.username),
        max: state.auth.max_account_failures,
    }];
    if !throttle::attempt(db, &limits, now, &state.auth).await? {
        return Err(AppError::TooManyAttempts);
    }
    let user = entity::user_account::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if current.len() > password::MAX_LENGTH
        || !password::verify(current.to_owned(), Some(user.password_hash.clone())).await
    {
        throttle::failed(db, &limits, now, &state.auth).await?;
        return Err(AppError::Invalid(Problem::PasswordWrong));
    }
    throttle::succeeded(db, &limits[0].key).await?;
    password::check_strength(new)?;
    if new != confirm {
        return Err(AppError::Invalid(Problem::PasswordMismatch));
    }
    let hash = password::hash(new.to_owned()).await?;
    let txn = begin_write(db).await?;
    let mut change = user.into_active_model();
    change.password_hash = Set(hash);
    change.updated_at = Set(now);
    change.update(&txn).await?;
    let mut others =
        session::Entity::delete_many().filter(session::Column::UserId.eq(actor.user_id));
    if let Some(token) = &request.token {
        others = others.filter(session::Column::TokenHash.ne(token_hash(token)));
    }
    others.exec(&txn).await?;
    let entry = audit::Entry {
        action: "password_change",
        entity: Some("user_account"),
        entity_id: Some(actor.user_id.to_string()),
        province_code: actor.province_code.clone(),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(())
}
