//! The data revision: a counter the database raises (by triggers) in the same transaction as
//! every write of tasks, assignments, their changes and the settings. Read before computing,
//! it names what the computation saw: a later write, through any instance, raises it.

use sea_orm::{ConnectionTrait, DbErr, Statement};

pub async fn current(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT value FROM data_revision WHERE id = 1",
        ))
        .await?;
    match rows.first() {
        Some(row) => row.try_get("", "value"),
        None => Err(DbErr::RecordNotFound("data_revision".into())),
    }
}
