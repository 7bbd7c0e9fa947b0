//! Plans, tasks and their assignments to provinces and communes: the checklists officials
//! update, and the progress and ratings everyone reads.

pub mod bulk;
pub mod overview;
pub mod plans;
pub mod rules;
pub mod settings;
pub mod work;

#[cfg(feature = "ssr")]
pub mod bulk_file;
#[cfg(feature = "ssr")]
pub mod bulk_service;
#[cfg(feature = "ssr")]
pub mod changes;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod plans_service;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings_service;
#[cfg(feature = "ssr")]
pub mod work_service;

use crate::{error::AppError, forms::SaveOutcome};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use rules::{CommuneRollup, Completion, Rating, Schedule, Status, Verification};
use serde::{Deserialize, Serialize};

/// The longest note, difficulty, recommendation or reason, in characters.
pub const MAX_NOTE: usize = 2000;
/// The longest evidence document number and link.
pub const MAX_DOC_NUMBER: usize = 100;
pub const MAX_LINK: usize = 500;

/// Evidence given for an assignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub doc_number: Option<String>,
    pub doc_date: Option<NaiveDate>,
    pub link: Option<String>,
    /// An uploaded file: its download path and the name it came with.
    pub file: Option<(String, String)>,
    pub created_at: DateTime<Utc>,
}

/// Where an uploaded evidence file is served (to those who may read its unit's records).
pub fn evidence_file_path(sha256: &str) -> String {
    format!("/api/minh-chung/{sha256}")
}

/// Where a file is attached to an assignment (a multipart form).
pub fn evidence_upload_path(assignment_id: i64) -> String {
    format!("/api/nhiem-vu/{assignment_id}/minh-chung")
}

/// The id of an assignment's evidence-file form on its page.
pub fn evidence_form_id(assignment_id: i64) -> String {
    format!("evidence-{assignment_id}")
}

/// One task of a unit's checklist, as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    pub assignment_id: i64,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub starts_on: NaiveDate,
    pub deadline: NaiveDate,
    pub evidence_required: bool,
    pub status: Status,
    pub progress: u8,
    /// The measured value and, for a task with a target, the target and its unit.
    pub value: Option<f64>,
    pub target: Option<(f64, String)>,
    pub note: String,
    pub difficulties: String,
    pub recommendations: String,
    pub verification: Verification,
    /// The province's reason when it returned the report.
    pub verification_note: String,
    pub schedule: Schedule,
    pub rating: Rating,
    /// The version a save must name (the current one, whatever the date shown).
    pub version: i32,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskGroupView {
    pub position: i32,
    pub name: String,
    pub items: Vec<TaskItem>,
}

/// A unit's tasks as of a date, grouped, with its completion and rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub unit_code: String,
    pub plan_code: Option<String>,
    /// The plan is demonstration data.
    pub demo: bool,
    pub as_of: NaiveDate,
    pub groups: Vec<TaskGroupView>,
    pub completion: Completion,
    pub rating: Rating,
    /// Whether the signed-in user may update these assignments (checked again on save).
    pub editable: bool,
    /// Whether the signed-in user may verify this commune's reports (checked again).
    pub verifiable: bool,
    /// A commune's completion week by week (empty for a province's own tasks).
    pub history: Vec<crate::rankings::HistoryPoint>,
}

/// One commune in its province's overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneProgress {
    pub code: String,
    pub name: String,
    pub completion: Completion,
    /// Completion as the roll-ups count it (reported or verified, per the settings).
    pub counted: f64,
    pub rating: Rating,
    pub last_update: Option<DateTime<Utc>>,
}

/// A province's progress as of a date: its own tasks, its communes, its rank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceProgress {
    pub code: String,
    pub as_of: NaiveDate,
    pub demo: bool,
    pub own: Completion,
    pub own_rating: Rating,
    /// The communes as reported by them, and as verified by the province.
    pub reported: CommuneRollup,
    pub verified: CommuneRollup,
    /// Whether ranks and the figures shown first count verified tasks.
    pub count_verified: bool,
    /// Rank on commune progress among the provinces (None: no commune has tasks), how many
    /// provinces are ranked, and the places gained since the reference date.
    pub rank: Option<u32>,
    pub ranked: u32,
    pub rank_change: Option<i64>,
    pub reference: NaiveDate,
    pub commune_rows: Vec<CommuneProgress>,
    /// All provinces on commune progress (for the chart), and this one's weeks.
    pub ranking: crate::rankings::Ranking,
    pub history: Vec<crate::rankings::HistoryPoint>,
}

