//! The one error type of tiendo: server functions and HTTP routes return it, pages show it
//! in the visitor's language, logs keep the cause.

use crate::i18n::Strings;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A field a user filled in wrongly; shown beside the field in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    UsernameInvalid,
    UsernameTaken,
    NameRequired,
    PasswordTooShort,
    PasswordTooLong,
    /// The role needs a province or commune and none was given, or one was given to a role
    /// that has none.
    ScopeMismatch,
    /// No province or commune has that code.
    ScopeUnknown,
    EmailInvalid,
    RoleUnknown,
    /// Nobody disables their own account or changes their own role.
    OwnAccount,
    /// The current password given to change it is wrong.
    PasswordWrong,
    /// The new password and its confirmation differ.
    PasswordMismatch,
    StatusUnknown,
    ProgressOutOfRange,
    /// Marking done needs evidence (a document number or a link).
    EvidenceRequired,
    /// A link must start with http:// or https://.
    LinkInvalid,
    /// A note, number or link is longer than allowed.
    TextTooLong,
    /// Only a commune task reported done can be verified or returned.
    NotReportedDone,
    /// Returning a report needs a reason.
    ReasonRequired,
    NearDueOutOfRange,
    ToleranceOutOfRange,
    /// A row names an assignment that is not one of this province's communes'.
    NotInProvince,
    /// Two rows name the same assignment.
    DuplicateRow,
    /// A bulk row's commune code is not that of the task it names.
    CommuneMismatch,
    NotANumber,
    /// The assignment changed after the file was downloaded: download it again.
    ChangedSinceDownload,
    /// A bulk file with errors is not applied.
    BulkHasErrors,
    DateInvalid,
    /// A required text is empty or too long.
    TextRequired,
    PlanCodeTaken,
    LevelUnknown,
    DeadlineBeforeStart,
    /// A measured value must be a number, zero or more.
    ValueInvalid,
    /// A target must be a number above zero, with its unit.
    TargetInvalid,
    /// An evidence file over the size allowed.
    FileTooLarge,
    /// An evidence file that is not a PDF, PNG or JPEG.
    FileWrongType,
    /// No file was chosen, or it was empty.
    FileEmpty,
    /// Nothing was ticked to act on.
    NothingPicked,
    /// More items than one request may hold.
    TooMany,
    /// A date before the step it follows, or without it (issued before proposed, in force
    /// without being issued).
    DateOutOfOrder,
    /// A decision kind that does not exist.
    KindUnknown,
    /// No agency of the province has that code.
    AgencyUnknown,
    /// Power moved from an agency to itself.
    AgencySame,
    /// A decision covers at least one procedure.
    ProceduresRequired,
    /// A date after today where only today or earlier makes sense.
    DateInFuture,
    /// A visit whose follow-up is closed takes no more recommendations, conclusions or
    /// responses.
    VisitClosed,
    /// A checklist question keeps at most `visits::checklist::MAX_PHOTOS` photos.
    TooManyPhotos,
    /// Recommendations and conclusions are written from a visit's first day.
    VisitNotStarted,
    /// A closed visit changes only as it is reopened.
    ReopenFirst,
    /// A visit whose checklist holds answers, photos or findings keeps its kind.
    KindHasRecord,
    /// A visit starting after its recommendations or conclusions were written or fall due.
    StartsAfterFollowUps,
    /// A recommendation or conclusion due before the visit.
    DueBeforeVisit,
    /// A member line without a title, or too long.
    MemberInvalid,
    /// Conclusions are issued, and their follow-up closed, from a visit's last day.
    VisitNotEnded,
    /// Only the delegation closes what a visit left to follow up.
    CloseByDelegation,
    /// A checklist answer is one of met, partly, not met, not applicable.
    AnswerRequired,
    /// A figure of the preparation pack that does not exist.
    GaugeUnknown,
    /// A telephone number with letters in it, or too few or too many digits.
    PhoneInvalid,
}

