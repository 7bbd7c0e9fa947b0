//! The rules of DOMAIN.md in one pure module: an assignment's schedule state and rating on a
//! date, a unit's rating, completion and the roll-ups of a province's communes, and the
//! ranking of provinces on commune progress. Thresholds come from the settings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The settings of the rules, which a ministry admin may change.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSettings {
    /// An unfinished assignment this many days or fewer before its deadline is near due.
    pub near_due_days: i64,
    /// An unfinished assignment more than this many points behind the expected progress
    /// line (straight from 0 at the start date to 100 at the deadline) is near due.
    pub tolerance_points: f64,
    /// Roll-ups and ranks count communes' tasks as verified by their province, instead of
    /// as reported by the commune. Both figures are shown either way.
    pub count_verified: bool,
}

impl Default for RuleSettings {
    fn default() -> Self {
        Self {
            near_due_days: 7,
            tolerance_points: 20.0,
            count_verified: false,
        }
    }
}

/// Where a commune's "done" stands with its province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Not reported done.
    None,
    /// Reported done, awaiting the province.
    Pending,
    Verified,
    /// The province sent it back, with a reason.
    Returned,
}

impl Verification {
    pub const ALL: [Verification; 4] = [
        Verification::None,
        Verification::Pending,
        Verification::Verified,
        Verification::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Verification::None => "none",
            Verification::Pending => "pending",
            Verification::Verified => "verified",
            Verification::Returned => "returned",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Done];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where an assignment stands against its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// hoàn thành
    Done,
    /// trễ hạn
    Overdue,
    /// sắp trễ
    NearDue,
    /// chưa đến hạn
    NotYetDue,
    /// đúng tiến độ
    OnSchedule,
}

/// Xanh / Vàng / Đỏ, ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Xanh,
    Vang,
    Do,
}

/// Expected progress on `on`: 0 at the start date, 100 at the deadline, straight between.
pub fn expected_progress(starts_on: NaiveDate, deadline: NaiveDate, on: NaiveDate) -> f64 {
    let span = (deadline - starts_on).num_days();
    if span <= 0 {
        return if on >= deadline { 100.0 } else { 0.0 };
    }
    let elapsed = (on - starts_on).num_days().clamp(0, span);
    elapsed as f64 * 100.0 / span as f64
}

/// The schedule state of an assignment on `on`, in the order DOMAIN.md gives.
pub fn schedule(
    status: Status,
    progress: u8,
    starts_on: NaiveDate,
    deadline: NaiveDate,
    on: NaiveDate,
    settings: &RuleSettings,
) -> Schedule {
    if status == Status::Done {
        return Schedule::Done;
    }
    if on > deadline {
        return Schedule::Overdue;
    }
    let days_left = (deadline - on).num_days();
    let behind = expected_progress(starts_on, deadline, on) - f64::from(progress);
    if days_left <= settings.near_due_days || behind > settings.tolerance_points {
        return Schedule::NearDue;
    }
    if on < starts_on {
        return Schedule::NotYetDue;
    }
    Schedule::OnSchedule
}

pub fn rating(schedule: Schedule) -> Rating {
    match schedule {
        Schedule::Done | Schedule::OnSchedule | Schedule::NotYetDue => Rating::Xanh,
        Schedule::NearDue => Rating::Vang,
        Schedule::Overdue => Rating::Do,
    }
}

/// A unit's rating: its worst assignment's (Xanh when it has none).
pub fn unit_rating(schedules: impl IntoIterator<Item = Schedule>) -> Rating {
    schedules
        .into_iter()
        .map(rating)
        .max()
        .unwrap_or(Rating::Xanh)
}

/// Tasks done (as reported, and of those, verified) out of tasks assigned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub done: u32,
    pub verified: u32,
    pub assigned: u32,
}

impl Completion {
    pub fn add(&mut self, status: Status, verification: Verification) {
        self.assigned += 1;
        if status == Status::Done {
            self.done += 1;
            if verification == Verification::Verified {
                self.verified += 1;
            }
        }
    }

    /// The same tasks with only the verified ones counted as done.
    pub fn verified_only(self) -> Self {
        Self {
            done: self.verified,
            ..self
        }
    }

    /// As the settings say roll-ups count: reported, or verified.
    pub fn counted(self, settings: &RuleSettings) -> Self {
        if settings.count_verified {
            self.verified_only()
        } else {
            self
        }
    }

