//! Administrative procedures and their dossiers (`hồ sơ`): the dossiers each province's system
//! sends (`ingest`), their counts kept per province, hour and channel, and the figures the
//! pages and the rankings read from those counts (`figures`): received, submitted online, the
//! online rate, results returned, for any period and up to any hour.

#[cfg(feature = "ssr")]
pub mod breakdown;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
pub mod ingest;
pub mod upload;
#[cfg(feature = "ssr")]
pub mod upload_file;
#[cfg(feature = "ssr")]
pub mod upload_service;

use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How a dossier was submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    InPerson,
    Postal,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::InPerson, Channel::Postal];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::InPerson => "in_person",
            Channel::Postal => "postal",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A unit's dossiers over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFigures {
    pub received: u64,
    /// Of those received, submitted online.
    pub online: u64,
    /// Results returned in the period.
    pub returned: u64,
}

impl DossierFigures {
    /// Submitted online out of all received, in percent; None without any received.
    pub fn online_rate(&self) -> Option<f64> {
        (self.received > 0).then(|| self.online as f64 * 100.0 / self.received as f64)
    }

    pub fn add(&mut self, other: DossierFigures) {
        self.received += other.received;
        self.online += other.online;
        self.returned += other.returned;
    }
}

/// The most records one batch may hold.
pub const MAX_BATCH: usize = 10_000;

/// A dossier as a province's system sends it: re-sending a code updates that dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DossierRecord {
    /// The dossier's code, unique within the province (at most 64 characters).
    pub code: String,
    /// The receiving agency's code in the province (`SKHCN`).
    pub agency: String,
    /// The commune's code, for a dossier received by a commune.
    #[serde(default)]
    pub commune: Option<String>,
    /// The procedure's national code (`1.004363`), as text.
    pub procedure: String,
    pub received_at: DateTime<Utc>,
    /// `online`, `in_person` or `postal`.
    pub channel: String,
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub returned_at: Option<DateTime<Utc>>,
    /// `received`, `processing`, `finished`, `returned` or `cancelled`.
    pub status: String,
}

/// The statuses a dossier can have.
pub const STATUSES: [&str; 5] = [
    "received",
    "processing",
    "finished",
    "returned",
    "cancelled",
];

/// Why a record of a batch is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordProblem {
    /// Empty, or longer than 64 characters.
    CodeInvalid,
    /// The same code twice in one batch.
    CodeRepeated,
    UnknownAgency,
    UnknownProcedure,
    UnknownCommune,
    /// A commune of another province.
    CommuneOfAnotherProvince,
    UnknownChannel,
    UnknownStatus,
    /// After the moment the batch is received.
    InTheFuture,
    /// Before the dossier was received.
    BeforeReceived,
    /// Not a national procedure code (`1.004363`): in a spreadsheet, often a code read as a
    /// number, its last zeros lost.
    ProcedureCodeMalformed,
    /// A date or time that cannot be read.
    DateInvalid,
}

impl RecordProblem {
    pub fn message(self, t: &'static crate::i18n::Strings) -> &'static str {
        match self {
            RecordProblem::CodeInvalid => t.record_code_invalid,
            RecordProblem::CodeRepeated => t.record_code_repeated,
            RecordProblem::UnknownAgency => t.record_unknown_agency,
            RecordProblem::UnknownProcedure => t.record_unknown_procedure,
            RecordProblem::UnknownCommune => t.record_unknown_commune,
            RecordProblem::CommuneOfAnotherProvince => t.record_commune_of_another_province,
            RecordProblem::UnknownChannel => t.record_unknown_channel,
            RecordProblem::UnknownStatus => t.record_unknown_status,
            RecordProblem::InTheFuture => t.record_in_the_future,
            RecordProblem::BeforeReceived => t.record_before_received,
            RecordProblem::ProcedureCodeMalformed => t.record_procedure_code_malformed,
            RecordProblem::DateInvalid => t.problem_date_invalid,
        }
    }
}

/// Whether `code` has the form of a national procedure code: a digit, a dot, six digits.
pub fn is_procedure_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8
        && bytes[0].is_ascii_digit()
        && bytes[1] == b'.'
        && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// A refused record: its place in the batch (from 0), its code, the field and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordError {
    pub index: usize,
    pub code: String,
    pub field: String,
    pub problem: RecordProblem,
}

