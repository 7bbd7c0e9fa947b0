//! The data revisions: counters the database raises (by triggers) in the same transaction as
//! every write. Read before computing, a revision names what the computation saw: a later
//! write, through any instance, raises it.
//!
//! - Row 1 counts writes of tasks, assignments, their changes and the settings: what the
//!   rankings' timeline is made from.
//! - Row 2 counts writes of dossiers, agencies and procedures.
//!
//! A page is made from both: its revision is their sum, which any write raises.

use sea_orm::{ConnectionTrait, DbErr, Statement};

async fn read(db: &impl ConnectionTrait, sql: &str) -> Result<i64, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    match rows.first() {
        Some(row) => row.try_get("", "value"),
        None => Err(DbErr::RecordNotFound("data_revision".into())),
    }
}

/// The revision of all the data: what pages are kept under.
pub async fn current(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    read(
        db,
        "SELECT CAST(SUM(value) AS BIGINT) AS value FROM data_revision",
    )
    .await
}

/// The revision of the tasks and their changes: what the rankings' timeline is kept under.
pub async fn tasks(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    read(db, "SELECT value FROM data_revision WHERE id = 1").await
}
