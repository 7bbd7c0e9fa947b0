//! Triggers that raise one row of `data_revision` on every write of some tables, in the
//! writing transaction: per statement on PostgreSQL (through a function), per row on SQLite.

use sea_orm_migration::prelude::*;

/// Creates the triggers raising row `row` on writes of `tables`; on PostgreSQL through the
/// function `function`.
pub async fn create(
    manager: &SchemaManager<'_>,
    tables: &[&str],
    row: i32,
    function: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            db.execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ \
                 BEGIN UPDATE data_revision SET value = value + 1 WHERE id = {row}; RETURN NULL; END; \
                 $$ LANGUAGE plpgsql"
            ))
            .await?;
            for table in tables {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_revision \
                     BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                ))
                .await?;
            }
        }
        _ => {
            for table in tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_revision_{} AFTER {event} ON {table} \
                         BEGIN UPDATE data_revision SET value = value + 1 WHERE id = {row}; END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// Drops the triggers `create` made, and on PostgreSQL the function `function` when no
/// other tables' triggers still call it.
pub async fn drop(
    manager: &SchemaManager<'_>,
    tables: &[&str],
    function: Option<&str>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for table in tables {
        match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!("DROP TRIGGER {table}_revision ON {table}"))
                    .await?;
            }
            _ => {
                for event in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_revision_{event}"))
                        .await?;
                }
            }
        }
    }
    if let Some(function) = function
        && manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres
    {
        db.execute_unprepared(&format!("DROP FUNCTION {function}()"))
            .await?;
    }
    Ok(())
}
