//! Rankings of the 34 provinces on any indicator (commune progress, their own tasks, online
//! dossiers), for any date, with each province's change of rank since a
//! reference date. The figures come from stored rows; the ordering rule is the one below.

#[cfg(feature = "ssr")]
mod deadlines;
#[cfg(feature = "ssr")]
pub mod engine;
#[cfg(feature = "ssr")]
pub mod revision;

use crate::{
    dossiers::DossierFigures,
    error::AppError,
    i18n::Strings,
    tasks::rules::{CommuneRollup, Completion, Rating},
};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What provinces are ranked on. Each names its figure and its tie-break; the ranking code
/// is the same for all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Indicator {
    /// Mean completion of the province's communes; ties by the share of communes that
    /// completed all their tasks.
    #[default]
    #[serde(rename = "tien-do-xa")]
    CommuneProgress,
    /// The province's own tasks done out of assigned; ties by the number done.
    #[serde(rename = "nhiem-vu-tinh")]
    ProvinceTasks,
    /// Dossiers submitted online out of all received since the period's start; ties by the
    /// number received.
    #[serde(rename = "ho-so-truc-tuyen")]
    OnlineDossiers,
}

impl Indicator {
    pub const ALL: [Self; 3] = [
        Self::CommuneProgress,
        Self::ProvinceTasks,
        Self::OnlineDossiers,
    ];

    /// The indicator's name in URLs and the open data.
    pub fn slug(self) -> &'static str {
        match self {
            Self::CommuneProgress => "tien-do-xa",
            Self::ProvinceTasks => "nhiem-vu-tinh",
            Self::OnlineDossiers => "ho-so-truc-tuyen",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.slug() == slug)
    }

    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            Self::CommuneProgress => t.indicator_commune_progress,
            Self::ProvinceTasks => t.indicator_province_tasks,
            Self::OnlineDossiers => t.indicator_online_dossiers,
        }
    }

    /// The indicator's figure for a province, or None when it has nothing to measure (no
    /// commune or no task assigned): such a province is not ranked.
    pub fn measure(self, figures: &ProvinceFigures) -> Option<Measure> {
        match self {
            Self::CommuneProgress => (figures.communes.communes > 0).then(|| Measure {
                value: to_millionths(figures.communes.mean_completion),
                tiebreak: to_millionths(figures.communes.completed_all_percent()),
            }),
            Self::ProvinceTasks => (figures.own.assigned > 0).then(|| Measure {
                value: to_millionths(figures.own.percent()),
                tiebreak: f64::from(figures.own.done),
            }),
            Self::OnlineDossiers => figures.dossiers.online_rate().map(|rate| Measure {
                value: to_millionths(rate),
                tiebreak: figures.dossiers.received as f64,
            }),
        }
    }
}

/// Figures are compared to a millionth of a point: two provinces whose exact figures are
/// equal tie, whatever order their communes were added in.
pub fn to_millionths(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// What the rankings know of a province on a date: its own tasks, its communes as the
/// settings say to count them, and its dossiers since the period's start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProvinceFigures {
    pub own: Completion,
    pub communes: CommuneRollup,
    pub dossiers: DossierFigures,
}

/// A province's figure on an indicator, and what breaks a tie on it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub value: f64,
    pub tiebreak: f64,
}

/// The ranking order: higher figure first, then higher tie-break, then code.
pub fn compare(a: (&str, Measure), b: (&str, Measure)) -> Ordering {
    b.1.value
        .total_cmp(&a.1.value)
        .then(b.1.tiebreak.total_cmp(&a.1.tiebreak))
        .then(a.0.cmp(b.0))
}

/// Ranks (1 = best) in the order given; None for what has no measure.
pub fn rank(measures: &[(&str, Option<Measure>)]) -> Vec<Option<u32>> {
    let mut order: Vec<(usize, &str, Measure)> = measures
        .iter()
        .enumerate()
        .filter_map(|(i, (code, m))| m.map(|m| (i, *code, m)))
        .collect();
    order.sort_by(|a, b| compare((a.1, a.2), (b.1, b.2)));
    let mut ranks = vec![None; measures.len()];
    for (place, (i, _, _)) in order.into_iter().enumerate() {
        ranks[i] = Some(place as u32 + 1);
    }
    ranks
}

/// One province in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub code: String,
    pub name: String,
    pub figures: ProvinceFigures,
    /// The indicator's figure, in percent (None: not ranked).
    pub value: Option<f64>,
    pub rank: Option<u32>,
    /// The rank on the reference date.
    pub previous_rank: Option<u32>,
    /// Its rating on its own tasks (None: it has none).
    pub rating: Option<Rating>,
}

impl Standing {
    /// Places gained since the reference date (negative: lost).
    pub fn change(&self) -> Option<i64> {
        Some(i64::from(self.previous_rank?) - i64::from(self.rank?))
    }
}

/// `↑5`, `↓2`, `=`; empty without a rank on both dates.
pub fn change_mark(change: Option<i64>) -> String {
    match change {
        Some(n) if n > 0 => format!("↑{n}"),
        Some(n) if n < 0 => format!("↓{}", -n),
        Some(_) => "=".to_owned(),
        None => String::new(),
    }
}

/// The provinces ranked on an indicator as of a date, best first (those not ranked last, by
/// code).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub indicator: Indicator,
    pub as_of: NaiveDate,
    pub reference: NaiveDate,
    /// Some of the figures are demonstration data.
    pub demo: bool,
    /// How many provinces have a rank.
    pub ranked: u32,
    pub standings: Vec<Standing>,
}

