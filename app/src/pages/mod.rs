//! One file per page.

mod commune_page;
mod login_page;
mod national_page;
mod not_found_page;
mod province_page;

pub use commune_page::CommunePage;
pub use login_page::LoginPage;
pub use national_page::NationalPage;
pub use not_found_page::NotFoundPage;
pub use province_page::ProvincePage;
