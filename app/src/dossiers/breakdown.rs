//! A province's dossiers broken down: week by week and by channel (from the day counts), and
//! by agency, commune and procedure (from the tallies), each with its on-time rate. Never
//! from the dossiers one by one.

use super::{
    Channel, DossierFigures, PROCEDURE_LINES, ProvinceProcedures, UnitDossiers, UnitLine,
    WeekDossiers, figures, period_start,
};
use crate::{error::AppError, format::vietnam, state::AppState, tasks::service::today};
use chrono::{Datelike, Duration, NaiveDate};
use entity::{agency, commune, dossier_day, dossier_tally, procedure, province};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use std::collections::{BTreeMap, HashMap};

/// The period's first day in Vietnam.
fn first_day() -> NaiveDate {
    period_start().with_timezone(&vietnam()).date_naive()
}

pub async fn province(
    state: &AppState,
    code: &str,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<ProvinceProcedures, AppError> {
    let db = &state.db;
    let province = province::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let day = as_of.unwrap_or_else(|| today(state));
    let headline = figures::province(state, code, Some(day), reference).await?;
    let (weeks, channels) = weeks(db, code, day).await?;
    let mut tallies = tallies(db, code, day).await?;
    let mut take = |unit: &str| tallies.remove(unit).unwrap_or_default();
    let (agencies, communes, procedures) = (take("agency"), take("commune"), take("procedure"));
    let total = agencies
        .values()
        .fold(UnitDossiers::default(), |mut sum, unit| {
            sum.add(*unit);
            sum
        });
    let procedures_with_dossiers = procedures.len() as u32;
    Ok(ProvinceProcedures {
        province_code: province.code.clone(),
        province_name: province.name,
        as_of: day,
        headline,
        total,
        weeks,
        channels,
        agencies: agency_lines(db, code, agencies).await?,
        communes: commune_lines(db, communes).await?,
        procedures: procedure_lines(db, procedures).await?,
        procedures_with_dossiers,
    })
}

/// The week-by-week counts by channel from the period's start through `day`, and their sum.
async fn weeks(
    db: &impl ConnectionTrait,
    province: &str,
    day: NaiveDate,
) -> Result<(Vec<WeekDossiers>, [u64; 3]), DbErr> {
    let first = first_day();
    let rows: Vec<(NaiveDate, String, i64)> = dossier_day::Entity::find()
        .select_only()
        .column(dossier_day::Column::Day)
        .column(dossier_day::Column::Channel)
        .column(dossier_day::Column::Received)
        .filter(dossier_day::Column::ProvinceCode.eq(province))
        .filter(dossier_day::Column::Day.gte(first))
        .filter(dossier_day::Column::Day.lte(day))
        .into_tuple()
        .all(db)
        .await?;
    let mut weeks: BTreeMap<NaiveDate, [u64; 3]> = BTreeMap::new();
    let mut channels = [0u64; 3];
    for (d, channel, received) in rows {
        let Some(i) = Channel::ALL.iter().position(|c| c.code() == channel) else {
            continue;
        };
        let monday = d - Duration::days(d.weekday().num_days_from_monday().into());
        let n = received.max(0) as u64;
        weeks.entry(monday.max(first)).or_default()[i] += n;
        channels[i] += n;
    }
    let weeks = weeks
        .into_iter()
        .map(|(from, received)| WeekDossiers { from, received })
        .collect();
    Ok((weeks, channels))
}

/// Every unit's dossiers through the end of `day`, by unit kind and key: received and
/// returned in the period, and for the on-time rate the late ones and the base.
async fn tallies(
    db: &impl ConnectionTrait,
    province: &str,
    day: NaiveDate,
) -> Result<HashMap<String, HashMap<String, UnitDossiers>>, DbErr> {
    use dossier_tally::Column as T;
    let first = first_day();
    let sum = |column: &str| Expr::cust(format!("CAST(SUM({column}) AS BIGINT)"));
    // In the period: received (by channel), returned, late by the day they fell due.
    let within: Vec<(String, String, String, i64, i64, i64)> = dossier_tally::Entity::find()
        .select_only()
        .column(T::Unit)
        .column(T::UnitKey)
        .column(T::Channel)
        .column_as(sum("received"), "received")
        .column_as(sum("returned"), "returned")
        .column_as(sum("late"), "late")
        .filter(T::ProvinceCode.eq(province))
        .filter(T::Day.gte(first))
        .filter(T::Day.lte(day))
        .group_by(T::Unit)
        .group_by(T::UnitKey)
        .group_by(T::Channel)
        .into_tuple()
        .all(db)
        .await?;
    // Before it: those carried over (received, not finished), and those late and not
    // finished before it.
    let before: Vec<(String, String, i64, i64)> = dossier_tally::Entity::find()
        .select_only()
        .column(T::Unit)
        .column(T::UnitKey)
        .column_as(sum("received - finished"), "carried")
        .column_as(sum("late - late_finished"), "late")
        .filter(T::ProvinceCode.eq(province))
        .filter(T::Day.lt(first.min(day + chrono::Duration::days(1))))
        .group_by(T::Unit)
        .group_by(T::UnitKey)
        .into_tuple()
        .all(db)
        .await?;
    let mut units: HashMap<String, HashMap<String, UnitDossiers>> = HashMap::new();
    for (unit, key, channel, received, returned, late) in within {
        let received = received.max(0) as u64;
        let online = Channel::parse(&channel) == Some(Channel::Online);
        units
            .entry(unit)
            .or_default()
            .entry(key)
            .or_default()
            .add(UnitDossiers {
                figures: DossierFigures {
                    received,
                    online: if online { received } else { 0 },
                    returned: returned.max(0) as u64,
                },
                late: late.max(0) as u64,
                base: received,
            });
    }
    for (unit, key, carried, late) in before {
        let entry = units.entry(unit).or_default().entry(key).or_default();
        entry.base += carried.max(0) as u64;
        entry.late += late.max(0) as u64;
    }
    // A unit with nothing in the period (all finished before it) has no line.
    for keys in units.values_mut() {
        keys.retain(|_, d| d.base > 0 || d.late > 0 || d.figures.returned > 0);
    }
    Ok(units)
}

/// Most dossiers first, then by code.
fn sorted(mut lines: Vec<UnitLine>) -> Vec<UnitLine> {
    lines.sort_by(|a, b| {
        (b.dossiers.figures.received, &a.code).cmp(&(a.dossiers.figures.received, &b.code))
    });
    lines
}

async fn agency_lines(
    db: &impl ConnectionTrait,
    province: &str,
    units: HashMap<String, UnitDossiers>,
) -> Result<Vec<UnitLine>, DbErr> {
    let agencies = agency::Entity::find()
        .filter(agency::Column::ProvinceCode.eq(province))
        .all(db)
        .await?;
    Ok(sorted(
        agencies
            .into_iter()
            .filter_map(|a| {
                let dossiers = *units.get(&a.id.to_string())?;
                Some(UnitLine {
                    code: a.code,
                    name: a.name,
                    dossiers,
                })
            })
            .collect(),
    ))
}

async fn commune_lines(
    db: &impl ConnectionTrait,
    units: HashMap<String, UnitDossiers>,
) -> Result<Vec<UnitLine>, DbErr> {
    let codes: Vec<&str> = units.keys().map(String::as_str).collect();
    let mut names = HashMap::new();
    for chunk in codes.chunks(500) {
        let found: Vec<(String, String)> = commune::Entity::find()
            .select_only()
            .column(commune::Column::Code)
            .column(commune::Column::Name)
            .filter(commune::Column::Code.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        names.extend(found);
    }
    Ok(sorted(
        units
            .into_iter()
            .map(|(code, dossiers)| UnitLine {
                name: names.get(&code).cloned().unwrap_or_default(),
                code,
                dossiers,
            })
            .collect(),
    ))
}

async fn procedure_lines(
    db: &impl ConnectionTrait,
    units: HashMap<String, UnitDossiers>,
) -> Result<Vec<UnitLine>, DbErr> {
    let mut top = sorted(
        units
            .into_iter()
            .map(|(code, dossiers)| UnitLine {
                code,
                name: String::new(),
                dossiers,
            })
            .collect(),
    );
    top.truncate(PROCEDURE_LINES);
    let names: HashMap<String, String> = procedure::Entity::find()
        .select_only()
        .column(procedure::Column::Code)
        .column(procedure::Column::Name)
        .filter(procedure::Column::Code.is_in(top.iter().map(|l| l.code.as_str())))
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for line in &mut top {
        line.name = names.get(&line.code).cloned().unwrap_or_default();
    }
    Ok(top)
}
