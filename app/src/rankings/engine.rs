//! The rankings computed from the stored changes. The changes are loaded once per data
//! revision and kept in memory; every request first reads the revision from the database, so
//! a write made through any instance sharing the database is seen at once. A date is then a
//! replay of the changes up to its end.

use super::{
    CommuneFigure, CommuneFigures, HistoryPoint, Indicator, Measure, ProvinceFigures, Ranking,
    Standing, deadlines::Deadlines, default_reference, rank, revision,
};
use crate::{
    error::AppError,
    state::AppState,
    tasks::{
        is_sane_date,
        rules::{self, CommuneRollup, Completion, Rating, RuleSettings, Status, Verification},
        service::{end_of, today},
        settings_service::settings,
    },
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{plan, province};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, IsolationLevel, QueryFilter, QueryOrder, Statement, TransactionTrait,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// The timeline of the current revision, shared by the requests of one instance.
#[derive(Clone, Default)]
pub struct RankingCache(Arc<tokio::sync::Mutex<Option<Arc<Timeline>>>>);

impl std::fmt::Debug for RankingCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RankingCache")
    }
}

impl RankingCache {
    /// The timeline as the database holds it now: the kept one if no write came since it was
    /// loaded, else a fresh load (one at a time; the others wait for it).
    pub async fn timeline(&self, db: &DatabaseConnection) -> Result<Arc<Timeline>, DbErr> {
        let revision = revision::tasks(db).await?;
        let mut slot = self.0.lock().await;
        // A kept timeline at least as new as what this request read will do.
        if let Some(timeline) = slot.as_ref().filter(|t| t.revision >= revision) {
            return Ok(timeline.clone());
        }
        let timeline = Arc::new(Timeline::load(db).await?);
        *slot = Some(timeline.clone());
        Ok(timeline)
    }
}

/// Whose an assignment is (a province's own, or one of its communes'), and of which task.
struct Holder {
    province: usize,
    commune: Option<usize>,
    task: usize,
}

/// What an assignment's latest change says.
#[derive(Clone, Copy)]
struct State {
    status: Status,
    progress: u8,
    verification: Verification,
}

/// One stored change of an assignment.
struct Step {
    at: DateTime<Utc>,
    assignment: usize,
    state: State,
}

/// What the replay of one date gives, in code order: each province's figures and rating on
/// its own tasks (None: it has none), and each commune's completion (counted as the settings
/// say) and rating.
struct Day {
    provinces: Vec<ProvinceFigures>,
    own_ratings: Vec<Option<Rating>>,
    communes: Vec<(Completion, Rating)>,
}

/// A replayed date is kept by the date and the settings it was counted and rated with.
type DayKey = (NaiveDate, bool, i64, u64);

/// Every assignment and every change of one data revision.
pub struct Timeline {
    revision: i64,
    provinces: Vec<province::Model>,
    /// The province of each commune that has assignments, and each such commune's index.
    commune_province: Vec<usize>,
    commune_index: HashMap<String, usize>,
    holders: Vec<Holder>,
    /// In the order they happened.
    steps: Vec<Step>,
    deadlines: Deadlines,
    demo: bool,
    /// Dates already replayed.
    days: Mutex<HashMap<DayKey, Arc<Day>>>,
}

