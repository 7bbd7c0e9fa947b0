//! The rules' settings page for ministry admins: thresholds and which figure roll-ups count.

use super::rules::RuleSettings;
use crate::error::AppError;
use leptos::prelude::*;

/// Where the settings page lives.
pub const SETTINGS_PATH: &str = "/quan-tri/cai-dat";

/// The settings in force. Anyone may read them: they explain every rating shown.
#[server(endpoint = "tasks/settings")]
pub async fn get_settings() -> Result<RuleSettings, AppError> {
    Ok(super::settings_service::settings(&crate::state::db()?).await?)
}

/// Changes the settings (ministry admins); the change is audited with before and after.
#[server(endpoint = "tasks/settings/save")]
pub async fn save_settings(
    near_due_days: i64,
    tolerance_points: f64,
    count_verified: Option<String>,
) -> Result<RuleSettings, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let wanted = RuleSettings {
        near_due_days,
        tolerance_points,
        count_verified: count_verified.is_some_and(|v| v == "on" || v == "true"),
    };
    let saved = super::settings_service::save_settings(&state, &request, wanted).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(SETTINGS_PATH);
    }
    Ok(saved)
}