/// A unit's completion and rating from its tasks (the checklist's figures, on the server
/// and again in the browser after a save).
pub fn unit_summary(items: &[TaskItem]) -> (Completion, Rating) {
    let mut completion = Completion::default();
    for item in items {
        completion.add(item.status, item.verification);
    }
    (
        completion,
        rules::unit_rating(items.iter().map(|i| i.schedule)),
    )
}

/// How a unit's tasks that are not done stand against their dates: on schedule (or not yet
/// started), near due, overdue (the seed's "14 done, 9 on schedule").
pub fn schedule_counts(items: &[TaskItem]) -> [usize; 3] {
    let count = |wanted: &[Schedule]| {
        items
            .iter()
            .filter(|i| wanted.contains(&i.schedule))
            .count()
    };
    [
        count(&[Schedule::OnSchedule, Schedule::NotYetDue]),
        count(&[Schedule::NearDue]),
        count(&[Schedule::Overdue]),
    ]
}

/// The date of the seed scenario the demo data reproduces (14/8/2025), as `YYYY-MM-DD`.
pub fn demo_seed_date() -> &'static str {
    "2025-08-14"
}

/// The seed scenario's page: its date, and the date its rank changes are given against
/// (22/7/2025), as a URL query.
pub fn demo_seed_query() -> String {
    format!("ngay={}&so-voi=2025-07-22", demo_seed_date())
}

/// Parses `?ngay=YYYY-MM-DD`; anything else means today.
pub fn parse_as_of(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
        .filter(is_sane_date)
}

/// Dates the figures can be asked for: 2000 to 2100.
pub fn is_sane_date(day: &NaiveDate) -> bool {
    use chrono::Datelike;
    (2000..=2100).contains(&day.year())
}

/// A unit's checklist (a 2-digit province code or a 5-digit commune code) as of a date
/// (default today). Public: anyone may read progress.
#[server(endpoint = "tasks/checklist")]
pub async fn get_checklist(code: String, as_of: Option<NaiveDate>) -> Result<Checklist, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::checklist_with_history(&state, actor.as_ref(), &code, as_of).await
}

/// A province's progress overview as of a date (default today), its rank change since
/// `reference` (default two weeks earlier). Public.
#[server(endpoint = "tasks/province")]
pub async fn get_province_progress(
    code: String,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<ProvinceProgress, AppError> {
    let state = crate::state::app_state()?;
    service::province_progress(&state, &code, as_of, reference).await
}

impl ProvinceProgress {
    /// The communes as the settings say to count them.
    pub fn counted(&self) -> CommuneRollup {
        if self.count_verified {
            self.verified
        } else {
            self.reported
        }
    }
}

/// Verifies (`accept`) or returns, with a reason, a commune's task reported done.
#[server(endpoint = "tasks/verify")]
pub async fn verify_assignment(
    id: i64,
    version: i32,
    accept: bool,
    reason: String,
) -> Result<SaveOutcome<TaskItem>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let outcome = changes::verify(&state, &request, id, version, accept, &reason).await?;
    crate::forms::conflict_for_plain_forms(&outcome)?;
    Ok(outcome)
}

/// A change of an assignment as the checklist form sends it (fields `change[status]`…).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    pub status: String,
    /// Percent; a file may write it with a decimal comma, so it is read as text.
    pub progress: String,
    /// The measured value, for a task with a target (progress then follows from it).
    pub value: String,
    pub note: String,
    /// Difficulties met (khó khăn, vướng mắc).
    pub difficulties: String,
    /// Recommendations to the centre (kiến nghị).
    pub recommendations: String,
    pub evidence_number: String,
    /// The evidence document's date, `YYYY-MM-DD`.
    pub evidence_date: String,
    pub evidence_link: String,
}

/// Updates one assignment from the version the user started from. Before hydration this is
/// a plain form post that returns to the checklist.
#[server(endpoint = "tasks/update")]
pub async fn update_assignment(
    id: i64,
    version: i32,
    change: ChangeForm,
) -> Result<SaveOutcome<TaskItem>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let outcome = changes::update(&state, &request, id, version, change).await?;
    crate::forms::conflict_for_plain_forms(&outcome)?;
    Ok(outcome)
}
