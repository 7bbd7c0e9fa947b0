//! A province's dossiers broken down: week by week and by channel (from the day counts), and
//! by agency, commune and procedure (from the tallies: whole months from the month tallies,
//! the other days from the day tallies), each with its on-time rate. Never from the dossiers
//! one by one.

use super::ingest::{COUNTERS, FINISHED, LATE, LATE_FINISHED, RECEIVED, RETURNED, Tally};
use super::{
    Channel, DossierFigures, PROCEDURE_LINES, ProvinceProcedures, UnitDossiers, UnitLine,
    WeekDossiers, figures, period_start,
};
use crate::{error::AppError, format::vietnam, state::AppState, tasks::service::today};
use chrono::{Datelike, Duration, Months, NaiveDate};
use entity::{
    agency, commune, dossier_day, dossier_tally, dossier_tally_month, procedure, province,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
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
    let first = first_day();
    let mut units: HashMap<String, HashMap<String, UnitDossiers>> = HashMap::new();
    // In the period: received (by channel), returned, late by the day they fell due.
    let within = if first <= day {
        summed(db, province, Some(first), day).await?
    } else {
        Vec::new()
    };
    for (unit, key, channel, counts) in within {
        let received = counts[RECEIVED].max(0) as u64;
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
                    returned: counts[RETURNED].max(0) as u64,
                },
                late: counts[LATE].max(0) as u64,
                base: received,
            });
    }
    // Before it: those carried over (received, not finished), and those late and not
    // finished before it.
    let mut before: HashMap<(String, String), (i64, i64)> = HashMap::new();
    let last_before = (first - Duration::days(1)).min(day);
    for (unit, key, _, counts) in summed(db, province, None, last_before).await? {
        let sums = before.entry((unit, key)).or_default();
        sums.0 += counts[RECEIVED] - counts[FINISHED];
        sums.1 += counts[LATE] - counts[LATE_FINISHED];
    }
    for ((unit, key), (carried, late)) in before {
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

/// A unit kind, its key, a channel and the counters summed.
type Summed = (String, String, String, Tally);
/// The same as the database gives it: the counters one by one.
type SummedRow = (String, String, String, i64, i64, i64, i64, i64);

/// The days `from..=to` (every day through `to` without `from`) as whole months, from the
/// month starting `months.0` (every month before without it) up to the month starting
/// `months.1`, not included; and the other days, as ranges.
#[derive(Debug, PartialEq)]
struct Split {
    months: Option<(Option<NaiveDate>, NaiveDate)>,
    days: Vec<(NaiveDate, NaiveDate)>,
}

fn split(from: Option<NaiveDate>, to: NaiveDate) -> Split {
    let month_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |m: NaiveDate| m.checked_add_months(Months::new(1)).unwrap_or(m);
    let whole_from = from.map(|f| {
        if f.day() == 1 {
            f
        } else {
            next_month(month_of(f))
        }
    });
    let after_to = to + Duration::days(1);
    let whole_until = if after_to.day() == 1 {
        after_to
    } else {
        month_of(to)
    };
    match (from, whole_from) {
        (Some(from), Some(whole_from)) if whole_from >= whole_until => Split {
            months: None,
            days: if from <= to {
                vec![(from, to)]
            } else {
                Vec::new()
            },
        },
        _ => {
            let mut days = Vec::new();
            if let (Some(from), Some(whole_from)) = (from, whole_from)
                && from < whole_from
            {
                days.push((from, whole_from - Duration::days(1)));
            }
            if whole_until <= to {
                days.push((whole_until, to));
            }
            Split {
                months: Some((whole_from, whole_until)),
                days,
            }
        }
    }
}

/// The tallies of the days `from..=to` (every day through `to` without `from`) summed by
/// unit, key and channel: the whole months from the month tallies, the other days (of the
/// first and last months) from the day tallies.
async fn summed(
    db: &impl ConnectionTrait,
    province: &str,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<Vec<Summed>, DbErr> {
    let Split { months, days } = split(from, to);
    let mut rows = Vec::new();
    if let Some((whole_from, whole_until)) = months {
        use dossier_tally_month::Column as M;
        let mut query = dossier_tally_month::Entity::find()
            .filter(M::ProvinceCode.eq(province))
            .filter(M::Month.lt(whole_until));
        if let Some(whole_from) = whole_from {
            query = query.filter(M::Month.gte(whole_from));
        }
        rows.extend(sums(query, [M::Unit, M::UnitKey, M::Channel], db).await?);
    }
    if !days.is_empty() {
        use dossier_tally::Column as T;
        let ranges = days
            .into_iter()
            .fold(Condition::any(), |any, (first, last)| {
                any.add(T::Day.between(first, last))
            });
        let query = dossier_tally::Entity::find()
            .filter(T::ProvinceCode.eq(province))
            .filter(ranges);
        rows.extend(sums(query, [T::Unit, T::UnitKey, T::Channel], db).await?);
    }
    Ok(rows)
}

/// The counters of `query`'s rows summed by its unit, key and channel columns.
async fn sums<E: EntityTrait>(
    query: sea_orm::Select<E>,
    by: [E::Column; 3],
    db: &impl ConnectionTrait,
) -> Result<Vec<Summed>, DbErr> {
    let sum = |column: &str| Expr::cust(format!("CAST(SUM({column}) AS BIGINT)"));
    let mut query = query.select_only();
    for column in by {
        query = query.column(column).group_by(column);
    }
    for counter in COUNTERS {
        query = query.column_as(sum(counter), counter);
    }
    let rows: Vec<SummedRow> = query.into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(unit, key, channel, r, rt, f, l, lf)| (unit, key, channel, [r, rt, f, l, lf]))
        .collect())
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

#[cfg(test)]
mod tests {
    use super::{Split, split};
    use chrono::NaiveDate;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_period_is_read_as_whole_months_and_the_days_around_them() {
        // Everything before the period's start (on the 1st): months only.
        assert_eq!(
            split(None, d("2025-06-30")),
            Split {
                months: Some((None, d("2025-07-01"))),
                days: vec![]
            }
        );
        // Through a day within a month: its days.
        assert_eq!(
            split(None, d("2025-07-12")),
            Split {
                months: Some((None, d("2025-07-01"))),
                days: vec![(d("2025-07-01"), d("2025-07-12"))]
            }
        );
        assert_eq!(
            split(Some(d("2025-07-01")), d("2025-07-31")),
            Split {
                months: Some((Some(d("2025-07-01")), d("2025-08-01"))),
                days: vec![]
            }
        );
        // Within one month, or across two without a whole one: days only.
        for (from, to) in [("2025-07-15", "2025-07-20"), ("2025-12-15", "2026-01-02")] {
            assert_eq!(
                split(Some(d(from)), d(to)),
                Split {
                    months: None,
                    days: vec![(d(from), d(to))]
                }
            );
        }
        // Both ends in the middle of a month, whole months between (over a new year).
        assert_eq!(
            split(Some(d("2025-11-15")), d("2026-02-10")),
            Split {
                months: Some((Some(d("2025-12-01")), d("2026-02-01"))),
                days: vec![
                    (d("2025-11-15"), d("2025-11-30")),
                    (d("2026-02-01"), d("2026-02-10"))
                ]
            }
        );
        // A period not begun: nothing.
        assert_eq!(
            split(Some(d("2025-07-05")), d("2025-07-01")),
            Split {
                months: None,
                days: vec![]
            }
        );
    }
}
