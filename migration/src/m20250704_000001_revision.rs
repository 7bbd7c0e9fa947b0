//! One counter that every write of progress data raises in its own transaction (by database
//! triggers, whoever writes), so any instance can tell whether what it computed from the data
//! is still current.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataRevision::Table)
                    .if_not_exists()
                    .col(integer(DataRevision::Id).primary_key())
                    .col(big_integer(DataRevision::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(DataRevision::Table)
                    .columns([DataRevision::Id, DataRevision::Value])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION bump_data_revision() RETURNS trigger AS $$ \
                     BEGIN UPDATE data_revision SET value = value + 1 WHERE id = 1; RETURN NULL; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_revision \
                         BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_data_revision()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in WATCHED {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_revision_{} AFTER {event} ON {table} \
                             BEGIN UPDATE data_revision SET value = value + 1 WHERE id = 1; END",
                            event.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in WATCHED {
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
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION bump_data_revision()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(DataRevision::Table).to_owned())
            .await
    }
}

/// The tables whose rows the figures and the public pages are made from.
const WATCHED: [&str; 9] = [
    "plan",
    "plan_phase",
    "task_group",
    "task",
    "assignment",
    "assignment_change",
    "deadline_change",
    "evidence",
    "setting",
];

#[derive(DeriveIden)]
enum DataRevision {
    Table,
    Id,
    Value,
}
