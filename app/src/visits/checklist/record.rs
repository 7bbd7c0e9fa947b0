//! Writing a visit's checklist: an answer to a question and the findings under a topic.
//! Each names the version it was made from (0: none yet): one overtaken meanwhile is not
//! written, and the current version goes back to be shown beside what the user typed. A
//! change a device kept offline is claimed first, so sent twice it is written once. Every
//! write is audited.

use super::{
    AnswerInput, AnswerLine, FindingLine, MAX_TOPIC,
    service::{answer_line, finding_line, questions, topics},
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::{SaveOutcome, claim, optional_text},
    state::AppState,
    visits::{MAX_TEXT, VisitStatus, checklist::Answer},
};
use chrono::{DateTime, Utc};
use entity::{visit, visit_answer, visit_finding};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, UpdateMany,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde_json::json;

/// Visit `id` and the one who may write its checklist; a missing visit is refused as another
/// province's would be, then not found.
pub(in crate::visits) async fn writable(
    state: &AppState,
    request: &RequestInfo,
    id: i64,
) -> Result<(visit::Model, Actor), AppError> {
    let found = visit::Entity::find_by_id(id).one(&state.db).await?;
    let target = found.as_ref().map_or(Target::Nation, |v| {
        Target::Province(v.province_code.clone())
    });
    let actor = access::check(
        state,
        request.actor.as_ref(),
        &request.ip,
        Action::ManageVisits,
        target,
    )
    .await?;
    Ok((found.ok_or(AppError::NotFound)?, actor))
}

/// Refuses a change to a visit whose follow-up is closed, as `db` sees it.
async fn still_open(db: &impl ConnectionTrait, id: i64) -> Result<(), AppError> {
    let v = visit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if VisitStatus::parse(&v.status) == Some(VisitStatus::Closed) {
        return Err(AppError::Invalid(Problem::VisitClosed));
    }
    Ok(())
}

