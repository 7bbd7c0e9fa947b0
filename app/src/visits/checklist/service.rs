//! Reading a visit's checklist: the template's questions of the visit's kind (and any taken
//! out since that the visit answered), the answers, photos and findings, and what the
//! preparation pack's figures suggest for questions not answered yet.

use super::{
    Answer, AnswerLine, FindingLine, Gauge, QuestionLine, Reading, Suggestion, TopicGroup,
    VisitChecklist, suggest,
};
use crate::{
    access::{self, Action, Target},
    accounts::Actor,
    decisions, dossiers,
    error::AppError,
    state::AppState,
    tasks::service::{province_progress, today},
    visits::{VisitStatus, attachments::AttachedFile, service},
};
use chrono::NaiveDate;
use entity::{checklist_question, visit, visit_answer, visit_finding, visit_photo};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};

/// The province's records: ministry staff and the visited province's officials.
pub(in crate::visits) fn target(province: &str) -> Target {
    Target::Unit {
        province: province.to_owned(),
        commune: None,
    }
}

/// What `gauge` reads for visit `v`'s province on `day`.
async fn reading(
    state: &AppState,
    actor: Option<&Actor>,
    v: &visit::Model,
    day: NaiveDate,
    gauge: Gauge,
    target: Option<i32>,
) -> Result<Reading, AppError> {
    let province = v.province_code.as_str();
    Ok(match gauge {
        Gauge::Rating => {
            let progress = province_progress(state, province, Some(day), None).await?;
            Reading::Rating {
                rating: progress.own_rating,
                done: progress.own.done,
                assigned: progress.own.assigned,
            }
        }
        Gauge::Delegated | Gauge::BoundaryFree => {
            let (figures, _) = decisions::service::figures(&state.db, province, day).await?;
            let count = if gauge == Gauge::Delegated {
                figures.delegated
            } else {
                figures.boundary_free
            };
            Reading::Procedures {
                procedures: count.procedures,
                departments: count.departments,
            }
        }
        Gauge::OnlineRate => {
            let dossiers = dossiers::figures::province(state, province, Some(day), None).await?;
            Reading::OnlineRate {
                rate: dossiers.and_then(|d| d.figures.online_rate()),
                target: u32::try_from(target.unwrap_or(0)).unwrap_or(0),
            }
        }
        Gauge::FollowUps => {
            // What the visits before this one left, as of the pack's date.
            let visits = service::province(state, actor, &v.province_code, Some(day)).await?;
            Reading::FollowUps(visits.before(v.starts_on).figures)
        }
    })
}

/// The visit `id`, if the reader may read its checklist.
pub(super) async fn readable(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    id: i64,
) -> Result<visit::Model, AppError> {
    let found = visit::Entity::find_by_id(id).one(db).await?;
    let province = found.as_ref().map_or("", |v| v.province_code.as_str());
    access::authorize(actor, Action::ReadUnitRecords, &target(province))?;
    found.ok_or(AppError::NotFound)
}

/// The questions visit `v` asks: the template's for its kind, and any taken out since that
/// it answered or took a photo for.
pub(in crate::visits) async fn questions(
    db: &impl ConnectionTrait,
    v: &visit::Model,
) -> Result<Vec<checklist_question::Model>, AppError> {
    let answered: HashSet<i64> = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(v.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.question_id)
        .chain(
            visit_photo::Entity::find()
                .filter(visit_photo::Column::VisitId.eq(v.id))
                .all(db)
                .await?
                .into_iter()
                .map(|p| p.question_id),
        )
        .collect();
    Ok(checklist_question::Entity::find()
        .filter(checklist_question::Column::Kind.eq(v.kind.as_str()))
        .order_by_asc(checklist_question::Column::Position)
        .order_by_asc(checklist_question::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|q| q.active || answered.contains(&q.id))
        .collect())
}

