//! `/tinh/:code/quyet-dinh`: a province's decisions on its procedures with their status on
//! a date (`?ngay=`), and the form to record one; `/quyet-dinh/:id`: one decision, what it
//! covers, and the form to change it. Public to read; the forms for those who manage the
//! province's decisions.

use crate::{
    components::{
        decision_form::{DecisionForm, decision_form_id, decision_saved_anchor},
        error_notice::ErrorNotice,
        save_form::{saved_anchor, saved_in_view, saves_of, use_page_draft},
    },
    decisions::{
        DecisionDetail, DecisionStatus, DecisionSummary, ProcedureLine, ProvinceDecisions,
        SaveDecision, decision_path, decisions_path, document_path, get_decision,
        get_province_decisions,
    },
    format,
    forms::Draft,
    i18n::{fill, use_i18n},
    tasks::parse_as_of,
    uploads::FileRefusal,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn as_of() -> Memo<Option<chrono::NaiveDate>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| parse_as_of(q.get("ngay"))))
}

#[component]
fn StatusLabel(status: Option<DecisionStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        Some(DecisionStatus::InForce) => "decision-status status-on",
        _ => "decision-status",
    };
    view! {
        <span class=class>
            {move || status.map_or(i18n.t().decision_not_yet, |s| s.label(i18n.t()))}
        </span>
    }
}

