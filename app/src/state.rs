//! What every request handler and server function shares. Built once in `main` (or by a
//! test) and handed to the router; no globals.

use crate::{accounts::session::AuthConfig, clock::Clock, error::AppError};
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::{
    DatabaseConnection, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub auth: AuthConfig,
    pub clock: Clock,
    pub rankings: crate::rankings::engine::RankingCache,
}

/// The state of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// Starts a transaction that writes. On SQLite it takes the file's write lock at once
/// (`BEGIN IMMEDIATE`, waiting its turn up to the busy timeout): begun deferred, a
/// transaction that reads before it writes is refused at once (`SQLITE_BUSY_SNAPSHOT`)
/// whenever another connection committed in between. PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// The database of the current request's state.
pub fn db() -> Result<DatabaseConnection, AppError> {
    app_state().map(|state| state.db)
}

/// True for a plain HTML form post (the page has not hydrated, or JavaScript is off): the
/// answer is then a redirect, not data.
pub fn is_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.headers.contains_key(crate::forms::PLAIN_FORM_HEADER)
            || parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}
