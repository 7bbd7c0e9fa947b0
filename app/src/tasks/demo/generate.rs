//! The demo's generated figures, deterministic from a seed: a small random generator, dates
//! and moments, and how many tasks each commune has done so that the seed province ranks as
//! the article says.

use super::{SEED_PROVINCE, SEED_RANK};
use crate::{
    rankings::{Indicator, ProvinceFigures, compare},
    tasks::rules::{CommuneRollup, Completion},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::HashMap;

/// SplitMix64: small, fast, and the same sequence on every machine.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub(super) fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, day).expect("a real date")
}

/// The date of the seed article's task figures.
pub fn seed_date() -> NaiveDate {
    crate::tasks::parse_as_of(Some(crate::tasks::demo_seed_date().to_owned())).expect("a real date")
}

pub(super) const START: (u32, u32) = (6, 19);

/// A moment on `day`, in office hours in Vietnam.
pub(super) fn moment(rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
    let minutes = rng.between(8 * 60, 17 * 60);
    let local = day.and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minutes);
    local
        .and_local_timezone(crate::format::vietnam())
        .single()
        .expect("fixed offset")
        .to_utc()
}

/// How many commune tasks each commune of a province has done on the seed date.
fn commune_done_counts(rng: &mut Rng, communes: usize, complete_percent: u64) -> Vec<u32> {
    (0..communes)
        .map(|_| {
            if rng.chance(complete_percent) {
                16
            } else {
                rng.between(12, 15) as u32
            }
        })
        .collect()
}

fn rollup(done: &[u32]) -> CommuneRollup {
    CommuneRollup::of(done.iter().map(|&d| Completion {
        done: d,
        verified: d,
        assigned: 16,
    }))
}

fn commune_progress(communes: CommuneRollup) -> crate::rankings::Measure {
    Indicator::CommuneProgress
        .measure(&ProvinceFigures {
            communes,
            ..Default::default()
        })
        .expect("communes with tasks")
}

/// Nghệ An: 95 of 130 communes complete, the rest 12–15 of 16.
fn seed_counts(rng: &mut Rng, communes: usize) -> Vec<u32> {
    let mut counts: Vec<u32> = (0..communes)
        .map(|i| {
            if i < 95 {
                16
            } else {
                rng.between(12, 15) as u32
            }
        })
        .collect();
    // Spread the complete ones over the province rather than the first codes.
    for i in (1..counts.len()).rev() {
        counts.swap(i, rng.between(0, i as i64) as usize);
    }
    counts
}

/// Generates every province's commune done counts so that the seed province ranks
/// `SEED_RANK`: the provinces picked to rank above get more complete communes until they do.
pub(super) fn all_commune_counts(
    rng: &mut Rng,
    communes_by_province: &[(String, usize)],
) -> HashMap<String, Vec<u32>> {
    let mut counts: HashMap<String, Vec<u32>> = HashMap::new();
    let seed_n = communes_by_province
        .iter()
        .find(|(c, _)| c == SEED_PROVINCE)
        .map_or(0, |p| p.1);
    let seed = seed_counts(rng, seed_n);
    let seed_rollup = rollup(&seed);
    counts.insert(SEED_PROVINCE.to_owned(), seed);
    let mut others: Vec<&String> = communes_by_province
        .iter()
        .map(|(c, _)| c)
        .filter(|c| *c != SEED_PROVINCE)
        .collect();
    for i in (1..others.len()).rev() {
        others.swap(i, rng.between(0, i as i64) as usize);
    }
    for (place, code) in others.into_iter().enumerate() {
        let n = communes_by_province
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |p| p.1);
        let above = place < SEED_RANK - 1;
        let mut done = commune_done_counts(rng, n, if above { 80 } else { 60 });
        // Nudge until the province sits on its side of the seed province.
        loop {
            let order = compare(
                (code, commune_progress(rollup(&done))),
                (SEED_PROVINCE, commune_progress(seed_rollup)),
            );
            let is_above = order == std::cmp::Ordering::Less;
            if is_above == above {
                break;
            }
            let i = rng.between(0, n as i64 - 1) as usize;
            if above {
                done[i] = 16;
            } else {
                done[i] = 12;
            }
        }
        counts.insert(code.clone(), done);
    }
    counts
}
