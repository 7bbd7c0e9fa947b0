//! Decisions on how a province's procedures are handled (`quyết định`): the announcement of
//! the procedures not dependent on administrative boundaries, delegation (`ủy quyền`) from the
//! provincial People's Committee to a department, and decentralisation (`phân cấp`). A
//! decision's status on any date follows from the dates it was proposed, issued, came into
//! force and was replaced, so the delegated and boundary-free procedures of a province on a
//! date are those of its decisions in force that day.

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod document;
#[cfg(feature = "ssr")]
pub mod service;

use crate::{error::AppError, i18n::Strings};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The list of procedures a citizen may file anywhere in the province.
    BoundaryFree,
    Delegation,
    Decentralisation,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 3] = [
        DecisionKind::BoundaryFree,
        DecisionKind::Delegation,
        DecisionKind::Decentralisation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::BoundaryFree => "boundary_free",
            DecisionKind::Delegation => "delegation",
            DecisionKind::Decentralisation => "decentralisation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            DecisionKind::BoundaryFree => t.decision_kind_boundary_free,
            DecisionKind::Delegation => t.decision_kind_delegation,
            DecisionKind::Decentralisation => t.decision_kind_decentralisation,
        }
    }

    /// Whether the decision moves power from one agency to another.
    pub fn moves_power(self) -> bool {
        self != DecisionKind::BoundaryFree
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Proposed,
    Issued,
    InForce,
    Replaced,
}

impl DecisionStatus {
    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            DecisionStatus::Proposed => t.decision_status_proposed,
            DecisionStatus::Issued => t.decision_status_issued,
            DecisionStatus::InForce => t.decision_status_in_force,
            DecisionStatus::Replaced => t.decision_status_replaced,
        }
    }
}

/// The dates a decision went through; each needs the one before and is not earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDates {
    pub proposed_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub in_force_on: Option<NaiveDate>,
    pub replaced_on: Option<NaiveDate>,
}

impl DecisionDates {
    /// Its status at the end of `day`; None before it was proposed.
    pub fn status_on(&self, day: NaiveDate) -> Option<DecisionStatus> {
        let reached = |date: Option<NaiveDate>| date.is_some_and(|d| d <= day);
        if reached(self.replaced_on) {
            Some(DecisionStatus::Replaced)
        } else if reached(self.in_force_on) {
            Some(DecisionStatus::InForce)
        } else if reached(self.issued_on) {
            Some(DecisionStatus::Issued)
        } else if self.proposed_on <= day {
            Some(DecisionStatus::Proposed)
        } else {
            None
        }
    }
}

/// An agency of the province by its code and name; no code: the provincial People's
/// Committee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyName {
    pub code: Option<String>,
    pub name: String,
}

/// A decision as lists show it, with its status on the date asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionSummary {
    pub id: i64,
    pub province_code: String,
    pub kind: DecisionKind,
    pub number: String,
    pub title: String,
    pub issuer: String,
    /// For a delegation or decentralisation: from and to.
    pub from_agency: Option<AgencyName>,
    pub to_agency: Option<AgencyName>,
    pub dates: DecisionDates,
    pub status: Option<DecisionStatus>,
    /// The procedures it covers, and the departments that manage them.
    pub procedures: u32,
    pub departments: u32,
    pub has_document: bool,
    pub demo: bool,
}

/// Procedures counted with the departments that manage them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureCount {
    pub procedures: u32,
    pub departments: u32,
}

/// What a province's decisions make of its procedures on a date: those of decisions in force
/// (a procedure covered twice counts once), and the proposals waiting for a decision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionFigures {
    pub boundary_free: ProcedureCount,
    pub delegated: ProcedureCount,
    pub decentralised: ProcedureCount,
    /// Decisions of the province in force on the date, with those proposed or issued and
    /// not yet in force.
    pub decisions: Vec<DecisionSummary>,
}

impl DecisionFigures {
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
    }

    pub fn count(&self, kind: DecisionKind) -> ProcedureCount {
        match kind {
            DecisionKind::BoundaryFree => self.boundary_free,
            DecisionKind::Delegation => self.delegated,
            DecisionKind::Decentralisation => self.decentralised,
        }
    }
}

