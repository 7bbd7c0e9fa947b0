//! Visits in the database: every visit, a province's list and one visit as of a date, the follow-ups'
//! statuses replayed from their responses up to that date.

use super::{
    AllVisits, FollowUpEntry, FollowUpFigures, FollowUpKind, FollowUpLine, FollowUpList,
    FollowUpShow, FollowUpStatus, MAX_ENTRIES, MemberLine, ProvinceVisits, ResponseLine,
    VisitDetail, VisitInput, VisitKind, VisitStatus, VisitSummary, attachments::AttachedFile,
};
use crate::{
    access::{self, Action, Target},
    accounts::Actor,
    error::AppError,
    state::AppState,
    tasks::service::{end_of, today},
};
use chrono::NaiveDate;
use entity::{follow_up, follow_up_file, follow_up_response, province, visit, visit_member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// Whether `actor` sees people's names in the province's visits.
pub(super) fn sees_names(actor: Option<&Actor>, province: &str) -> bool {
    access::authorize(
        actor,
        Action::ReadUnitRecords,
        &Target::Unit {
            province: province.to_owned(),
            commune: None,
        },
    )
    .is_ok()
}

pub(super) async fn province_name(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<String, AppError> {
    Ok(province::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .name)
}

/// A follow-up's responses up to the end of `day`, oldest first, and its status then.
fn responses_by(
    responses: &[follow_up_response::Model],
    day: NaiveDate,
) -> (Vec<&follow_up_response::Model>, FollowUpStatus) {
    let end = end_of(day);
    let given: Vec<_> = responses.iter().filter(|r| r.at <= end).collect();
    let status = given
        .last()
        .and_then(|r| FollowUpStatus::parse(&r.status_after))
        .unwrap_or(FollowUpStatus::Open);
    (given, status)
}

fn overdue(item: &follow_up::Model, status: FollowUpStatus, day: NaiveDate) -> bool {
    status != FollowUpStatus::Closed && item.due_on.is_some_and(|due| due < day)
}

/// The follow-ups of `visits` with their responses, by visit.
pub(super) async fn follow_ups(
    db: &impl ConnectionTrait,
    visits: &[i64],
) -> Result<HashMap<i64, Vec<(follow_up::Model, Vec<follow_up_response::Model>)>>, AppError> {
    let items = follow_up::Entity::find()
        .filter(follow_up::Column::VisitId.is_in(visits.iter().copied()))
        .order_by_asc(follow_up::Column::Position)
        .order_by_asc(follow_up::Column::Id)
        .all(db)
        .await?;
    let mut responses: HashMap<i64, Vec<follow_up_response::Model>> = HashMap::new();
    for r in follow_up_response::Entity::find()
        .filter(follow_up_response::Column::FollowUpId.is_in(items.iter().map(|i| i.id)))
        .order_by_asc(follow_up_response::Column::At)
        .order_by_asc(follow_up_response::Column::Id)
        .all(db)
        .await?
    {
        responses.entry(r.follow_up_id).or_default().push(r);
    }
    let mut by_visit: HashMap<i64, Vec<_>> = HashMap::new();
    for item in items {
        let given = responses.remove(&item.id).unwrap_or_default();
        by_visit
            .entry(item.visit_id)
            .or_default()
            .push((item, given));
    }
    Ok(by_visit)
}

/// What a visit had left to follow up on `day`: what had been written by then.
fn left_by(
    v: &visit::Model,
    items: Option<Vec<(follow_up::Model, Vec<follow_up_response::Model>)>>,
    day: NaiveDate,
) -> Vec<(follow_up::Model, Vec<follow_up_response::Model>)> {
    items
        .unwrap_or_default()
        .into_iter()
        .filter(|(item, _)| item.created_on.unwrap_or(v.starts_on) <= day)
        .collect()
}

fn figures(
    items: &[(follow_up::Model, Vec<follow_up_response::Model>)],
    day: NaiveDate,
) -> FollowUpFigures {
    let mut figures = FollowUpFigures::default();
    for (item, responses) in items {
        let (_, status) = responses_by(responses, day);
        figures.count(status, overdue(item, status, day));
    }
    figures
}

async fn head_titles(
    db: &impl ConnectionTrait,
    visits: &[i64],
) -> Result<HashMap<i64, String>, AppError> {
    Ok(visit_member::Entity::find()
        .filter(visit_member::Column::VisitId.is_in(visits.iter().copied()))
        .filter(visit_member::Column::IsHead.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.visit_id, m.title))
        .collect())
}

fn summary(
    v: &visit::Model,
    head_title: String,
    figures: FollowUpFigures,
    day: NaiveDate,
) -> VisitSummary {
    // Planned until it starts and under way until it ends, whatever it became since.
    let status = match VisitStatus::parse(&v.status).unwrap_or(VisitStatus::Planned) {
        _ if day < v.starts_on => VisitStatus::Planned,
        _ if day <= v.ends_on => VisitStatus::UnderWay,
        // Ended: under way until its conclusions are issued.
        status => status.max(VisitStatus::UnderWay),
    };
    VisitSummary {
        id: v.id,
        province_code: v.province_code.clone(),
        kind: VisitKind::parse(&v.kind).unwrap_or(VisitKind::Working),
        title: v.title.clone(),
        organiser: v.organiser.clone(),
        starts_on: v.starts_on,
        ends_on: v.ends_on,
        status,
        head_title,
        figures,
        demo: v.demo,
    }
}

/// `visits` as a list shows them on `day`, and what they left to follow up in all.
async fn summaries(
    db: &impl ConnectionTrait,
    visits: &[visit::Model],
    day: NaiveDate,
) -> Result<(Vec<VisitSummary>, FollowUpFigures), AppError> {
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let mut items = follow_ups(db, &ids).await?;
    let mut heads = head_titles(db, &ids).await?;
    let mut total = FollowUpFigures::default();
    let list = visits
        .iter()
        .map(|v| {
            let f = figures(&left_by(v, items.remove(&v.id), day), day);
            total.add(f);
            summary(v, heads.remove(&v.id).unwrap_or_default(), f, day)
        })
        .collect();
    Ok((list, total))
}

/// Every visit, the latest first, as the provinces' lists show them on `as_of` (default
/// today), with the provinces' names.
pub async fn all(state: &AppState, as_of: Option<NaiveDate>) -> Result<AllVisits, AppError> {
    let db = &state.db;
    let day = as_of.unwrap_or_else(|| today(state));
    let visits = visit::Entity::find()
        .order_by_desc(visit::Column::StartsOn)
        .order_by_desc(visit::Column::Id)
        .all(db)
        .await?;
    let (visits, figures) = summaries(db, &visits, day).await?;
    let provinces = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    Ok(AllVisits {
        as_of: day,
        visits,
        provinces,
        figures,
    })
}

/// A province's visits, the latest first, with their status and their follow-ups' figures
/// on `as_of` (default today): one that starts later is planned.
pub async fn province(
    state: &AppState,
    actor: Option<&Actor>,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<ProvinceVisits, AppError> {
    let db = &state.db;
    let province_name = province_name(db, code).await?;
    let day = as_of.unwrap_or_else(|| today(state));
    let visits = visit::Entity::find()
        .filter(visit::Column::ProvinceCode.eq(code))
        .order_by_desc(visit::Column::StartsOn)
        .order_by_desc(visit::Column::Id)
        .all(db)
        .await?;
    let (visits, total) = summaries(db, &visits, day).await?;
    Ok(ProvinceVisits {
        province_code: code.to_owned(),
        province_name,
        as_of: day,
        visits,
        figures: total,
        may_manage: access::authorize(
            actor,
            Action::ManageVisits,
            &Target::Province(code.to_owned()),
        )
        .is_ok(),
    })
}

/// What a list across visits keeps.
pub struct Filter {
    pub province: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<FollowUpKind>,
    pub show: FollowUpShow,
}

/// The recommendations and conclusions of every visit started by `as_of` (default today) as
/// they stood then, filtered: the most overdue first, then by due date (none last).
pub async fn across(
    state: &AppState,
    filter: Filter,
    as_of: Option<NaiveDate>,
) -> Result<FollowUpList, AppError> {
    let db = &state.db;
    let day = as_of.unwrap_or_else(|| today(state));
    let names: HashMap<String, String> = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    // The provinces to choose from: those visited by then.
    let provinces: BTreeSet<String> = visit::Entity::find()
        .select_only()
        .column(visit::Column::ProvinceCode)
        .distinct()
        .filter(visit::Column::StartsOn.lte(day))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut visits = visit::Entity::find()
        .filter(visit::Column::StartsOn.lte(day))
        .order_by_desc(visit::Column::StartsOn)
        .order_by_desc(visit::Column::Id);
    if let Some(province) = &filter.province {
        visits = visits.filter(visit::Column::ProvinceCode.eq(province));
    }
    let visits = visits.all(db).await?;
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let mut items = follow_ups(db, &ids).await?;
    let mut units = BTreeSet::new();
    let mut figures = FollowUpFigures::default();
    let mut entries = Vec::new();
    for v in &visits {
        for (item, responses) in left_by(v, items.remove(&v.id), day) {
            if !item.addressed_to.trim().is_empty() {
                units.insert(item.addressed_to.trim().to_owned());
            }
            let mut line = line(&item, &responses, day, false);
            if filter
                .unit
                .as_ref()
                .is_some_and(|u| u != line.addressed_to.trim())
                || filter.kind.is_some_and(|k| k != line.kind)
            {
                continue;
            }
            figures.count(line.status, line.overdue);
            if !filter.show.shows(&line) {
                continue;
            }
            let answered = std::mem::take(&mut line.responses).len();
            entries.push(FollowUpEntry {
                visit_id: v.id,
                visit_title: v.title.clone(),
                province_code: v.province_code.clone(),
                province_name: names.get(&v.province_code).cloned().unwrap_or_default(),
                line,
                responses: answered as u32,
            });
        }
    }
    entries.sort_by_key(|e| (!e.line.overdue, e.line.due_on.is_none(), e.line.due_on));
    let more = entries.len().saturating_sub(MAX_ENTRIES);
    entries.truncate(MAX_ENTRIES);
    Ok(FollowUpList {
        as_of: day,
        province: filter.province,
        unit: filter.unit,
        kind: filter.kind,
        show: filter.show,
        entries,
        more,
        figures,
        provinces: provinces
            .into_iter()
            .map(|code| {
                let name = names.get(&code).cloned().unwrap_or_default();
                (code, name)
            })
            .collect(),
        units: units.into_iter().collect(),
    })
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One visit as of `as_of` (default today).
pub async fn detail(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    as_of: Option<NaiveDate>,
) -> Result<VisitDetail, AppError> {
    let db = &state.db;
    let day = as_of.unwrap_or_else(|| today(state));
    let v = visit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = sees_names(actor, &v.province_code);
    let members = visit_member::Entity::find()
        .filter(visit_member::Column::VisitId.eq(id))
        .order_by_asc(visit_member::Column::Position)
        .all(db)
        .await?;
    let items = left_by(&v, follow_ups(db, &[id]).await?.remove(&id), day);
    let head = members
        .iter()
        .find(|m| m.is_head)
        .map(|m| m.title.clone())
        .unwrap_or_default();
    let summary = summary(&v, head, figures(&items, day), day);
    let (mut recommendations, mut conclusions) = (Vec::new(), Vec::new());
    for (item, responses) in &items {
        let line = line(item, responses, day, names);
        match line.kind {
            FollowUpKind::Recommendation => recommendations.push(line),
            FollowUpKind::Conclusion => conclusions.push(line),
        }
    }
    with_files(db, &mut recommendations, day, names).await?;
    with_files(db, &mut conclusions, day, names).await?;
    let target = Target::Province(v.province_code.clone());
    let may = |action| access::authorize(actor, action, &target).is_ok();
    let may_manage = may(Action::ManageVisits);
    let input = if may_manage {
        Some(input(&v, &members))
    } else {
        None
    };
    Ok(VisitDetail {
        province_name: province_name(db, &v.province_code).await?,
        as_of: day,
        places: lines(&v.places),
        topics: lines(&v.topics),
        participants: lines(&v.participants),
        members: members
            .into_iter()
            .map(|m| MemberLine {
                name: Some(m.name).filter(|n| names && !n.is_empty()),
                title: m.title,
                is_head: m.is_head,
            })
            .collect(),
        recommendations,
        conclusions,
        today: day == today(state),
        may_manage,
        may_respond: may(Action::RespondFollowUp),
        input,
        visit: summary,
    })
}

/// A recommendation or conclusion as it stood on `day`.
pub(super) fn line(
    item: &follow_up::Model,
    responses: &[follow_up_response::Model],
    day: NaiveDate,
    names: bool,
) -> FollowUpLine {
    let (given, status) = responses_by(responses, day);
    FollowUpLine {
        id: item.id,
        version: item.version,
        kind: FollowUpKind::parse(&item.kind).unwrap_or(FollowUpKind::Conclusion),
        body: item.body.clone(),
        addressed_to: item.addressed_to.clone(),
        responsible: item.responsible.clone(),
        due_on: item.due_on,
        status,
        overdue: overdue(item, status, day),
        responses: given
            .into_iter()
            .map(|r| ResponseLine {
                at: r.at,
                author: names.then(|| r.author.clone()),
                body: r.body.clone(),
                status_after: FollowUpStatus::parse(&r.status_after)
                    .unwrap_or(FollowUpStatus::Open),
            })
            .collect(),
        files: Vec::new(),
    }
}

/// Gives `lines` the files attached to them up to the end of `day`, oldest first, for those
/// who read the province's records (`names`); the public see none.
pub(super) async fn with_files(
    db: &impl ConnectionTrait,
    lines: &mut [FollowUpLine],
    day: NaiveDate,
    names: bool,
) -> Result<(), AppError> {
    if !names || lines.is_empty() {
        return Ok(());
    }
    let files = follow_up_file::Entity::find()
        .filter(follow_up_file::Column::FollowUpId.is_in(lines.iter().map(|l| l.id)))
        .filter(follow_up_file::Column::CreatedAt.lte(end_of(day)))
        .order_by_asc(follow_up_file::Column::Id)
        .all(db)
        .await?;
    for file in files {
        if let Some(line) = lines.iter_mut().find(|l| l.id == file.follow_up_id) {
            line.files.push(AttachedFile {
                id: file.id,
                image: file.content_type.starts_with("image/"),
                size: file.size,
                at: file.created_at,
                author: file.author,
                name: Some(file.file_name).filter(|n| !n.is_empty()),
            });
        }
    }
    Ok(())
}

/// A visit as its form shows it.
fn input(v: &visit::Model, members: &[visit_member::Model]) -> VisitInput {
    let head = members.iter().find(|m| m.is_head);
    VisitInput {
        province: v.province_code.clone(),
        id: v.id.to_string(),
        kind: v.kind.clone(),
        title: v.title.clone(),
        organiser: v.organiser.clone(),
        starts_on: v.starts_on.to_string(),
        ends_on: v.ends_on.to_string(),
        places: v.places.clone(),
        topics: v.topics.clone(),
        participants: v.participants.clone(),
        head_name: head.map(|m| m.name.clone()).unwrap_or_default(),
        head_title: head.map(|m| m.title.clone()).unwrap_or_default(),
        members: members
            .iter()
            .filter(|m| !m.is_head)
            .map(|m| format!("{}; {}", m.name, m.title))
            .collect::<Vec<_>>()
            .join("\n"),
        status: v.status.clone(),
    }
}
