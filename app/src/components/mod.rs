//! Pieces shared by several pages.

pub mod account_menu;
pub mod attachments;
pub mod charts;
pub mod checklist;
pub mod decision_form;
pub mod error_notice;
pub mod language_switch;
pub mod layout;
pub mod map;
pub mod photo_shrink;
pub mod progress;
pub mod province_dossiers;
pub mod province_progress;
pub mod province_visits;
pub mod save_form;
pub mod search_box;
pub mod task_forms;
pub mod text_box;
pub mod upload_form;
pub mod visit_forms;
