//! The tiendo web server: configuration, start-up (database, migrations, territory), the
//! router shared by `main` and the tests, and graceful shutdown.

mod api_docs;
mod api_errors;
mod assets;
mod audit_export;
mod backup;
mod bulk_routes;
mod catalogue_files;
mod config;
mod connection;
mod db;
mod decision_documents;
mod dossier_api;
mod dossier_files;
mod evidence_routes;
mod form_posts;
mod health;
mod notify;
mod open_data;
mod page_cache;
mod paths;
mod render_limit;
pub mod router;
mod security;
mod uploads;
mod visit_attachments;
mod visit_reports;

pub use config::{Command, Config, UserCommand};
pub use router::build_router;

use app::{
    accounts::service, clock::Clock, demo, error::AppError, state::AppState, territory::loader,
};
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
    #[error("{0}")]
    Command(String),
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
    let clock = Clock::System;
    if config.demo {
        demo::load(&db, clock.now())
            .await
            .map_err(|e| StartupError::Command(format!("demo data: {e}")))?;
        println!("Demo accounts (password {}):", demo::DEMO_PASSWORD);
        for (username, name, role, scope) in demo::DEMO_ACCOUNTS {
            let scope = scope.map(|s| format!(" {s}")).unwrap_or_default();
            println!("  {username:<8} {name} ({}{scope})", role.code());
        }
    }
    Ok(AppState {
        leptos_options: config.leptos_options(),
        db,
        auth: config.auth(),
        clock,
        rankings: Default::default(),
    })
}

/// Starts the notifications' background round (due-date sweep, e-mail); it runs until the
/// handle is aborted.
pub fn start_notifications(state: &AppState, config: &Config) -> tokio::task::JoinHandle<()> {
    notify::start(state, config)
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM, with each request's peer address
/// known (sign-in throttling needs it).
pub async fn serve(listener: TcpListener, router: axum::Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

/// Runs a command-line subcommand.
async fn run_command(config: &Config, command: &Command) -> Result<(), StartupError> {
    let (username, name, role, scope, email) = match command {
        Command::Backup { file } => return backup::backup(config, file).await,
        Command::Restore { file } => return backup::restore(config, file.as_deref()).await,
        Command::Prepare => {
            let _lock = backup::hold_lock(config)?;
            let state = prepare(config).await?;
            // Closed, an SQLite file holds everything (its write-ahead log folded in).
            return state
                .db
                .close()
                .await
                .map_err(|e| StartupError::Command(e.to_string()));
        }
        Command::User(UserCommand::Create {
            username,
            name,
            role,
            scope,
            email,
        }) => (username, name, role, scope, email),
    };
    let state = prepare(config).await?;
    let password = match std::env::var("TIENDO_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| StartupError::Command(e.to_string()))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let account = service::NewAccount {
        username: username.clone(),
        display_name: name.clone(),
        email: email.clone(),
        role: *role,
        scope_code: scope.clone(),
        password,
    };
    let user = service::create(&state.db, account, state.clock.now())
        .await
        .map_err(|e| {
            let reason = match e {
                AppError::Invalid(problem) => {
                    problem.message(app::i18n::Locale::En.strings()).to_owned()
                }
                other => other.to_string(),
            };
            StartupError::Command(format!("account not created: {reason}"))
        })?;
    println!(
        "created {} ({}) with id {}",
        user.username, user.role, user.id
    );
    Ok(())
}

pub async fn run(config: Config) -> Result<(), StartupError> {
    if let Some(command) = &config.command {
        return run_command(&config, command).await;
    }
    // One server per SQLite data directory, and none while a restore runs.
    let _lock = backup::hold_lock(&config)?;
    let state = prepare(&config).await?;
    let notifications = start_notifications(&state, &config);
    let db = state.db.clone();
    let addr = config.socket_addr();
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| StartupError::Bind(addr, e))?;
    tracing::info!("tiendo listening on http://{addr}");
    serve(listener, build_router(state))
        .await
        .map_err(StartupError::Serve)?;
    notifications.abort();
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