impl Timeline {
    /// Everything from one read snapshot, the revision with it, so all of it is of that
    /// revision exactly.
    async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        // SQLite's transactions read one snapshot already (WAL) and take no isolation level.
        let txn = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?
            }
            _ => db.begin().await?,
        };
        let timeline = Self::load_in(&txn).await;
        txn.commit().await?;
        timeline
    }

    async fn load_in(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let revision = revision::tasks(db).await?;
        let provinces = province::Entity::find()
            .order_by_asc(province::Column::Code)
            .all(db)
            .await?;
        let province_index: HashMap<&str, usize> = provinces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.as_str(), i))
            .collect();
        let backend = db.get_database_backend();
        let mut communes: HashMap<String, usize> = HashMap::new();
        let mut commune_province = Vec::new();
        let mut holders = Vec::new();
        let mut assignment_index: HashMap<i64, usize> = HashMap::new();
        let deadlines = Deadlines::load(db).await?;
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, unit_code, province_code, task_id FROM assignment ORDER BY id",
            ))
            .await?;
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let unit: String = row.try_get("", "unit_code")?;
            let province_code: String = row.try_get("", "province_code")?;
            let Some(&province) = province_index.get(province_code.as_str()) else {
                continue;
            };
            let Some(task) = deadlines.index(row.try_get("", "task_id")?) else {
                continue;
            };
            let commune = (unit.len() == 5).then(|| {
                let next = communes.len();
                *communes.entry(unit).or_insert_with(|| {
                    commune_province.push(province);
                    next
                })
            });
            assignment_index.insert(id, holders.len());
            holders.push(Holder {
                province,
                commune,
                task,
            });
        }
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT assignment_id, at, status, progress, verification \
                 FROM assignment_change ORDER BY at, id",
            ))
            .await?;
        let mut steps = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.try_get("", "assignment_id")?;
            let Some(&assignment) = assignment_index.get(&id) else {
                continue;
            };
            let status: String = row.try_get("", "status")?;
            let progress: i32 = row.try_get("", "progress")?;
            let verification: String = row.try_get("", "verification")?;
            steps.push(Step {
                at: row.try_get("", "at")?,
                assignment,
                state: State {
                    status: Status::parse(&status).unwrap_or(Status::NotStarted),
                    progress: progress.clamp(0, 100) as u8,
                    verification: Verification::parse(&verification).unwrap_or(Verification::None),
                },
            });
        }
        let demo = plan::Entity::find()
            .filter(plan::Column::Demo.eq(true))
            .one(db)
            .await?
            .is_some();
        Ok(Self {
            revision,
            provinces,
            commune_province,
            commune_index: communes,
            holders,
            steps,
            deadlines,
            demo,
            days: Mutex::new(HashMap::new()),
        })
    }

    /// The figures and ratings at the end of `day`, replayed once per date and settings.
    fn day(&self, day: NaiveDate, settings: &RuleSettings) -> Arc<Day> {
        let key = (
            day,
            settings.count_verified,
            settings.near_due_days,
            settings.tolerance_points.to_bits(),
        );
        if let Some(found) = self.days.lock().expect("not poisoned").get(&key) {
            return found.clone();
        }
        let computed = Arc::new(self.replay(day, settings));
        let mut days = self.days.lock().expect("not poisoned");
        // A bound on memory: dates are few in practice; past it, start again.
        if days.len() >= 512 {
            days.clear();
        }
        days.insert(key, computed.clone());
        computed
    }

    /// Every assignment's state at the end of `day`, its schedule on that day's deadlines,
    /// rolled up: a unit's rating is its worst assignment's (Đỏ if any is overdue, …).
    fn replay(&self, day: NaiveDate, settings: &RuleSettings) -> Day {
        let cutoff = end_of(day);
        let not_started = State {
            status: Status::NotStarted,
            progress: 0,
            verification: Verification::None,
        };
        let mut states = vec![not_started; self.holders.len()];
        let end = self.steps.partition_point(|s| s.at <= cutoff);
        for step in &self.steps[..end] {
            states[step.assignment] = step.state;
        }
        let dates = self.deadlines.on(day);
        let mut own = vec![Completion::default(); self.provinces.len()];
        let mut own_ratings: Vec<Option<Rating>> = vec![None; self.provinces.len()];
        let mut communes = vec![(Completion::default(), Rating::Xanh); self.commune_province.len()];
        for (holder, s) in self.holders.iter().zip(states) {
            let (starts_on, deadline) = dates[holder.task];
            let rating = rules::rating(rules::schedule(
                s.status, s.progress, starts_on, deadline, day, settings,
            ));
            match holder.commune {
                Some(c) => {
                    communes[c].0.add(s.status, s.verification);
                    communes[c].1 = communes[c].1.max(rating);
                }
                None => {
                    own[holder.province].add(s.status, s.verification);
                    let worst = &mut own_ratings[holder.province];
                    *worst = Some(worst.map_or(rating, |w| w.max(rating)));
                }
            }
        }
        for commune in &mut communes {
            commune.0 = commune.0.counted(settings);
        }
        let mut by_province: Vec<Vec<Completion>> = vec![Vec::new(); self.provinces.len()];
        for (c, (completion, _)) in communes.iter().enumerate() {
            by_province[self.commune_province[c]].push(*completion);
        }
        Day {
            provinces: own
                .into_iter()
                .zip(by_province)
                .map(|(own, communes)| ProvinceFigures {
                    own,
                    communes: CommuneRollup::of(communes),
                    ..Default::default()
                })
                .collect(),
            own_ratings,
            communes,
        }
    }

    /// The provinces' figures with their dossiers up to the end of `day`.
    async fn with_dossiers(
        &self,
        db: &DatabaseConnection,
        figures: &[ProvinceFigures],
        day: NaiveDate,
    ) -> Result<Vec<ProvinceFigures>, DbErr> {
        crate::dossiers::figures::with_dossiers(db, &self.provinces, figures, day).await
    }

    /// Each province's measure and rank on `indicator`, in code order.
    fn ranks(
        &self,
        indicator: Indicator,
        figures: &[ProvinceFigures],
    ) -> (Vec<Option<Measure>>, Vec<Option<u32>>) {
        let measures: Vec<Option<Measure>> = figures.iter().map(|f| indicator.measure(f)).collect();
        let keyed: Vec<(&str, Option<Measure>)> = self
            .provinces
            .iter()
            .map(|p| p.code.as_str())
            .zip(measures.iter().copied())
            .collect();
        (measures, rank(&keyed))
    }

    /// Week by week back to the week before the first change (at most `HISTORY_WEEKS`),
    /// ending on `day`, oldest first.
    fn weeks_to(&self, day: NaiveDate) -> Vec<NaiveDate> {
        let start = self
            .first_change()
            .map(|at| at.with_timezone(&crate::format::vietnam()).date_naive() - Duration::days(7))
            .unwrap_or(day);
        let mut days: Vec<NaiveDate> = (0..=HISTORY_WEEKS)
            .map(|w| day - Duration::weeks(w))
            .take_while(|d| *d >= start || *d == day)
            .collect();
        days.reverse();
        days
    }

    fn first_change(&self) -> Option<DateTime<Utc>> {
        self.steps.first().map(|s| s.at)
    }
}

