//! Backup and restore of the SQLite database, and the data revision's jump after any restore.
//!
//! - `tiendo backup FILE` copies the database while the server goes on taking writes
//!   (`VACUUM INTO` reads one consistent snapshot).
//! - `tiendo restore FILE` puts a backup in place; the server must be stopped (it holds
//!   `tiendo.lock` in the data directory while it runs).
//! - With PostgreSQL, `pg_dump` and `pg_restore` copy and restore; `tiendo restore` without a
//!   file then does the last step alone.
//!
//! After a restore the data revision is moved past every value an instance may have seen
//! (to the time of the restore, in microseconds), so no instance serves a page it kept from
//! before the restore, nor a ranking computed then: their revision can never come round again.

use crate::{Config, StartupError, db};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, Statement};
use std::{
    fs::File,
    path::{Path, PathBuf},
};

fn failed(what: &str, error: impl std::fmt::Display) -> StartupError {
    StartupError::Command(format!("{what}: {error}"))
}

/// The lock a server holds on its SQLite data directory while it runs; None with PostgreSQL.
pub fn hold_lock(config: &Config) -> Result<Option<File>, StartupError> {
    if config.database_url.is_some() {
        return Ok(None);
    }
    let path = config.data_dir.join("tiendo.lock");
    let file = File::create(&path).map_err(|e| failed(&path.display().to_string(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(StartupError::Command(format!(
            "another tiendo uses {}: stop it first",
            config.data_dir.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(failed(&path.display().to_string(), e)),
    }
}

fn sqlite_only(config: &Config, what: &str) -> Result<PathBuf, StartupError> {
    match &config.database_url {
        Some(_) => Err(StartupError::Command(format!(
            "{what} with PostgreSQL: use pg_dump / pg_restore (README, Backup and restore)"
        ))),
        None => Ok(config.data_dir.join("tiendo.db")),
    }
}

pub async fn backup(config: &Config, file: &Path) -> Result<(), StartupError> {
    sqlite_only(config, "backup")?;
    if file.exists() {
        return Err(StartupError::Command(format!(
            "{} exists: choose a new file",
            file.display()
        )));
    }
    let db = db::connect(config).await?;
    let target = file.to_string_lossy().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await
        .map_err(|e| failed("backup", e))?;
    db.close().await.ok();
    File::open(file)
        .and_then(|f| f.sync_all())
        .map_err(|e| failed("writing the backup", e))?;
    println!("backed up to {}", file.display());
    Ok(())
}

pub async fn restore(config: &Config, file: Option<&Path>) -> Result<(), StartupError> {
    // Held until the end: no server starts on the data directory mid-restore.
    let _lock = hold_lock(config)?;
    match (file, &config.database_url) {
        (Some(file), None) => restore_sqlite(config, file).await?,
        (None, Some(_)) => {}
        (Some(_), Some(_)) => {
            return Err(StartupError::Command(
                "with PostgreSQL, restore with pg_restore, then run `tiendo restore` without a file"
                    .into(),
            ));
        }
        (None, None) => {
            return Err(StartupError::Command(
                "restore what? give the backup's file".into(),
            ));
        }
    }
    let db = db::connect(config).await?;
    Migrator::up(&db, None)
        .await
        .map_err(StartupError::Migration)?;
    let moved_to = chrono::Utc::now().timestamp_micros();
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE data_revision SET value = CASE WHEN value > {moved_to} THEN value + 1 \
             ELSE {moved_to} END WHERE id = 1"
        ),
    ))
    .await
    .map_err(|e| failed("moving the data revision on", e))?;
    db.close().await.ok();
    println!("restored; data revision moved on");
    Ok(())
}

async fn restore_sqlite(config: &Config, file: &Path) -> Result<(), StartupError> {
    let live = sqlite_only(config, "restore")?;
    // A tiendo database, readable: it has its revision. (`%`, `?` and `#` in its path are
    // escaped: they mean something in a URL.)
    let path = file
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    let url = format!("sqlite://{path}?mode=ro");
    let backup = Database::connect(&url)
        .await
        .map_err(|e| failed(&file.display().to_string(), e))?;
    app::rankings::revision::current(&backup)
        .await
        .map_err(|e| failed("not a tiendo backup", e))?;
    backup.close().await.ok();
    // The copy is complete on disk before it replaces the database; the old database's
    // journal goes with it.
    let staged = config.data_dir.join("tiendo.db.restoring");
    std::fs::copy(file, &staged).map_err(|e| failed("copying the backup", e))?;
    File::open(&staged)
        .and_then(|f| f.sync_all())
        .map_err(|e| failed("writing the copy", e))?;
    for journal in ["tiendo.db-wal", "tiendo.db-shm", "tiendo.db-journal"] {
        let path = config.data_dir.join(journal);
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| failed(journal, e))?;
        }
    }
    std::fs::rename(&staged, &live).map_err(|e| failed("putting the backup in place", e))?;
    File::open(&config.data_dir)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| failed("writing the data directory", e))?;
    Ok(())
}
