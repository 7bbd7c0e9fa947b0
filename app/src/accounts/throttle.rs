//! Sign-in throttling per account and per client address, counted in the database so that
//! every app instance enforces the same limits.

use super::session::AuthConfig;
use chrono::{DateTime, Utc};
use entity::login_throttle::{self, Column};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};

/// True when any of `keys` is locked out at `now`.
pub async fn locked(
    db: &DatabaseConnection,
    keys: &[&str],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let locked = login_throttle::Entity::find()
        .filter(Column::Key.is_in(keys.iter().copied()))
        .filter(Column::LockedUntil.gt(now))
        .one(db)
        .await?;
    Ok(locked.is_some())
}

/// Counts one failure for `key` (atomically, in one upsert), and locks the key out once
/// `max` failures fall in one window.
pub async fn fail(
    db: &DatabaseConnection,
    key: &str,
    max: i32,
    now: DateTime<Utc>,
    auth: &AuthConfig,
) -> Result<(), DbErr> {
    let window_floor = now - auth.failure_window;
    let stale = || Expr::col((login_throttle::Entity, Column::WindowStart)).lt(window_floor);
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(1),
        window_start: Set(now),
        locked_until: Set(None),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(
                    Column::Failures,
                    Expr::case(stale(), 1)
                        .finally(Expr::col((login_throttle::Entity, Column::Failures)).add(1)),
                )
                .value(
                    Column::WindowStart,
                    Expr::case(stale(), now)
                        .finally(Expr::col((login_throttle::Entity, Column::WindowStart))),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    login_throttle::Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(now + auth.lockout))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gte(max))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(db: &DatabaseConnection, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}