impl Ranking {
    pub fn standing(&self, code: &str) -> Option<&Standing> {
        self.standings.iter().find(|s| s.code == code)
    }
}

/// A province on one date of its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPoint {
    pub day: NaiveDate,
    pub value: Option<f64>,
    pub rank: Option<u32>,
    pub ranked: u32,
}

/// The reference date when none is chosen: two weeks before the as-of date.
pub fn default_reference(as_of: NaiveDate) -> NaiveDate {
    as_of - chrono::Duration::days(14)
}

/// The provinces ranked on `indicator` as of a date (default today), with their change since
/// `reference` (default two weeks earlier). Public.
#[server(endpoint = "rankings/get")]
pub async fn get_ranking(
    indicator: Indicator,
    as_of: Option<NaiveDate>,
    reference: Option<NaiveDate>,
) -> Result<Ranking, AppError> {
    let state = crate::state::app_state()?;
    engine::ranking(&state, indicator, as_of, reference).await
}

/// Every commune's completion and rating on a date (those with tasks assigned), for the map
/// of all communes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneFigures {
    pub as_of: NaiveDate,
    pub communes: Vec<CommuneFigure>,
}

/// A commune's completion (as the settings count it) and rating on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneFigure {
    pub code: String,
    /// Its province's code.
    pub province: String,
    pub completion: Completion,
    pub rating: Rating,
}

/// Every commune's completion as of a date (default today). Public.
#[server(endpoint = "rankings/communes")]
pub async fn get_commune_figures(as_of: Option<NaiveDate>) -> Result<CommuneFigures, AppError> {
    let state = crate::state::app_state()?;
    engine::commune_figures(&state, as_of).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn communes(mean: f64, completed_all: u32) -> ProvinceFigures {
        ProvinceFigures {
            communes: CommuneRollup {
                communes: 10,
                completed_all,
                mean_completion: mean,
                min_completion: Some(0.0),
            },
            ..Default::default()
        }
    }

    fn ranks(indicator: Indicator, provinces: &[(&str, ProvinceFigures)]) -> Vec<Option<u32>> {
        let measures: Vec<(&str, Option<Measure>)> = provinces
            .iter()
            .map(|(code, f)| (*code, indicator.measure(f)))
            .collect();
        rank(&measures)
    }

    #[test]
    fn ties_break_by_completed_share_then_code() {
        let provinces = [
            ("02", communes(90.0, 5)),
            ("01", communes(90.0, 5)),
            ("03", communes(90.0, 7)),
            ("04", communes(95.0, 0)),
        ];
        let got = ranks(Indicator::CommuneProgress, &provinces);
        assert_eq!(got, [Some(4), Some(3), Some(2), Some(1)]);
    }

    #[test]
    fn a_province_without_communes_assigned_is_not_ranked() {
        let provinces = [
            ("01", communes(50.0, 0)),
            ("02", ProvinceFigures::default()),
            ("03", communes(0.0, 0)),
        ];
        let got = ranks(Indicator::CommuneProgress, &provinces);
        assert_eq!(got, [Some(1), None, Some(2)]);
    }

    #[test]
    fn province_tasks_rank_on_their_own_completion() {
        let own = |done, assigned| ProvinceFigures {
            own: Completion {
                done,
                verified: 0,
                assigned,
            },
            ..Default::default()
        };
        let provinces = [
            ("01", own(1, 2)),
            ("02", own(2, 4)),
            ("03", own(3, 3)),
            ("04", own(0, 0)),
        ];
        let got = ranks(Indicator::ProvinceTasks, &provinces);
        assert_eq!(got, [Some(3), Some(2), Some(1), None]);
    }

    #[test]
    fn rank_change_reads_as_arrows() {
        let standing = |rank, previous_rank| Standing {
            code: "40".into(),
            name: "Nghệ An".into(),
            figures: ProvinceFigures::default(),
            value: Some(1.0),
            rank,
            previous_rank,
            rating: None,
        };
        assert_eq!(change_mark(standing(Some(15), Some(20)).change()), "↑5");
        assert_eq!(change_mark(standing(Some(20), Some(18)).change()), "↓2");
        assert_eq!(change_mark(standing(Some(7), Some(7)).change()), "=");
        assert_eq!(change_mark(standing(Some(7), None).change()), "");
    }

    #[test]
    fn slugs_round_trip() {
        for indicator in Indicator::ALL {
            assert_eq!(Indicator::from_slug(indicator.slug()), Some(indicator));
        }
        assert_eq!(Indicator::from_slug("khac"), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ranks_are_one_to_n_over_the_measured(
            values in prop::collection::vec(prop::option::of((0u32..=16, 0u32..=10)), 1..40),
        ) {
            let codes: Vec<String> = (0..values.len()).map(|i| format!("{i:02}")).collect();
            let measures: Vec<(&str, Option<Measure>)> = codes
                .iter()
                .zip(&values)
                .map(|(c, v)| (c.as_str(), v.map(|(a, b)| Measure { value: f64::from(a), tiebreak: f64::from(b) })))
                .collect();
            let mut got: Vec<u32> = rank(&measures).into_iter().flatten().collect();
            got.sort_unstable();
            let measured = values.iter().flatten().count() as u32;
            prop_assert_eq!(got, (1..=measured).collect::<Vec<_>>());
        }
    }
}
