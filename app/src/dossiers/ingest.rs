//! Taking in a batch of dossiers for one province: every record is checked first, and a
//! batch with any refused record writes nothing; otherwise the dossiers are created or
//! updated and the province's counts per hour and channel, per day and channel, and per day
//! (and month), channel and unit (agency, commune, procedure) move by the difference, all in
//! one transaction. Sending the same batch again changes nothing.

use super::{BatchReport, Channel, DossierRecord, MAX_BATCH, RecordError, RecordProblem, STATUSES};
use crate::error::AppError;
use crate::state::begin_write;
use chrono::{DateTime, Datelike, DurationRound, NaiveDate, TimeDelta, Utc};
use entity::{
    agency, commune, dossier, dossier_day, dossier_hour, dossier_tally, dossier_tally_month,
    procedure,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, IdenStatic, QueryFilter, QuerySelect, Value,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use std::collections::{HashMap, HashSet};

/// The most refusals one answer lists.
const MAX_ERRORS: usize = 1_000;
/// Rows per statement.
const CHUNK: usize = 500;

/// A dossier as it will be stored.
#[derive(Clone, PartialEq)]
struct Stored {
    agency_id: i64,
    commune_code: Option<String>,
    procedure_code: String,
    received_at: DateTime<Utc>,
    channel: String,
    due_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    returned_at: Option<DateTime<Utc>>,
    status: String,
}

impl Stored {
    fn of(model: &dossier::Model) -> Self {
        Self {
            agency_id: model.agency_id,
            commune_code: model.commune_code.clone(),
            procedure_code: model.procedure_code.clone(),
            received_at: model.received_at,
            channel: model.channel.clone(),
            due_at: model.due_at,
            finished_at: model.finished_at,
            returned_at: model.returned_at,
            status: model.status.clone(),
        }
    }

    /// What this dossier adds to its province's tallies, by the day in Vietnam each thing
    /// happened to it, for its agency, its procedure and its commune: received, returned,
    /// finished, and when it is late (due and not finished by then) late on the day it fell
    /// due and, once finished, late-finished on that day.
    fn tally(&self, sign: i64, tallies: &mut HashMap<TallyKey, Tally>) {
        let day = |at: DateTime<Utc>| at.with_timezone(&crate::format::vietnam()).date_naive();
        let late = self
            .due_at
            .is_some_and(|due| self.finished_at.is_none_or(|finished| finished > due));
        let mut events = vec![(self.received_at, RECEIVED)];
        events.extend(self.returned_at.map(|at| (at, RETURNED)));
        events.extend(self.finished_at.map(|at| (at, FINISHED)));
        if late {
            events.extend(self.due_at.map(|at| (at, LATE)));
            events.extend(self.finished_at.map(|at| (at, LATE_FINISHED)));
        }
        let mut units = vec![
            ("agency", self.agency_id.to_string()),
            ("procedure", self.procedure_code.clone()),
        ];
        units.extend(self.commune_code.clone().map(|code| ("commune", code)));
        for (at, counter) in events {
            for (unit, key) in &units {
                tallies
                    .entry((day(at), unit, key.clone(), self.channel.clone()))
                    .or_default()[counter] += sign;
            }
        }
    }

    /// What this dossier adds to its province's counts: one received in the hour it was
    /// received, one returned in the hour its result was returned.
    fn count(&self, sign: i64, counts: &mut HashMap<(DateTime<Utc>, String), (i64, i64)>) {
        let hour = |at: DateTime<Utc>| at.duration_trunc(TimeDelta::hours(1)).unwrap_or(at);
        counts
            .entry((hour(self.received_at), self.channel.clone()))
            .or_default()
            .0 += sign;
        if let Some(returned) = self.returned_at {
            counts
                .entry((hour(returned), self.channel.clone()))
                .or_default()
                .1 += sign;
        }
    }
}

/// A tally row's key: day, unit (`agency`, `commune`, `procedure`), the unit's key, channel.
type TallyKey = (NaiveDate, &'static str, String, String);
/// A tally row's counts, by the indexes below (the columns named in `COUNTERS`).
pub(super) type Tally = [i64; 5];
pub(super) const COUNTERS: [&str; 5] =
    ["received", "returned", "finished", "late", "late_finished"];
pub(super) const RECEIVED: usize = 0;
pub(super) const RETURNED: usize = 1;
pub(super) const FINISHED: usize = 2;
pub(super) const LATE: usize = 3;
pub(super) const LATE_FINISHED: usize = 4;

/// What the checks need to know of the province and the catalogue.
struct Known {
    agencies: HashMap<String, i64>,
    procedures: HashSet<String>,
    /// The province of each commune the batch names.
    communes: HashMap<String, String>,
}

impl Known {
    async fn load(
        db: &impl ConnectionTrait,
        province: &str,
        records: &[DossierRecord],
    ) -> Result<Self, DbErr> {
        let agencies = agency::Entity::find()
            .filter(agency::Column::ProvinceCode.eq(province))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.code, a.id))
            .collect();
        let wanted: HashSet<&str> = records.iter().map(|r| r.procedure.as_str()).collect();
        let wanted: Vec<&str> = wanted.into_iter().collect();
        let mut procedures = HashSet::new();
        for chunk in wanted.chunks(CHUNK) {
            let found: Vec<String> = procedure::Entity::find()
                .select_only()
                .column(procedure::Column::Code)
                .filter(procedure::Column::Code.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(db)
                .await?;
            procedures.extend(found);
        }
        let wanted: HashSet<&str> = records
            .iter()
            .filter_map(|r| r.commune.as_deref().map(str::trim))
            .collect();
        let wanted: Vec<&str> = wanted.into_iter().collect();
        let mut communes = HashMap::new();
        for chunk in wanted.chunks(CHUNK) {
            let found: Vec<(String, String)> = commune::Entity::find()
                .select_only()
                .column(commune::Column::Code)
                .column(commune::Column::ProvinceCode)
                .filter(commune::Column::Code.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(db)
                .await?;
            communes.extend(found);
        }
        Ok(Self {
            agencies,
            procedures,
            communes,
        })
    }

    /// The record as it will be stored, or the first thing wrong with it.
    fn check(
        &self,
        province: &str,
        record: &DossierRecord,
        now: DateTime<Utc>,
    ) -> Result<Stored, (&'static str, RecordProblem)> {
        let code = record.code.trim();
        if code.is_empty() || code.chars().count() > 64 || code.chars().any(char::is_control) {
            return Err(("code", RecordProblem::CodeInvalid));
        }
        let agency_id = *self
            .agencies
            .get(record.agency.trim())
            .ok_or(("agency", RecordProblem::UnknownAgency))?;
        let commune_code = match record.commune.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => match self.communes.get(code) {
                None => return Err(("commune", RecordProblem::UnknownCommune)),
                Some(p) if p != province => {
                    return Err(("commune", RecordProblem::CommuneOfAnotherProvince));
                }
                Some(_) => Some(code.to_owned()),
            },
        };
        if !super::is_procedure_code(&record.procedure) {
            return Err(("procedure", RecordProblem::ProcedureCodeMalformed));
        }
        if !self.procedures.contains(record.procedure.as_str()) {
            return Err(("procedure", RecordProblem::UnknownProcedure));
        }
        let channel = Channel::parse(record.channel.trim())
            .ok_or(("channel", RecordProblem::UnknownChannel))?;
        let status = record.status.trim();
        if !STATUSES.contains(&status) {
            return Err(("status", RecordProblem::UnknownStatus));
        }
        let received = record.received_at;
        if received > now {
            return Err(("received_at", RecordProblem::InTheFuture));
        }
        for (field, at) in [
            ("due_at", record.due_at),
            ("finished_at", record.finished_at),
            ("returned_at", record.returned_at),
        ] {
            match at {
                Some(at) if at < received => return Err((field, RecordProblem::BeforeReceived)),
                Some(at) if at > now && field != "due_at" => {
                    return Err((field, RecordProblem::InTheFuture));
                }
                _ => {}
            }
        }
        Ok(Stored {
            agency_id,
            commune_code,
            procedure_code: record.procedure.clone(),
            received_at: received,
            channel: channel.code().to_owned(),
            due_at: record.due_at,
            finished_at: record.finished_at,
            returned_at: record.returned_at,
            status: status.to_owned(),
        })
    }
}

/// Dossiers checked and ready to be written.
pub struct Checked(Vec<(String, Stored)>);

/// Checks every record of a batch for `province` against the database as it is: the
/// dossiers to write, or why each refused record is (the first thousand).
pub async fn check(
    db: &impl ConnectionTrait,
    province: &str,
    records: &[DossierRecord],
    now: DateTime<Utc>,
) -> Result<Result<Checked, Vec<RecordError>>, AppError> {
    if records.len() > MAX_BATCH {
        return Err(AppError::BadRequest(format!(
            "a batch holds at most {MAX_BATCH} records"
        )));
    }
    let known = Known::load(db, province, records).await?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let refused = |field: &str, problem| RecordError {
            index,
            code: crate::audit::escape_control(&record.code.chars().take(80).collect::<String>()),
            field: field.to_owned(),
            problem,
        };
        if !seen.insert(record.code.trim()) {
            errors.push(refused("code", RecordProblem::CodeRepeated));
            continue;
        }
        match known.check(province, record, now) {
            Ok(stored) => checked.push((record.code.trim().to_owned(), stored)),
            Err((field, problem)) => errors.push(refused(field, problem)),
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    Ok(if errors.is_empty() {
        Ok(Checked(checked))
    } else {
        Err(errors)
    })
}

/// On SQLite, whose writers take turns on one file, this process's batches queue here, in
/// the order they come, rather than wait for the file's lock and time out when several
/// arrive at once.
static SQLITE_BATCHES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A batch's turn (on SQLite; PostgreSQL needs none) and its transaction: keep the turn until
/// the transaction ends.
pub async fn begin_batch(
    db: &DatabaseConnection,
) -> Result<
    (
        Option<tokio::sync::MutexGuard<'static, ()>>,
        DatabaseTransaction,
    ),
    DbErr,
> {
    let turn = match db.get_database_backend() {
        DatabaseBackend::Sqlite => Some(SQLITE_BATCHES.lock().await),
        _ => None,
    };
    Ok((turn, begin_write(db).await?))
}

/// Writes checked dossiers in the caller's transaction, after the batches of the province
/// before it: created, updated, or left as they were.
pub async fn write_checked(
    txn: &DatabaseTransaction,
    province: &str,
    checked: Checked,
) -> Result<BatchReport, DbErr> {
    lock_province(txn, province).await?;
    write(txn, province, checked.0).await
}

/// Takes in `records` for `province`: all of them, or none and why each refused one was.
pub async fn ingest(
    db: &DatabaseConnection,
    province: &str,
    records: &[DossierRecord],
    now: DateTime<Utc>,
) -> Result<Result<BatchReport, Vec<RecordError>>, AppError> {
    let checked = match check(db, province, records, now).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(Err(errors)),
    };
    let (_turn, txn) = begin_batch(db).await?;
    let report = write_checked(&txn, province, checked).await?;
    txn.commit().await?;
    Ok(Ok(report))
}

/// Makes the batches of one province wait for each other, on every app instance: two
/// batches naming the same new dossier would otherwise both create it. On PostgreSQL a lock
/// for the province held until the transaction ends; on SQLite, whose writers already take
/// turns, the write lock taken now rather than after the reads.
async fn lock_province(txn: &impl ConnectionTrait, province: &str) -> Result<(), DbErr> {
    match txn.get_database_backend() {
        DatabaseBackend::Postgres => {
            // Two keys: this lock's kind, and the province's code as a number.
            let key: i32 = province.parse().unwrap_or(0);
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock(2, {key})"))
                .await?;
        }
        _ => {
            txn.execute_unprepared("UPDATE data_revision SET value = value WHERE id = 2")
                .await?;
        }
    }
    Ok(())
}

async fn write(
    txn: &impl ConnectionTrait,
    province: &str,
    checked: Vec<(String, Stored)>,
) -> Result<BatchReport, DbErr> {
    let codes: Vec<&str> = checked.iter().map(|(code, _)| code.as_str()).collect();
    let mut existing: HashMap<String, dossier::Model> = HashMap::new();
    for chunk in codes.chunks(CHUNK) {
        for found in dossier::Entity::find()
            .filter(dossier::Column::ProvinceCode.eq(province))
            .filter(dossier::Column::Code.is_in(chunk.iter().copied()))
            .all(txn)
            .await?
        {
            existing.insert(found.code.clone(), found);
        }
    }
    let mut report = BatchReport::default();
    let mut counts = HashMap::new();
    let mut tallies = HashMap::new();
    let mut new_rows = Vec::new();
    for (code, stored) in checked {
        match existing.get(&code) {
            Some(old) if Stored::of(old) == stored => report.unchanged += 1,
            Some(old) => {
                Stored::of(old).count(-1, &mut counts);
                Stored::of(old).tally(-1, &mut tallies);
                stored.count(1, &mut counts);
                stored.tally(1, &mut tallies);
                row(province, code, stored, Unchanged(old.id))
                    .update(txn)
                    .await?;
                report.updated += 1;
            }
            None => {
                stored.count(1, &mut counts);
                stored.tally(1, &mut tallies);
                new_rows.push(row(province, code, stored, Default::default()));
                report.created += 1;
            }
        }
    }
    for chunk in new_rows.chunks(CHUNK) {
        dossier::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    use dossier_hour::Column as H;
    add_counts::<dossier_hour::Entity>(
        txn,
        &[H::ProvinceCode, H::Hour, H::Channel],
        &[H::Received, H::Returned],
        counts
            .iter()
            .map(|((hour, channel), (received, returned))| {
                row_of(
                    [province.into(), (*hour).into(), channel.as_str().into()],
                    [*received, *returned],
                )
            }),
    )
    .await?;
    // The same counts by day in Vietnam.
    let mut days: HashMap<(NaiveDate, &str), [i64; 2]> = HashMap::new();
    for ((hour, channel), (received, returned)) in &counts {
        let day = hour.with_timezone(&crate::format::vietnam()).date_naive();
        let sums = days.entry((day, channel.as_str())).or_default();
        sums[0] += received;
        sums[1] += returned;
    }
    use dossier_day::Column as D;
    add_counts::<dossier_day::Entity>(
        txn,
        &[D::ProvinceCode, D::Day, D::Channel],
        &[D::Received, D::Returned],
        days.into_iter().map(|((day, channel), sums)| {
            row_of([province.into(), day.into(), channel.into()], sums)
        }),
    )
    .await?;
    // The same tallies by month.
    let mut months: HashMap<TallyKey, Tally> = HashMap::new();
    for ((day, unit, key, channel), counts) in &tallies {
        let month = day.with_day(1).unwrap_or(*day);
        let sums = months
            .entry((month, unit, key.clone(), channel.clone()))
            .or_default();
        for (sum, n) in sums.iter_mut().zip(counts) {
            *sum += n;
        }
    }
    use dossier_tally::Column as T;
    add_counts::<dossier_tally::Entity>(
        txn,
        &[T::ProvinceCode, T::Unit, T::Day, T::UnitKey, T::Channel],
        &[
            T::Received,
            T::Returned,
            T::Finished,
            T::Late,
            T::LateFinished,
        ],
        tally_rows(province, tallies),
    )
    .await?;
    use dossier_tally_month::Column as M;
    add_counts::<dossier_tally_month::Entity>(
        txn,
        &[M::ProvinceCode, M::Unit, M::Month, M::UnitKey, M::Channel],
        &[
            M::Received,
            M::Returned,
            M::Finished,
            M::Late,
            M::LateFinished,
        ],
        tally_rows(province, months),
    )
    .await?;
    // A change the hours do not show (a due date, a finishing time) still changes the pages:
    // the dossier revision moves with any dossier written.
    if report.created + report.updated > 0 {
        txn.execute_unprepared("UPDATE data_revision SET value = value + 1 WHERE id = 2")
            .await?;
    }
    Ok(report)
}

/// A row of counts: its key's values, then the counts.
fn row_of<const K: usize, const C: usize>(key: [Value; K], counts: [i64; C]) -> Vec<Value> {
    key.into_iter().chain(counts.map(Value::from)).collect()
}

/// The rows of a tally table, by day or by month.
fn tally_rows(
    province: &str,
    tallies: HashMap<TallyKey, Tally>,
) -> impl Iterator<Item = Vec<Value>> {
    tallies
        .into_iter()
        .map(move |((date, unit, key, channel), counts)| {
            row_of(
                [
                    province.into(),
                    unit.into(),
                    date.into(),
                    key.into(),
                    channel.into(),
                ],
                counts,
            )
        })
}

/// Adds counts to the rows of `E` found by the `key` columns, creating those not there yet;
/// each row holds the key's values, then the `counters`' values. Rows that add nothing are
/// left out.
async fn add_counts<E>(
    txn: &impl ConnectionTrait,
    key: &[E::Column],
    counters: &[E::Column],
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<(), DbErr>
where
    E: EntityTrait + Default,
{
    let mut on_conflict = OnConflict::columns(key.iter().copied());
    for &column in counters {
        let added = Expr::col((E::default(), column))
            .add(Expr::cust(format!("excluded.{}", column.as_str())));
        on_conflict.value(column, added);
    }
    let zero = Value::from(0i64);
    let rows: Vec<Vec<Value>> = rows
        .filter(|row| row[key.len()..].iter().any(|count| *count != zero))
        .collect();
    for chunk in rows.chunks(CHUNK) {
        let mut insert = Query::insert();
        insert
            .into_table(E::default())
            .columns(key.iter().chain(counters).copied())
            .on_conflict(on_conflict.clone());
        for row in chunk {
            insert
                .values(row.iter().cloned().map(Expr::val))
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}
fn row(
    province: &str,
    code: String,
    stored: Stored,
    id: sea_orm::ActiveValue<i64>,
) -> dossier::ActiveModel {
    dossier::ActiveModel {
        id,
        province_code: Set(province.to_owned()),
        code: Set(code),
        agency_id: Set(stored.agency_id),
        commune_code: Set(stored.commune_code),
        procedure_code: Set(stored.procedure_code),
        received_at: Set(stored.received_at),
        channel: Set(stored.channel),
        due_at: Set(stored.due_at),
        finished_at: Set(stored.finished_at),
        returned_at: Set(stored.returned_at),
        status: Set(stored.status),
    }
}
