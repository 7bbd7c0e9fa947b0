//! Decisions in the database: a province's with what they make of its procedures on a date,
//! one with what it covers, and the changes of those who manage them (audited in the same
//! transaction).

use super::{
    AgencyName, DecisionDates, DecisionDetail, DecisionFigures, DecisionInput, DecisionKind,
    DecisionStatus, DecisionSummary, MAX_PROCEDURES, ProcedureCount, ProcedureLine,
    ProvinceDecisions,
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::{optional_date, required_text},
    state::AppState,
    tasks::service::today,
};
use chrono::NaiveDate;
use entity::{agency, decision, decision_procedure, procedure, province};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, TryIntoModel,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The procedures each decision covers, with the department managing each (its sector).
type Covered = HashMap<i64, Vec<(String, String)>>;

async fn covered(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Covered, AppError> {
    let mut covered: Covered = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = decision_procedure::Entity::find()
            .filter(decision_procedure::Column::DecisionId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        let codes: BTreeSet<&str> = rows.iter().map(|r| r.procedure_code.as_str()).collect();
        let mut sectors: HashMap<String, String> = HashMap::new();
        for codes in codes.into_iter().collect::<Vec<_>>().chunks(500) {
            for p in procedure::Entity::find()
                .filter(procedure::Column::Code.is_in(codes.iter().copied()))
                .all(db)
                .await?
            {
                sectors.insert(p.code, p.sector);
            }
        }
        for row in rows {
            let sector = sectors
                .get(&row.procedure_code)
                .cloned()
                .unwrap_or_default();
            covered
                .entry(row.decision_id)
                .or_default()
                .push((row.procedure_code, sector));
        }
    }
    Ok(covered)
}

fn count<'a>(procedures: impl IntoIterator<Item = &'a (String, String)>) -> ProcedureCount {
    let mut codes = HashSet::new();
    let mut sectors = HashSet::new();
    for (code, sector) in procedures {
        codes.insert(code);
        sectors.insert(sector);
    }
    ProcedureCount {
        procedures: codes.len() as u32,
        departments: sectors.len() as u32,
    }
}

/// The province's agencies by code.
async fn agencies(db: &impl ConnectionTrait, province: &str) -> Result<Vec<AgencyName>, AppError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::ProvinceCode.eq(province))
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AgencyName {
            code: Some(a.code),
            name: a.name,
        })
        .collect())
}

/// An agency named by its code among the province's; none is the People's Committee.
fn agency_name(agencies: &[AgencyName], code: Option<&str>, committee: &str) -> AgencyName {
    match code {
        None => AgencyName {
            code: None,
            name: committee.to_owned(),
        },
        Some(code) => agencies
            .iter()
            .find(|a| a.code.as_deref() == Some(code))
            .cloned()
            .unwrap_or_else(|| AgencyName {
                code: Some(code.to_owned()),
                name: code.to_owned(),
            }),
    }
}

fn summary(
    d: decision::Model,
    covered: &Covered,
    agencies: &[AgencyName],
    day: NaiveDate,
) -> DecisionSummary {
    let kind = DecisionKind::parse(&d.kind).unwrap_or(DecisionKind::BoundaryFree);
    let dates = DecisionDates {
        proposed_on: d.proposed_on,
        issued_on: d.issued_on,
        in_force_on: d.in_force_on,
        replaced_on: d.replaced_on,
    };
    let counted = count(covered.get(&d.id).into_iter().flatten());
    let committee = crate::i18n::Locale::Vi.strings().decision_committee;
    let moves = kind.moves_power();
    DecisionSummary {
        id: d.id,
        province_code: d.province_code,
        kind,
        from_agency: moves.then(|| agency_name(agencies, d.from_agency.as_deref(), committee)),
        to_agency: d
            .to_agency
            .as_deref()
            .filter(|_| moves)
            .map(|code| agency_name(agencies, Some(code), committee)),
        number: d.number,
        title: d.title,
        issuer: d.issuer,
        status: dates.status_on(day),
        dates,
        procedures: counted.procedures,
        departments: counted.departments,
        has_document: d.document_sha256.is_some(),
        demo: d.demo,
    }
}