pub async fn answer(
    state: &AppState,
    request: &RequestInfo,
    visit_id: i64,
    question: i64,
    version: i32,
    input: AnswerInput,
) -> Result<SaveOutcome<AnswerLine>, AppError> {
    let (v, actor) = writable(state, request, visit_id).await?;
    let db = &state.db;
    let asked = questions(db, &v).await?;
    if !asked.iter().any(|q| q.id == question) {
        return Err(AppError::NotFound);
    }
    let answer = Answer::parse(input.answer.trim())
        .ok_or_else(|| AppError::at("answer", Problem::AnswerRequired))?;
    let note = optional_text("note", &input.note, MAX_TEXT)?;
    // For the log (the write below is from the version the user saw).
    let before = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .filter(visit_answer::Column::QuestionId.eq(question))
        .one(db)
        .await?;
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    claim(&txn, request, actor.user_id, now).await?;
    // Written first: of two changes from one version, one is written.
    let first = visit_answer::ActiveModel {
        visit_id: Set(visit_id),
        question_id: Set(question),
        answer: Set(answer.code().to_owned()),
        note: Set(note.clone()),
        ..Default::default()
    };
    let change = visit_answer::Entity::update_many()
        .col_expr(visit_answer::Column::Answer, Expr::value(answer.code()))
        .col_expr(visit_answer::Column::Note, Expr::value(note.clone()))
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .filter(visit_answer::Column::QuestionId.eq(question));
    let columns = Stamp::<visit_answer::Entity> {
        key: [
            visit_answer::Column::VisitId,
            visit_answer::Column::QuestionId,
        ],
        version: visit_answer::Column::Version,
        author_id: visit_answer::Column::AuthorId,
        author: visit_answer::Column::Author,
        updated_at: visit_answer::Column::UpdatedAt,
    };
    let written = columns
        .write(&txn, version, first, change, &actor, now)
        .await?;
    if written == 0 {
        txn.rollback().await?;
        // Closed meanwhile, or changed by someone else.
        still_open(db, visit_id).await?;
        return Ok(SaveOutcome::Conflict(
            current_answer(db, visit_id, question).await?,
        ));
    }
    still_open(&txn, visit_id).await?;
    let entry = audit::Entry {
        action: if before.is_some() { "update" } else { "create" },
        entity: Some("visit_answer"),
        entity_id: Some(format!("{visit_id}/{question}")),
        province_code: Some(v.province_code.clone()),
        before: before.map(|b| json!({ "answer": b.answer, "note": clip(&b.note) })),
        after: Some(json!({ "answer": answer.code(), "note": clip(&note) })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved(
        current_answer(db, visit_id, question).await?,
    ))
}

/// The columns of a versioned row of the checklist: its key (the visit and what it is
/// about), its version, and who changed it when.
struct Stamp<E: EntityTrait> {
    key: [E::Column; 2],
    version: E::Column,
    author_id: E::Column,
    author: E::Column,
    updated_at: E::Column,
}

impl<E: EntityTrait> Stamp<E> {
    /// Writes `first` (from version 0) or `change` (from `version`), one version up, as
    /// `actor` at `now`; how many rows were written (0: someone else wrote first).
    async fn write<A>(
        &self,
        txn: &DatabaseTransaction,
        version: i32,
        mut first: A,
        change: UpdateMany<E>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr>
    where
        A: ActiveModelTrait<Entity = E> + Send,
    {
        if version == 0 {
            first.set(self.version, 1.into());
            first.set(self.author_id, Some(actor.user_id).into());
            first.set(self.author, actor.display_name.clone().into());
            first.set(self.updated_at, now.into());
            let inserted = E::insert(first)
                .on_conflict(OnConflict::columns(self.key).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await;
            return match inserted {
                // The row was there already.
                Err(DbErr::RecordNotInserted) => Ok(0),
                other => other,
            };
        }
        Ok(change
            .col_expr(self.version, Expr::col(self.version).add(1))
            .col_expr(self.author_id, Expr::value(Some(actor.user_id)))
            .col_expr(self.author, Expr::value(actor.display_name.clone()))
            .col_expr(self.updated_at, Expr::value(now))
            .filter(self.version.eq(version))
            .exec(txn)
            .await?
            .rows_affected)
    }
}

fn clip(text: &str) -> String {
    text.chars().take(120).collect()
}

async fn current_answer(
    db: &impl ConnectionTrait,
    visit_id: i64,
    question: i64,
) -> Result<AnswerLine, AppError> {
    Ok(visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .filter(visit_answer::Column::QuestionId.eq(question))
        .one(db)
        .await?
        .map(|a| answer_line(&a, true))
        .unwrap_or(AnswerLine {
            question_id: question,
            ..Default::default()
        }))
}

pub async fn finding(
    state: &AppState,
    request: &RequestInfo,
    visit_id: i64,
    topic: &str,
    version: i32,
    body: &str,
) -> Result<SaveOutcome<FindingLine>, AppError> {
    let (v, actor) = writable(state, request, visit_id).await?;
    let db = &state.db;
    // A topic of the visit's checklist.
    let topic = topic.trim();
    if topic.chars().count() > MAX_TOPIC || !topics(db, &v).await?.iter().any(|t| t == topic) {
        return Err(AppError::NotFound);
    }
    let body = optional_text("body", body, MAX_TEXT)?;
    let now = state.clock.now();
    let txn = begin_write(db).await?;
    claim(&txn, request, actor.user_id, now).await?;
    let first = visit_finding::ActiveModel {
        visit_id: Set(visit_id),
        topic: Set(topic.to_owned()),
        body: Set(body.clone()),
        ..Default::default()
    };
    let change = visit_finding::Entity::update_many()
        .col_expr(visit_finding::Column::Body, Expr::value(body.clone()))
        .filter(visit_finding::Column::VisitId.eq(visit_id))
        .filter(visit_finding::Column::Topic.eq(topic));
    let columns = Stamp::<visit_finding::Entity> {
        key: [visit_finding::Column::VisitId, visit_finding::Column::Topic],
        version: visit_finding::Column::Version,
        author_id: visit_finding::Column::AuthorId,
        author: visit_finding::Column::Author,
        updated_at: visit_finding::Column::UpdatedAt,
    };
    let written = columns
        .write(&txn, version, first, change, &actor, now)
        .await?;
    let current = |db| async move {
        Ok::<_, AppError>(
            visit_finding::Entity::find()
                .filter(visit_finding::Column::VisitId.eq(visit_id))
                .filter(visit_finding::Column::Topic.eq(topic))
                .one(db)
                .await?
                .map(|f| finding_line(&f))
                .unwrap_or(FindingLine {
                    topic: topic.to_owned(),
                    ..Default::default()
                }),
        )
    };
    if written == 0 {
        txn.rollback().await?;
        still_open(db, visit_id).await?;
        return Ok(SaveOutcome::Conflict(current(db).await?));
    }
    still_open(&txn, visit_id).await?;
    let entry = audit::Entry {
        action: if version == 0 { "create" } else { "update" },
        entity: Some("visit_finding"),
        entity_id: Some(visit_id.to_string()),
        province_code: Some(v.province_code.clone()),
        after: Some(json!({ "topic": clip(topic), "body": clip(&body) })),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved(current(db).await?))
}
