//! The rules' settings in the database: read for every rating, changed by ministry admins.

use super::rules::RuleSettings;
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::session::RequestInfo,
    audit,
    error::{AppError, Problem},
    state::AppState,
};
use entity::setting;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use std::collections::HashMap;

/// Setting keys of the rules' settings.
pub const NEAR_DUE_DAYS: &str = "near_due_days";
pub const TOLERANCE_POINTS: &str = "tolerance_points";
pub const COUNT_VERIFIED: &str = "count_verified";

pub async fn settings(db: &impl ConnectionTrait) -> Result<RuleSettings, DbErr> {
    let stored: HashMap<String, String> = setting::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.key, s.value))
        .collect();
    let defaults = RuleSettings::default();
    Ok(RuleSettings {
        near_due_days: stored
            .get(NEAR_DUE_DAYS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.near_due_days),
        tolerance_points: stored
            .get(TOLERANCE_POINTS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.tolerance_points),
        count_verified: stored
            .get(COUNT_VERIFIED)
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.count_verified),
    })
}

/// Writes the rules' settings after checking them; audited in the same transaction.
pub async fn save_settings(
    state: &AppState,
    request: &RequestInfo,
    wanted: RuleSettings,
) -> Result<RuleSettings, AppError> {
    let actor = access::require(Action::ManageSettings, Target::Nation).await?;
    if !(0..=90).contains(&wanted.near_due_days) {
        return Err(AppError::Invalid(Problem::NearDueOutOfRange));
    }
    if !(0.0..=100.0).contains(&wanted.tolerance_points) {
        return Err(AppError::Invalid(Problem::ToleranceOutOfRange));
    }
    let db = &state.db;
    let before = settings(db).await?;
    let txn = begin_write(db).await?;
    for (key, value) in [
        (NEAR_DUE_DAYS, wanted.near_due_days.to_string()),
        (TOLERANCE_POINTS, wanted.tolerance_points.to_string()),
        (COUNT_VERIFIED, wanted.count_verified.to_string()),
    ] {
        setting::Entity::delete_by_id(key).exec(&txn).await?;
        setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(value),
        }
        .insert(&txn)
        .await?;
    }
    let entry = audit::Entry {
        action: "update",
        entity: Some("setting"),
        entity_id: Some("rules".to_owned()),
        before: Some(serde_json::to_value(before).unwrap_or_default()),
        after: Some(serde_json::to_value(wanted).unwrap_or_default()),
        ..Default::default()
    };
    audit::record(
        &txn,
        state.clock.now(),
        Some(&actor),
        Some(&request.ip),
        entry,
    )
    .await?;
    txn.commit().await?;
    Ok(wanted)
}
