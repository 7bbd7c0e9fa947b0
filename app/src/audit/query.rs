//! Reading the audit log back: one filtered query for the viewer and the CSV export.

use super::{AuditFilter, AuditPage};
use crate::{
    access::{self, Action, Target},
    accounts::Actor,
    error::AppError,
    format::vietnam,
    state::AppState,
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::audit_event::{self, Column};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub const PAGE_SIZE: u64 = 100;
/// The most rows one export holds; narrow the filter for more.
pub const EXPORT_LIMIT: u64 = 50_000;

/// Who may read the log, and which province they are held to (None: all of it).
pub async fn authorize(
    state: &AppState,
    actor: Option<&Actor>,
    ip: &str,
) -> Result<Option<String>, AppError> {
    let target = actor.map_or(Target::Nation, access::own_area);
    let province = match &target {
        Target::Province(code) => Some(code.clone()),
        _ => None,
    };
    access::check(state, actor, ip, Action::ReadAudit, target).await?;
    Ok(province)
}

fn day(text: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest(format!("not a date: {text}")))?;
    let start = date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(vietnam()).single())
        .ok_or_else(|| AppError::BadRequest(format!("not a date: {text}")))?;
    Ok(Some(start.to_utc()))
}

fn condition(filter: &AuditFilter, province: Option<&str>) -> Result<Condition, AppError> {
    let mut all = Condition::all();
    if let Some(code) = province {
        all = all.add(Column::ProvinceCode.eq(code));
    }
    let user = filter.user.trim().to_lowercase();
    if !user.is_empty() {
        all = all.add(Column::Actor.contains(&user));
    }
    let unit = filter.unit.trim();
    if !unit.is_empty() {
        all = all.add(
            Condition::any()
                .add(Column::ProvinceCode.eq(unit))
                .add(Column::EntityId.eq(unit)),
        );
    }
    let entity = filter.entity.trim();
    if !entity.is_empty() {
        all = all.add(Column::Entity.eq(entity));
    }
    if let Some(from) = day(&filter.from)? {
        all = all.add(Column::At.gte(from));
    }
    if let Some(to) = day(&filter.to)? {
        all = all.add(Column::At.lt(to + chrono::Duration::days(1)));
    }
    let before = filter.before.trim();
    if !before.is_empty() {
        let id: i64 = before
            .parse()
            .map_err(|_| AppError::BadRequest(format!("not a row id: {before}")))?;
        all = all.add(Column::Id.lt(id));
    }
    Ok(all)
}

/// Matching entries as stored, newest first, at most `limit`.
pub async fn rows(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    province: Option<&str>,
    limit: u64,
) -> Result<Vec<audit_event::Model>, AppError> {
    Ok(audit_event::Entity::find()
        .filter(condition(filter, province)?)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn page(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    province: Option<&str>,
) -> Result<AuditPage, AppError> {
    let mut rows = rows(db, filter, province, PAGE_SIZE + 1).await?;
    let next_before = if rows.len() as u64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let rows = super::describe::rows(db, rows).await?;
    Ok(AuditPage { rows, next_before })
}

/// The rows as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
/// Vietnamese right), times in UTC, formula-like cells neutralised.
pub fn csv(rows: &[audit_event::Model]) -> Result<Vec<u8>, AppError> {
    let header = [
        "id",
        "at_utc",
        "actor",
        "ip",
        "action",
        "entity",
        "entity_id",
        "province_code",
        "before",
        "after",
        "note",
    ];
    let lines = rows.iter().map(|r| {
        vec![
            r.id.to_string(),
            r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            r.actor.clone().unwrap_or_default(),
            r.ip.clone().unwrap_or_default(),
            r.action.clone(),
            r.entity.clone().unwrap_or_default(),
            r.entity_id.clone().unwrap_or_default(),
            r.province_code.clone().unwrap_or_default(),
            r.before.clone().unwrap_or_default(),
            r.after.clone().unwrap_or_default(),
            r.note.clone().unwrap_or_default(),
        ]
    });
    crate::spreadsheet::csv(&header, lines)
}
