//! Every task's dates as they stood on any date: the deadlines now, and each move of one, so a
//! date's deadlines are today's with the later moves undone (as `tasks::service` does in SQL).

use crate::tasks::service::end_of;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{deadline_change, task};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use std::collections::HashMap;

pub struct Deadlines {
    /// Each task's start date and deadline now, by index.
    dates: Vec<(NaiveDate, NaiveDate)>,
    index: HashMap<i64, usize>,
    /// When a deadline moved, which task's, and the deadline before, oldest first.
    moves: Vec<(DateTime<Utc>, usize, NaiveDate)>,
}

impl Deadlines {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let tasks = task::Entity::find()
            .order_by_asc(task::Column::Id)
            .all(db)
            .await?;
        let index: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let moves = deadline_change::Entity::find()
            .order_by_asc(deadline_change::Column::At)
            .order_by_asc(deadline_change::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .filter_map(|m| Some((m.at, *index.get(&m.task_id)?, m.before)))
            .collect();
        Ok(Self {
            dates: tasks.iter().map(|t| (t.starts_on, t.deadline)).collect(),
            index,
            moves,
        })
    }

    /// The index of a task.
    pub fn index(&self, task_id: i64) -> Option<usize> {
        self.index.get(&task_id).copied()
    }

    /// Each task's start date and deadline at the end of `day`, by index.
    pub fn on(&self, day: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
        let cutoff = end_of(day);
        let mut dates = self.dates.clone();
        let later = self.moves.partition_point(|m| m.0 <= cutoff);
        // Undo the later moves from the newest back: what is left is the earliest one's "before".
        for &(_, task, before) in self.moves[later..].iter().rev() {
            dates[task].1 = before;
        }
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn a_date_sees_the_deadline_in_force_then() {
        // Task 7's deadline moved from 15/8 to 1/9 on 1/7, then to 30/9 on 1/8.
        let at = |m| Utc.with_ymd_and_hms(2025, m, 1, 3, 0, 0).unwrap();
        let deadlines = Deadlines {
            dates: vec![(day("2025-06-01"), day("2025-09-30"))],
            index: HashMap::from([(7, 0)]),
            moves: vec![(at(7), 0, day("2025-08-15")), (at(8), 0, day("2025-09-01"))],
        };
        assert_eq!(deadlines.index(7), Some(0));
        assert_eq!(deadlines.on(day("2025-06-30"))[0].1, day("2025-08-15"));
        assert_eq!(deadlines.on(day("2025-07-15"))[0].1, day("2025-09-01"));
        assert_eq!(deadlines.on(day("2025-08-15"))[0].1, day("2025-09-30"));
        assert_eq!(deadlines.on(day("2025-08-15"))[0].0, day("2025-06-01"));
    }
}