/// What a batch did: dossiers new to tiendo, and those it already had (updated, or
/// unchanged when sent again as they were).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BatchReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Where the dossier figures start: 1/7/2025, the first day of the two-level local
/// government, from which the provinces' online rates are compared.
pub fn period_start() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, 7, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(crate::format::vietnam()).single())
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

/// A province's dossiers as of a date, with its rank among the 34 on the online rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceDossiers {
    /// Counted from (`period_start`) and up to: the end of the last hour with data on or
    /// before the date's end ("as of 16:00 on 6/8/2025").
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub figures: DossierFigures,
    pub rank: Option<u32>,
    pub ranked: u32,
    pub reference: NaiveDate,
    pub previous_rank: Option<u32>,
    /// Demonstration data.
    pub demo: bool,
}

/// A province's dossier figures as of a date (default today) and its rank on the online
/// rate, with the change since `reference`; None when it has no dossier in the period.
/// Public.
#[server(endpoint = "dossiers/province")]
pub async fn get_province_dossiers(
    code: String,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<Option<ProvinceDossiers>, AppError> {
    let state = crate::state::app_state()?;
    figures::province(&state, &code, as_of, reference).await
}

/// A unit's dossiers through a date, with what its on-time rate needs: the late ones (late
/// and still open, or late and finished in the period) and the base they are a share of
/// (received in the period, and carried over: received before it and not finished by then).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDossiers {
    pub figures: DossierFigures,
    pub late: u64,
    pub base: u64,
}

impl UnitDossiers {
    /// 100 % less the late rate; None without any dossier to handle.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.base > 0).then(|| 100.0 - self.late.min(self.base) as f64 * 100.0 / self.base as f64)
    }

    pub fn add(&mut self, other: UnitDossiers) {
        self.figures.add(other.figures);
        self.late += other.late;
        self.base += other.base;
    }
}

/// A line of a province's table by agency, commune or procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitLine {
    /// The agency's code, the commune's code, the procedure's code.
    pub code: String,
    pub name: String,
    pub dossiers: UnitDossiers,
}

/// A week's dossiers received, by channel (in `Channel::ALL`'s order).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekDossiers {
    /// The week's first day in the period (a Monday, or the period's first day).
    pub from: NaiveDate,
    pub received: [u64; 3],
}

impl WeekDossiers {
    pub fn total(&self) -> u64 {
        self.received.iter().sum()
    }

    pub fn online_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.received[0] as f64 * 100.0 / total as f64)
    }
}

/// The most procedures a province's table lists: those with the most dossiers.
pub const PROCEDURE_LINES: usize = 50;

/// A province's procedures page: its dossiers from the period's start through a date, week
/// by week and by channel, and its tables by agency, commune and procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceProcedures {
    pub province_code: String,
    pub province_name: String,
    pub as_of: NaiveDate,
    pub headline: Option<ProvinceDossiers>,
    /// Through the end of the date, with the on-time rate.
    pub total: UnitDossiers,
    pub weeks: Vec<WeekDossiers>,
    /// Received through the date, by channel (in `Channel::ALL`'s order).
    pub channels: [u64; 3],
    pub agencies: Vec<UnitLine>,
    pub communes: Vec<UnitLine>,
    /// The `PROCEDURE_LINES` procedures with the most dossiers.
    pub procedures: Vec<UnitLine>,
    /// How many procedures had dossiers.
    pub procedures_with_dossiers: u32,
}

pub fn province_procedures_path(province: &str) -> String {
    format!("/tinh/{province}/thu-tuc")
}

/// A province's procedures page as of a date (default today), with the rank change since
/// `reference`. Public.
#[server(endpoint = "dossiers/province/procedures")]
pub async fn get_province_procedures(
    code: String,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<ProvinceProcedures, AppError> {
    let state = crate::state::app_state()?;
    breakdown::province(&state, &code, as_of, reference).await
}