/// A procedure of the catalogue as a decision lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureLine {
    pub code: String,
    pub name: String,
    pub field: String,
    /// The managing department's name in the province.
    pub department: String,
    /// `full`, `partial` or `none`.
    pub online: String,
}

/// A decision with everything it covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionDetail {
    pub decision: DecisionSummary,
    pub province_name: String,
    pub procedures: Vec<ProcedureLine>,
    /// Whether the asking account may change it.
    pub may_manage: bool,
    /// The province's agencies, for the form.
    pub agencies: Vec<AgencyName>,
}

/// A province's decisions as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceDecisions {
    pub province_code: String,
    pub province_name: String,
    pub as_of: NaiveDate,
    pub figures: DecisionFigures,
    /// Every decision of the province proposed by the date, the latest first, with its
    /// status on the date.
    pub all: Vec<DecisionSummary>,
    pub may_manage: bool,
    pub agencies: Vec<AgencyName>,
}

/// A decision as its form sends it (fields `decision[number]` and so on); dates
/// `YYYY-MM-DD`, empty when not reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub province: String,
    /// Empty for a new decision.
    pub id: String,
    pub kind: String,
    pub number: String,
    pub title: String,
    pub issuer: String,
    /// Agency codes; empty `from_agency`: the provincial People's Committee.
    pub from_agency: String,
    pub to_agency: String,
    pub proposed_on: String,
    pub issued_on: String,
    pub in_force_on: String,
    pub replaced_on: String,
    /// Procedure codes separated by commas, spaces or lines.
    pub procedures: String,
}

/// The most procedures one decision may cover.
pub const MAX_PROCEDURES: usize = 5_000;

pub fn decisions_path(province: &str) -> String {
    format!("/tinh/{province}/quyet-dinh")
}

pub fn decision_path(id: i64) -> String {
    format!("/quyet-dinh/{id}")
}

/// Where a decision's document is sent (a multipart form) and read.
pub fn document_path(id: i64) -> String {
    format!("/api/quyet-dinh/{id}/van-ban")
}

/// A province's decisions and what they make of its procedures as of a date (default
/// today). Public.
#[server(endpoint = "decisions/province")]
pub async fn get_province_decisions(
    code: String,
    as_of: Option<NaiveDate>,
) -> Result<ProvinceDecisions, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::province(&state, actor.as_ref(), &code, as_of).await
}

/// One decision and the procedures it covers, with its status as of a date. Public.
#[server(endpoint = "decisions/get")]
pub async fn get_decision(id: i64, as_of: Option<NaiveDate>) -> Result<DecisionDetail, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::detail(&state, actor.as_ref(), id, as_of).await
}

/// Creates a decision, or changes one (its dates move it through its statuses); returns its
/// id. Ministry admins, and province officials for their own province.
#[server(endpoint = "decisions/save")]
pub async fn save_decision(decision: DecisionInput) -> Result<i64, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let id = service::save(&state, &request, decision).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&decision_path(id));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, month, day).unwrap()
    }

    #[test]
    fn a_decisions_status_on_a_date_is_the_last_step_reached_that_day() {
        let dates = DecisionDates {
            proposed_on: day(7, 1),
            issued_on: Some(day(7, 10)),
            in_force_on: Some(day(7, 15)),
            replaced_on: Some(day(8, 20)),
        };
        for (on, status) in [
            (day(6, 30), None),
            (day(7, 1), Some(DecisionStatus::Proposed)),
            (day(7, 9), Some(DecisionStatus::Proposed)),
            (day(7, 10), Some(DecisionStatus::Issued)),
            (day(7, 15), Some(DecisionStatus::InForce)),
            (day(8, 19), Some(DecisionStatus::InForce)),
            (day(8, 20), Some(DecisionStatus::Replaced)),
        ] {
            assert_eq!(dates.status_on(on), status, "{on}");
        }
        let proposal = DecisionDates {
            issued_on: None,
            in_force_on: None,
            replaced_on: None,
            ..dates
        };
        assert_eq!(
            proposal.status_on(day(12, 31)),
            Some(DecisionStatus::Proposed)
        );
    }
}
