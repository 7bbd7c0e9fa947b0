//! Writing the append-only audit log: who did what, when (UTC), to which record, before and after.
//! Changes write their audit row in the same transaction as the change itself.

use crate::accounts::Actor;
use chrono::{DateTime, Utc};
use entity::audit_event;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::Value;

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
        entity_id: Set(entry.entity_id.map(|s| escape_control(&s))),
        province_code: Set(entry.province_code),
        before: Set(entry.before.map(|v| v.to_string())),
        after: Set(entry.after.map(|v| v.to_string())),
        note: Set(entry.note.map(|s| escape_control(&s))),
        ..Default::default()
    };
    audit_event::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    Ok(())
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
    use super::escape_control;

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
