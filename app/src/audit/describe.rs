//! The log in words for the viewer: what each entry was about (the unit and task, the
//! account, the plan) by name instead of by id, what it changed field by field instead of
//! as JSON, and how many refusals an aggregated entry stands for.

use super::{AuditChange, AuditRow, AuditSubject};
use crate::accounts::throttle::address_of;
use chrono::{DurationRound, TimeDelta};
use entity::{assignment, audit_event, plan, refusal_tally, task, user_account};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Fields that say nothing to a reader: the record's version and ids the subject names.
const HIDDEN_FIELDS: [&str; 6] = [
    "version",
    "sha256",
    "assignment_id",
    "plan_id",
    "visit_id",
    "follow_up_id",
];

/// The order a reader expects fields in; any other field comes after these.
const FIELD_ORDER: [&str; 27] = [
    "status",
    "progress",
    "value",
    "note",
    "difficulties",
    "recommendations",
    "verification",
    "verification_note",
    "doc_number",
    "doc_date",
    "link",
    "file_name",
    "display_name",
    "username",
    "email",
    "role",
    "scope_code",
    "active",
    "code",
    "title",
    "name",
    "deadline",
    "kind",
    "body",
    "addressed_to",
    "acted_by",
    "due_on",
];

/// Refusals by anonymous clients, written once a minute per address and counted for the rest.
const TALLIED: [&str; 3] = ["login_failed", "login_throttled", "access_denied"];

/// The rows as the viewer shows them, with names looked up in a few queries for the page.
pub async fn rows(
    db: &impl ConnectionTrait,
    models: Vec<audit_event::Model>,
) -> Result<Vec<AuditRow>, DbErr> {
    let values: Vec<(Option<Value>, Option<Value>)> = models
        .iter()
        .map(|m| (parse(m.before.as_deref()), parse(m.after.as_deref())))
        .collect();
    let subjects = Subjects::load(db, &models, &values).await?;
    let repeats = repeats(db, &models).await?;
    Ok(models
        .into_iter()
        .zip(values)
        .map(|(model, (before, after))| AuditRow {
            subject: subjects.of(&model, after.as_ref()),
            changes: changes(before.as_ref(), after.as_ref(), &subjects.units),
            repeats: repeats.get(&model.id).copied().unwrap_or(1),
            id: model.id,
            at: model.at,
            actor: model.actor,
            ip: model.ip,
            action: model.action,
            entity: model.entity,
            entity_id: model.entity_id,
            note: model.note,
        })
        .collect())
}

/// A stored value; a value cut short when it was recorded is no longer JSON and is shown whole.
fn parse(text: Option<&str>) -> Option<Value> {
    text.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned())))
}

fn id_of(model: &audit_event::Model) -> Option<i64> {
    model.entity_id.as_deref()?.parse().ok()
}

/// The names a page of entries needs, each kind in one query.
struct Subjects {
    assignments: HashMap<i64, String>,
    accounts: HashMap<i64, String>,
    plans: HashMap<i64, String>,
    tasks: HashMap<i64, String>,
    units: HashMap<String, String>,
}