async fn province_name(db: &impl ConnectionTrait, code: &str) -> Result<String, AppError> {
    Ok(province::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .name)
}

fn may_manage(actor: Option<&Actor>, province: &str) -> bool {
    access::authorize(
        actor,
        Action::ManageProcedures,
        &Target::Province(province.to_owned()),
    )
    .is_ok()
}

/// What a province's decisions make of its procedures on `day`.
pub async fn figures(
    db: &impl ConnectionTrait,
    code: &str,
    day: NaiveDate,
) -> Result<(DecisionFigures, Vec<DecisionSummary>), AppError> {
    let models = decision::Entity::find()
        .filter(decision::Column::ProvinceCode.eq(code))
        .order_by_desc(decision::Column::ProposedOn)
        .order_by_desc(decision::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = models.iter().map(|d| d.id).collect();
    let covered = covered(db, &ids).await?;
    let agencies = agencies(db, code).await?;
    let mut in_force: HashMap<DecisionKind, Vec<&(String, String)>> = HashMap::new();
    let all: Vec<DecisionSummary> = models
        .into_iter()
        .map(|d| summary(d, &covered, &agencies, day))
        .collect();
    for d in &all {
        if d.status == Some(DecisionStatus::InForce) {
            in_force
                .entry(d.kind)
                .or_default()
                .extend(covered.get(&d.id).into_iter().flatten());
        }
    }
    let of = |kind| count(in_force.get(&kind).into_iter().flatten().copied());
    let figures = DecisionFigures {
        boundary_free: of(DecisionKind::BoundaryFree),
        delegated: of(DecisionKind::Delegation),
        decentralised: of(DecisionKind::Decentralisation),
        decisions: all
            .iter()
            .filter(|d| d.status.is_some_and(|s| s < DecisionStatus::Replaced))
            .cloned()
            .collect(),
    };
    Ok((figures, all))
}

pub async fn province(
    state: &AppState,
    actor: Option<&Actor>,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<ProvinceDecisions, AppError> {
    let db = &state.db;
    let province_name = province_name(db, code).await?;
    let day = as_of.unwrap_or_else(|| today(state));
    let (figures, mut all) = figures(db, code, day).await?;
    // Those that existed on the date.
    all.retain(|d| d.status.is_some());
    Ok(ProvinceDecisions {
        province_code: code.to_owned(),
        province_name,
        as_of: day,
        figures,
        all,
        may_manage: may_manage(actor, code),
        agencies: agencies(db, code).await?,
    })
}

pub async fn detail(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    as_of: Option<NaiveDate>,
) -> Result<DecisionDetail, AppError> {
    let db = &state.db;
    let model = decision::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let code = model.province_code.clone();
    let day = as_of.unwrap_or_else(|| today(state));
    let covered = covered(db, &[id]).await?;
    let agencies = agencies(db, &code).await?;
    let codes: Vec<&str> = covered
        .get(&id)
        .into_iter()
        .flatten()
        .map(|(c, _)| c.as_str())
        .collect();
    let mut procedures = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(500) {
        for p in procedure::Entity::find()
            .filter(procedure::Column::Code.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            let department = agency_name(&agencies, Some(&p.sector), "").name;
            procedures.push(ProcedureLine {
                code: p.code,
                name: p.name,
                field: p.field,
                department,
                online: p.online,
            });
        }
    }
    procedures.sort_by(|a, b| (&a.department, &a.code).cmp(&(&b.department, &b.code)));
    Ok(DecisionDetail {
        decision: summary(model, &covered, &agencies, day),
        province_name: province_name(db, &code).await?,
        procedures,
        may_manage: may_manage(actor, &code),
        agencies,
    })
}

/// The dates, each after the one before (and needing it).
fn dates(input: &DecisionInput) -> Result<DecisionDates, AppError> {
    let proposed_on = optional_date("proposed_on", &input.proposed_on)?
        .ok_or_else(|| AppError::at("proposed_on", Problem::DateInvalid))?;
    let issued_on = optional_date("issued_on", &input.issued_on)?;
    let in_force_on = optional_date("in_force_on", &input.in_force_on)?;
    let replaced_on = optional_date("replaced_on", &input.replaced_on)?;
    let steps = [
        ("issued_on", issued_on),
        ("in_force_on", in_force_on),
        ("replaced_on", replaced_on),
    ];
    let mut before = Some(proposed_on);
    for (field, day) in steps {
        if let Some(day) = day
            && before.is_none_or(|b| day < b)
        {
            return Err(AppError::at(field, Problem::DateOutOfOrder));
        }
        before = day;
    }
    Ok(DecisionDates {
        proposed_on,
        issued_on,
        in_force_on,
        replaced_on,
    })
}

/// The procedure codes of a list, each once, in the order given.
fn procedure_codes(list: &str) -> Result<Vec<String>, AppError> {
    let mut seen = HashSet::new();
    let codes: Vec<String> = list
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .filter(|c| seen.insert(c.to_string()))
        .map(str::to_owned)
        .take(MAX_PROCEDURES + 1)
        .collect();
    if codes.is_empty() {
        return Err(AppError::at("procedures", Problem::ProceduresRequired));
    }
    if codes.len() > MAX_PROCEDURES {
        return Err(AppError::at("procedures", Problem::TooMany));
    }
    Ok(codes)
}

async fn unknown_procedures(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> Result<Vec<String>, AppError> {
    let mut known = HashSet::new();
    for chunk in codes.chunks(500) {
        for p in procedure::Entity::find()
            .filter(procedure::Column::Code.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            known.insert(p.code);
        }
    }
    Ok(codes
        .iter()
        .filter(|c| !known.contains(*c))
        .cloned()
        .collect())
}

/// A decision as stored, for the audit log.
fn audited(d: &decision::Model, procedures: usize) -> serde_json::Value {
    serde_json::json!({
        "kind": d.kind,
        "number": d.number,
        "title": d.title,
        "issuer": d.issuer,
        "from_agency": d.from_agency,
        "to_agency": d.to_agency,
        "proposed_on": d.proposed_on,
        "issued_on": d.issued_on,
        "in_force_on": d.in_force_on,
        "replaced_on": d.replaced_on,
        "procedures": procedures,
    })
}

pub async fn save(
    state: &AppState,
    request: &RequestInfo,
    input: DecisionInput,
) -> Result<i64, AppError> {
    let db = &state.db;
    let existing = match input.id.trim() {
        "" => None,
        id => {
            let found = match id.parse::<i64>() {
                Ok(id) => decision::Entity::find_by_id(id).one(db).await?,
                Err(_) => None,
            };
            if found.is_none() {
                // Refused as a decision of another province would be, before saying it
                // does not exist.
                access::require(Action::ManageProcedures, Target::Nation).await?;
                return Err(AppError::NotFound);
            }
            found
        }
    };
    // A decision stays in its province; a new one goes where the form says.
    let province = match &existing {
        Some(d) => d.province_code.clone(),
        None => input.province.trim().to_owned(),
    };
    let actor =
        access::require(Action::ManageProcedures, Target::Province(province.clone())).await?;
    province_name(db, &province).await?;
    let kind = DecisionKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::at("kind", Problem::KindUnknown))?;
    let number = required_text("number", &input.number, 64)?;
    let title = required_text("title", &input.title, 500)?;
    let issuer = required_text("issuer", &input.issuer, 200)?;
    let agencies = agencies(db, &province).await?;
    let known = |field: &str, code: &str| -> Result<Option<String>, AppError> {
        match code.trim() {
            "" => Ok(None),
            code if agencies.iter().any(|a| a.code.as_deref() == Some(code)) => {
                Ok(Some(code.to_owned()))
            }
            _ => Err(AppError::at(field, Problem::AgencyUnknown)),
        }
    };
    let (from_agency, to_agency) = if kind.moves_power() {
        let to = known("to_agency", &input.to_agency)?
            .ok_or_else(|| AppError::at("to_agency", Problem::AgencyUnknown))?;
        let from = known("from_agency", &input.from_agency)?;
        if from.as_deref() == Some(to.as_str()) {
            return Err(AppError::at("to_agency", Problem::AgencySame));
        }
        (from, Some(to))
    } else {
        (None, None)
    };
    let dates = dates(&input)?;
    if dates.proposed_on > today(state) {
        return Err(AppError::at("proposed_on", Problem::DateInFuture));
    }
    let codes = procedure_codes(&input.procedures)?;
    let unknown = unknown_procedures(db, &codes).await?;
    if !unknown.is_empty() {
        return Err(AppError::UnknownCodes("procedures".into(), unknown));
    }
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    let (before, mut model) = match existing {
        Some(d) => {
            let covered = decision_procedure::Entity::find()
                .filter(decision_procedure::Column::DecisionId.eq(d.id))
                .all(&txn)
                .await?
                .len();
            (Some(audited(&d, covered)), d.into_active_model())
        }
        None => (
            None,
            decision::ActiveModel {
                province_code: Set(province.clone()),
                demo: Set(false),
                ..Default::default()
            },
        ),
    };
    model.kind = Set(kind.code().to_owned());
    model.number = Set(number);
    model.title = Set(title);
    model.issuer = Set(issuer);
    model.from_agency = Set(from_agency);
    model.to_agency = Set(to_agency);
    model.proposed_on = Set(dates.proposed_on);
    model.issued_on = Set(dates.issued_on);
    model.in_force_on = Set(dates.in_force_on);
    model.replaced_on = Set(dates.replaced_on);
    model.updated_at = Set(now);
    let saved = model.save(&txn).await?.try_into_model()?;
    decision_procedure::Entity::delete_many()
        .filter(decision_procedure::Column::DecisionId.eq(saved.id))
        .exec(&txn)
        .await?;
    for chunk in codes.chunks(500) {
        decision_procedure::Entity::insert_many(chunk.iter().map(|code| {
            decision_procedure::ActiveModel {
                decision_id: Set(saved.id),
                procedure_code: Set(code.clone()),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let entry = audit::Entry {
        action: if before.is_some() { "update" } else { "create" },
        entity: Some("decision"),
        entity_id: Some(saved.id.to_string()),
        province_code: Some(province),
        before,
        after: Some(audited(&saved, codes.len())),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// The decisions with these ids, each with its status on `day`, the latest proposed first.
pub async fn summaries(
    db: &impl ConnectionTrait,
    ids: &[i64],
    day: NaiveDate,
) -> Result<Vec<DecisionSummary>, AppError> {
    let mut models = Vec::new();
    for chunk in ids.chunks(500) {
        models.extend(
            decision::Entity::find()
                .filter(decision::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    models.sort_by_key(|d| std::cmp::Reverse((d.proposed_on, d.id)));
    let covered = covered(db, ids).await?;
    let mut names: HashMap<String, Vec<AgencyName>> = HashMap::new();
    let mut out = Vec::with_capacity(models.len());
    for d in models {
        if !names.contains_key(&d.province_code) {
            let list = agencies(db, &d.province_code).await?;
            names.insert(d.province_code.clone(), list);
        }
        let agencies = &names[&d.province_code];
        out.push(summary(d, &covered, agencies, day));
    }
    Ok(out)
}

/// For each procedure the province's decisions cover, those decisions (in force, proposed or
/// issued on `day`; not replaced nor yet proposed) with their kind and status.
pub async fn marks_on(
    db: &impl ConnectionTrait,
    province: &str,
    day: NaiveDate,
) -> Result<HashMap<String, Vec<(i64, DecisionKind, DecisionStatus)>>, AppError> {
    let (figures, _) = figures(db, province, day).await?;
    let ids: Vec<i64> = figures.decisions.iter().map(|d| d.id).collect();
    let covered = covered(db, &ids).await?;
    let mut marks: HashMap<String, Vec<(i64, DecisionKind, DecisionStatus)>> = HashMap::new();
    for d in &figures.decisions {
        let Some(status) = d.status else { continue };
        for (code, _) in covered.get(&d.id).into_iter().flatten() {
            marks
                .entry(code.clone())
                .or_default()
                .push((d.id, d.kind, status));
        }
    }
    Ok(marks)
}
