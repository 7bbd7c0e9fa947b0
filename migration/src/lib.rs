//! Schema migrations, applied at start-up by the server.

pub use sea_orm_migration::prelude::*;

mod m20250701_000001_territory;
mod m20250702_000001_accounts;
mod m20250703_000001_tasks;
mod m20250704_000001_revision;
mod m20251130_000001_refusal_tally;
mod m20251201_000001_form_draft;
mod m20251202_000001_dossiers;
mod m20251203_000001_decisions;
mod m20251204_000001_api_tokens;
mod m20251205_000001_upload_kind;
mod m20251206_000001_dossier_day;
mod m20251207_000001_dossier_tally;
mod m20251208_000001_visits;
mod m20251209_000001_follow_up_created;
mod m20251210_000001_notifications;
mod m20251211_000001_dossier_tally_month;
mod m20251212_000001_request_claims;
mod m20251213_000001_visit_checklist;
mod m20251214_000001_contact_points;
mod m20251215_000001_follow_up_acted_by;
mod m20251216_000001_follow_up_file;
mod revision_triggers;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20250701_000001_territory::Migration),
            Box::new(m20250702_000001_accounts::Migration),
            Box::new(m20250703_000001_tasks::Migration),
            Box::new(m20250704_000001_revision::Migration),
            Box::new(m20251130_000001_refusal_tally::Migration),
            Box::new(m20251201_000001_form_draft::Migration),
            Box::new(m20251202_000001_dossiers::Migration),
            Box::new(m20251203_000001_decisions::Migration),
            Box::new(m20251204_000001_api_tokens::Migration),
            Box::new(m20251205_000001_upload_kind::Migration),
            Box::new(m20251206_000001_dossier_day::Migration),
            Box::new(m20251207_000001_dossier_tally::Migration),
            Box::new(m20251208_000001_visits::Migration),
            Box::new(m20251209_000001_follow_up_created::Migration),
            Box::new(m20251210_000001_notifications::Migration),
            Box::new(m20251211_000001_dossier_tally_month::Migration),
            Box::new(m20251212_000001_request_claims::Migration),
            Box::new(m20251213_000001_visit_checklist::Migration),
            Box::new(m20251214_000001_contact_points::Migration),
            Box::new(m20251215_000001_follow_up_acted_by::Migration),
            Box::new(m20251216_000001_follow_up_file::Migration),
        ]
    }
}
