//! Inspection and working visits (`đoàn công tác`, `đoàn kiểm tra`) of a ministry's
//! delegation to a province, and what they leave to follow up: the locality's
//! recommendations (`kiến nghị`) and the conclusions (`kết luận`) of the head of the
//! delegation, each with who is responsible, a due date and the responses given until it is
//! closed. A follow-up's status on any date comes from its responses up to that date, so the
//! figures (open, closed, overdue) read as of `?ngay=` like the rest of a province's page.
//! Public pages show titles, never people's names; those who may read the province's records
//! see the names.

pub mod attachments;
pub mod checklist;
pub mod contacts;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod docx;
#[cfg(feature = "ssr")]
pub mod record;
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;

use crate::{error::AppError, forms::SaveOutcome, i18n::Strings};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitKind {
    Inspection,
    Working,
}

impl VisitKind {
    pub fn code(self) -> &'static str {
        match self {
            VisitKind::Inspection => "inspection",
            VisitKind::Working => "working",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [VisitKind::Inspection, VisitKind::Working]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            VisitKind::Inspection => t.visit_kind_inspection,
            VisitKind::Working => t.visit_kind_working,
        }
    }
}

/// Where a visit stands: planned → under way → report issued → closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VisitStatus {
    Planned,
    UnderWay,
    ReportIssued,
    Closed,
}

impl VisitStatus {
    pub const ALL: [VisitStatus; 4] = [
        VisitStatus::Planned,
        VisitStatus::UnderWay,
        VisitStatus::ReportIssued,
        VisitStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VisitStatus::Planned => "planned",
            VisitStatus::UnderWay => "under_way",
            VisitStatus::ReportIssued => "report_issued",
            VisitStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            VisitStatus::Planned => t.visit_status_planned,
            VisitStatus::UnderWay => t.visit_status_under_way,
            VisitStatus::ReportIssued => t.visit_status_report_issued,
            VisitStatus::Closed => t.visit_status_closed,
        }
    }
}

/// Who acts on a recommendation or conclusion, and so is told when it is written and when it
/// falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActedBy {
    Province,
    /// The ministry: a locality's recommendation, or a conclusion the delegation took on
    /// itself.
    Ministry,
}

impl ActedBy {
    pub fn code(self) -> &'static str {
        match self {
            ActedBy::Province => "province",
            ActedBy::Ministry => "ministry",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [ActedBy::Province, ActedBy::Ministry]
            .into_iter()
            .find(|a| a.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            ActedBy::Province => t.follow_up_acted_by_province,
            ActedBy::Ministry => t.follow_up_acted_by_ministry,
        }
    }

    /// A recommendation is the ministry's; a conclusion the province's unless the delegation
    /// took it on itself.
    pub fn of(kind: FollowUpKind, delegation_acts: bool) -> Self {
        match kind {
            FollowUpKind::Conclusion if !delegation_acts => ActedBy::Province,
            _ => ActedBy::Ministry,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpKind {
    /// The locality's, to the ministry or one of its units.
    Recommendation,
    /// The head of the delegation's, to the province or to the delegation itself.
    Conclusion,
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 2] = [FollowUpKind::Recommendation, FollowUpKind::Conclusion];

    pub fn code(self) -> &'static str {
        match self {
            FollowUpKind::Recommendation => "recommendation",
            FollowUpKind::Conclusion => "conclusion",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            FollowUpKind::Recommendation => t.visit_recommendations,
            FollowUpKind::Conclusion => t.visit_conclusions,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpStatus {
    Open,
    InProgress,
    Closed,
}

impl FollowUpStatus {
    pub const ALL: [FollowUpStatus; 3] = [
        FollowUpStatus::Open,
        FollowUpStatus::InProgress,
        FollowUpStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FollowUpStatus::Open => "open",
            FollowUpStatus::InProgress => "in_progress",
            FollowUpStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            FollowUpStatus::Open => t.follow_up_open,
            FollowUpStatus::InProgress => t.follow_up_in_progress,
            FollowUpStatus::Closed => t.follow_up_closed,
        }
    }
}

/// Recommendations and conclusions still open (or in progress), closed, and overdue (open
/// past their due date) on a date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpFigures {
    pub open: u32,
    pub closed: u32,
    pub overdue: u32,
}

impl FollowUpFigures {
    pub fn add(&mut self, other: FollowUpFigures) {
        self.open += other.open;
        self.closed += other.closed;
        self.overdue += other.overdue;
    }

    /// Counts one recommendation or conclusion as it stands.
    pub fn count(&mut self, status: FollowUpStatus, overdue: bool) {
        if status == FollowUpStatus::Closed {
            self.closed += 1;
        } else {
            self.open += 1;
        }
        self.overdue += u32::from(overdue);
    }
}

/// Which recommendations and conclusions a list across visits shows, by where they stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpShow {
    /// Not closed yet (the default).
    #[default]
    Open,
    Overdue,
    Closed,
    All,
}

impl FollowUpShow {
    pub const ALL: [FollowUpShow; 4] = [
        FollowUpShow::Open,
        FollowUpShow::Overdue,
        FollowUpShow::Closed,
        FollowUpShow::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FollowUpShow::Open => "open",
            FollowUpShow::Overdue => "overdue",
            FollowUpShow::Closed => "closed",
            FollowUpShow::All => "all",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            FollowUpShow::Open => t.follow_up_list_show_open,
            FollowUpShow::Overdue => t.follow_up_overdue,
            FollowUpShow::Closed => t.follow_up_closed,
            FollowUpShow::All => t.follow_up_list_all,
        }
    }

