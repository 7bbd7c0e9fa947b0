//! Opening the database: an SQLite file in the data directory by default, PostgreSQL when a
//! URL is given.

use crate::{Config, StartupError};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::{path::Path, time::Duration};

pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    let url = match &config.database_url {
        Some(url) => url.clone(),
        None => {
            check_data_dir(&config.data_dir)?;
            format!(
                "sqlite://{}?mode=rwc",
                config.data_dir.join("tiendo.db").display()
            )
        }
    };
    let pool = &config.pool;
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(pool.db_max_connections)
        .min_connections(pool.db_min_connections)
        .connect_timeout(pool.connect_timeout())
        .acquire_timeout(pool.acquire_timeout())
        .idle_timeout(pool.idle_timeout())
        .sqlx_logging(false)
        // WAL lets pages read while a write is in progress; FULL sync makes every
        // acknowledged commit survive a crash or power cut.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Reads of a large file through the operating system's page cache rather than
                // copies: the dossiers' tallies are larger than SQLite's own default cache.
                .pragma("mmap_size", MMAP_BYTES.to_string())
                .pragma("cache_size", format!("-{CACHE_KIB}"))
        });
    Database::connect(options)
        .await
        .map_err(|e| StartupError::Database(redact(&url), e))
}

/// How much of the SQLite file is mapped into memory (shared by every connection).
const MMAP_BYTES: u64 = 1 << 30;
/// Each connection's page cache, in KiB.
const CACHE_KIB: u64 = 32 * 1024;

fn check_data_dir(dir: &Path) -> Result<(), StartupError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(StartupError::DataDirMissing(shown));
    }
    let probe = dir.join(".tiendo-write-check");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| StartupError::DataDirNotWritable(shown, e))
}

/// The URL with any password replaced, fit for logs and error messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/tiendo"),
            "postgres://app:***@db:5432/tiendo"
        );
        assert_eq!(
            redact("postgres://app@db/tiendo"),
            "postgres://app@db/tiendo"
        );
        assert_eq!(
            redact("sqlite://var/tiendo.db?mode=rwc"),
            "sqlite://var/tiendo.db?mode=rwc"
        );
    }
}
