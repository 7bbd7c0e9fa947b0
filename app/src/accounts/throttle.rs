//! Sign-in throttling, counted in the database so that every app instance enforces the same
//! limits. An attempt is counted before its password is checked, in one atomic upsert per
//! key, so attempts sent in parallel cannot all pass before the first failure is written.
//!
//! Keys: the account (`account:name`), the address with the account (`pair:addr:name`), and
//! the address (`ip:addr`, a higher limit, so one colleague's mistakes behind an office's
//! shared address do not lock the others out). An IPv6 client counts by its /64.

use super::session::AuthConfig;
use crate::state::begin_write;
use chrono::{DateTime, Utc};
use entity::login_throttle::{self, Column};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use std::net::IpAddr;

/// The address attempts and refusals are counted under: an IPv4 address, or an IPv6
/// client's /64 (one host may hold all of it).
pub fn address_of(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(String::new, |v4| v4.to_string()),
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.chars().take(40).collect(),
    }
}

/// At most `max` attempts under `key` in one window.
pub struct Limit {
    pub key: String,
    pub max: i32,
}

/// The limits of a sign-in as `username` from `ip`, in the order they are counted: the
/// address with the account, the address, then the account, so an address over its limit
/// can no longer count against anyone's account.
pub fn sign_in_limits(auth: &AuthConfig, username: &str, ip: &str) -> Vec<Limit> {
    let address = address_of(ip);
    vec![
        Limit {
            key: format!("pair:{address}:{username}"),
            max: auth.max_pair_failures,
        },
        Limit {
            key: format!("ip:{address}"),
            max: auth.max_ip_failures,
        },
        Limit {
            key: format!("account:{username}"),
            max: auth.max_account_failures,
        },
    ]
}

/// Counts one attempt under each key in order, and says whether it may go on. The first key
/// locked or over its limit refuses it, and the keys after it do not count it. One
/// transaction: one commit (and one wait for the disk) per attempt.
pub async fn attempt(
    db: &DatabaseConnection,
    limits: &[Limit],
    now: DateTime<Utc>,
    auth: &AuthConfig,
) -> Result<bool, DbErr> {
    let window_floor = now - auth.failure_window;
    let stale = || Expr::col((login_throttle::Entity, Column::WindowStart)).lt(window_floor);
    let txn = begin_write(db).await?;
    let mut allowed = true;
    for limit in limits {
        let row = login_throttle::ActiveModel {
            key: Set(limit.key.clone()),
            failures: Set(1),
            window_start: Set(now),
            locked_until: Set(None),
        };
        let counted = login_throttle::Entity::insert(row)
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
            .exec_with_returning(&txn)
            .await?;
        let locked = counted.locked_until.is_some_and(|until| until > now);
        if locked || counted.failures > limit.max {
            allowed = false;
            break;
        }
    }
    txn.commit().await?;
    Ok(allowed)
}

/// After a failed attempt: every key that reached its limit is locked out.
pub async fn failed(
    db: &DatabaseConnection,
    limits: &[Limit],
    now: DateTime<Utc>,
    auth: &AuthConfig,
) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    for limit in limits {
        login_throttle::Entity::update_many()
            .col_expr(Column::LockedUntil, Expr::value(now + auth.lockout))
            .filter(Column::Key.eq(limit.key.as_str()))
            .filter(Column::Failures.gte(limit.max))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// After a successful attempt: it no longer counts under `key`.
pub async fn succeeded(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::address_of;

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(address_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_of("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(address_of("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_of("::ffff:203.0.113.7"), "203.0.113.7");
    }
}
