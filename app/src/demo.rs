//! Demonstration data loaded by `--demo`: one account per role (Nghệ An, and Xã Nghi Lộc for
//! the scoped ones), Plan 02 with its assignments and history, the procedures and dossiers,
//! and the ministry's visits. Idempotent.

use crate::accounts::{Role, service};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// The password of every demo account; printed at start.
pub const DEMO_PASSWORD: &str = "tiendo-demo-2025";

pub const DEMO_ACCOUNTS: [(&str, &str, Role, Option<&str>); 4] = [
    ("admin", "Quản trị Bộ (demo)", Role::MinistryAdmin, None),
    (
        "kiemtra",
        "Đoàn kiểm tra Bộ KH&CN (demo)",
        Role::Inspector,
        None,
    ),
    (
        "nghean",
        "Sở KH&CN Nghệ An (demo)",
        Role::ProvinceOfficial,
        Some("40"),
    ),
    (
        "nghiloc",
        "UBND xã Nghi Lộc (demo)",
        Role::CommuneOfficial,
        Some("17827"),
    ),
];

/// Creates the demo accounts that are missing.
pub async fn load(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(), crate::error::AppError> {
    for (username, name, role, scope) in DEMO_ACCOUNTS {
        if service::find_by_username(db, username).await?.is_none() {
            let account = service::NewAccount {
                username: username.to_owned(),
                display_name: name.to_owned(),
                email: None,
                role,
                scope_code: scope.map(str::to_owned),
                password: DEMO_PASSWORD.to_owned(),
            };
            service::create(db, account, now).await?;
        }
    }
    crate::tasks::demo::load(db).await?;
    let started = std::time::Instant::now();
    let dossiers = crate::dossiers::demo::load(db, now).await?;
    if dossiers > 0 {
        tracing::info!(
            dossiers,
            seconds = started.elapsed().as_secs_f64(),
            "demo dossiers taken in"
        );
    }
    crate::decisions::demo::load(db, now).await?;
    crate::visits::demo::load(db, now).await?;
    Ok(())
}
