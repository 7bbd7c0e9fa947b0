//! A province's administrative procedures: what its decisions make of them (boundary-free,
//! delegated, decentralised, and the proposals waiting), its dossiers since the period's start
//! (received, submitted online and the rate, results returned) and its rank among the 34 on
//! the online rate, with the change since the reference date.

use crate::{
    components::{charts::RankChange, error_notice::ErrorNotice},
    decisions::{
        DecisionFigures, DecisionKind, DecisionStatus, DecisionSummary, ProvinceDecisions,
        decision_path, decisions_path, get_province_decisions,
    },
    dossiers::{ProvinceDossiers, get_province_dossiers, province_procedures_path},
    error::AppError,
    format,
    i18n::{fill, use_i18n},
    procedures::CATALOGUE_PATH,
    tasks::parse_as_of,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

type Loaded = Result<(Option<ProvinceDossiers>, ProvinceDecisions), AppError>;

/// The province's procedures as of the URL's dates (`?ngay=&so-voi=`); loaded beside the
/// page's own data.
#[derive(Clone, Copy)]
pub struct ProvinceDossiersData(Resource<Loaded>);

impl ProvinceDossiersData {
    pub fn load(code: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let query = use_query_map();
        Self(Resource::new(
            move || {
                let dates =
                    query.with(|q| (parse_as_of(q.get("ngay")), parse_as_of(q.get("so-voi"))));
                (code(), dates)
            },
            |(code, (as_of, reference))| async move {
                let dossiers = get_province_dossiers(code.clone(), as_of, reference).await?;
                let decisions = get_province_decisions(code, as_of).await?;
                Ok((dossiers, decisions))
            },
        ))
    }
}

#[component]
pub fn ProvinceDossiersSection(data: ProvinceDossiersData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.0.await {
                    Ok((None, decisions)) if decisions.figures.is_empty() => ().into_any(),
                    Ok((dossiers, decisions)) => view! {
                        <section class="province-dossiers" aria-labelledby="dossiers-title">
                            <h2 id="dossiers-title">{move || i18n.t().dossiers_title}</h2>
                            <DecisionsView decisions />
                            {dossiers.map(|dossiers| view! { <DossiersView dossiers /> })}
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the decisions in force make of the province's procedures, and what waits.
#[component]
fn DecisionsView(decisions: ProvinceDecisions) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceDecisions {
        province_code,
        as_of,
        figures,
        ..
    } = decisions;
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    let DecisionFigures {
        boundary_free,
        decisions,
        ..
    } = figures.clone();
    let moved = [DecisionKind::Delegation, DecisionKind::Decentralisation]
        .into_iter()
        .filter(|&kind| {
            figures.count(kind).procedures > 0 || decisions.iter().any(|d| d.kind == kind)
        })
        .map(|kind| {
            let count = figures.count(kind);
            let pending: Vec<DecisionSummary> = decisions
                .iter()
                .filter(|d| d.kind == kind && d.status < Some(DecisionStatus::InForce))
                .cloned()
                .collect();
            let label = move || kind.label(i18n.t());
            let class = format!("procedures-{}", kind.code());
            view! {
                <div class=class>
                    <dt>{label}</dt>
                    <dd>
                        {move || fill(i18n.t().procedures_in_force_value, &[("n", &n(count.procedures))])}
                        {pending.into_iter().map(|d| view! { <br /> <PendingDecision decision=d /> }).collect_view()}
                    </dd>
                </div>
            }
        })
        .collect_view();
    let list = format!("{}?ngay={as_of}", decisions_path(&province_code));
    // The procedures page compares with the same date as this page, when it names one.
    let reference = use_query_map()
        .with_untracked(|q| parse_as_of(q.get("so-voi")))
        .map(|d| format!("&so-voi={d}"))
        .unwrap_or_default();
    let dossiers = format!(
        "{}?ngay={as_of}{reference}",
        province_procedures_path(&province_code)
    );
    let upload = crate::pages::dossier_upload_link_for(&province_code).map(|href| {
        view! { " · " <a href=href>{move || i18n.t().dossier_upload_link}</a> }
    });
    view! {
        <dl class="figures">
            <div class="procedures-boundary-free">
                <dt>{move || i18n.t().procedures_boundary_free}</dt>
                <dd>
                    <strong class="boundary-free">{move || n(boundary_free.procedures)}</strong>
                    " " {move || i18n.t().procedures_boundary_free_lead} " "
                    <strong class="boundary-free-departments">{move || n(boundary_free.departments)}</strong>
                    " " {move || i18n.t().procedures_boundary_free_tail}
                </dd>
            </div>
            {moved}
        </dl>
        <p>
            <a href=dossiers>{move || i18n.t().procedures_page_link}</a>
            " · "
            <a href=list>{move || i18n.t().decisions_link}</a>
            " · "
            <a href=format!("{CATALOGUE_PATH}?tinh={province_code}&ngay={as_of}")>{move || i18n.t().catalogue_link}</a>
            {upload}
        </p>
    }
}

/// A proposal waiting for a decision, or a decision issued and not yet in force.
#[component]
fn PendingDecision(decision: DecisionSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = decision_path(decision.id);
    let text = move || {
        let t = i18n.t();
        let d = &decision;
        let name = |a: &Option<crate::decisions::AgencyName>| {
            a.as_ref().map(|a| a.name.clone()).unwrap_or_default()
        };
        let (template, date) = match d.status {
            Some(DecisionStatus::Issued) => (
                t.procedures_issued_value,
                d.dates.issued_on.unwrap_or(d.dates.proposed_on),
            ),
            _ => (t.procedures_proposed_value, d.dates.proposed_on),
        };
        fill(
            template,
            &[
                ("issuer", &d.issuer),
                ("from", &name(&d.from_agency)),
                ("kind", &d.kind.label(t).to_lowercase()),
                ("n", &format::integer(d.procedures.into(), i18n.locale())),
                ("to", &name(&d.to_agency)),
                ("date", &format::date(date, i18n.locale())),
            ],
        )
    };
    view! { <a href=href class="pending-decision">{text}</a> }
}

/// The headline dossier figures and the rank on the online rate.
#[component]
pub fn DossiersView(dossiers: ProvinceDossiers) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceDossiers {
        from,
        until,
        figures,
        rank,
        ranked,
        reference,
        previous_rank,
        demo,
    } = dossiers;
    let n = move |v: u64| format::integer(v as i64, i18n.locale());
    let rate = figures.online_rate().unwrap_or_default();
    let change = rank
        .zip(previous_rank)
        .map(|(now, before)| i64::from(before) - i64::from(now));
    let period = move || {
        let locale = i18n.locale();
        fill(
            i18n.t().dossiers_period,
            &[
                ("from", &format::date_time(from, locale)),
                ("until", &format::date_time(until, locale)),
            ],
        )
    };
    view! {
        <p class="lead">{period}</p>
            {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
            <dl class="figures">
                <div>
                    <dt>{move || i18n.t().dossiers_received}</dt>
                    <dd><strong class="dossiers-received">{move || n(figures.received)}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_online}</dt>
                    <dd>
                        <strong class="dossiers-online">{move || n(figures.online)}</strong>
                        " (" <span class="dossiers-rate">{move || format::percent(rate, i18n.locale())}</span> ")"
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_returned}</dt>
                    <dd><strong class="dossiers-returned">{move || n(figures.returned)}</strong></dd>
                </div>
                <div>
                    <dt>{move || i18n.t().dossiers_rank}</dt>
                    <dd>
                        <strong class="dossiers-rank">
                            {move || rank.map_or_else(|| i18n.t().rank_none.to_owned(), |r| format!("{}/{}", n(r.into()), n(ranked.into())))}
                        </strong>
                        " " <RankChange change reference />
                    </dd>
                </div>
            </dl>
    }
}
