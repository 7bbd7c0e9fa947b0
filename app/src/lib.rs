//! tiendo's user interface and server functions, shared by the server (`ssr`) and the
//! browser bundle (`hydrate`).

// Built without `--cfg erase_components`, the province overview's view type nests deeper
// than the default limit allows.
#![recursion_limit = "256"]

pub mod access;
pub mod accounts;
pub mod app;
pub mod audit;
pub mod components;
pub mod cookies;
pub mod decisions;
pub mod dossiers;
pub mod error;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod integrations;
pub mod maps;
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod open_data;
pub mod pages;
pub mod procedures;
pub mod rankings;
pub mod search;
#[cfg(feature = "ssr")]
pub mod spreadsheet;
pub mod tasks;
pub mod territory;
pub mod uploads;
pub mod visits;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
