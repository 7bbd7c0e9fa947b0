//! Parts of a whole: a ring for one share (tasks done of assigned), a stacked bar for how a
//! count splits (communes by rating, tasks by status).

use super::{ChartFrame, Mark, tooltip};
use crate::{format, i18n::fill, i18n::use_i18n};
use leptos::prelude::*;

/// `done` of `total`, as a ring with the figure in its middle.
#[component]
pub fn ProgressRing(#[prop(into)] title: Signal<String>, done: u32, total: u32) -> impl IntoView {
    let i18n = use_i18n();
    let percent = if total == 0 {
        0.0
    } else {
        f64::from(done) * 100.0 / f64::from(total)
    };
    const R: f64 = 42.0;
    let circumference = 2.0 * std::f64::consts::PI * R;
    let arc = percent / 100.0 * circumference;
    let figure = move || {
        let locale = i18n.locale();
        format!(
            "{}/{} ({})",
            format::integer(done.into(), locale),
            format::integer(total.into(), locale),
            format::percent(percent, locale)
        )
    };
    let table = view! {
        <table class="chart-data">
            <tbody>
                <tr><th scope="row">{move || title.get()}</th><td class="num">{figure}</td></tr>
            </tbody>
        </table>
    }
    .into_any();
    view! {
        <ChartFrame class="ring-chart" title table>
            <svg class="chart-svg ring" viewBox="0 0 120 120" role="img" aria-label=move || format!("{}: {}", title.get(), figure())>
                <circle class="ring-track" cx="60" cy="60" r=format!("{R}") fill="none"></circle>
                <circle
                    class="ring-value"
                    cx="60"
                    cy="60"
                    r=format!("{R}")
                    fill="none"
                    stroke-dasharray=format!("{arc:.2} {circumference:.2}")
                    transform="rotate(-90 60 60)"
                ></circle>
                <text class="ring-figure" x="60" y="58" text-anchor="middle">
                    {move || format::percent(percent, i18n.locale()).replace(",00", "")}
                </text>
                <text class="ring-count" x="60" y="76" text-anchor="middle">
                    {move || format!("{}/{}", format::integer(done.into(), i18n.locale()), format::integer(total.into(), i18n.locale()))}
                </text>
            </svg>
        </ChartFrame>
    }
}

/// One part of a stacked bar: its name, count and class (which sets its colour and pattern).
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub label: &'static str,
    pub count: u32,
    pub class: &'static str,
}

const WIDTH: f64 = 640.0;

#[component]
pub fn StackedBar(
    #[prop(into)] title: Signal<String>,
    /// The parts, with labels already in the page's language.
    #[prop(into)]
    parts: Signal<Vec<Part>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let active = RwSignal::new(None::<usize>);
    let total = move || parts.with(|p| p.iter().map(|p| p.count).sum::<u32>());
    let line = move |part: &Part| {
        let locale = i18n.locale();
        fill(
            i18n.t().chart_part,
            &[
                ("label", part.label),
                ("n", &format::integer(part.count.into(), locale)),
                (
                    "share",
                    &format::percent(
                        f64::from(part.count) * 100.0 / f64::from(total().max(1)),
                        locale,
                    ),
                ),
            ],
        )
    };
    let segments = move || {
        let total = f64::from(total().max(1));
        let mut x = 0.0;
        parts
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let w = f64::from(part.count) / total * WIDTH;
                let at = x;
                x += w;
                view! {
                    <Mark index=i active class="part" label=Signal::stored(line(&part))>
                        <rect
                            class=format!("segment {}", part.class)
                            x=format!("{at:.1}")
                            y="20"
                            width=format!("{w:.1}")
                            height="28"
                        ></rect>
                    </Mark>
                }
            })
            .collect_view()
    };
    let tip = move || {
        let i = active.get()?;
        let list = parts.get();
        let total = f64::from(total().max(1));
        let before: u32 = list.iter().take(i).map(|p| p.count).sum();
        let part = list.get(i)?;
        let x = (f64::from(before) + f64::from(part.count) / 2.0) / total * WIDTH;
        Some(tooltip(x, 64.0, WIDTH, vec![line(part)]))
    };
    let describe = move || parts.get().iter().map(line).collect::<Vec<_>>().join("; ");
    let table = view! {
        <table class="chart-data">
            <tbody>
                {move || parts.get().into_iter().map(|part| view! {
                    <tr>
                        <th scope="row">{part.label}</th>
                        <td class="num">{format::integer(part.count.into(), i18n.locale())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! {
        <ChartFrame class="stacked-chart" title table>
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {WIDTH} 64")
                role="group"
                aria-label=describe
            >
                {segments}
                {tip}
            </svg>
            <ul class="chart-legend">
                {move || parts.get().into_iter().map(|part| view! {
                    <li><span class=format!("swatch {}", part.class) aria-hidden="true"></span>{line(&part)}</li>
                }).collect_view()}
            </ul>
        </ChartFrame>
    }
}
