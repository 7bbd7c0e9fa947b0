//! A figure over time: a province's progress or rank week by week, a commune's completion.

use super::{ChartFrame, Mark, tooltip};
use crate::{format, i18n::use_i18n};
use chrono::NaiveDate;
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// What the vertical axis shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// 0–100 %.
    Percent,
    /// Rank 1 (top) to `of` (bottom).
    Rank { of: u32 },
}

impl Scale {
    fn y(self, value: f64) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        match self {
            Scale::Percent => TOP + (1.0 - value.clamp(0.0, 100.0) / 100.0) * plot,
            Scale::Rank { of } => {
                let span = f64::from(of.max(2) - 1);
                TOP + (value - 1.0).clamp(0.0, span) / span * plot
            }
        }
    }

    fn ticks(self) -> Vec<f64> {
        match self {
            Scale::Percent => vec![0.0, 25.0, 50.0, 75.0, 100.0],
            Scale::Rank { of } => {
                let mut ticks = vec![1.0, f64::from(of.div_ceil(2)), f64::from(of)];
                ticks.dedup();
                ticks
            }
        }
    }

    fn label(self, value: f64, locale: crate::i18n::Locale) -> String {
        match self {
            Scale::Percent => format::percent(value, locale),
            Scale::Rank { of } => format!("{value:.0}/{of}"),
        }
    }
}

#[component]
pub fn LineChart(
    #[prop(into)] title: Signal<String>,
    /// The figure's name, in the tooltip and the table.
    #[prop(into)]
    figure: Signal<String>,
    points: Vec<(NaiveDate, Option<f64>)>,
    scale: Scale,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = points.len();
    let x = move |i: usize| {
        if n <= 1 {
            LEFT + (WIDTH - LEFT - RIGHT) / 2.0
        } else {
            LEFT + i as f64 / (n - 1) as f64 * (WIDTH - LEFT - RIGHT)
        }
    };
    let points = StoredValue::new(points);
    let active = RwSignal::new(None::<usize>);
    let describe = move || {
        let locale = i18n.locale();
        points.with_value(|points| {
            let known: Vec<String> = points
                .iter()
                .filter_map(|(d, v)| {
                    v.map(|v| format!("{} {}", format::date(*d, locale), scale.label(v, locale)))
                })
                .collect();
            crate::i18n::fill(
                i18n.t().chart_line_desc,
                &[("figure", &figure.get()), ("points", &known.join("; "))],
            )
        })
    };
    let path = move || {
        points.with_value(|points| {
            points
                .iter()
                .enumerate()
                .filter_map(|(i, (_, v))| v.map(|v| format!("{:.1},{:.1}", x(i), scale.y(v))))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let lines = move |i: usize| {
        let locale = i18n.locale();
        points.with_value(|points| {
            let (day, value) = points[i];
            vec![
                format::date(day, locale),
                format!(
                    "{}: {}",
                    figure.get(),
                    value.map_or_else(|| "–".to_owned(), |v| scale.label(v, locale))
                ),
            ]
        })
    };
    let grid = move || {
        let locale = i18n.locale();
        scale
            .ticks()
            .into_iter()
            .map(|t| {
                let y = scale.y(t);
                view! {
                    <line class="grid" x1=fmt(LEFT) x2=fmt(WIDTH - RIGHT) y1=fmt(y) y2=fmt(y)></line>
                    <text class="axis" x=fmt(LEFT - 10.0) y=fmt(y + 4.0) text-anchor="end">{scale.label(t, locale).replace(",00", "")}</text>
                }
            })
            .collect_view()
    };
    let marks = move || {
        let locale = i18n.locale();
        points.with_value(|points| {
            points
                .iter()
                .enumerate()
                .map(|(i, (day, value))| {
                    let label = (i == 0 || i + 1 == n || n <= 8).then(|| {
                        view! {
                            <text class="axis" x=fmt(x(i)) y=fmt(HEIGHT - 8.0) text-anchor="middle">
                                {format::day_month(*day, locale)}
                            </text>
                        }
                    });
                    let dot = value.map(|v| {
                        view! {
                            <Mark index=i active class="point" label=Signal::derive(move || lines(i).join(", "))>
                                <circle class="dot" cx=fmt(x(i)) cy=fmt(scale.y(v)) r="5"></circle>
                            </Mark>
                        }
                    });
                    view! { {label} {dot} }
                })
                .collect_view()
        })
    };
    let table = view! {
        <table class="chart-data">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t().chart_col_date}</th>
                    <th scope="col" class="num">{move || figure.get()}</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let locale = i18n.locale();
                    points.with_value(|points| {
                        points
                            .iter()
                            .map(|(day, value)| view! {
                                <tr>
                                    <td>{format::date(*day, locale)}</td>
                                    <td class="num">{value.map_or_else(|| "–".to_owned(), |v| scale.label(v, locale))}</td>
                                </tr>
                            })
                            .collect_view()
                    })
                }}
            </tbody>
        </table>
    }
    .into_any();
    view! {
        <ChartFrame class title table>
            <svg class=format!("chart-svg line-{class}") viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="group" aria-label=describe>
                {grid}
                <polyline class="line" points=path fill="none"></polyline>
                {marks}
                {move || {
                    active.get().map(|i| {
                        let y = points.with_value(|p| p[i].1.map_or(HEIGHT / 2.0, |v| scale.y(v)));
                        tooltip(x(i), y, WIDTH, lines(i))
                    })
                }}
            </svg>
        </ChartFrame>
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
