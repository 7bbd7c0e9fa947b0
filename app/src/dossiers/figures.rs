//! The dossier figures, summed from the counts per province, hour and channel (never from the
//! dossiers one by one).

use super::{Channel, DossierFigures, ProvinceDossiers, period_start};
use crate::{
    error::AppError,
    rankings::{Indicator, ProvinceFigures, engine},
    state::AppState,
    tasks::service::{end_of, today},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{dossier_hour, province};
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
    let mut totals: HashMap<String, DossierFigures> = HashMap::new();
    for (province, channel, received, returned) in rows {
        let online = Channel::parse(&channel) == Some(Channel::Online);
        totals.entry(province).or_default().add(DossierFigures {
            received: received.max(0) as u64,
            online: if online { received.max(0) as u64 } else { 0 },
            returned: returned.max(0) as u64,
        });
    }
    Ok(totals)
}

/// The provinces' figures (in the order given) with their dossiers from the period's start
/// up to `until`.
pub async fn with_dossiers(
    db: &impl ConnectionTrait,
    provinces: &[province::Model],
    figures: &[ProvinceFigures],
    until: DateTime<Utc>,
) -> Result<Vec<ProvinceFigures>, DbErr> {
    let totals = if until > period_start() {
        totals(db, period_start(), until).await?
    } else {
        HashMap::new()
    };
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