    /// Percent done; a unit with nothing assigned counts as 0.
    pub fn percent(&self) -> f64 {
        if self.assigned == 0 {
            0.0
        } else {
            f64::from(self.done) * 100.0 / f64::from(self.assigned)
        }
    }

    pub fn complete(&self) -> bool {
        self.assigned > 0 && self.done == self.assigned
    }
}

/// A province's communes taken together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommuneRollup {
    /// Communes with at least one task assigned.
    pub communes: u32,
    /// Of those, communes that completed every task.
    pub completed_all: u32,
    /// Mean of the communes' completion, in percent.
    pub mean_completion: f64,
    /// The lowest commune completion, in percent (None without communes).
    pub min_completion: Option<f64>,
}

impl CommuneRollup {
    pub fn of(communes: impl IntoIterator<Item = Completion>) -> Self {
        let mut rollup = Self::default();
        let mut sum = 0.0;
        for completion in communes.into_iter().filter(|c| c.assigned > 0) {
            let percent = completion.percent();
            rollup.communes += 1;
            rollup.completed_all += u32::from(completion.complete());
            sum += percent;
            rollup.min_completion = Some(rollup.min_completion.map_or(percent, |m| m.min(percent)));
        }
        if rollup.communes > 0 {
            rollup.mean_completion = sum / f64::from(rollup.communes);
        }
        rollup
    }

