//! Queries over the territory tables, mapped to the DTOs pages use.

use super::{
    CommuneCounts, CommuneDetail, CommuneSummary, Predecessor, ProvinceDetail, ProvinceSummary,
    UnitKind,
};
use entity::{commune, commune_predecessor, province, province_predecessor};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;

fn kind(stored: &str) -> Result<UnitKind, DbErr> {
    UnitKind::from_code(stored).ok_or_else(|| DbErr::Type(format!("unknown unit kind `{stored}`")))
}

fn province_summary(
    model: province::Model,
    communes: CommuneCounts,
) -> Result<ProvinceSummary, DbErr> {
    Ok(ProvinceSummary {
        kind: kind(&model.kind)?,
        code: model.code,
        name: model.name,
        full_name: model.full_name,
        area_km2: model.area_km2,
        communes,
    })
}

fn commune_summary(model: commune::Model) -> Result<CommuneSummary, DbErr> {
    Ok(CommuneSummary {
        kind: kind(&model.kind)?,
        code: model.code,
        name: model.name,
        full_name: model.full_name,
        area_km2: model.area_km2,
    })
}

/// Commune counts by type for every province (or one), in one grouped query.
async fn commune_counts(
    db: &DatabaseConnection,
    only: Option<&str>,
) -> Result<HashMap<String, CommuneCounts>, DbErr> {
    let mut query = commune::Entity::find()
        .select_only()
        .column(commune::Column::ProvinceCode)
        .column(commune::Column::Kind)
        .column_as(Expr::col(commune::Column::Code).count(), "n")
        .group_by(commune::Column::ProvinceCode)
        .group_by(commune::Column::Kind);
    if let Some(code) = only {
        query = query.filter(commune::Column::ProvinceCode.eq(code));
    }
    let rows: Vec<(String, String, i64)> = query.into_tuple().all(db).await?;
    let mut counts: HashMap<String, CommuneCounts> = HashMap::new();
    for (province, stored_kind, n) in rows {
        counts
            .entry(province)
            .or_default()
            .add(kind(&stored_kind)?, n as u32);
    }
    Ok(counts)
}

pub async fn list_provinces(db: &DatabaseConnection) -> Result<Vec<ProvinceSummary>, DbErr> {
    let mut counts = commune_counts(db, None).await?;
    province::Entity::find()
        .order_by_asc(province::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let c = counts.remove(&p.code).unwrap_or_default();
            province_summary(p, c)
        })
        .collect()
}

pub async fn province_detail(
    db: &DatabaseConnection,
    code: &str,
) -> Result<Option<ProvinceDetail>, DbErr> {
    let Some(model) = province::Entity::find_by_id(code).one(db).await? else {
        return Ok(None);
    };
    let counts = commune_counts(db, Some(code))
        .await?
        .remove(code)
        .unwrap_or_default();
    let merged_from = province_predecessor::Entity::find()
        .filter(province_predecessor::Column::ProvinceCode.eq(code))
        .order_by_asc(province_predecessor::Column::OldCode)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Predecessor {
            code: p.old_code,
            name: p.old_name,
            whole: true,
        })
        .collect();
    let communes = commune::Entity::find()
        .filter(commune::Column::ProvinceCode.eq(code))
        .order_by_asc(commune::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(commune_summary)
        .collect::<Result<_, _>>()?;
    Ok(Some(ProvinceDetail {
        province: province_summary(model, counts)?,
        merged_from,
        communes,
    }))
}

pub async fn commune_detail(
    db: &DatabaseConnection,
    code: &str,
) -> Result<Option<CommuneDetail>, DbErr> {
    let Some((model, Some(province))) = commune::Entity::find_by_id(code)
        .find_also_related(province::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let formed_from = commune_predecessor::Entity::find()
        .filter(commune_predecessor::Column::CommuneCode.eq(code))
        .order_by_asc(commune_predecessor::Column::OldCode)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Predecessor {
            code: p.old_code,
            name: p.old_name,
            whole: p.whole,
        })
        .collect();
    Ok(Some(CommuneDetail {
        commune: commune_summary(model)?,
        province_code: province.code,
        province_name: province.name,
        formed_from,
    }))
}

/// Names of every province, and of the given communes as "commune, province", by code.
pub async fn unit_names<'a>(
    db: &impl ConnectionTrait,
    communes: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, String>, DbErr> {
    let mut names: HashMap<String, String> = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let communes: Vec<&str> = communes
        .into_iter()
        .filter(|code| !names.contains_key(*code))
        .collect();
    for chunk in communes.chunks(500) {
        for c in commune::Entity::find()
            .filter(commune::Column::Code.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            let province = names.get(&c.province_code).cloned().unwrap_or_default();
            names.insert(c.code, format!("{}, {province}", c.name));
        }
    }
    Ok(names)
}
