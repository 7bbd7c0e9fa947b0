//! The 34 provinces and 3,321 communes since 1 July 2025: what pages show of them, and the
//! server functions that read them.

use crate::error::AppError;
use crate::i18n::Strings;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod loader;
#[cfg(feature = "ssr")]
pub mod service;

/// The type of an administrative unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    Tinh,
    ThanhPho,
    Xa,
    Phuong,
    DacKhu,
}

impl UnitKind {
    /// The value stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Tinh => "tinh",
            UnitKind::ThanhPho => "thanh_pho",
            UnitKind::Xa => "xa",
            UnitKind::Phuong => "phuong",
            UnitKind::DacKhu => "dac_khu",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Tinh,
            Self::ThanhPho,
            Self::Xa,
            Self::Phuong,
            Self::DacKhu,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }

    /// The word the official lists use ("Thành phố", "Xã", …).
    pub fn from_official(word: &str) -> Option<Self> {
        match word {
            "Tỉnh" => Some(Self::Tinh),
            "Thành phố" => Some(Self::ThanhPho),
            "Xã" => Some(Self::Xa),
            "Phường" => Some(Self::Phuong),
            "Đặc khu" => Some(Self::DacKhu),
            _ => None,
        }
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            UnitKind::Tinh => t.kind_tinh,
            UnitKind::ThanhPho => t.kind_thanh_pho,
            UnitKind::Xa => t.kind_xa,
            UnitKind::Phuong => t.kind_phuong,
            UnitKind::DacKhu => t.kind_dac_khu,
        }
    }
}

/// How many commune-level units of each type a province has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneCounts {
    pub xa: u32,
    pub phuong: u32,
    pub dac_khu: u32,
}

impl CommuneCounts {
    pub fn total(&self) -> u32 {
        self.xa + self.phuong + self.dac_khu
    }

    pub fn add(&mut self, kind: UnitKind, n: u32) {
        match kind {
            UnitKind::Xa => self.xa += n,
            UnitKind::Phuong => self.phuong += n,
            UnitKind::DacKhu => self.dac_khu += n,
            UnitKind::Tinh | UnitKind::ThanhPho => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceSummary {
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub kind: UnitKind,
    pub area_km2: Option<f64>,
    pub communes: CommuneCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneSummary {
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub kind: UnitKind,
    pub area_km2: Option<f64>,
}

/// A unit from before 1 July 2025 that went into a current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Predecessor {
    pub code: String,
    pub name: String,
    /// False when only part of the old unit went into this one.
    pub whole: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceDetail {
    pub province: ProvinceSummary,
    pub merged_from: Vec<Predecessor>,
    pub communes: Vec<CommuneSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneDetail {
    pub commune: CommuneSummary,
    pub province_code: String,
    pub province_name: String,
    pub formed_from: Vec<Predecessor>,
}

/// A province code is two digits, a commune code five; anything else names no unit.
pub fn is_unit_code(code: &str, digits: usize) -> bool {
    code.len() == digits && code.bytes().all(|b| b.is_ascii_digit())
}

/// A commune code as a spreadsheet may give it back: `4` for `00004` (read as a number).
pub fn commune_code(cell: &str) -> String {
    let cell = cell.trim();
    if !cell.is_empty() && cell.len() < 5 && cell.bytes().all(|b| b.is_ascii_digit()) {
        format!("{cell:0>5}")
    } else {
        cell.to_owned()
    }
}

#[server(endpoint = "territory/provinces")]
pub async fn list_provinces() -> Result<Vec<ProvinceSummary>, AppError> {
    Ok(service::list_provinces(&crate::state::db()?).await?)
}

#[server(endpoint = "territory/province")]
pub async fn get_province(code: String) -> Result<ProvinceDetail, AppError> {
    if !is_unit_code(&code, 2) {
        return Err(AppError::NotFound);
    }
    service::province_detail(&crate::state::db()?, &code)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "territory/commune")]
pub async fn get_commune(code: String) -> Result<CommuneDetail, AppError> {
    if !is_unit_code(&code, 5) {
        return Err(AppError::NotFound);
    }
    service::commune_detail(&crate::state::db()?, &code)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::commune_code;

    #[test]
    fn a_commune_code_read_as_a_number_gets_its_zeros_back() {
        assert_eq!(commune_code("4"), "00004");
        assert_eq!(commune_code(" 17827 "), "17827");
        assert_eq!(commune_code("x4"), "x4");
        assert_eq!(commune_code(""), "");
    }
}