/// The topics visit `v` takes findings under: those of its questions, and any it wrote
/// findings under before the template changed.
pub(super) async fn topics(
    db: &impl ConnectionTrait,
    v: &visit::Model,
) -> Result<Vec<String>, AppError> {
    let mut topics: Vec<String> = Vec::new();
    let written = visit_finding::Entity::find()
        .filter(visit_finding::Column::VisitId.eq(v.id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.topic);
    for topic in questions(db, v)
        .await?
        .into_iter()
        .map(|q| q.topic)
        .chain(written)
    {
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    Ok(topics)
}

/// Whether visit `id`'s checklist holds anything: an answer, a photo or a finding.
pub async fn recorded(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    let answers = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(id))
        .count(db)
        .await?;
    let photos = visit_photo::Entity::find()
        .filter(visit_photo::Column::VisitId.eq(id))
        .count(db)
        .await?;
    let findings = visit_finding::Entity::find()
        .filter(visit_finding::Column::VisitId.eq(id))
        .count(db)
        .await?;
    Ok(answers + photos + findings > 0)
}

pub(super) fn answer_line(a: &visit_answer::Model, names: bool) -> AnswerLine {
    AnswerLine {
        question_id: a.question_id,
        answer: Answer::parse(&a.answer),
        note: a.note.clone(),
        version: a.version,
        author: names.then(|| a.author.clone()),
        at: Some(a.updated_at),
    }
}

pub(super) fn finding_line(f: &visit_finding::Model) -> FindingLine {
    FindingLine {
        topic: f.topic.clone(),
        body: f.body.clone(),
        version: f.version,
        author: Some(f.author.clone()),
        at: Some(f.updated_at),
    }
}

pub async fn checklist(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
) -> Result<VisitChecklist, AppError> {
    let db = &state.db;
    let v = readable(db, actor, id).await?;
    let detail = service::detail(state, actor, id, None).await?;
    let day = today(state);
    let pack_day = v.starts_on.min(day);
    let answers = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(id))
        .all(db)
        .await?;
    let photos = visit_photo::Entity::find()
        .filter(visit_photo::Column::VisitId.eq(id))
        .order_by_asc(visit_photo::Column::Id)
        .all(db)
        .await?;
    let findings = visit_finding::Entity::find()
        .filter(visit_finding::Column::VisitId.eq(id))
        .all(db)
        .await?;
    let asked = questions(db, &v).await?;
    let mut answers: HashMap<i64, AnswerLine> = answers
        .iter()
        .map(|a| (a.question_id, answer_line(a, true)))
        .collect();
    let mut photo_lines: HashMap<i64, Vec<AttachedFile>> = HashMap::new();
    for p in photos {
        photo_lines
            .entry(p.question_id)
            .or_default()
            .push(AttachedFile {
                id: p.id,
                image: p.content_type.starts_with("image/"),
                size: p.size,
                at: p.created_at,
                author: p.author,
                name: None,
            });
    }
    let mut findings: HashMap<String, FindingLine> = findings
        .iter()
        .map(|f| (f.topic.clone(), finding_line(f)))
        .collect();
    let mut topics: Vec<TopicGroup> = Vec::new();
    let mut readings: HashMap<(Gauge, Option<i32>), Reading> = HashMap::new();
    for q in asked {
        let answer = answers.remove(&q.id).unwrap_or(AnswerLine {
            question_id: q.id,
            ..Default::default()
        });
        // The pack's figure for what is not answered yet (each figure read once).
        let suggestion = match q.gauge.as_deref().and_then(Gauge::parse) {
            Some(gauge) if answer.answer.is_none() => {
                let reading = match readings.get(&(gauge, q.target)) {
                    Some(reading) => reading.clone(),
                    None => {
                        let reading = reading(state, actor, &v, pack_day, gauge, q.target).await?;
                        readings.insert((gauge, q.target), reading.clone());
                        reading
                    }
                };
                Some(Suggestion {
                    answer: suggest(&reading),
                    reading,
                })
            }
            _ => None,
        };
        let line = QuestionLine {
            id: q.id,
            body: q.body,
            suggestion,
            answer,
            photos: photo_lines.remove(&q.id).unwrap_or_default(),
        };
        match topics.iter_mut().find(|t| t.topic == q.topic) {
            Some(group) => group.questions.push(line),
            None => topics.push(TopicGroup {
                finding: findings.remove(&q.topic).unwrap_or(FindingLine {
                    topic: q.topic.clone(),
                    ..Default::default()
                }),
                topic: q.topic,
                questions: vec![line],
            }),
        }
    }
    // Findings written under a topic the template no longer has stay with the visit.
    let mut left: Vec<FindingLine> = findings.into_values().collect();
    left.sort_by(|a, b| a.topic.cmp(&b.topic));
    topics.extend(left.into_iter().map(|finding| TopicGroup {
        topic: finding.topic.clone(),
        questions: Vec::new(),
        finding,
    }));
    let may_answer = access::authorize(
        actor,
        Action::ManageVisits,
        &Target::Province(v.province_code.clone()),
    )
    .is_ok()
        && detail.visit.status != VisitStatus::Closed;
    Ok(VisitChecklist {
        visit: detail.visit,
        province_name: detail.province_name,
        pack_day,
        topics,
        may_answer,
    })
}
