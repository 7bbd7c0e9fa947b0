//! Database entities. Server-only: pages receive DTOs from `app`, never these models.

pub mod audit_event;
pub mod commune;
pub mod commune_predecessor;
pub mod login_throttle;
pub mod province;
pub mod province_predecessor;
pub mod session;
pub mod user_account;
