//! One file per page.

mod accounts_page;
mod audit_page;
mod bulk_page;
mod commune_page;
mod decisions_page;
mod dossier_upload_page;
mod integrations_page;
mod login_page;
mod national_page;
mod not_found_page;
mod password_page;
mod plans_page;
mod procedures_page;
mod province_page;
mod province_procedures_page;
mod queue_page;
mod settings_page;
mod work_page;

pub use accounts_page::{AccountEditPage, AccountsPage};
pub use audit_page::AuditPage;
pub use bulk_page::{BulkPage, bulk_link_for};
pub use commune_page::CommunePage;
pub use decisions_page::{DecisionPage, DecisionsPage};
pub use dossier_upload_page::{DossierUploadPage, dossier_upload_link_for};
pub use integrations_page::IntegrationsPage;
pub use login_page::LoginPage;
pub use national_page::NationalPage;
pub use not_found_page::NotFoundPage;
pub use password_page::PasswordPage;
pub use plans_page::{PlanPage, PlansPage};
pub use procedures_page::{CataloguePage, ProcedurePage};
pub use province_page::ProvincePage;
pub use province_procedures_page::ProvinceProceduresPage;
pub use queue_page::QueuePage;
pub use settings_page::SettingsPage;
pub use work_page::WorkPage;