pub async fn ranking(
    state: &AppState,
    indicator: Indicator,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<Ranking, AppError> {
    let day = as_of.unwrap_or_else(|| today(state));
    let reference = reference.unwrap_or_else(|| default_reference(day));
    if !is_sane_date(&day) || !is_sane_date(&reference) {
        return Err(AppError::NotFound);
    }
    let settings = settings(&state.db).await?;
    let timeline = state.rankings.timeline(&state.db).await?;
    let today = timeline.day(day, &settings);
    let figures = timeline
        .with_dossiers(&state.db, &today.provinces, day)
        .await?;
    let (measures, ranks) = timeline.ranks(indicator, &figures);
    let before = timeline.day(reference, &settings);
    let before = match indicator {
        Indicator::OnlineDossiers => {
            timeline
                .with_dossiers(&state.db, &before.provinces, reference)
                .await?
        }
        _ => before.provinces.clone(),
    };
    let (_, previous) = timeline.ranks(indicator, &before);
    let mut standings: Vec<Standing> = timeline
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| Standing {
            code: p.code.clone(),
            name: p.name.clone(),
            figures: figures[i],
            value: measures[i].map(|m| m.value),
            rank: ranks[i],
            previous_rank: previous[i],
            rating: today.own_ratings[i],
        })
        .collect();
    standings.sort_by(|a, b| {
        (a.rank.is_none(), a.rank, &a.code).cmp(&(b.rank.is_none(), b.rank, &b.code))
    });
    Ok(Ranking {
        indicator,
        as_of: day,
        reference,
        demo: timeline.demo,
        ranked: ranks.iter().flatten().count() as u32,
        standings,
    })
}

pub async fn commune_figures(
    state: &AppState,
    as_of: Option<NaiveDate>,
) -> Result<CommuneFigures, AppError> {
    let day = as_of.unwrap_or_else(|| today(state));
    if !is_sane_date(&day) {
        return Err(AppError::NotFound);
    }
    let settings = settings(&state.db).await?;
    let timeline = state.rankings.timeline(&state.db).await?;
    let today = timeline.day(day, &settings);
    let mut communes: Vec<CommuneFigure> = timeline
        .commune_index
        .iter()
        .map(|(code, &i)| CommuneFigure {
            code: code.clone(),
            province: timeline.provinces[timeline.commune_province[i]]
                .code
                .clone(),
            completion: today.communes[i].0,
            rating: today.communes[i].1,
        })
        .collect();
    communes.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    Ok(CommuneFigures {
        as_of: day,
        communes,
    })
}

/// How many weeks a history goes back at most.
const HISTORY_WEEKS: i64 = 26;

pub async fn history(
    state: &AppState,
    code: &str,
    indicator: Indicator,
    as_of: Option<NaiveDate>,
) -> Result<Vec<HistoryPoint>, AppError> {
    let day = as_of.unwrap_or_else(|| today(state));
    if !is_sane_date(&day) {
        return Err(AppError::NotFound);
    }
    let settings = settings(&state.db).await?;
    let timeline = state.rankings.timeline(&state.db).await?;
    let days = timeline.weeks_to(day);
    if code.len() == 5 {
        // A commune: its own completion (communes are not ranked).
        let index = *timeline.commune_index.get(code).ok_or(AppError::NotFound)?;
        return Ok(days
            .into_iter()
            .map(|d| HistoryPoint {
                day: d,
                value: Some(timeline.day(d, &settings).communes[index].0.percent()),
                rank: None,
                ranked: 0,
            })
            .collect());
    }
    let index = timeline
        .provinces
        .iter()
        .position(|p| p.code == code)
        .ok_or(AppError::NotFound)?;
    let mut points = Vec::with_capacity(days.len());
    for d in days {
        let figures = timeline.day(d, &settings);
        let figures = match indicator {
            Indicator::OnlineDossiers => {
                timeline
                    .with_dossiers(&state.db, &figures.provinces, d)
                    .await?
            }
            _ => figures.provinces.clone(),
        };
        let (measures, ranks) = timeline.ranks(indicator, &figures);
        points.push(HistoryPoint {
            day: d,
            value: measures[index].map(|m| m.value),
            rank: ranks[index],
            ranked: ranks.iter().flatten().count() as u32,
        });
    }
    Ok(points)
}