impl Subjects {
    async fn load(
        db: &impl ConnectionTrait,
        models: &[audit_event::Model],
        values: &[(Option<Value>, Option<Value>)],
    ) -> Result<Self, DbErr> {
        let ids = |entity: &str| -> HashSet<i64> {
            models
                .iter()
                .filter(|m| m.action != "access_denied" && m.entity.as_deref() == Some(entity))
                .filter_map(id_of)
                .collect()
        };
        let mut assignment_ids = ids("assignment");
        assignment_ids.extend(
            values
                .iter()
                .filter_map(|(_, after)| after.as_ref()?.get("assignment_id")?.as_i64()),
        );
        let assignments = assignment::Entity::find()
            .filter(assignment::Column::Id.is_in(assignment_ids))
            .all(db)
            .await?;
        let mut task_ids = ids("task");
        task_ids.extend(assignments.iter().map(|a| a.task_id));
        let tasks: HashMap<i64, String> = task::Entity::find()
            .filter(task::Column::Id.is_in(task_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, format!("{}. {}", t.position, t.title)))
            .collect();
        let accounts = user_account::Entity::find()
            .filter(user_account::Column::Id.is_in(ids("user_account")))
            .all(db)
            .await?;
        let mut codes: Vec<&str> = assignments.iter().map(|a| a.unit_code.as_str()).collect();
        codes.extend(models.iter().filter_map(|m| m.entity_id.as_deref()));
        codes.extend(accounts.iter().filter_map(|a| a.scope_code.as_deref()));
        for (before, after) in values {
            codes.extend(
                [before, after]
                    .into_iter()
                    .filter_map(|v| v.as_ref()?.get("scope_code")?.as_str()),
            );
        }
        let units = crate::territory::service::unit_names(db, codes).await?;
        let plans = plan::Entity::find()
            .filter(plan::Column::Id.is_in(ids("plan")))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.code))
            .collect();
        Ok(Self {
            assignments: assignments
                .iter()
                .map(|a| {
                    let unit = units.get(&a.unit_code).unwrap_or(&a.unit_code);
                    let task = tasks.get(&a.task_id).map(String::as_str).unwrap_or("");
                    (a.id, format!("{unit} · {task}"))
                })
                .collect(),
            accounts: accounts
                .into_iter()
                .map(|a| (a.id, format!("{} ({})", a.display_name, a.username)))
                .collect(),
            plans,
            tasks,
            units,
        })
    }

    fn of(&self, model: &audit_event::Model, after: Option<&Value>) -> Option<AuditSubject> {
        let entity = model.entity.as_deref()?;
        let id = model.entity_id.as_deref()?;
        if model.action == "access_denied" {
            // A refusal names what was asked for: a unit, or the role of an account.
            return Some(match self.units.get(id) {
                Some(name) => AuditSubject::Named(name.clone()),
                None => AuditSubject::Role(id.to_owned()),
            });
        }
        let number = id.parse::<i64>().ok();
        let found = match entity {
            "assignment" => number.and_then(|n| self.assignments.get(&n)).cloned(),
            "user_account" => number.and_then(|n| self.accounts.get(&n)).cloned(),
            "plan" => number.and_then(|n| self.plans.get(&n)).cloned(),
            "task" => number.and_then(|n| self.tasks.get(&n)).cloned(),
            "evidence" => after
                .and_then(|a| a.get("assignment_id")?.as_i64())
                .and_then(|n| self.assignments.get(&n))
                .cloned(),
            "task_group" => after.and_then(|a| Some(a.get("name")?.as_str()?.to_owned())),
            "decision" => after.and_then(|a| Some(a.get("number")?.as_str()?.to_owned())),
            "visit" => after.and_then(|a| Some(a.get("title")?.as_str()?.to_owned())),
            "follow_up" => after.and_then(|a| Some(a.get("body")?.as_str()?.to_owned())),
            "setting" => Some(id.to_owned()),
            _ => None,
        };
        Some(found.map_or_else(|| AuditSubject::Id(id.to_owned()), AuditSubject::Named))
    }
}

/// The fields whose value differs between before and after (every field of a record
/// created), nested objects flattened; a unit code is given with its name.
fn changes(
    before: Option<&Value>,
    after: Option<&Value>,
    units: &HashMap<String, String>,
) -> Vec<AuditChange> {
    let before = flatten(before);
    let after = flatten(after);
    let mut fields: Vec<&String> = after.keys().chain(before.keys()).collect();
    fields.sort_by_key(|f| {
        let known = FIELD_ORDER.iter().position(|o| o == f);
        (known.unwrap_or(FIELD_ORDER.len()), f.as_str())
    });
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| !HIDDEN_FIELDS.contains(&f.as_str()))
        .filter(|f| before.get(*f) != after.get(*f))
        .map(|field| {
            let text = |values: &Map<String, Value>| {
                let text = match values.get(field)? {
                    Value::Null => return None,
                    Value::String(s) if s.is_empty() => return None,
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Some(match (field.as_str(), units.get(&text)) {
                    ("scope_code", Some(name)) => format!("{name} ({text})"),
                    _ => text,
                })
            };
            AuditChange {
                field: field.clone(),
                before: text(&before),
                after: text(&after),
            }
        })
        .filter(|c| c.before != c.after)
        .collect()
}

