//! Plans and their tasks, administered by ministry admins: create a plan, its groups and
//! tasks, assign each task to every unit of its level or to chosen ones, move deadlines.

use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PLANS_PATH: &str = "/quan-tri/ke-hoach";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub demo: bool,
    pub tasks: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: i64,
    pub position: i32,
    pub level: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub deadline: NaiveDate,
    pub assigned: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub position: i32,
    pub name: String,
    pub tasks: Vec<TaskRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanDetail {
    pub plan: PlanSummary,
    pub groups: Vec<GroupRow>,
}

pub fn plan_path(id: i64) -> String {
    format!("{PLANS_PATH}/{id}")
}

#[server(endpoint = "plans/list")]
pub async fn list_plans() -> Result<Vec<PlanSummary>, AppError> {
    let state = crate::state::app_state()?;
    super::plans_service::list(&state).await
}

#[server(endpoint = "plans/get")]
pub async fn get_plan(id: i64) -> Result<PlanDetail, AppError> {
    let state = crate::state::app_state()?;
    super::plans_service::detail(&state, id).await
}

#[server(endpoint = "plans/create")]
pub async fn create_plan(
    code: String,
    title: String,
    issuer: String,
    issued_on: String,
) -> Result<PlanSummary, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let plan =
        super::plans_service::create(&state, &request, &code, &title, &issuer, &issued_on).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&plan_path(plan.id));
    }
    Ok(plan)
}

#[server(endpoint = "plans/group")]
pub async fn add_group(plan_id: i64, name: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    super::plans_service::add_group(&state, &request, plan_id, &name).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&plan_path(plan_id));
    }
    Ok(())
}

/// A new task as the form sends it (fields named `task[title]` and so on).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    pub plan_id: i64,
    pub group_id: i64,
    /// `province` or `commune`.
    pub level: String,
    pub title: String,
    pub description: String,
    pub starts_on: String,
    pub deadline: String,
    /// A checkbox: present (`on`) when ticked.
    pub evidence_required: Option<String>,
    /// For a measured task: the target (a number) and its unit; empty for a checklist item.
    pub target_value: String,
    pub target_unit: String,
    /// Unit codes separated by commas, spaces or lines; empty for every unit of the level.
    pub units: String,
}

/// Adds a task and assigns it; returns how many units got it.
#[server(endpoint = "plans/task")]
pub async fn add_task(task: TaskInput) -> Result<u32, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let plan_id = task.plan_id;
    let assigned = super::plans_service::add_task(&state, &request, task).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&plan_path(plan_id));
    }
    Ok(assigned)
}

/// Moves a task's deadline; the change is kept in the audit log with before and after.
#[server(endpoint = "plans/deadline")]
pub async fn set_deadline(task_id: i64, deadline: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let plan_id = super::plans_service::set_deadline(&state, &request, task_id, &deadline).await?;
    if crate::state::is_form_post() {
        leptos_axum::redirect(&plan_path(plan_id));
    }
    Ok(())
}
