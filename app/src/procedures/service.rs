//! The catalogue in the database: a few thousand procedures, filtered in memory per request;
//! a province's decisions marked on them.

use super::{
    Catalogue, CatalogueFilter, CatalogueRow, Mark, PAGE_SIZE, ProcedureDecision, ProcedureDetail,
};
use crate::{
    decisions::{DecisionKind, service as decisions},
    error::AppError,
    search,
    state::AppState,
    tasks::service::today,
};
use entity::{agency, decision_procedure, procedure, province};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

/// Each department's name by its code (as the provinces name them).
async fn departments(state: &AppState) -> Result<BTreeMap<String, String>, AppError> {
    let mut names = BTreeMap::new();
    for a in agency::Entity::find()
        .order_by_asc(agency::Column::Id)
        .all(&state.db)
        .await?
    {
        names.entry(a.code).or_insert(a.name);
    }
    Ok(names)
}

fn row(
    p: procedure::Model,
    departments: &BTreeMap<String, String>,
    marks: Vec<Mark>,
) -> CatalogueRow {
    CatalogueRow {
        department: departments
            .get(&p.sector)
            .cloned()
            .unwrap_or_else(|| p.sector.clone()),
        code: p.code,
        name: p.name,
        field: p.field,
        level: p.level,
        online: p.online,
        marks,
    }
}

pub async fn catalogue(state: &AppState, filter: CatalogueFilter) -> Result<Catalogue, AppError> {
    let db = &state.db;
    let day = filter.as_of.unwrap_or_else(|| today(state));
    let all = procedure::Entity::find()
        .order_by_asc(procedure::Column::Code)
        .all(db)
        .await?;
    let departments = departments(state).await?;
    let provinces: Vec<(String, String)> = province::Entity::find()
        .order_by_asc(province::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let marks = match provinces.iter().any(|(code, _)| *code == filter.province) {
        true => decisions::marks_on(db, &filter.province, day).await?,
        false => HashMap::new(),
    };
    let mut fields: Vec<String> = all.iter().map(|p| p.field.clone()).collect();
    fields.sort();
    fields.dedup();
    let total = all.len();
    let kind = DecisionKind::parse(&filter.kind);
    // As a page's address would give it, whoever sent it.
    let words = search::typed_search(Some(filter.q.clone()));
    let in_force = |code: &str| -> Vec<DecisionKind> {
        marks
            .get(code)
            .into_iter()
            .flatten()
            .filter(|(_, _, s)| *s == crate::decisions::DecisionStatus::InForce)
            .map(|(_, k, _)| *k)
            .collect()
    };
    let matching: Vec<procedure::Model> = all
        .into_iter()
        .filter(|p| filter.field.is_empty() || p.field == filter.field)
        .filter(|p| filter.sector.is_empty() || p.sector == filter.sector)
        .filter(|p| filter.level.is_empty() || p.level == filter.level)
        .filter(|p| filter.online.is_empty() || p.online == filter.online)
        .filter(|p| kind.is_none_or(|k| in_force(&p.code).contains(&k)))
        .filter(|p| {
            words.trim().is_empty()
                || search::rank(&words, &format!("{} {}", p.code, p.name)).is_some()
        })
        .collect();
    let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.clamp(1, pages);
    let count = matching.len();
    let rows = matching
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|p| {
            let marked = marks
                .get(&p.code)
                .into_iter()
                .flatten()
                .map(|&(decision_id, kind, status)| Mark {
                    decision_id,
                    kind,
                    status,
                })
                .collect();
            row(p, &departments, marked)
        })
        .collect();
    Ok(Catalogue {
        rows,
        matching: count,
        total,
        page,
        pages,
        fields,
        sectors: departments.into_iter().collect(),
        provinces,
        as_of: day,
    })
}

pub async fn detail(
    state: &AppState,
    code: &str,
    as_of: Option<chrono::NaiveDate>,
) -> Result<ProcedureDetail, AppError> {
    let db = &state.db;
    let day = as_of.unwrap_or_else(|| today(state));
    let found = procedure::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ids: Vec<i64> = decision_procedure::Entity::find()
        .filter(decision_procedure::Column::ProcedureCode.eq(code))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.decision_id)
        .collect();
    let names: HashMap<String, String> = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let decisions = decisions::summaries(db, &ids, day)
        .await?
        .into_iter()
        .map(|decision| ProcedureDecision {
            province_name: names
                .get(&decision.province_code)
                .cloned()
                .unwrap_or_default(),
            decision,
        })
        .collect();
    Ok(ProcedureDetail {
        procedure: row(found, &departments(state).await?, Vec::new()),
        decisions,
    })
}
