//! The tiendo web server: configuration, start-up (database, migrations, territory), the
//! router shared by `main` and the tests, and graceful shutdown.

mod assets;
mod config;
mod db;
mod health;
mod router;

pub use config::Config;
pub use router::build_router;

use app::{state::AppState, territory::loader};
use migration::{Migrator, MigratorTrait};
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Why the server could not start; each reads as one line saying what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "data directory {0} does not exist: create it (mkdir -p {0}) or choose another with --data-dir"
    )]
    DataDirMissing(String),
    #[error(
        "data directory {0} is not writable ({1}): fix its permissions or choose another with --data-dir"
    )]
    DataDirNotWritable(String, std::io::Error),
    #[error(
        "cannot connect to the database at {0} ({1}): check --database-url / DATABASE_URL and that the server is running"
    )]
    Database(String, sea_orm::DbErr),
    #[error("database migration failed: {0}")]
    Migration(sea_orm::DbErr),
    #[error("territory data not loaded: {0}")]
    Territory(#[from] loader::LoadError),
    #[error("cannot listen on {0} ({1}): choose another --addr or --port")]
    Bind(SocketAddr, std::io::Error),
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// Connects, migrates and loads the territory: everything but listening.
pub async fn prepare(config: &Config) -> Result<AppState, StartupError> {
    let db = db::connect(config).await?;
    Migrator::up(&db, None)
        .await
        .map_err(StartupError::Migration)?;
    let (provinces, communes) = loader::bundled();
    let report = loader::load(&db, &loader::parse(provinces, communes)?).await?;
    tracing::info!(
        provinces_added = report.provinces_added,
        communes_added = report.communes_added,
        "territory ready"
    );
    if config.demo {
        tracing::info!("demo mode: showing demonstration data alongside the real territory");
    }
    Ok(AppState {
        leptos_options: config.leptos_options(),
        db,
    })
}

pub async fn run(config: Config) -> Result<(), StartupError> {
    let state = prepare(&config).await?;
    let db = state.db.clone();
    let addr = config.socket_addr();
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| StartupError::Bind(addr, e))?;
    tracing::info!("tiendo listening on http://{addr}");
    axum::serve(listener, build_router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve)?;
    if let Err(error) = db.close().await {
        tracing::warn!(%error, "closing the database");
    }
    tracing::info!("tiendo stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then return.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