impl Problem {
    pub fn message(self, t: &'static Strings) -> &'static str {
        match self {
            Problem::UsernameInvalid => t.problem_username_invalid,
            Problem::UsernameTaken => t.problem_username_taken,
            Problem::NameRequired => t.problem_name_required,
            Problem::PasswordTooShort => t.problem_password_too_short,
            Problem::PasswordTooLong => t.problem_password_too_long,
            Problem::ScopeMismatch => t.problem_scope_mismatch,
            Problem::ScopeUnknown => t.problem_scope_unknown,
            Problem::EmailInvalid => t.problem_email_invalid,
            Problem::RoleUnknown => t.problem_role_unknown,
            Problem::OwnAccount => t.problem_own_account,
            Problem::PasswordWrong => t.problem_password_wrong,
            Problem::PasswordMismatch => t.problem_password_mismatch,
            Problem::StatusUnknown => t.problem_status_unknown,
            Problem::ProgressOutOfRange => t.problem_progress_out_of_range,
            Problem::EvidenceRequired => t.problem_evidence_required,
            Problem::LinkInvalid => t.problem_link_invalid,
            Problem::TextTooLong => t.problem_text_too_long,
            Problem::NotReportedDone => t.problem_not_reported_done,
            Problem::ReasonRequired => t.problem_reason_required,
            Problem::NearDueOutOfRange => t.problem_near_due_out_of_range,
            Problem::ToleranceOutOfRange => t.problem_tolerance_out_of_range,
            Problem::NotInProvince => t.problem_not_in_province,
            Problem::DuplicateRow => t.problem_duplicate_row,
            Problem::CommuneMismatch => t.problem_commune_mismatch,
            Problem::NotANumber => t.problem_not_a_number,
            Problem::ChangedSinceDownload => t.problem_changed_since_download,
            Problem::BulkHasErrors => t.problem_bulk_has_errors,
            Problem::DateInvalid => t.problem_date_invalid,
            Problem::TextRequired => t.problem_text_required,
            Problem::PlanCodeTaken => t.problem_plan_code_taken,
            Problem::LevelUnknown => t.problem_level_unknown,
            Problem::DeadlineBeforeStart => t.problem_deadline_before_start,
            Problem::ValueInvalid => t.problem_value_invalid,
            Problem::TargetInvalid => t.problem_target_invalid,
            Problem::FileTooLarge => t.evidence_too_large,
            Problem::FileWrongType => t.evidence_wrong_type,
            Problem::FileEmpty => t.evidence_empty,
            Problem::NothingPicked => t.problem_nothing_picked,
            Problem::TooMany => t.problem_too_many,
            Problem::DateOutOfOrder => t.problem_date_out_of_order,
            Problem::KindUnknown => t.problem_kind_unknown,
            Problem::AgencyUnknown => t.problem_agency_unknown,
            Problem::AgencySame => t.problem_agency_same,
            Problem::ProceduresRequired => t.problem_procedures_required,
            Problem::DateInFuture => t.problem_date_in_future,
            Problem::VisitClosed => t.problem_visit_closed,
            Problem::TooManyPhotos => t.problem_too_many_photos,
            Problem::VisitNotStarted => t.problem_visit_not_started,
            Problem::ReopenFirst => t.problem_reopen_first,
            Problem::KindHasRecord => t.problem_kind_has_record,
            Problem::StartsAfterFollowUps => t.problem_starts_after_follow_ups,
            Problem::DueBeforeVisit => t.problem_due_before_visit,
            Problem::AnswerRequired => t.problem_answer_required,
            Problem::GaugeUnknown => t.problem_gauge_unknown,
            Problem::PhoneInvalid => t.problem_phone_invalid,
            Problem::MemberInvalid => t.problem_member_invalid,
            Problem::VisitNotEnded => t.problem_visit_not_ended,
            Problem::CloseByDelegation => t.problem_close_by_delegation,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Signing in is needed.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Wrong user name or password (the same answer for both).
    #[error("login failed")]
    LoginFailed,
    #[error("too many attempts")]
    TooManyAttempts,
    /// A state-changing request that the browser says another site sent.
    #[error("cross-site request")]
    CrossSite,
    /// Someone else changed the record since it was read; nothing was overwritten.
    #[error("conflict")]
    Conflict,
    #[error("invalid: {0:?}")]
    Invalid(Problem),
    /// A problem with one field of a form, named as the form sends it (`note`, `reason`…).
    #[error("invalid {0}: {1:?}")]
    InvalidField(String, Problem),
    /// Codes given in a field that are not in the list they should come from (procedure
    /// codes not in the catalogue, say), named.
    #[error("unknown codes in {0}: {1:?}")]
    UnknownCodes(String, Vec<String>),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never reached the server or its answer could not be read.
    #[error("network: {0}")]
    Network(String),
    /// Without a connection, the change was kept on the device to be sent when it returns
    /// (answered by the service worker, never by the server).
    #[error("kept on the device")]
    Queued,
    /// A change sent again (after a lost answer) that was already written: written once.
    #[error("already applied")]
    AlreadyApplied,
    /// A form opened while another account was signed in: not written for this one.
    #[error("another account's form")]
    OtherAccount,
}

impl AppError {
    pub fn message(&self, t: &'static Strings) -> &'static str {
        match self {
            AppError::NotFound => t.not_found_text,
            AppError::Unauthorized => t.error_unauthorized,
            AppError::Forbidden => t.error_forbidden,
            AppError::LoginFailed => t.error_login_failed,
            AppError::TooManyAttempts => t.error_too_many_attempts,
            AppError::CrossSite => t.error_cross_site,
            AppError::Conflict => t.error_conflict,
            AppError::Invalid(problem) | AppError::InvalidField(_, problem) => problem.message(t),
            AppError::UnknownCodes(..) => t.error_unknown_codes,
            AppError::BadRequest(_) => t.error_bad_request,
            AppError::Unavailable => t.error_unavailable,
            AppError::Internal => t.error_internal,
            AppError::Network(_) => t.error_network,
            AppError::Queued => t.error_queued,
            AppError::AlreadyApplied => t.error_already_applied,
            AppError::OtherAccount => t.error_other_account,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized | AppError::LoginFailed => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict | AppError::AlreadyApplied | AppError::OtherAccount => {
                StatusCode::CONFLICT
            }
            AppError::Invalid(_) | AppError::InvalidField(..) | AppError::UnknownCodes(..) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable | AppError::Queued => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Network(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl AppError {
    /// The field this error concerns, if it concerns one.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::InvalidField(field, _) | AppError::UnknownCodes(field, _) => Some(field),
            _ => None,
        }
    }

    /// The message with what it names: the unknown codes (the first twenty, then how many
    /// more).
    pub fn text(&self, t: &'static Strings) -> String {
        const SHOWN: usize = 20;
        match self {
            AppError::UnknownCodes(_, codes) => {
                let mut text = format!(
                    "{} {}",
                    self.message(t),
                    codes[..codes.len().min(SHOWN)].join(", ")
                );
                if codes.len() > SHOWN {
                    text.push_str(&format!(" (+{})", codes.len() - SHOWN));
                }
                text
            }
            _ => self.message(t).to_owned(),
        }
    }

    /// This problem with `field`.
    pub fn at(field: &str, problem: Problem) -> Self {
        AppError::InvalidField(field.to_owned(), problem)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::UnsupportedRequestMethod(m) => AppError::BadRequest(m),
            ServerFnErrorErr::Request(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Network(m)
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        match err {
            sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::json!({ "error": self.text(crate::i18n::Locale::Vi.strings()) });
        (self.status(), axum::Json(body)).into_response()
    }
}
