//! The national catalogue of administrative procedures (`thủ tục hành chính`), searched
//! without diacritics and filtered by field, managing department, level and how it is offered
//! online; for a province, what its decisions in force on a date make of each (boundary-free,
//! delegated, decentralised) and what is proposed. Each procedure with the decisions that
//! covered it, in every province.

pub mod import;
#[cfg(feature = "ssr")]
pub mod import_file;
#[cfg(feature = "ssr")]
pub mod import_service;
#[cfg(feature = "ssr")]
pub mod service;

use crate::{
    decisions::{DecisionKind, DecisionStatus},
    error::AppError,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const CATALOGUE_PATH: &str = "/thu-tuc";

pub fn procedure_path(code: &str) -> String {
    format!("{CATALOGUE_PATH}/{code}")
}

/// Procedures a page shows at most.
pub const PAGE_SIZE: usize = 50;

/// The catalogue's filters as they stand in the page's address; empty means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogueFilter {
    /// Words of the name or code (`?q=`).
    pub q: String,
    /// `?linh-vuc=`
    pub field: String,
    /// The managing department's code (`?so=`).
    pub sector: String,
    /// `province` or `commune` (`?cap=`).
    pub level: String,
    /// `full`, `partial` or `none` (`?truc-tuyen=`).
    pub online: String,
    /// A province whose decisions to show (`?tinh=`).
    pub province: String,
    /// With a province: only those its decisions in force make `boundary_free`, `delegation`
    /// or `decentralisation` (`?loai=`).
    pub kind: String,
    /// `?ngay=`
    pub as_of: Option<NaiveDate>,
    /// From 1 (`?trang=`).
    pub page: usize,
}

impl CatalogueFilter {
    /// The filter in the page's address, each value as the URL has it (checked on the
    /// server).
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |name: &str| crate::search::typed_search(get(name));
        Self {
            q: text("q"),
            field: text("linh-vuc"),
            sector: text("so"),
            level: text("cap"),
            online: text("truc-tuyen"),
            province: text("tinh"),
            kind: text("loai"),
            as_of: crate::tasks::parse_as_of(get("ngay")),
            page: get("trang")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    /// The page's address with this filter on page `page`.
    pub fn address(&self, page: usize) -> String {
        let mut pairs = Vec::new();
        let mut add = |name: &str, value: &str| {
            if !value.is_empty() {
                pairs.push(format!("{name}={}", crate::search::encode_query(value)));
            }
        };
        add("q", &self.q);
        add("linh-vuc", &self.field);
        add("so", &self.sector);
        add("cap", &self.level);
        add("truc-tuyen", &self.online);
        add("tinh", &self.province);
        add("loai", &self.kind);
        add(
            "ngay",
            &self.as_of.map(|d| d.to_string()).unwrap_or_default(),
        );
        if page > 1 {
            pairs.push(format!("trang={page}"));
        }
        match pairs.is_empty() {
            true => CATALOGUE_PATH.to_owned(),
            false => format!("{CATALOGUE_PATH}?{}", pairs.join("&")),
        }
    }
}

/// A decision touching a procedure, as the catalogue marks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub decision_id: i64,
    pub kind: DecisionKind,
    pub status: DecisionStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueRow {
    pub code: String,
    pub name: String,
    pub field: String,
    pub level: String,
    /// The managing department's name.
    pub department: String,
    pub online: String,
    /// With a province: its decisions in force, proposed or issued covering the procedure.
    pub marks: Vec<Mark>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub rows: Vec<CatalogueRow>,
    /// Procedures matching the filter, on every page.
    pub matching: usize,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub fields: Vec<String>,
    /// Departments by code, with their names.
    pub sectors: Vec<(String, String)>,
    pub provinces: Vec<(String, String)>,
    pub as_of: NaiveDate,
}

/// A decision that covers a procedure, in any province.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcedureDecision {
    pub province_name: String,
    pub decision: crate::decisions::DecisionSummary,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcedureDetail {
    pub procedure: CatalogueRow,
    pub decisions: Vec<ProcedureDecision>,
}

/// A page of the catalogue. Public.
#[server(endpoint = "procedures/catalogue")]
pub async fn get_catalogue(filter: CatalogueFilter) -> Result<Catalogue, AppError> {
    let state = crate::state::app_state()?;
    service::catalogue(&state, filter).await
}

/// One procedure and the decisions that covered it, with their status as of a date. Public.
#[server(endpoint = "procedures/get")]
pub async fn get_procedure(
    code: String,
    as_of: Option<NaiveDate>,
) -> Result<ProcedureDetail, AppError> {
    let state = crate::state::app_state()?;
    service::detail(&state, &code, as_of).await
}