    /// Share of communes that completed all, in percent.
    pub fn completed_all_percent(&self) -> f64 {
        if self.communes == 0 {
            0.0
        } else {
            f64::from(self.completed_all) * 100.0 / f64::from(self.communes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%d/%m/%Y").unwrap()
    }

    /// One row per case: status, progress, start, deadline, date, expected state.
    #[test]
    fn schedule_states_at_each_boundary() {
        let t = RuleSettings::default();
        let cases = [
            (
                Status::Done,
                100,
                "19/06/2025",
                "30/06/2025",
                "14/08/2025",
                Schedule::Done,
            ),
            (
                Status::Done,
                10,
                "19/06/2025",
                "30/06/2025",
                "01/07/2025",
                Schedule::Done,
            ),
            (
                Status::InProgress,
                90,
                "19/06/2025",
                "30/06/2025",
                "01/07/2025",
                Schedule::Overdue,
            ),
            (
                Status::InProgress,
                99,
                "19/06/2025",
                "30/06/2025",
                "30/06/2025",
                Schedule::NearDue,
            ),
            // Exactly 7 days before the deadline: near due; 8 days: not yet.
            (
                Status::InProgress,
                100,
                "01/01/2025",
                "31/12/2025",
                "24/12/2025",
                Schedule::NearDue,
            ),
            (
                Status::InProgress,
                100,
                "01/01/2025",
                "31/12/2025",
                "23/12/2025",
                Schedule::OnSchedule,
            ),
            // Behind the line: expected 49.7 on 1/7 (181 of 364 days), 48.9 on 28/6.
            (
                Status::InProgress,
                29,
                "01/01/2025",
                "31/12/2025",
                "01/07/2025",
                Schedule::NearDue,
            ),
            (
                Status::InProgress,
                29,
                "01/01/2025",
                "31/12/2025",
                "28/06/2025",
                Schedule::OnSchedule,
            ),
            (
                Status::NotStarted,
                0,
                "01/09/2025",
                "31/12/2025",
                "14/08/2025",
                Schedule::NotYetDue,
            ),
            (
                Status::NotStarted,
                0,
                "19/06/2025",
                "31/12/2025",
                "14/08/2025",
                Schedule::NearDue,
            ),
            (
                Status::InProgress,
                40,
                "19/06/2025",
                "31/12/2025",
                "14/08/2025",
                Schedule::OnSchedule,
            ),
        ];
        for (status, progress, start, deadline, on, expected) in cases {
            assert_eq!(
                schedule(status, progress, d(start), d(deadline), d(on), &t),
                expected,
                "{status:?} {progress}% {start}–{deadline} on {on}"
            );
        }
    }

    #[test]
    fn changed_settings_change_the_state() {
        let strict = RuleSettings {
            near_due_days: 30,
            tolerance_points: 5.0,
            count_verified: false,
        };
        let (start, deadline) = (d("19/06/2025"), d("31/12/2025"));
        assert_eq!(
            schedule(
                Status::InProgress,
                100,
                start,
                deadline,
                d("05/12/2025"),
                &strict
            ),
            Schedule::NearDue
        );
        assert_eq!(
            schedule(
                Status::InProgress,
                100,
                start,
                deadline,
                d("05/12/2025"),
                &RuleSettings::default()
            ),
            Schedule::OnSchedule
        );
        assert_eq!(
            schedule(
                Status::InProgress,
                20,
                start,
                deadline,
                d("14/08/2025"),
                &strict
            ),
            Schedule::NearDue,
            "expected 28.7, 8.7 behind > 5"
        );
    }

    #[test]
    fn ratings_and_the_seed_unit() {
        assert_eq!(rating(Schedule::Done), Rating::Xanh);
        assert_eq!(rating(Schedule::OnSchedule), Rating::Xanh);
        assert_eq!(rating(Schedule::NotYetDue), Rating::Xanh);
        assert_eq!(rating(Schedule::NearDue), Rating::Vang);
        assert_eq!(rating(Schedule::Overdue), Rating::Do);
        // 14 done and 9 on schedule: Xanh.
        let seed = std::iter::repeat_n(Schedule::Done, 14)
            .chain(std::iter::repeat_n(Schedule::OnSchedule, 9));
        assert_eq!(unit_rating(seed), Rating::Xanh);
        assert_eq!(
            unit_rating([Schedule::Done, Schedule::NearDue]),
            Rating::Vang
        );
        assert_eq!(
            unit_rating([Schedule::NearDue, Schedule::Overdue, Schedule::Done]),
            Rating::Do
        );
        assert_eq!(unit_rating([]), Rating::Xanh);
    }

    #[test]
    fn the_seed_rollup() {
        let full = Completion {
            done: 16,
            verified: 10,
            assigned: 16,
        };
        let most = Completion {
            done: 12,
            verified: 12,
            assigned: 16,
        };
        let communes = std::iter::repeat_n(full, 95).chain(std::iter::repeat_n(most, 35));
        let rollup = CommuneRollup::of(communes);
        assert_eq!((rollup.communes, rollup.completed_all), (130, 95));
        assert_eq!(format!("{:.2}", rollup.completed_all_percent()), "73.08");
        assert_eq!(rollup.min_completion, Some(75.0));
        assert_eq!(CommuneRollup::of([]).min_completion, None);
        let verified = CommuneRollup::of(
            std::iter::repeat_n(full, 95)
                .chain(std::iter::repeat_n(most, 35))
                .map(|c| {
                    c.counted(&RuleSettings {
                        count_verified: true,
                        ..Default::default()
                    })
                }),
        );
        assert_eq!(verified.completed_all, 0, "no commune has all 16 verified");
        assert_eq!(verified.min_completion, Some(62.5));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(Status::ALL.to_vec())
    }

    fn any_schedule() -> impl Strategy<Value = Schedule> {
        prop::sample::select(vec![
            Schedule::Done,
            Schedule::Overdue,
            Schedule::NearDue,
            Schedule::NotYetDue,
            Schedule::OnSchedule,
        ])
    }

    proptest! {
        #[test]
        fn marking_a_task_done_never_lowers_completion(
            statuses in prop::collection::vec(status(), 1..30),
            pick in any::<prop::sample::Index>(),
        ) {
            let completion = |list: &[Status]| {
                let mut c = Completion::default();
                list.iter().for_each(|&s| c.add(s, Verification::None));
                c.percent()
            };
            let mut after = statuses.clone();
            after[pick.index(statuses.len())] = Status::Done;
            prop_assert!(completion(&after) >= completion(&statuses));
        }

        #[test]
        fn a_unit_with_an_overdue_task_is_never_xanh(
            mut schedules in prop::collection::vec(any_schedule(), 0..30),
            at in any::<prop::sample::Index>(),
        ) {
            let i = at.index(schedules.len() + 1);
            schedules.insert(i, Schedule::Overdue);
            prop_assert_eq!(unit_rating(schedules), Rating::Do);
        }

        #[test]
        fn done_is_done_whatever_the_dates(
            progress in 0u8..=100,
            start in 0i64..400,
            length in 0i64..400,
            on in 0i64..900,
        ) {
            let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let day = |n| base + chrono::Duration::days(n);
            let s = schedule(Status::Done, progress, day(start), day(start + length), day(on), &RuleSettings::default());
            prop_assert_eq!(s, Schedule::Done);
            let open = schedule(Status::InProgress, progress, day(start), day(start + length), day(on), &RuleSettings::default());
            prop_assert_eq!(open == Schedule::Overdue, on > start + length);
        }
    }
}
