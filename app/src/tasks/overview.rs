//! The province overview's commune table: sorting, filtering and the distribution of
//! communes by completion, from the URL's `?sap-xep=&chieu=&danh-gia=` (so a view can be
//! shared, and works before hydration).

use super::{CommuneProgress, rules::Rating};

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Completion,
    Rating,
    Updated,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Name,
        SortKey::Completion,
        SortKey::Rating,
        SortKey::Updated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "ten",
            SortKey::Completion => "hoan-thanh",
            SortKey::Rating => "danh-gia",
            SortKey::Updated => "cap-nhat",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How the table is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct TableView {
    pub sort: SortKey,
    pub descending: bool,
    /// Only communes with this rating.
    pub rating: Option<Rating>,
}

impl Default for TableView {
    /// Those furthest behind first.
    fn default() -> Self {
        Self {
            sort: SortKey::Completion,
            descending: false,
            rating: None,
        }
    }
}

pub fn rating_code(rating: Rating) -> &'static str {
    match rating {
        Rating::Xanh => "xanh",
        Rating::Vang => "vang",
        Rating::Do => "do",
    }
}

fn parse_rating(code: &str) -> Option<Rating> {
    [Rating::Xanh, Rating::Vang, Rating::Do]
        .into_iter()
        .find(|r| rating_code(*r) == code)
}

impl TableView {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let default = Self::default();
        Self {
            sort: get("sap-xep")
                .as_deref()
                .and_then(SortKey::parse)
                .unwrap_or(default.sort),
            descending: get("chieu").as_deref() == Some("giam"),
            rating: get("danh-gia").as_deref().and_then(parse_rating),
        }
    }

    /// The query for this view with `sort` chosen: the same column again flips the order.
    pub fn sorted_by(&self, sort: SortKey, extra: &[(&str, String)]) -> String {
        let descending = if sort == self.sort {
            !self.descending
        } else {
            sort == SortKey::Updated
        };
        let mut pairs: Vec<(&str, String)> = extra.to_vec();
        pairs.push(("sap-xep", sort.code().to_owned()));
        if descending {
            pairs.push(("chieu", "giam".to_owned()));
        }
        if let Some(rating) = self.rating {
            pairs.push(("danh-gia", rating_code(rating).to_owned()));
        }
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::search::encode_query(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The rows to show, filtered and sorted (ties by code, so the order is stable).
    pub fn apply(&self, rows: &[CommuneProgress]) -> Vec<CommuneProgress> {
        let mut shown: Vec<CommuneProgress> = rows
            .iter()
            .filter(|r| self.rating.is_none_or(|rating| r.rating == rating))
            .cloned()
            .collect();
        shown.sort_by(|a, b| {
            let order = match self.sort {
                SortKey::Name => crate::search::fold(&a.name).cmp(&crate::search::fold(&b.name)),
                SortKey::Completion => a.counted.total_cmp(&b.counted),
                SortKey::Rating => a.rating.cmp(&b.rating),
                SortKey::Updated => a.last_update.cmp(&b.last_update),
            };
            let order = if self.descending {
                order.reverse()
            } else {
                order
            };
            order.then_with(|| a.code.cmp(&b.code))
        });
        shown
    }
}

/// Completion bands, lowest first: below 50%, 50–70%, 70–80%, 80–90%, 90–100% (not all
/// done), and all done.
pub const BANDS: [(f64, f64); 6] = [
    (0.0, 50.0),
    (50.0, 70.0),
    (70.0, 80.0),
    (80.0, 90.0),
    (90.0, 100.0),
    (100.0, 100.0),
];

/// How many communes fall in each band of `BANDS`.
pub fn distribution(rows: &[CommuneProgress]) -> [u32; 6] {
    let mut counts = [0; 6];
    for row in rows {
        let p = row.counted;
        let band = if p >= 100.0 {
            5
        } else {
            BANDS[..5]
                .iter()
                .position(|&(low, high)| p >= low && p < high)
                .unwrap_or(0)
        };
        counts[band] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::rules::Completion;

    fn row(code: &str, name: &str, counted: f64, rating: Rating) -> CommuneProgress {
        CommuneProgress {
            code: code.into(),
            name: name.into(),
            completion: Completion::default(),
            counted,
            rating,
            last_update: None,
        }
    }

    fn rows() -> Vec<CommuneProgress> {
        vec![
            row("3", "Xã Đông", 100.0, Rating::Xanh),
            row("1", "Xã An", 75.0, Rating::Do),
            row("2", "Xã Bắc", 87.5, Rating::Vang),
            row("4", "Xã Ân", 75.0, Rating::Xanh),
        ]
    }

    fn codes(rows: &[CommuneProgress]) -> Vec<&str> {
        rows.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn sorts_and_filters_from_the_query() {
        let view = TableView::from_query(|_| None);
        assert_eq!(
            codes(&view.apply(&rows())),
            ["1", "4", "2", "3"],
            "behind first, ties by code"
        );
        let by_name = TableView::from_query(|k| (k == "sap-xep").then(|| "ten".into()));
        assert_eq!(codes(&by_name.apply(&rows())), ["1", "4", "2", "3"]);
        let worst = TableView::from_query(|k| match k {
            "sap-xep" => Some("danh-gia".into()),
            "chieu" => Some("giam".into()),
            _ => None,
        });
        assert_eq!(codes(&worst.apply(&rows())), ["1", "2", "3", "4"]);
        let green = TableView::from_query(|k| (k == "danh-gia").then(|| "xanh".into()));
        assert_eq!(codes(&green.apply(&rows())), ["4", "3"]);
    }

    #[test]
    fn clicking_the_sorted_column_flips_the_order() {
        let view = TableView::default();
        assert_eq!(
            view.sorted_by(SortKey::Completion, &[("ngay", "2025-08-14".into())]),
            "ngay=2025-08-14&sap-xep=hoan-thanh&chieu=giam"
        );
        assert_eq!(view.sorted_by(SortKey::Name, &[]), "sap-xep=ten");
    }

    #[test]
    fn communes_fall_into_completion_bands() {
        let mut all = rows();
        all.push(row("5", "Xã Nam", 40.0, Rating::Do));
        all.push(row("6", "Xã Tây", 93.75, Rating::Xanh));
        assert_eq!(distribution(&all), [1, 0, 2, 1, 1, 1]);
    }
}
