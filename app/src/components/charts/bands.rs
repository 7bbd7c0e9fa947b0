//! How many communes fall in each completion band, as columns.

use super::{ChartFrame, Mark, tooltip};
use crate::{
    format,
    i18n::{Locale, Strings, fill, use_i18n},
    tasks::overview::BANDS,
};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 16.0;

fn band_label(i: usize, t: &Strings, locale: Locale) -> String {
    let (low, high) = BANDS[i];
    if low >= 100.0 {
        t.progress_band_all.to_owned()
    } else {
        format!(
            "{} – {}",
            format::percent(low, locale).replace(",00", ""),
            format::percent(high, locale).replace(",00", "")
        )
    }
}

/// `counts[i]` communes in `BANDS[i]`.
#[component]
pub fn BandHistogram(counts: [u32; 6]) -> impl IntoView {
    let i18n = use_i18n();
    let total: u32 = counts.iter().sum();
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let slot = WIDTH / counts.len() as f64;
    let active = RwSignal::new(None::<usize>);
    let share = move |count: u32| {
        format::percent(
            f64::from(count) * 100.0 / f64::from(total.max(1)),
            i18n.locale(),
        )
    };
    let lines = move |i: usize| {
        let t = i18n.t();
        vec![
            band_label(i, t, i18n.locale()),
            fill(
                t.chart_band_count,
                &[
                    ("n", &format::integer(counts[i].into(), i18n.locale())),
                    ("share", &share(counts[i])),
                ],
            ),
        ]
    };
    let y = move |count: u32| {
        TOP + (1.0 - f64::from(count) / f64::from(most)) * (HEIGHT - TOP - BOTTOM)
    };
    let title = Signal::derive(move || i18n.t().progress_distribution.to_owned());
    let describe = move || {
        let parts: Vec<String> = (0..counts.len()).map(|i| lines(i).join(": ")).collect();
        fill(i18n.t().chart_bands_desc, &[("parts", &parts.join("; "))])
    };
    let table = view! {
        <table class="chart-data">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t().chart_col_band}</th>
                    <th scope="col" class="num">{move || i18n.t().chart_col_communes}</th>
                    <th scope="col" class="num">{move || i18n.t().chart_col_share}</th>
                </tr>
            </thead>
            <tbody>
                {(0..counts.len())
                    .map(|i| view! {
                        <tr>
                            <th scope="row">{move || band_label(i, i18n.t(), i18n.locale())}</th>
                            <td class="num">{move || format::integer(counts[i].into(), i18n.locale())}</td>
                            <td class="num">{move || share(counts[i])}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! {
        <ChartFrame class="band-chart" title table>
            <svg class="chart-svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="group" aria-label=describe>
                <line class="grid" x1="0" x2=fmt(WIDTH) y1=fmt(HEIGHT - BOTTOM) y2=fmt(HEIGHT - BOTTOM)></line>
                {(0..counts.len())
                    .map(|i| {
                        let x = i as f64 * slot;
                        let top = y(counts[i]);
                        view! {
                            <Mark
                                index=i
                                active
                                class=if i + 1 == counts.len() { "column complete" } else { "column" }
                                label=Signal::derive(move || lines(i).join(", "))
                            >
                                <rect class="hit" x=fmt(x) y="0" width=fmt(slot) height=fmt(HEIGHT)></rect>
                                <rect class="bar" x=fmt(x + 12.0) y=fmt(top) width=fmt(slot - 24.0) height=fmt(HEIGHT - BOTTOM - top)></rect>
                                <text class="bar-value" x=fmt(x + slot / 2.0) y=fmt(top - 4.0) text-anchor="middle">
                                    {move || format::integer(counts[i].into(), i18n.locale())}
                                </text>
                                <text class="axis" x=fmt(x + slot / 2.0) y=fmt(HEIGHT - 10.0) text-anchor="middle">
                                    {move || band_label(i, i18n.t(), i18n.locale())}
                                </text>
                            </Mark>
                        }
                    })
                    .collect_view()}
                {move || active.get().map(|i| tooltip(i as f64 * slot + slot / 2.0, y(counts[i]), WIDTH, lines(i)))}
            </svg>
        </ChartFrame>
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