/// An object's fields, with those of nested objects brought up a level; any other value
/// stands as one field, `value`.
fn flatten(value: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    match value {
        None => {}
        Some(Value::Object(fields)) => {
            for (name, value) in fields {
                match value {
                    Value::Object(inner) => {
                        out.extend(inner.iter().map(|(k, v)| (k.clone(), v.clone())))
                    }
                    other => {
                        out.insert(name.clone(), other.clone());
                    }
                }
            }
        }
        Some(other) => {
            out.insert("value".to_owned(), other.clone());
        }
    }
    out
}

/// How many refusals each aggregated entry stands for (itself and those counted after it in
/// the same minute from the same address).
async fn repeats(
    db: &impl ConnectionTrait,
    models: &[audit_event::Model],
) -> Result<HashMap<i64, i64>, DbErr> {
    let tallied: Vec<(i64, String, &str, chrono::DateTime<chrono::Utc>)> = models
        .iter()
        .filter(|m| m.actor_id.is_none() && TALLIED.contains(&m.action.as_str()))
        .filter_map(|m| {
            let minute = m.at.duration_trunc(TimeDelta::minutes(1)).ok()?;
            Some((
                m.id,
                address_of(m.ip.as_deref()?),
                m.action.as_str(),
                minute,
            ))
        })
        .collect();
    if tallied.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: HashMap<(String, String, chrono::DateTime<chrono::Utc>), i64> =
        refusal_tally::Entity::find()
            .filter(
                refusal_tally::Column::Address
                    .is_in(tallied.iter().map(|(_, address, ..)| address.clone())),
            )
            .filter(refusal_tally::Column::Minute.is_in(tallied.iter().map(|t| t.3)))
            .all(db)
            .await?
            .into_iter()
            .map(|t| ((t.address, t.action, t.minute), t.count))
            .collect();
    Ok(tallied
        .into_iter()
        .filter_map(|(id, address, action, minute)| {
            let count = counts.get(&(address, action.to_owned(), minute))?;
            Some((id, *count))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{changes, flatten};
    use serde_json::json;
    use std::collections::HashMap;

    #[test]
    fn only_changed_fields_are_listed_in_words() {
        let before = json!({"status": "in_progress", "progress": 40, "note": "", "version": 3});
        let after = json!({"status": "done", "progress": 100, "note": "Xong", "version": 4,
            "evidence": {"doc_number": "12/KH-UBND", "link": null}});
        let listed = changes(Some(&before), Some(&after), &HashMap::new());
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = listed
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("status", Some("in_progress"), Some("done")),
                ("progress", Some("40"), Some("100")),
                ("note", None, Some("Xong")),
                ("doc_number", None, Some("12/KH-UBND")),
            ]
        );
    }

    #[test]
    fn a_unit_code_comes_with_its_name() {
        let units = HashMap::from([("40".to_owned(), "Nghệ An".to_owned())]);
        let listed = changes(None, Some(&json!({"scope_code": "40"})), &units);
        assert_eq!(listed[0].after.as_deref(), Some("Nghệ An (40)"));
    }

    #[test]
    fn a_value_that_is_not_an_object_is_one_field() {
        assert_eq!(flatten(Some(&json!(5))).get("value"), Some(&json!(5)));
        assert!(flatten(None).is_empty());
    }
}
