//! The dossier figures, summed from the counts per province, day or hour, and channel (never
//! from the dossiers one by one): whole days from the day counts, to the hour from the hour
//! counts.

use super::{Channel, DossierFigures, ProvinceDossiers, period_start};
use crate::{
    error::AppError,
    format::vietnam,
    rankings::{Indicator, ProvinceFigures, engine},
    state::AppState,
    tasks::service::{end_of, today},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{dossier_day, dossier_hour, province};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::collections::HashMap;

/// The moment a date's figures run up to: the start of the next day.
pub fn day_end(day: NaiveDate) -> DateTime<Utc> {
    end_of(day) + Duration::microseconds(1)
}

/// Every province's dossiers received, submitted online and returned in `[from, until)`.
pub async fn totals(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<HashMap<String, DossierFigures>, DbErr> {
    let rows: Vec<(String, String, i64, i64)> = dossier_hour::Entity::find()
        .select_only()
        .column(dossier_hour::Column::ProvinceCode)
        .column(dossier_hour::Column::Channel)
        .column_as(Expr::cust("CAST(SUM(received) AS BIGINT)"), "received")
        .column_as(Expr::cust("CAST(SUM(returned) AS BIGINT)"), "returned")
        .filter(dossier_hour::Column::Hour.gte(from))
        .filter(dossier_hour::Column::Hour.lt(until))
        .group_by(dossier_hour::Column::ProvinceCode)
        .group_by(dossier_hour::Column::Channel)
        .into_tuple()
        .all(db)
        .await?;
    Ok(sum_by_province(rows))
}

/// Every province's dossiers received, submitted online and returned from the period's
/// start to the end of `day`, from the day counts.
pub async fn totals_through(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<HashMap<String, DossierFigures>, DbErr> {
    let first = period_start().with_timezone(&vietnam()).date_naive();
    let rows: Vec<(String, String, i64, i64)> = dossier_day::Entity::find()
        .select_only()
        .column(dossier_day::Column::ProvinceCode)
        .column(dossier_day::Column::Channel)
        .column_as(Expr::cust("CAST(SUM(received) AS BIGINT)"), "received")
        .column_as(Expr::cust("CAST(SUM(returned) AS BIGINT)"), "returned")
        .filter(dossier_day::Column::Day.gte(first))
        .filter(dossier_day::Column::Day.lte(day))
        .group_by(dossier_day::Column::ProvinceCode)
        .group_by(dossier_day::Column::Channel)
        .into_tuple()
        .all(db)
        .await?;
    Ok(sum_by_province(rows))
}

fn sum_by_province(rows: Vec<(String, String, i64, i64)>) -> HashMap<String, DossierFigures> {
    let mut totals: HashMap<String, DossierFigures> = HashMap::new();
    for (province, channel, received, returned) in rows {
        let online = Channel::parse(&channel) == Some(Channel::Online);
        totals.entry(province).or_default().add(DossierFigures {
            received: received.max(0) as u64,
            online: if online { received.max(0) as u64 } else { 0 },
            returned: returned.max(0) as u64,
        });
    }
    totals
}

/// The provinces' figures (in the order given) with their dossiers from the period's start
/// to the end of `day`.
pub async fn with_dossiers(
    db: &impl ConnectionTrait,
    provinces: &[province::Model],
    figures: &[ProvinceFigures],
    day: NaiveDate,
) -> Result<Vec<ProvinceFigures>, DbErr> {
    let totals = totals_through(db, day).await?;
    Ok(provinces
        .iter()
        .zip(figures)
        .map(|(p, f)| ProvinceFigures {
            dossiers: totals.get(&p.code).copied().unwrap_or_default(),
            ..*f
        })
        .collect())
}

/// The end of the last hour with dossier data for `province` in `[from, until)`.
async fn last_hour(
    db: &impl ConnectionTrait,
    province: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(dossier_hour::Entity::find()
        .filter(dossier_hour::Column::ProvinceCode.eq(province))
        .filter(dossier_hour::Column::Hour.gte(from))
        .filter(dossier_hour::Column::Hour.lt(until))
        .order_by_desc(dossier_hour::Column::Hour)
        .one(db)
        .await?
        .map(|h| h.hour + Duration::hours(1)))
}

pub async fn province(
    state: &AppState,
    code: &str,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<Option<ProvinceDossiers>, AppError> {
    let day = as_of.unwrap_or_else(|| today(state));
    let ranking = engine::ranking(state, Indicator::OnlineDossiers, Some(day), reference).await?;
    let standing = ranking.standing(code).ok_or(AppError::NotFound)?;
    let figures = standing.figures.dossiers;
    if figures.received == 0 {
        return Ok(None);
    }
    let (from, end) = (period_start(), day_end(day));
    let until = last_hour(&state.db, code, from, end).await?.unwrap_or(end);
    Ok(Some(ProvinceDossiers {
        from,
        until: until.min(end),
        figures,
        rank: standing.rank,
        ranked: ranking.ranked,
        reference: ranking.reference,
        previous_rank: standing.previous_rank,
        demo: ranking.demo,
    }))
}