    pub fn shows(self, line: &FollowUpLine) -> bool {
        match self {
            FollowUpShow::Open => line.status != FollowUpStatus::Closed,
            FollowUpShow::Overdue => line.overdue,
            FollowUpShow::Closed => line.status == FollowUpStatus::Closed,
            FollowUpShow::All => true,
        }
    }
}

/// A recommendation or conclusion in a list across visits, with the visit it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpEntry {
    pub visit_id: i64,
    pub visit_title: String,
    pub province_code: String,
    pub province_name: String,
    /// Without its responses (the visit's page has them).
    pub line: FollowUpLine,
    pub responses: u32,
}

/// Recommendations and conclusions across visits as of a date, filtered by the province
/// visited, the unit they are addressed to, their kind and where they stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpList {
    pub as_of: NaiveDate,
    pub province: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<FollowUpKind>,
    pub show: FollowUpShow,
    /// The most overdue first, then by due date.
    pub entries: Vec<FollowUpEntry>,
    /// Those that matched beyond the entries listed.
    pub more: usize,
    /// All that match the province, unit and kind, whatever they stand at.
    pub figures: FollowUpFigures,
    /// The provinces visited (code, name) and the units addressed, to filter by.
    pub provinces: Vec<(String, String)>,
    pub units: Vec<String>,
}

/// The most entries a list across visits shows at once.
pub const MAX_ENTRIES: usize = 300;

pub const FOLLOW_UPS_PATH: &str = "/kien-nghi-ket-luan";

/// The list across visits of one province's recommendations and conclusions.
pub fn province_follow_ups_path(province: &str) -> String {
    format!("{FOLLOW_UPS_PATH}?tinh={province}")
}

/// A visit as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitSummary {
    pub id: i64,
    pub province_code: String,
    pub kind: VisitKind,
    pub title: String,
    pub organiser: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: VisitStatus,
    /// The head of the delegation's title.
    pub head_title: String,
    pub figures: FollowUpFigures,
    pub demo: bool,
}

/// A province's visits, the latest first, as they stood on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceVisits {
    pub province_code: String,
    pub province_name: String,
    pub as_of: NaiveDate,
    pub visits: Vec<VisitSummary>,
    pub figures: FollowUpFigures,
    /// The reader may plan a visit to the province.
    pub may_manage: bool,
}

impl ProvinceVisits {
    /// The visits that started before `day`, and what they left: a visit's pack and checklist
    /// speak of the visits before it.
    pub fn before(mut self, day: NaiveDate) -> Self {
        self.visits.retain(|v| v.starts_on < day);
        self.figures = FollowUpFigures::default();
        for v in &self.visits {
            self.figures.add(v.figures);
        }
        self
    }
}

/// Every visit, the latest first, as they stood on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllVisits {
    pub as_of: NaiveDate,
    pub visits: Vec<VisitSummary>,
    /// The provinces' names, by code.
    pub provinces: BTreeMap<String, String>,
    pub figures: FollowUpFigures,
}

/// A member of the delegation; the name only for those who may read the province's records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberLine {
    pub name: Option<String>,
    pub title: String,
    pub is_head: bool,
}

/// A response to a recommendation or conclusion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseLine {
    pub at: DateTime<Utc>,
    /// For those who may read the province's records.
    pub author: Option<String>,
    pub body: String,
    pub status_after: FollowUpStatus,
}

/// A recommendation or conclusion as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpLine {
    pub id: i64,
    /// What a response names as the version it answers.
    pub version: i32,
    pub kind: FollowUpKind,
    pub body: String,
    pub addressed_to: String,
    pub responsible: String,
    pub due_on: Option<NaiveDate>,
    pub status: FollowUpStatus,
    pub overdue: bool,
    pub responses: Vec<ResponseLine>,
    /// The documents and photos attached as it was followed up, for those who read the
    /// province's records.
    pub files: Vec<attachments::AttachedFile>,
}

/// A visit with everything it left to follow up, as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitDetail {
    pub visit: VisitSummary,
    pub province_name: String,
    pub as_of: NaiveDate,
    pub places: Vec<String>,
    pub topics: Vec<String>,
    /// Who received the delegation (titles and units as the record gives them).
    pub participants: Vec<String>,
    pub members: Vec<MemberLine>,
    pub recommendations: Vec<FollowUpLine>,
    pub conclusions: Vec<FollowUpLine>,
    /// The page shows today (not an earlier date): then it may be written to.
    pub today: bool,
    /// The reader may change the visit and add recommendations and conclusions.
    pub may_manage: bool,
    /// The reader may answer its recommendations and conclusions.
    pub may_respond: bool,
    /// The visit as its form edits it, for those who may manage it.
    pub input: Option<VisitInput>,
}

