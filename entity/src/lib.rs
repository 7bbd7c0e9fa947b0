//! Database entities. Server-only: pages receive DTOs from `app`, never these models.

pub mod agency;
pub mod assignment;
pub mod assignment_change;
pub mod audit_event;
pub mod bulk_upload;
pub mod commune;
pub mod commune_predecessor;
pub mod deadline_change;
pub mod dossier;
pub mod dossier_hour;
pub mod evidence;
pub mod evidence_file;
pub mod form_draft;
pub mod login_throttle;
pub mod plan;
pub mod plan_phase;
pub mod procedure;
pub mod province;
pub mod province_predecessor;
pub mod refusal_tally;
pub mod session;
pub mod setting;
pub mod task;
pub mod task_group;
pub mod user_account;
