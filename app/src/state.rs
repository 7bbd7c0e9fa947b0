//! What every request handler and server function shares. Built once in `main` (or by a
//! test) and handed to the router; no globals.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
}

/// The database of the current request's state.
pub fn db() -> Result<DatabaseConnection, AppError> {
    use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::Internal
        })
}

/// Gives a server function's error its HTTP status (404 for a unit that is not there, 503
/// when the database is down…) instead of a blanket 500.
pub async fn reply<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let (Err(error), Some(response)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(error.status());
    }
    result
}