impl VisitDetail {
    /// The checklist is the delegation's record: ministry staff and the province's officials,
    /// those who manage the visit or answer it, read it.
    pub fn reads_checklist(&self) -> bool {
        self.may_manage || self.may_respond
    }
}

/// A visit as its form sends it (fields `visit[title]` and so on): dates `YYYY-MM-DD`; places,
/// topics and participants one a line; the other members one a line as `name; title`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitInput {
    pub province: String,
    /// Empty for a new visit.
    pub id: String,
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub starts_on: String,
    pub ends_on: String,
    pub places: String,
    pub topics: String,
    pub participants: String,
    pub head_name: String,
    pub head_title: String,
    pub members: String,
    /// Once it has ended: `report_issued` or `closed` (before that, its dates decide).
    pub status: String,
}

/// A recommendation or conclusion as its form sends it (fields `follow_up[body]`…).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpInput {
    pub visit: String,
    pub kind: String,
    pub body: String,
    pub addressed_to: String,
    pub responsible: String,
    /// `YYYY-MM-DD`, or empty.
    pub due_on: String,
    /// Not empty: a conclusion the delegation acts on itself (a check box).
    pub by_delegation: String,
}

/// A response as its form sends it (fields `response[body]`, `response[status]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponseInput {
    pub body: String,
    /// The status it leaves the item in.
    pub status: String,
}

/// The longest texts the forms take.
pub const MAX_LINE: usize = 300;
pub const MAX_TEXT: usize = 4_000;
/// The most members a delegation lists.
pub const MAX_MEMBERS: usize = 60;

/// The anchor of a recommendation or conclusion on its visit's page.
pub fn follow_up_anchor(id: i64) -> String {
    format!("follow-up-{id}")
}

/// Where a recommendation or conclusion is acted on.
pub fn follow_up_link(visit: i64, id: i64) -> String {
    format!("{}#{}", visit_path(visit), follow_up_anchor(id))
}

/// Every visit of the ministry: where inspectors land.
pub const ALL_VISITS_PATH: &str = "/doan-cong-tac";

pub fn visits_path(province: &str) -> String {
    format!("/tinh/{province}/doan-cong-tac")
}

pub fn visit_path(id: i64) -> String {
    format!("/doan-cong-tac/{id}")
}

/// A province's visits with their status and what they left open on a date (default today).
/// Public.
#[server(endpoint = "visits/province")]
pub async fn get_province_visits(
    code: String,
    as_of: Option<NaiveDate>,
) -> Result<ProvinceVisits, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::province(&state, actor.as_ref(), &code, as_of).await
}

/// Every visit with its status and what it left open on a date (default today). Public.
#[server(endpoint = "visits/all")]
pub async fn get_all_visits(as_of: Option<NaiveDate>) -> Result<AllVisits, AppError> {
    let state = crate::state::app_state()?;
    service::all(&state, as_of).await
}

/// One visit as of a date (default today). Public; names for those who may read the
/// province's records.
#[server(endpoint = "visits/get")]
pub async fn get_visit(id: i64, as_of: Option<NaiveDate>) -> Result<VisitDetail, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::detail(&state, actor.as_ref(), id, as_of).await
}

/// Plans a visit, or changes one; returns its id. Inspectors and ministry admins.
#[server(endpoint = "visits/save")]
pub async fn save_visit(visit: VisitInput) -> Result<i64, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    record::save(&state, &request, visit).await
}

/// Adds a recommendation of the locality or a conclusion of the delegation to a visit that
/// has started; returns it as it now stands. Inspectors and ministry admins.
#[server(endpoint = "visits/follow-up")]
pub async fn add_follow_up(follow_up: FollowUpInput) -> Result<FollowUpLine, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    record::add(&state, &request, follow_up).await
}

/// Answers a recommendation or conclusion from the version the user saw, leaving it in the
/// status chosen. Officials of the visited province, inspectors and ministry admins.
#[server(endpoint = "visits/respond")]
pub async fn respond_follow_up(
    id: i64,
    version: i32,
    response: ResponseInput,
) -> Result<SaveOutcome<FollowUpLine>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let outcome = record::respond(&state, &request, id, version, response).await?;
    crate::forms::conflict_for_plain_forms(&outcome)?;
    Ok(outcome)
}

/// Recommendations and conclusions across visits as of a date (default today), filtered.
/// Public: titles and units, never names.
#[server(endpoint = "visits/follow-ups")]
pub async fn get_follow_ups(
    province: Option<String>,
    unit: Option<String>,
    kind: Option<String>,
    show: Option<String>,
    as_of: Option<NaiveDate>,
) -> Result<FollowUpList, AppError> {
    let state = crate::state::app_state()?;
    let filter = service::Filter {
        province: province.filter(|p| !p.is_empty()),
        unit: unit.filter(|u| !u.is_empty()),
        kind: kind.as_deref().and_then(FollowUpKind::parse),
        show: show
            .as_deref()
            .and_then(FollowUpShow::parse)
            .unwrap_or_default(),
    };
    service::across(&state, filter, as_of).await
}
