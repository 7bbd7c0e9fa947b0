//! `/quan-tri/ke-hoach` and `/quan-tri/ke-hoach/:id`: plans, their groups and tasks, for
//! ministry admins. Plain forms before hydration.

use crate::{
    components::{
        error_notice::{ErrorNotice, FormError},
        save_form::saves_of,
        text_box::TextBox,
    },
    format,
    i18n::{fill, use_i18n},
    tasks::plans::{
        AddGroup, AddTask, CreatePlan, PLANS_PATH, PlanDetail, PlanSummary, SetDeadline, get_plan,
        list_plans, plan_path,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn field(id: &'static str, label: &'static str, kind: &'static str) -> impl IntoView {
    named_field(id, id, label, kind)
}

fn named_field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=name type=kind required />
        </div>
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePlan>::new();
    let plans = Resource::new(move || create.version().get(), |_| list_plans());
    let t = i18n.untracked();
    view! {
        <Title text=t.plans_title />
        <h1>{move || i18n.t().plans_title}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(list) => view! { <PlanTable list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.t().plans_new}</h2>
        <FormError action=create />
        <ActionForm action=create attr:class="narrow">
            {field("code", t.plan_code, "text")}
            {field("title", t.plan_title, "text")}
            {field("issuer", t.plan_issuer, "text")}
            {field("issued_on", t.plan_issued_on, "date")}
            <button class="button" type="submit">{move || i18n.t().save}</button>
        </ActionForm>
    }
}

#[component]
fn PlanTable(list: Vec<PlanSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="units plans">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().plan_code}</th>
                        <th scope="col">{move || i18n.t().plan_title}</th>
                        <th scope="col">{move || i18n.t().plan_issued_on}</th>
                        <th scope="col" class="num">{move || i18n.t().plan_tasks}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|p| {
                            let issued = p.issued_on;
                            view! {
                                <tr>
                                    <th scope="row"><a href=plan_path(p.id)>{p.code}</a></th>
                                    <td>
                                        {p.title}
                                        {p.demo.then(|| view! { " " <small class="muted">"(" {move || i18n.t().plan_demo} ")"</small> })}
                                    </td>
                                    <td>{move || format::date(issued, i18n.locale())}</td>
                                    <td class="num">{p.tasks}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let add_group = ServerAction::<AddGroup>::new();
    let add_task = ServerAction::<AddTask>::new();
    let deadline = ServerAction::<SetDeadline>::new();
    let saves = (saves_of(add_group), saves_of(add_task), saves_of(deadline));
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                saves.0.get() + saves.1.get() + saves.2.get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => get_plan(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <PlanView detail add_group add_task deadline /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanView(
    detail: PlanDetail,
    add_group: ServerAction<AddGroup>,
    add_task: ServerAction<AddTask>,
    deadline: ServerAction<SetDeadline>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.untracked();
    let PlanDetail { plan, groups } = detail;
    let plan_id = plan.id;
    let group_options = groups
        .iter()
        .map(|g| view! { <option value=g.id>{g.position} ". " {g.name.clone()}</option> })
        .collect_view();
    view! {
        <Title text=plan.code.clone() />
        <p class="breadcrumb"><a href=PLANS_PATH>{move || i18n.t().plans_title}</a></p>
        <h1>{plan.code.clone()}</h1>
        <p class="lead" lang=i18n.data_lang()>{plan.title.clone()} " — " {plan.issuer.clone()}</p>
        <FormError action=deadline />
        {groups
            .into_iter()
            .map(|g| {
                view! {
                    <h2 class="task-group">{g.position} ". " <span lang=i18n.data_lang()>{g.name}</span></h2>
                    <ol class="tasks">
                        {g
                            .tasks
                            .into_iter()
                            .map(|task| {
                                let level = if task.level == "province" { t.plan_level_province } else { t.plan_level_commune };
                                let assigned = fill(t.plan_assigned, &[("n", &format::integer(task.assigned.into(), i18n.locale()))]);
                                view! {
                                    <li class="task plan-task">
                                        <div class="task-head"><span lang=i18n.data_lang()>{task.title}</span></div>
                                        <p class="task-meta">{level} " · " {assigned}</p>
                                        <ActionForm action=deadline attr:class="inline-form">
                                            <input type="hidden" name="task_id" value=task.id />
                                            <label for=format!("deadline-{}", task.id)>{t.plan_deadline}</label>
                                            <input id=format!("deadline-{}", task.id) name="deadline" type="date" value=task.deadline.to_string() />
                                            <button class="button-secondary button" type="submit">{t.plan_move_deadline}</button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
            })
            .collect_view()}
        <h2>{t.plan_add_task}</h2>
        <FormError action=add_task />
        <ActionForm action=add_task attr:class="narrow">
            <input type="hidden" name="task[plan_id]" value=plan_id />
            <div class="field">
                <label for="group_id">{t.plan_group}</label>
                <select id="group_id" name="task[group_id]">{group_options}</select>
            </div>
            <div class="field">
                <label for="level">{t.plan_level}</label>
                <select id="level" name="task[level]">
                    <option value="commune">{t.plan_level_commune}</option>
                    <option value="province">{t.plan_level_province}</option>
                </select>
            </div>
            {named_field("task-title", "task[title]", t.plan_task_title, "text")}
            <div class="field">
                <label for="description">{t.plan_task_description}</label>
                <TextBox id="description".to_owned() name="task[description]" text=String::new() rows=3 maxlength=5000 />
            </div>
            {named_field("starts_on", "task[starts_on]", t.plan_starts_on, "date")}
            {named_field("task-deadline", "task[deadline]", t.plan_deadline, "date")}
            <div class="field">
                <label for="target_value">{t.plan_target_value}</label>
                <input id="target_value" name="task[target_value]" type="text" inputmode="decimal" />
            </div>
            <div class="field">
                <label for="target_unit">{t.plan_target_unit}</label>
                <input id="target_unit" name="task[target_unit]" type="text" maxlength="40" />
            </div>
            <div class="field checkbox">
                <input id="evidence_required" name="task[evidence_required]" type="checkbox" checked />
                <label for="evidence_required">{t.plan_evidence_required}</label>
            </div>
            <div class="field">
                <label for="units">{t.plan_units}</label>
                <textarea id="units" name="task[units]" rows="2" inputmode="numeric"></textarea>
            </div>
            <button class="button" type="submit">{t.save}</button>
        </ActionForm>
        <h2>{t.plan_add_group}</h2>
        <FormError action=add_group />
        <ActionForm action=add_group attr:class="narrow">
            <input type="hidden" name="plan_id" value=plan_id />
            {field("name", t.plan_group_name, "text")}
            <button class="button" type="submit">{t.save}</button>
        </ActionForm>
    }
}
