//! An official's work: "Việc của tôi" (their unit's tasks that need action, and for a
//! province official the commune reports waiting and the communes most behind), where each
//! account lands after signing in, and the province's verification queue.

use super::{
    CommuneProgress, EvidenceView,
    rules::{Schedule, Status, Verification},
};
use crate::{
    accounts::{Actor, Role},
    error::AppError,
    tasks::plans::PLANS_PATH,
    visits::{ALL_VISITS_PATH, FollowUpFigures},
};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// "Việc của tôi".
pub const MY_WORK_PATH: &str = "/viec-cua-toi";

/// Where an account lands after signing in: officials on their work, an admin on the plans,
/// an inspector on the national overview.
pub fn landing(actor: &Actor) -> &'static str {
    match actor.role {
        Role::CommuneOfficial | Role::ProvinceOfficial => MY_WORK_PATH,
        Role::MinistryAdmin => PLANS_PATH,
        Role::Inspector => ALL_VISITS_PATH,
    }
}

/// A province's verification queue.
pub fn queue_path(province: &str) -> String {
    format!("/tinh/{province}/xac-minh")
}

/// The page of a unit (a province's 2-digit code, a commune's 5-digit one).
pub fn unit_path(code: &str) -> String {
    let kind = if code.len() == 5 { "xa" } else { "tinh" };
    format!("/{kind}/{code}")
}

/// One of the unit's tasks that needs action today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkTask {
    pub assignment_id: i64,
    pub title: String,
    pub deadline: NaiveDate,
    pub status: Status,
    pub progress: u8,
    pub schedule: Schedule,
    pub verification: Verification,
    /// The province's reason, for a report it returned.
    pub reason: String,
}

impl WorkTask {
    /// Returned reports first, then overdue, then near due; by deadline within each.
    pub fn urgency(&self) -> (u8, NaiveDate) {
        let rank = match (self.verification, self.schedule) {
            (Verification::Returned, _) => 0,
            (_, Schedule::Overdue) => 1,
            _ => 2,
        };
        (rank, self.deadline)
    }
}

/// A commune's report of "done" that waits for its province.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitingReport {
    pub assignment_id: i64,
    pub version: i32,
    pub commune_code: String,
    pub commune_name: String,
    pub task_id: i64,
    pub task_title: String,
    pub reported_at: DateTime<Utc>,
    pub note: String,
    pub evidence: Vec<EvidenceView>,
}

/// What an official sees on landing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyWork {
    pub unit_code: String,
    pub unit_name: String,
    pub today: NaiveDate,
    pub tasks: Vec<WorkTask>,
    /// For a province official: how many commune reports wait, the oldest few, and the
    /// communes furthest behind.
    pub waiting: usize,
    pub oldest: Vec<WaitingReport>,
    pub behind: Vec<CommuneProgress>,
    /// For a province official: what the ministry's visits left the province to follow up.
    pub follow_ups: Option<FollowUpFigures>,
}

/// Reports on one page of the queue.
pub const QUEUE_PAGE_SIZE: usize = 50;

/// A province's waiting reports, oldest first, a page at a time, with what they can be
/// filtered by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub province_code: String,
    pub province_name: String,
    /// The page's reports.
    pub reports: Vec<WaitingReport>,
    /// Reports that match the filter, on every page.
    pub total: usize,
    /// This page (the first is 1) and how many there are.
    pub page: usize,
    pub pages: usize,
    /// Every commune and task that has a report waiting (before filtering).
    pub communes: Vec<(String, String)>,
    pub tasks: Vec<(i64, String)>,
}

/// The signed-in official's work.
#[server(endpoint = "tasks/my-work")]
pub async fn get_my_work() -> Result<MyWork, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx().ok_or(AppError::Unauthorized)?;
    super::work_service::my_work(&state, &actor).await
}

/// How many things wait for the signed-in official (tasks needing action, reports to
/// verify): the figure beside "Việc của tôi" in the header.
#[server(endpoint = "tasks/my-work-count")]
pub async fn get_my_work_count() -> Result<usize, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx().ok_or(AppError::Unauthorized)?;
    super::work_service::count(&state, &actor).await
}

/// A page of a province's waiting reports, for those who may verify them; `commune` and
/// `task` filter.
#[server(endpoint = "tasks/queue")]
pub async fn get_queue(
    province: String,
    commune: Option<String>,
    task: Option<i64>,
    #[server(default)] page: Option<usize>,
) -> Result<Queue, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let filter = (commune, task);
    super::work_service::queue(&state, &request, &province, filter, page.unwrap_or(1)).await
}

/// Verifies, or returns with one reason, every report picked (`pick[<id>]=<version>`), all
/// or none: if any changed since the page was read, nothing is written. Returns the ids
/// answered.
#[server(endpoint = "tasks/verify-many")]
pub async fn verify_many(
    #[server(default)] pick: BTreeMap<String, String>,
    accept: bool,
    #[server(default)] reason: String,
) -> Result<Vec<i64>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    super::changes::verify_all(&state, &request, &pick, accept, &reason).await
}
