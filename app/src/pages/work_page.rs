//! `/viec-cua-toi`: an official's work, where they land after signing in.

use crate::{
    components::{
        error_notice::ErrorNotice,
        progress::{RatingBadge, schedule_label, status_label},
    },
    format,
    i18n::{fill, use_i18n},
    tasks::{
        rules::Verification,
        work::{MyWork, WaitingReport, WorkTask, get_my_work, queue_path, unit_path},
    },
    visits::province_follow_ups_path,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WorkPage() -> impl IntoView {
    let i18n = use_i18n();
    let work = Resource::new(|| (), |_| get_my_work());
    view! {
        <Title text=i18n.untracked().work_title />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match work.await {
                    Ok(work) => view! { <WorkView work /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkView(work: MyWork) -> impl IntoView {
    let i18n = use_i18n();
    let MyWork {
        unit_code,
        unit_name,
        today,
        tasks,
        waiting,
        oldest,
        behind,
        follow_ups,
    } = work;
    let page = unit_path(&unit_code);
    let province = unit_code.len() == 2;
    let queue = queue_path(&unit_code);
    let count = tasks.len();
    let task_list = if tasks.is_empty() {
        view! { <p>{move || i18n.t().work_nothing_due}</p> }.into_any()
    } else {
        let page = page.clone();
        view! {
            <ul class="work-list">
                {tasks
                    .into_iter()
                    .map(|task| view! { <WorkTaskItem task page=page.clone() /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let reports = province.then(|| {
        let queue = queue.clone();
        view! {
            <section class="work-section" aria-labelledby="work-waiting">
                <h2 id="work-waiting">
                    {move || fill(i18n.t().work_waiting, &[("n", &format::integer(waiting as i64, i18n.locale()))])}
                </h2>
                <ul class="work-list">
                    {oldest.into_iter().map(|r| view! { <WaitingItem report=r /> }).collect_view()}
                </ul>
                <p>
                    <a class="button" href=queue>{move || i18n.t().work_open_queue}</a>
                </p>
            </section>
        }
    });
    let behind = (province && !behind.is_empty()).then(|| {
        view! {
            <section class="work-section" aria-labelledby="work-behind">
                <h2 id="work-behind">{move || i18n.t().work_behind}</h2>
                <ul class="work-list">
                    {behind
                        .into_iter()
                        .map(|c| {
                            let percent = c.counted;
                            view! {
                                <li>
                                    <a href=unit_path(&c.code) lang=i18n.data_lang()>{c.name}</a>
                                    " "
                                    <RatingBadge rating=c.rating />
                                    " "
                                    <span>{move || format::percent(percent, i18n.locale())}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    let follow_ups = follow_ups.map(|f| {
        let n = move |v: u32| format::integer(v.into(), i18n.locale());
        view! {
            <section class="work-section" aria-labelledby="work-follow-ups">
                <h2 id="work-follow-ups">{move || i18n.t().work_follow_ups}</h2>
                <p>
                    {move || {
                        fill(
                            i18n.t().work_follow_ups_figures,
                            &[("open", &n(f.open)), ("overdue", &n(f.overdue))],
                        )
                    }}
                </p>
                <p>
                    <a class="button button-secondary" href=province_follow_ups_path(&unit_code)>
                        {move || i18n.t().work_open_follow_ups}
                    </a>
                </p>
            </section>
        }
    });
    view! {
        <h1>{move || i18n.t().work_title}</h1>
        <p class="lead">
            <a href=page.clone()>{unit_name}</a>
            " · "
            {move || format::date(today, i18n.locale())}
        </p>
        <section class="work-section" aria-labelledby="work-tasks">
            <h2 id="work-tasks">
                {move || fill(i18n.t().work_tasks, &[("n", &format::integer(count as i64, i18n.locale()))])}
            </h2>
            {task_list}
            <p>
                <a class="button button-secondary" href=page>{move || i18n.t().work_all_tasks}</a>
            </p>
        </section>
        {reports}
        {follow_ups}
        {behind}
    }
}

/// A task that needs action, linked to its form on the unit's page (opened there).
#[component]
fn WorkTaskItem(task: WorkTask, page: String) -> impl IntoView {
    let i18n = use_i18n();
    let WorkTask {
        assignment_id,
        title,
        deadline,
        status,
        progress,
        schedule,
        verification,
        reason,
    } = task;
    let why = move || {
        let t = i18n.t();
        if verification == Verification::Returned {
            fill(t.verification_returned, &[("reason", &reason)])
        } else {
            schedule_label(schedule, t).to_owned()
        }
    };
    let class = if verification == Verification::Returned
        || schedule == crate::tasks::rules::Schedule::Overdue
    {
        "work-why work-why-urgent"
    } else {
        "work-why"
    };
    view! {
        <li>
            // A full load, so the browser takes the reader (and the keyboard) to the task.
            <a class="work-task" rel="external" href=format!("{page}?mo={assignment_id}#task-{assignment_id}") lang=i18n.data_lang()>{title}</a>
            <span class=class>{why}</span>
            <span class="muted">
                {move || status_label(status, i18n.t())}
                " · "
                {move || format::percent(f64::from(progress), i18n.locale())}
                " · "
                {move || fill(i18n.t().task_deadline, &[("date", &format::date(deadline, i18n.locale()))])}
            </span>
        </li>
    }
}

#[component]
fn WaitingItem(report: WaitingReport) -> impl IntoView {
    let i18n = use_i18n();
    let at = report.reported_at;
    view! {
        <li>
            <a href=format!("/xa/{}#task-{}", report.commune_code, report.assignment_id)>{report.commune_name}</a>
            ": " {report.task_title}
            " "
            <span class="muted">{move || fill(i18n.t().work_reported, &[("at", &format::date_time(at, i18n.locale()))])}</span>
        </li>
    }
}
