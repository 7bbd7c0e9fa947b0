//! Pieces shared by several pages.

pub mod account_menu;
pub mod error_notice;
pub mod language_switch;
pub mod layout;
pub mod search_box;
