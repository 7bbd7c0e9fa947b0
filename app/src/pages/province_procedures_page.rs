//! `/tinh/:code/thu-tuc`: a province's dossiers from the period's start through a date
//! (`?ngay=&so-voi=`, a plain form): the headline figures and rank, the on-time rate, the
//! online rate week by week, the dossiers by channel, and the tables by receiving agency, by
//! commune and by procedure. Public.

use crate::{
    components::{
        charts::{
            line::{LineChart, Scale},
            parts::{Part, StackedBar},
        },
        error_notice::ErrorNotice,
        province_dossiers::DossiersView,
        province_progress::DateForm,
    },
    dossiers::{
        Channel, ProvinceProcedures, UnitLine, get_province_procedures, province_procedures_path,
    },
    format,
    i18n::{Strings, fill, use_i18n},
    procedures::procedure_path,
    tasks::parse_as_of,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn channel_label(channel: Channel, t: &'static Strings) -> &'static str {
    match channel {
        Channel::Online => t.channel_online,
        Channel::InPerson => t.channel_in_person,
        Channel::Postal => t.channel_postal,
    }
}

#[component]
pub fn ProvinceProceduresPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let code = params.with(|p| p.get("code").unwrap_or_default());
            let dates = query.with(|q| (parse_as_of(q.get("ngay")), parse_as_of(q.get("so-voi"))));
            (code, dates)
        },
        |(code, (as_of, reference))| get_province_procedures(code, as_of, reference),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <ProceduresView data /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProceduresView(data: ProvinceProcedures) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceProcedures {
        province_code,
        province_name,
        as_of,
        headline,
        total,
        weeks,
        channels,
        agencies,
        communes,
        procedures,
        procedures_with_dossiers,
    } = data;
    let title = fill(
        "{t} · {p}",
        &[
            ("t", i18n.untracked().procedures_page_title),
            ("p", &province_name),
        ],
    );
    let reference = headline
        .as_ref()
        .map_or(as_of, |headline| headline.reference);
    let n = move |v: u64| format::integer(v as i64, i18n.locale());
    let through = move || {
        fill(
            i18n.t().dossiers_through,
            &[("date", &format::date(as_of, i18n.locale()))],
        )
    };
    let on_time = total.on_time_rate().map(|rate| {
        let text = move || {
            fill(
                i18n.t().dossiers_on_time_value,
                &[
                    ("late", &n(total.late)),
                    ("base", &n(total.base)),
                ],
            )
        };
        view! {
            <dl class="figures">
                <div>
                    <dt>{move || i18n.t().dossiers_on_time}</dt>
                    <dd>
                        <strong class="dossiers-on-time">{move || format::percent(rate, i18n.locale())}</strong>
                        " " {text}
                    </dd>
                </div>
            </dl>
        }
    });
    let listed = procedures.len() as u64;
    let figures = match headline {
        Some(dossiers) => view! {
            <DossiersView dossiers />
            <p class="lead">{through}</p>
            {on_time}
            <WeeklyCharts weeks channels />
            <UnitTable caption=|t| t.dossiers_by_agency head=|t| t.dossiers_col_agency lines=agencies link=None />
            <UnitTable caption=|t| t.dossiers_by_commune head=|t| t.dossiers_col_commune lines=communes link=Some(|code: &str| format!("/xa/{code}")) />
            <p>
                {move || fill(i18n.t().dossiers_procedures_top, &[
                    ("n", &n(listed)),
                    ("total", &n(procedures_with_dossiers.into())),
                ])}
            </p>
            <UnitTable caption=|t| t.dossiers_by_procedure head=|t| t.dossiers_col_procedure lines=procedures link=Some(|code: &str| procedure_path(code)) />
        }
        .into_any(),
        None => view! { <p>{move || i18n.t().dossiers_none}</p> }.into_any(),
    };
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}?ngay={as_of}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().procedures_page_title}</span>
        </nav>
        <h1>{move || i18n.t().procedures_page_title} " · " {province_name.clone()}</h1>
        <DateForm action=province_procedures_path(&province_code) as_of reference />
        {figures}
    }
}

