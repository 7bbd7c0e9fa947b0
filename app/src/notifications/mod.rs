//! Notifications: what an account must act on, in an inbox whose unread count the header
//! shows, and by e-mail when a relay is configured. Written in the same transaction as the
//! event they tell of (a conclusion assigned to the province, a recommendation answered, a
//! commune task returned, a report waiting for verification), or by a sweep for the dates
//! that come without an event (a follow-up due within 7 days, or overdue). Each is one row
//! per account and event, so nothing is told twice.

#[cfg(feature = "ssr")]
pub mod service;

use crate::{error::AppError, i18n::Strings};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const INBOX_PATH: &str = "/thong-bao";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// A conclusion of a visit directed at the account's province.
    ConclusionAssigned,
    /// The ministry answered a recommendation of the account's province.
    RecommendationAnswered,
    /// A recommendation or conclusion the account's side must act on is due within 7 days.
    FollowUpDue,
    FollowUpOverdue,
    /// The province returned a report of the account's commune.
    TaskReturned,
    /// A commune of the account's province reported a task done.
    VerificationWaiting,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 6] = [
        NoticeKind::ConclusionAssigned,
        NoticeKind::RecommendationAnswered,
        NoticeKind::FollowUpDue,
        NoticeKind::FollowUpOverdue,
        NoticeKind::TaskReturned,
        NoticeKind::VerificationWaiting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::ConclusionAssigned => "conclusion_assigned",
            NoticeKind::RecommendationAnswered => "recommendation_answered",
            NoticeKind::FollowUpDue => "follow_up_due",
            NoticeKind::FollowUpOverdue => "follow_up_overdue",
            NoticeKind::TaskReturned => "task_returned",
            NoticeKind::VerificationWaiting => "verification_waiting",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            NoticeKind::ConclusionAssigned => t.notice_conclusion_assigned,
            NoticeKind::RecommendationAnswered => t.notice_recommendation_answered,
            NoticeKind::FollowUpDue => t.notice_follow_up_due,
            NoticeKind::FollowUpOverdue => t.notice_follow_up_overdue,
            NoticeKind::TaskReturned => t.notice_task_returned,
            NoticeKind::VerificationWaiting => t.notice_verification_waiting,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    /// What it is about, in the words of the record (a task's title, a conclusion's text).
    pub title: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The latest notifications, newest first, and how many are unread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub notices: Vec<Notice>,
    pub unread: u64,
}

/// The signed-in account's inbox.
#[server(endpoint = "notifications/inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx().ok_or(AppError::Unauthorized)?;
    service::inbox(&state, &actor).await
}

/// How many notifications the signed-in account has not read (the header's figure).
#[server(endpoint = "notifications/count")]
pub async fn get_unread_count() -> Result<u64, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx().ok_or(AppError::Unauthorized)?;
    service::unread(&state, &actor).await
}

/// Marks the signed-in account's notifications read: one (`id`), or all.
#[server(endpoint = "notifications/read")]
pub async fn mark_read(#[server(default)] id: Option<i64>) -> Result<u64, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx().ok_or(AppError::Unauthorized)?;
    service::mark_read(&state, &actor, id).await
}
