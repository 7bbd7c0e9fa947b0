//! The 34 provinces as horizontal bars, best first, the chosen one highlighted, each with its
//! change of rank.

use super::{ChartFrame, Mark, tooltip};
use crate::{
    format,
    i18n::{fill, use_i18n},
    rankings::{Ranking, Standing, change_mark},
};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 150.0;
const BAR: f64 = 400.0;
const ROW: f64 = 18.0;

#[component]
pub fn RankingChart(ranking: Ranking, selected: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<Standing> = ranking
        .standings
        .iter()
        .filter(|s| s.rank.is_some())
        .cloned()
        .collect();
    let height = rows.len() as f64 * ROW + 24.0;
    let (indicator, as_of, ranked) = (ranking.indicator, ranking.as_of, ranking.ranked);
    let rows = StoredValue::new(rows);
    let active = RwSignal::new(None::<usize>);
    let title = Signal::derive(move || {
        let t = i18n.t();
        fill(
            t.chart_ranking_title,
            &[
                ("indicator", indicator.label(t)),
                ("date", &format::date(as_of, i18n.locale())),
            ],
        )
    });
    let describe = {
        let selected = selected.clone();
        move || {
            let locale = i18n.locale();
            let t = i18n.t();
            let figure = |s: &Standing| {
                format!(
                    "{} {}",
                    s.name,
                    format::percent(s.value.unwrap_or(0.0), locale)
                )
            };
            rows.with_value(|rows| {
                let mut text = fill(
                    t.chart_ranking_desc,
                    &[
                        ("n", &ranked.to_string()),
                        ("indicator", indicator.label(t)),
                        ("first", &rows.first().map(figure).unwrap_or_default()),
                        ("last", &rows.last().map(figure).unwrap_or_default()),
                    ],
                );
                if let Some(s) = rows.iter().find(|s| Some(&s.code) == selected.as_ref()) {
                    text.push(' ');
                    text.push_str(&fill(
                        t.chart_ranking_selected,
                        &[
                            ("name", &s.name),
                            ("rank", &s.rank.unwrap_or(0).to_string()),
                            ("n", &ranked.to_string()),
                        ],
                    ));
                }
                text
            })
        }
    };
    let lines = move |s: &Standing| {
        let locale = i18n.locale();
        let t = i18n.t();
        let mut lines = vec![
            format!("{}. {}", s.rank.unwrap_or(0), s.name),
            format!(
                "{}: {}",
                indicator.label(t),
                format::percent(s.value.unwrap_or(0.0), locale)
            ),
        ];
        if let Some(change) = s.change() {
            lines.push(fill(
                t.chart_tooltip_change,
                &[
                    ("change", &change_mark(Some(change))),
                    ("previous", &s.previous_rank.unwrap_or(0).to_string()),
                ],
            ));
        }
        lines
    };
    let bars = move || {
        let locale = i18n.locale();
        rows.with_value(|rows| {
            rows.iter()
                .enumerate()
                .map(|(i, s)| {
                    let y = i as f64 * ROW;
                    let w = s.value.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0 * BAR;
                    let chosen = Some(&s.code) == selected.as_ref();
                    let change = s.change();
                    let change_class = match change {
                        Some(n) if n > 0 => "bar-change up",
                        Some(n) if n < 0 => "bar-change down",
                        _ => "bar-change",
                    };
                    let name = format!("{}. {}", s.rank.unwrap_or(0), s.name);
                    let value = format::percent(s.value.unwrap_or(0.0), locale);
                    view! {
                        <Mark
                            index=i
                            active
                            class=if chosen { "bar-row selected" } else { "bar-row" }
                            code=s.code.clone()
                            label=Signal::stored(lines(s).join(", "))
                        >
                            <rect class="hit" x="0" y=fmt(y) width=fmt(WIDTH) height=fmt(ROW)></rect>
                            <text class="bar-label" x=fmt(LABEL - 6.0) y=fmt(y + 13.0) text-anchor="end">
                                {name}
                            </text>
                            <rect class="bar" x=fmt(LABEL) y=fmt(y + 3.0) width=fmt(w) height=fmt(ROW - 6.0)></rect>
                            <text class="bar-value" x=fmt(LABEL + w + 4.0) y=fmt(y + 13.0)>
                                {value}
                            </text>
                            <text class=change_class x=fmt(WIDTH - 2.0) y=fmt(y + 13.0) text-anchor="end">
                                {change_mark(change)}
                            </text>
                        </Mark>
                    }
                })
                .collect_view()
        })
    };
    let axis = move || {
        let locale = i18n.locale();
        let y = rows.with_value(Vec::len) as f64 * ROW;
        [0.0, 25.0, 50.0, 75.0, 100.0]
            .into_iter()
            .map(|p| {
                let x = LABEL + p / 100.0 * BAR;
                view! {
                    <line class="grid" x1=fmt(x) x2=fmt(x) y1="0" y2=fmt(y)></line>
                    <text class="axis" x=fmt(x) y=fmt(y + 16.0) text-anchor="middle">
                        {format::percent(p, locale).replace(",00", "")}
                    </text>
                }
            })
            .collect_view()
    };
    let table = view! { <RankingTable ranking=ranking.clone() /> }.into_any();
    view! {
        <ChartFrame class="ranking-chart" title table>
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {WIDTH} {height}")
                role="group"
                aria-label=describe
            >
                {axis}
                {bars}
                {move || {
                    active.get().and_then(|i| {
                        rows.with_value(|rows| {
                            rows.get(i).map(|s| tooltip(LABEL, i as f64 * ROW + ROW, WIDTH, lines(s)))
                        })
                    })
                }}
            </svg>
        </ChartFrame>
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// The ranking's figures as a table (the chart's own, and the national page's).
#[component]
pub fn RankingTable(ranking: Ranking) -> impl IntoView {
    let i18n = use_i18n();
    let indicator = ranking.indicator;
    let reference = ranking.reference;
    let ranked = ranking.ranked;
    let as_of = ranking.as_of;
    view! {
        <table class="units ranking-table">
            <thead>
                <tr>
                    <th scope="col" class="num">{move || i18n.t().chart_col_rank}</th>
                    <th scope="col">{move || i18n.t().col_name}</th>
                    <th scope="col" class="num">{move || indicator.label(i18n.t())}</th>
                    <th scope="col" class="num">
                        {move || fill(i18n.t().chart_col_change, &[("date", &format::date(reference, i18n.locale()))])}
                    </th>
                </tr>
            </thead>
            <tbody>
                {ranking
                    .standings
                    .into_iter()
                    .map(|s| {
                        let change = s.change();
                        let rank = s.rank;
                        let value = s.value;
                        view! {
                            <tr data-code=s.code.clone()>
                                <td class="num rank">
                                    {move || rank.map_or_else(|| i18n.t().rank_none.to_owned(), |r| format!("{r}/{ranked}"))}
                                </td>
                                <th scope="row"><a href=format!("/tinh/{}?ngay={as_of}", s.code) lang=i18n.data_lang()>{s.name}</a></th>
                                <td class="num value">{move || value.map(|v| format::percent(v, i18n.locale())).unwrap_or_default()}</td>
                                <td class="num change">{change_mark(change)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
