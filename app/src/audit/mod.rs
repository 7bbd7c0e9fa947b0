//! The audit log: what was recorded (`record`), and reading it back with filters for the
//! viewer and the CSV export (`query`).

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod describe;
#[cfg(feature = "ssr")]
pub mod query;
#[cfg(feature = "ssr")]
mod record;
#[cfg(feature = "ssr")]
pub use record::{Entry, escape_control, record, record_refusal};

/// The viewer's filters as they stand in the page's URL (`?user=&unit=&entity=&from=&to=`);
/// empty means no filter. Dates are days in Vietnam time, `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Part of the acting user's name.
    pub user: String,
    /// A province or commune code, or the id of the record changed.
    pub unit: String,
    /// `user_account`, `audit_event`…
    pub entity: String,
    pub from: String,
    pub to: String,
    /// Only rows older than this one (the next page).
    pub before: String,
}

impl AuditFilter {
    pub const FIELDS: [&'static str; 6] = ["user", "unit", "entity", "from", "to", "before"];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "user" => &self.user,
            "unit" => &self.unit,
            "entity" => &self.entity,
            "from" => &self.from,
            "to" => &self.to,
            "before" => &self.before,
            _ => "",
        }
    }

    pub fn from_pairs(pairs: impl Fn(&str) -> Option<String>) -> Self {
        let get = |field: &str| pairs(field).unwrap_or_default();
        Self {
            user: get("user"),
            unit: get("unit"),
            entity: get("entity"),
            from: get("from"),
            to: get("to"),
            before: get("before"),
        }
    }

    /// The filter as a URL query (without `?`), leaving out empty fields; `before` replaced.
    pub fn to_query(&self, before: Option<i64>) -> String {
        let before = before.map(|id| id.to_string()).unwrap_or_default();
        Self::FIELDS
            .iter()
            .map(|&field| {
                (
                    field,
                    if field == "before" {
                        &before
                    } else {
                        self.get(field)
                    },
                )
            })
            .filter(|(_, value)| !value.is_empty())
            .map(|(field, value)| format!("{field}={}", crate::search::encode_query(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One line of the log as the viewer shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub ip: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// What the entry was about, by name.
    pub subject: Option<AuditSubject>,
    /// What it changed, field by field.
    pub changes: Vec<AuditChange>,
    pub note: Option<String>,
    /// How many refusals this entry stands for: the first of a minute from one address is
    /// written, the rest counted.
    pub repeats: i64,
}

/// What an entry was about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditSubject {
    /// A record by its name: "commune, province · task", an account's name, a plan's code.
    Named(String),
    /// The role of an account someone was refused to manage (its code).
    Role(String),
    /// A record whose name is not known any more, by its id.
    Id(String),
}

/// One field an entry changed, as stored: codes (status, role…) are put in words on screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// Set when older rows match too: the `before` of the next page.
    pub next_before: Option<i64>,
}

/// Where the viewer and the export live.
pub const AUDIT_PATH: &str = "/quan-tri/nhat-ky";
pub const AUDIT_CSV_PATH: &str = "/api/nhat-ky.csv";

/// A page of the log, newest first: everything for a ministry admin, their province's rows
/// for a province official.
#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let province = query::authorize(&state, request.actor.as_ref(), &request.ip).await?;
    query::page(&state.db, &filter, province.as_deref()).await
}
