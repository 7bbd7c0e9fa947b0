//! Database entities. Server-only: pages receive DTOs from `app`, never these models.

pub mod commune;
pub mod commune_predecessor;
pub mod province;
pub mod province_predecessor;