/// The online rate week by week, and how the dossiers came in.
#[component]
fn WeeklyCharts(weeks: Vec<crate::dossiers::WeekDossiers>, channels: [u64; 3]) -> impl IntoView {
    let i18n = use_i18n();
    let points = weeks
        .iter()
        .map(|w| (w.from, w.online_rate()))
        .collect::<Vec<_>>();
    let parts = Signal::derive(move || {
        let t = i18n.t();
        Channel::ALL
            .into_iter()
            .zip(channels)
            .filter(|&(_, n)| n > 0)
            .map(|(channel, n)| Part {
                label: channel_label(channel, t),
                count: u32::try_from(n).unwrap_or(u32::MAX),
                class: match channel {
                    Channel::Online => "channel-online",
                    Channel::InPerson => "channel-in-person",
                    Channel::Postal => "channel-postal",
                },
            })
            .collect::<Vec<_>>()
    });
    let n = move |v: u64| format::integer(v as i64, i18n.locale());
    let rows = weeks
        .into_iter()
        .map(|w| {
            let rate = w.online_rate();
            view! {
                <tr>
                    <th scope="row">{move || format::date(w.from, i18n.locale())}</th>
                    <td class="num">{move || n(w.total())}</td>
                    {w.received.map(|count| view! { <td class="num">{move || n(count)}</td> })}
                    <td class="num">{move || rate.map(|r| format::percent(r, i18n.locale())).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-grid">
            <LineChart
                title=Signal::derive(move || i18n.t().dossiers_weekly_title.to_owned())
                figure=Signal::derive(move || i18n.t().dossiers_weekly_figure.to_owned())
                points
                scale=Scale::Percent
                class="weekly-online"
            />
            <StackedBar title=Signal::derive(move || i18n.t().dossiers_channels_title.to_owned()) parts />
        </div>
        // Focusable, so a keyboard can scroll it on a narrow screen.
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().dossiers_weeks_caption>
            <table class="units dossiers-weeks">
                <caption>{move || i18n.t().dossiers_weeks_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().dossiers_col_week}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_received}</th>
                        {Channel::ALL.map(|c| view! { <th scope="col" class="num">{move || channel_label(c, i18n.t())}</th> })}
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_rate}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The dossiers of a province's agencies, communes or procedures.
#[component]
fn UnitTable(
    caption: fn(&'static Strings) -> &'static str,
    head: fn(&'static Strings) -> &'static str,
    lines: Vec<UnitLine>,
    /// Where a line's name leads, from its code.
    link: Option<fn(&str) -> String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return ().into_any();
    }
    let n = move |v: u64| format::integer(v as i64, i18n.locale());
    let percent = move |v: Option<f64>| {
        v.map(|r| format::percent(r, i18n.locale()))
            .unwrap_or_default()
    };
    let rows = lines
        .into_iter()
        .map(|line| {
            let d = line.dossiers;
            let name = match link {
                Some(to) => view! { <a href=to(&line.code)>{line.name.clone()}</a> }.into_any(),
                None => line.name.clone().into_any(),
            };
            view! {
                <tr>
                    <th scope="row" lang="vi">{name} <span class="unit-code">" " {line.code.clone()}</span></th>
                    <td class="num">{move || n(d.figures.received)}</td>
                    <td class="num">{move || n(d.figures.online)}</td>
                    <td class="num">{move || percent(d.figures.online_rate())}</td>
                    <td class="num">{move || n(d.figures.returned)}</td>
                    <td class="num">{move || percent(d.on_time_rate())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || caption(i18n.t())>
            <table class="units dossiers-units">
                <caption>{move || caption(i18n.t())}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || head(i18n.t())}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_received}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_online}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_rate}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_returned}</th>
                        <th scope="col" class="num">{move || i18n.t().dossiers_col_on_time}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
