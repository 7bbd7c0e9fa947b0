//! Progress bars and Xanh/Vàng/Đỏ badges: always with text, never colour alone.

use crate::{
    format,
    i18n::{Strings, use_i18n},
    tasks::rules::{Rating, Schedule, Status},
};
use leptos::prelude::*;

pub fn rating_label(rating: Rating, t: &'static Strings) -> &'static str {
    match rating {
        Rating::Xanh => t.rating_xanh,
        Rating::Vang => t.rating_vang,
        Rating::Do => t.rating_do,
    }
}

pub fn schedule_label(schedule: Schedule, t: &'static Strings) -> &'static str {
    match schedule {
        Schedule::Done => t.schedule_done,
        Schedule::Overdue => t.schedule_overdue,
        Schedule::NearDue => t.schedule_near_due,
        Schedule::NotYetDue => t.schedule_not_yet_due,
        Schedule::OnSchedule => t.schedule_on_schedule,
    }
}

pub fn status_label(status: Status, t: &'static Strings) -> &'static str {
    match status {
        Status::NotStarted => t.status_not_started,
        Status::InProgress => t.status_in_progress,
        Status::Done => t.status_done,
    }
}

#[component]
pub fn RatingBadge(rating: Rating) -> impl IntoView {
    let i18n = use_i18n();
    let class = match rating {
        Rating::Xanh => "badge badge-xanh",
        Rating::Vang => "badge badge-vang",
        Rating::Do => "badge badge-do",
    };
    view! { <span class=class>{move || rating_label(rating, i18n.t())}</span> }
}

/// A bar with its figure written beside it (a native `<progress>`: no inline style, which
/// the Content-Security-Policy forbids).
#[component]
pub fn ProgressBar(percent: f64) -> impl IntoView {
    let i18n = use_i18n();
    let value = format!("{:.1}", percent.clamp(0.0, 100.0));
    view! {
        <span class="progress">
            <progress max="100" value=value aria-hidden="true"></progress>
            <span class="progress-figure">{move || format::percent(percent, i18n.locale())}</span>
        </span>
    }
}
