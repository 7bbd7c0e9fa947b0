//! A province's contact points (`đầu mối`) by topic: whom the ministry's delegations reach in
//! the locality for each topic after a visit. Personal data: read by ministry staff and the
//! province's own officials, kept by the province's officials and the ministry's inspectors
//! and admins, every change audited.

#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactPoint {
    pub id: i64,
    pub topic: String,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub phone: String,
    pub email: String,
}

impl ContactPoint {
    pub fn input(&self, province: &str) -> ContactInput {
        ContactInput {
            province: province.to_owned(),
            id: self.id.to_string(),
            topic: self.topic.clone(),
            name: self.name.clone(),
            title: self.title.clone(),
            unit: self.unit.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            remove: String::new(),
        }
    }
}

/// A province's contact points, by topic then name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceContacts {
    pub province_code: String,
    pub province_name: String,
    pub contacts: Vec<ContactPoint>,
    pub may_manage: bool,
}

/// A contact point as its form sends it (`contact[name]`…): empty id for a new one; `remove`
/// is `on` to take it away.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub province: String,
    pub id: String,
    pub topic: String,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub phone: String,
    pub email: String,
    pub remove: String,
}

/// The most contact points a province keeps, and the longest name, telephone number and
/// e-mail address.
pub const MAX_CONTACTS: usize = 200;
pub const MAX_NAME: usize = 200;
pub const MAX_PHONE: usize = 40;
pub const MAX_EMAIL: usize = 254;

pub fn contacts_path(province: &str) -> String {
    format!("/tinh/{province}/dau-moi")
}

/// A telephone number as people write it: digits, spaces and `+-().`, with 6 to 15 digits.
pub fn phone_ok(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    phone.chars().count() <= MAX_PHONE
        && (6..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// An e-mail address of plain characters: letters, digits and `._+-` before one `@`, a
/// domain of letters, digits, `.` and `-` with a dot after it, at most 254 bytes. Nothing
/// that a `mailto:` link would read as more (`?`, `&`, `%`, `,`) gets in.
pub fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let plain = |part: &str, extra: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    email.len() <= MAX_EMAIL
        && plain(local, "._+-")
        && plain(domain, ".-")
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// A province's contact points: ministry staff and the province's officials.
#[server(endpoint = "visits/contacts")]
pub async fn get_contacts(code: String) -> Result<ProvinceContacts, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::province(&state, actor.as_ref(), &code).await
}

/// Adds, changes or takes away a contact point. The province's officials, inspectors and
/// ministry admins.
#[server(endpoint = "visits/contact")]
pub async fn save_contact(contact: ContactInput) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    service::save(&state, &request, contact).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_addresses_as_people_write_them() {
        for phone in ["0238 3844 000", "+84 (238) 3.844.000", "0912-345-678"] {
            assert!(phone_ok(phone), "{phone}");
        }
        for phone in ["12345", "0238 ext 1", "<b>0912345678</b>", &"9".repeat(16)] {
            assert!(!phone_ok(phone), "{phone}");
        }
        assert!(email_ok("skhcn@nghean.gov.vn"));
        for email in [
            "skhcn",
            "a@b",
            "a b@c.vn",
            "@nghean.gov.vn",
            "a@@b.vn",
            "a@b.vn?bcc=me%40evil.vn&body=x",
            "a,b@c.vn",
            "a@b.vn.",
        ] {
            assert!(!email_ok(email), "{email}");
        }
    }
}
