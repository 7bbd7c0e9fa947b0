//! Writing the append-only audit log: who did what, when (UTC), to which record, before and after.
//! Changes write their audit row in the same transaction as the change itself.

use crate::accounts::{Actor, throttle::address_of};
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use entity::{audit_event, refusal_tally};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde_json::Value;

/// The most characters an entry keeps of a record's id, of a note, and of a before or after
/// value; what is cut is marked with how much was left out.
const MAX_ID_CHARS: usize = 200;
const MAX_NOTE_CHARS: usize = 2_000;
const MAX_VALUE_CHARS: usize = 20_000;

#[derive(Debug, Default)]
pub struct Entry {
    /// `login`, `login_failed`, `login_throttled`, `logout`, `access_denied`, `create`, `update`.
    pub action: &'static str,
    pub entity: Option<&'static str>,
    pub entity_id: Option<String>,
    pub province_code: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub note: Option<String>,
}

pub async fn record(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    actor: Option<&Actor>,
    ip: Option<&str>,
    entry: Entry,
) -> Result<(), DbErr> {
    let row = audit_event::ActiveModel {
        at: Set(at),
        actor_id: Set(actor.map(|a| a.user_id)),
        actor: Set(actor.map(|a| a.username.clone())),
        ip: Set(ip.map(str::to_owned)),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.map(str::to_owned)),
        entity_id: Set(entry
            .entity_id
            .map(|s| escape_control(&bounded(&s, MAX_ID_CHARS)))),
        province_code: Set(entry.province_code),
        before: Set(entry
            .before
            .map(|v| bounded(&v.to_string(), MAX_VALUE_CHARS))),
        after: Set(entry
            .after
            .map(|v| bounded(&v.to_string(), MAX_VALUE_CHARS))),
        note: Set(entry
            .note
            .map(|s| escape_control(&bounded(&s, MAX_NOTE_CHARS)))),
        ..Default::default()
    };
    audit_event::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// An anonymous client's refusal (a failed or throttled sign-in, a request without a
/// session): written as an entry for the first of its kind from its address in a minute,
/// and counted for the rest, so no client can make the log grow faster than that.
pub async fn record_refusal(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    ip: &str,
    entry: Entry,
) -> Result<(), DbErr> {
    let minute = at.duration_trunc(TimeDelta::minutes(1)).unwrap_or(at);
    let row = refusal_tally::ActiveModel {
        address: Set(address_of(ip)),
        action: Set(entry.action.to_owned()),
        minute: Set(minute),
        count: Set(1),
    };
    let tally = refusal_tally::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                refusal_tally::Column::Address,
                refusal_tally::Column::Action,
                refusal_tally::Column::Minute,
            ])
            .value(
                refusal_tally::Column::Count,
                Expr::col((refusal_tally::Entity, refusal_tally::Column::Count)).add(1),
            )
            .to_owned(),
        )
        .exec_with_returning(conn)
        .await?;
    if tally.count == 1 {
        record(conn, at, None, Some(ip), entry).await?;
        // The counts are kept a month (the entries themselves for good).
        refusal_tally::Entity::delete_many()
            .filter(refusal_tally::Column::Minute.lt(minute - TimeDelta::days(30)))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// `text` cut to `max` characters, with a mark saying how many were left out.
fn bounded(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let left_out = text[cut..].chars().count();
            format!("{}…[+{left_out}]", &text[..cut])
        }
    }
}

/// Control characters (newlines, escapes, NUL…) as visible `\u{…}` text, so input cannot
/// forge log lines or terminal output.
pub fn escape_control(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{bounded, escape_control};

    #[test]
    fn long_values_are_cut_with_a_mark() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("abcdef", 3), "abc…[+3]");
        assert_eq!(bounded("Nghệ An", 4), "Nghệ…[+3]");
        assert_eq!(
            bounded(&"x".repeat(1_900_000), 200).len(),
            200 + "…[+1899800]".len()
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape_control("admin\n2025-01-01 login ok"),
            "admin\\u{a}2025-01-01 login ok"
        );
        assert_eq!(escape_control("a\u{1b}[31mb\u{0}"), "a\\u{1b}[31mb\\u{0}");
        assert_eq!(escape_control("Nghệ An"), "Nghệ An");
    }
}