#[component]
pub fn DecisionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = as_of();
    let save = ServerAction::<SaveDecision>::new();
    let navigate = use_navigate();
    // A new decision, saved from the page: its own page.
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            navigate(&decision_path(id), Default::default());
        }
    });
    let list = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                as_of.get(),
            )
        },
        |(code, as_of)| get_province_decisions(code, as_of),
    );
    let draft = use_page_draft();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match list.await {
                    Ok(list) => view! { <DecisionsView list save draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DecisionsView(
    list: ProvinceDecisions,
    save: ServerAction<SaveDecision>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProvinceDecisions {
        province_code,
        province_name,
        as_of,
        all,
        may_manage,
        agencies,
        ..
    } = list;
    let demo = all.iter().any(|d| d.demo);
    let saved = saved_anchor();
    let empty = all.is_empty();
    let rows = all
        .into_iter()
        .map(|d| view! { <DecisionRow decision=d as_of /> })
        .collect_view();
    let anchor = decision_saved_anchor(&decision_form_id(None));
    let saved_new = {
        let anchor = anchor.clone();
        move || saved.with(|s| s.as_deref() == Some(anchor.as_str()))
    };
    let form = may_manage.then(|| {
        let open = draft.is_some();
        view! {
            <details class="decision-new" open=open>
                <summary class="button-secondary">{move || i18n.t().decision_new}</summary>
                <DecisionForm action=save province=province_code.clone() decision=None procedures=String::new() agencies draft />
            </details>
        }
    });
    let title = fill(
        "{t} · {p}",
        &[
            ("t", i18n.untracked().decisions_title),
            ("p", &province_name),
        ],
    );
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{province_code}?ngay={as_of}")>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{move || i18n.t().decisions_title}</span>
        </nav>
        <h1>{move || i18n.t().decisions_title} " · " {province_name.clone()}</h1>
        <p class="lead">{move || fill(i18n.t().decisions_as_of, &[("date", &format::date(as_of, i18n.locale()))])}</p>
        {demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
        <p class="saved-notice" role="status" id=anchor tabindex="-1">
            {move || saved_new().then(|| i18n.t().decision_saved)}
        </p>
        {if empty {
            view! { <p>{move || i18n.t().decisions_none}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="units decisions">
                        <caption class="visually-hidden">{move || i18n.t().decisions_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t().decision_number}</th>
                                <th scope="col">{move || i18n.t().decision_kind}</th>
                                <th scope="col" class="hide-sm">{move || i18n.t().decision_title}</th>
                                <th scope="col">{move || i18n.t().decision_status}</th>
                                <th scope="col" class="num">{move || i18n.t().decision_procedures}</th>
                                <th scope="col" class="num hide-sm">{move || i18n.t().decision_departments}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {form}
    }
}

#[component]
fn DecisionRow(decision: DecisionSummary, as_of: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let DecisionSummary {
        id,
        kind,
        number,
        title,
        status,
        procedures,
        departments,
        ..
    } = decision;
    let n = move |v: u32| format::integer(v.into(), i18n.locale());
    view! {
        <tr id=format!("decision-{id}")>
            <th scope="row"><a href=format!("{}?ngay={as_of}", decision_path(id)) lang=i18n.data_lang()>{number}</a></th>
            <td>{move || kind.label(i18n.t())}</td>
            <td class="hide-sm" lang=i18n.data_lang()>{title}</td>
            <td><StatusLabel status /></td>
            <td class="num">{move || n(procedures)}</td>
            <td class="num hide-sm">{move || n(departments)}</td>
        </tr>
    }
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = as_of();
    let save = ServerAction::<SaveDecision>::new();
    let saves = saves_of(save);
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                as_of.get(),
                saves.get(),
            )
        },
        |(id, as_of, _)| async move {
            match id {
                Some(id) => get_decision(id, as_of).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let draft = use_page_draft();
    view! {
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let draft = draft.await;
                match detail.await {
                    Ok(detail) => view! { <DecisionView detail save draft /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DecisionView(
    detail: DecisionDetail,
    save: ServerAction<SaveDecision>,
    draft: Option<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let DecisionDetail {
        decision,
        province_name,
        procedures,
        may_manage,
        agencies,
    } = detail;
    let form_id = decision_form_id(Some(&decision));
    let anchor = decision_saved_anchor(&form_id);
    let saved_here = {
        let saved = saved_anchor();
        let anchor = anchor.clone();
        let saved_now = saved_in_view(save);
        move || saved.with(|s| s.as_deref() == Some(anchor.as_str())) || saved_now.get()
    };
    let province = decision.province_code.clone();
    let codes = procedures
        .iter()
        .map(|p| p.code.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let d = decision.clone();
    let date = move |day: Option<chrono::NaiveDate>| {
        day.map(|day| format::date(day, i18n.locale()))
            .unwrap_or_else(|| "—".to_owned())
    };
    let agency = |a: &Option<crate::decisions::AgencyName>| a.as_ref().map(|a| a.name.clone());
    let moves = d.kind.moves_power().then(|| {
        let (from, to) = (agency(&d.from_agency), agency(&d.to_agency));
        view! {
            <div><dt>{move || i18n.t().decision_from}</dt><dd lang=i18n.data_lang()>{from}</dd></div>
            <div><dt>{move || i18n.t().decision_to}</dt><dd lang=i18n.data_lang()>{to}</dd></div>
        }
    });
    let dates = d.dates;
    let count = procedures.len();
    let rows = procedures
        .into_iter()
        .map(|p| view! { <ProcedureRow procedure=p /> })
        .collect_view();
    let form = may_manage.then(|| {
        let open = draft.as_ref().is_some_and(|d| d.form == form_id);
        view! {
            <details class="decision-edit" open=open>
                <summary class="button-secondary">{move || i18n.t().decision_edit}</summary>
                <DecisionForm action=save province=province.clone() decision=Some(decision.clone()) procedures=codes agencies draft />
            </details>
        }
    });
    view! {
        <Title text=d.number.clone() />
        <nav class="breadcrumb" aria-label=move || i18n.t().breadcrumb_label>
            <a href="/">{move || i18n.t().nav_national}</a>
            <span aria-hidden="true">" › "</span>
            <a href=format!("/tinh/{}", d.province_code)>{province_name.clone()}</a>
            <span aria-hidden="true">" › "</span>
            <a href=decisions_path(&d.province_code)>{move || i18n.t().decisions_title}</a>
        </nav>
        <h1 lang=i18n.data_lang()>{d.number.clone()}</h1>
        <p class="lead" lang=i18n.data_lang()>{d.title.clone()}</p>
        {d.demo.then(|| view! { <p class="demo-marker">{move || i18n.t().demo_marker}</p> })}
        <p class="saved-notice" role="status" id=anchor tabindex="-1">
            {move || saved_here().then(|| i18n.t().decision_saved)}
        </p>
        <dl class="figures decision-facts">
            <div><dt>{move || i18n.t().decision_kind}</dt><dd>{move || d.kind.label(i18n.t())}</dd></div>
            <div><dt>{move || i18n.t().decision_status}</dt><dd><StatusLabel status=d.status /></dd></div>
            <div><dt>{move || i18n.t().decision_issuer}</dt><dd lang=i18n.data_lang()>{d.issuer.clone()}</dd></div>
            {moves}
            <div><dt>{move || i18n.t().decision_proposed_on}</dt><dd>{move || date(Some(dates.proposed_on))}</dd></div>
            <div><dt>{move || i18n.t().decision_issued_on}</dt><dd>{move || date(dates.issued_on)}</dd></div>
            <div><dt>{move || i18n.t().decision_in_force_on}</dt><dd>{move || date(dates.in_force_on)}</dd></div>
            <div><dt>{move || i18n.t().decision_replaced_on}</dt><dd>{move || date(dates.replaced_on)}</dd></div>
            <div>
                <dt>{move || i18n.t().decision_departments}</dt>
                <dd><strong class="decision-departments">{d.departments}</strong></dd>
            </div>
        </dl>
        {form}
        <DecisionDocument id=d.id has_document=d.has_document may_manage />
        <h2 class="decision-covers">{move || fill(i18n.t().decision_covers, &[("n", &format::integer(count as i64, i18n.locale()))])}</h2>
        <div class="table-wrap">
            <table class="units procedures">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().procedure_code}</th>
                        <th scope="col">{move || i18n.t().procedure_name}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().procedure_field}</th>
                        <th scope="col">{move || i18n.t().procedure_department}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().procedure_online}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The decision's signed text: a link to read it, and for those who manage the province a
/// plain form to attach it (or a newer one), which comes back here saying it is kept or why
/// the file was refused (`?van-ban=da-luu`, `?loi-van-ban=`).
#[component]
fn DecisionDocument(id: i64, has_document: bool, may_manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("van-ban").is_some());
    let refused = move || query.with(|q| q.get("loi-van-ban").and_then(|c| FileRefusal::parse(&c)));
    let path = document_path(id);
    let read = if has_document {
        view! { <p><a class="decision-document" href=path.clone() download>{move || i18n.t().decision_document_download}</a></p> }.into_any()
    } else {
        view! { <p class="muted">{move || i18n.t().decision_document_none}</p> }.into_any()
    };
    let form = may_manage.then(|| {
        view! {
            <p class="saved-notice" role="status">{move || saved().then(|| i18n.t().decision_document_saved)}</p>
            {move || refused().map(|refusal| view! {
                <div class="notice notice-error" role="alert" id="document-error">
                    <p>{refusal.problem().message(i18n.t())}</p>
                </div>
            })}
            <form class="upload-form" method="post" enctype="multipart/form-data" action=path>
                <div class="field">
                    <label for="document-file">{move || i18n.t().decision_document_file}</label>
                    <input
                        id="document-file"
                        name="file"
                        type="file"
                        accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                        required
                        aria-describedby=move || refused().map(|_| "document-error")
                    />
                </div>
                <button class="button" type="submit">
                    {move || if has_document { i18n.t().decision_document_replace } else { i18n.t().decision_document_attach }}
                </button>
            </form>
        }
    });
    view! {
        <section class="decision-document-part" id="van-ban" aria-labelledby="van-ban-title">
            <h2 id="van-ban-title">{move || i18n.t().decision_document}</h2>
            {read}
            {form}
        </section>
    }
}

#[component]
fn ProcedureRow(procedure: ProcedureLine) -> impl IntoView {
    let i18n = use_i18n();
    let ProcedureLine {
        code,
        name,
        field,
        department,
        online,
    } = procedure;
    let online = move || match online.as_str() {
        "full" => i18n.t().procedure_online_full,
        "partial" => i18n.t().procedure_online_partial,
        _ => i18n.t().procedure_online_none,
    };
    view! {
        <tr>
            <th scope="row" class="code">{code}</th>
            <td lang=i18n.data_lang()>{name}</td>
            <td class="hide-sm" lang=i18n.data_lang()>{field}</td>
            <td lang=i18n.data_lang()>{department}</td>
            <td class="hide-sm">{online}</td>
        </tr>
    }
}
