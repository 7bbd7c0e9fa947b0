//! Loads the territory shipped in `data/territory/` into the database: checked whole before
//! anything is written, then written in one transaction, so a bad file changes nothing.
//! Loading again adds nothing.

use super::{CommuneCounts, Predecessor, UnitKind, is_unit_code};
use crate::state::begin_write;
use entity::{commune, commune_predecessor, province, province_predecessor};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait, TryInsertResult};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// One territory file: its name (for error messages) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// The two files shipped with tiendo, built into the binary.
pub fn bundled() -> (Source<'static>, Source<'static>) {
    (
        Source {
            file: "data/territory/provinces-34.csv",
            text: include_str!("../../../data/territory/provinces-34.csv"),
        },
        Source {
            file: "data/territory/communes-3321.csv",
            text: include_str!("../../../data/territory/communes-3321.csv"),
        },
    )
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    Inconsistent { file: String, message: String },
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

#[derive(Debug)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub kind: UnitKind,
    pub name_en: String,
    pub area_km2: Option<f64>,
    pub merged_from: Vec<Predecessor>,
    pub expected: CommuneCounts,
}

#[derive(Debug)]
pub struct CommuneRow {
    pub code: String,
    pub code_gis: String,
    pub name: String,
    pub full_name: String,
    pub kind: UnitKind,
    pub name_en: String,
    pub province_code: String,
    pub area_km2: Option<f64>,
    pub formed_from: Vec<Predecessor>,
}

/// The whole territory, parsed and checked.
#[derive(Debug)]
pub struct Territory {
    pub provinces: Vec<ProvinceRow>,
    pub communes: Vec<CommuneRow>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub provinces_added: u64,
    pub communes_added: u64,
}

#[derive(Deserialize)]
struct ProvinceCsv {
    code: String,
    name: String,
    full_name: String,
    #[serde(rename = "type")]
    kind: String,
    name_en: String,
    merged_from_codes: String,
    merged_from_names: String,
    n_communes: u32,
    n_phuong: u32,
    n_xa: u32,
    n_dac_khu: u32,
    area_km2: Option<f64>,
}

#[derive(Deserialize)]
struct CommuneCsv {
    code: String,
    code_gis: String,
    name: String,
    full_name: String,
    #[serde(rename = "type")]
    kind: String,
    name_en: String,
    province_code: String,
    area_km2: Option<f64>,
    old_units: String,
}

/// Reads every row of a CSV file, naming the file and line of the first bad one.
fn rows<T, U>(
    source: Source,
    mut check: impl FnMut(T) -> Result<U, String>,
) -> Result<Vec<U>, LoadError>
where
    T: for<'de> Deserialize<'de>,
{
    let invalid = |line: u64, message: String| LoadError::Invalid {
        file: source.file.to_owned(),
        line,
        message,
    };
    let mut reader = csv::Reader::from_reader(source.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| invalid(line_of(source.text, e.position()), e.to_string()))?;
        let line = line_of(source.text, record.position());
        let row: T = record
            .deserialize(Some(&headers))
            .map_err(|e| invalid(line, e.to_string()))?;
        out.push(check(row).map_err(|message| invalid(line, message))?);
    }
    if out.is_empty() {
        return Err(LoadError::Inconsistent {
            file: source.file.to_owned(),
            message: "no rows".to_owned(),
        });
    }
    Ok(out)
}

/// The editor line of a record. csv's own line count lags by one after a CRLF, since the
/// LF is read as the first byte of the next record; add it back when that is so.
fn line_of(text: &str, position: Option<&csv::Position>) -> u64 {
    let Some(position) = position else { return 1 };
    let lagging = text.as_bytes().get(position.byte() as usize) == Some(&b'\n');
    position.line() + u64::from(lagging)
}

fn province_row(row: ProvinceCsv) -> Result<ProvinceRow, String> {
    if !is_unit_code(&row.code, 2) {
        return Err(format!("province code `{}` is not two digits", row.code));
    }
    let kind = match UnitKind::from_official(&row.kind) {
        Some(kind @ (UnitKind::Tinh | UnitKind::ThanhPho)) => kind,
        _ => {
            return Err(format!(
                "`{}` is not a province type (Tỉnh, Thành phố)",
                row.kind
            ));
        }
    };
    let codes: Vec<&str> = row.merged_from_codes.split(';').map(str::trim).collect();
    let names: Vec<&str> = row.merged_from_names.split(';').map(str::trim).collect();
    if codes.len() != names.len() || codes.iter().any(|c| !is_unit_code(c, 2)) {
        return Err(format!(
            "merged_from_codes `{}` does not match merged_from_names",
            row.merged_from_codes
        ));
    }
    let expected = CommuneCounts {
        xa: row.n_xa,
        phuong: row.n_phuong,
        dac_khu: row.n_dac_khu,
    };
    if expected.total() != row.n_communes {
        return Err(format!(
            "n_communes {} is not n_xa + n_phuong + n_dac_khu",
            row.n_communes
        ));
    }
    Ok(ProvinceRow {
        merged_from: codes
            .iter()
            .zip(&names)
            .map(|(code, name)| Predecessor {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                whole: true,
            })
            .collect(),
        code: row.code,
        name: row.name,
        full_name: row.full_name,
        kind,
        name_en: row.name_en,
        area_km2: row.area_km2,
        expected,
    })
}

/// `00004|Phường Trúc Bạch|full;00013|Phường Quán Thánh|partial` → predecessors. Old units
/// are communes (five-digit codes), or for five special zones whole districts (three digits).
fn old_units(text: &str) -> Result<Vec<Predecessor>, String> {
    text.split(';')
        .filter(|unit| !unit.trim().is_empty())
        .map(|unit| match unit.split('|').collect::<Vec<_>>()[..] {
            [code, name, share @ ("full" | "partial")]
                if is_unit_code(code, 5) || is_unit_code(code, 3) =>
            {
                Ok(Predecessor {
                    code: code.to_owned(),
                    name: name.to_owned(),
                    whole: share == "full",
                })
            }
            _ => Err(format!(
                "old unit `{unit}` is not `code|name|full` or `code|name|partial`"
            )),
        })
        .collect()
}

fn commune_row(row: CommuneCsv, provinces: &HashSet<String>) -> Result<CommuneRow, String> {
    if !is_unit_code(&row.code, 5) || !is_unit_code(&row.code_gis, 5) {
        return Err(format!(
            "commune code `{}` / `{}` is not five digits",
            row.code, row.code_gis
        ));
    }
    let kind = match UnitKind::from_official(&row.kind) {
        Some(kind @ (UnitKind::Xa | UnitKind::Phuong | UnitKind::DacKhu)) => kind,
        _ => {
            return Err(format!(
                "`{}` is not a commune type (Xã, Phường, Đặc khu)",
                row.kind
            ));
        }
    };
    if !provinces.contains(&row.province_code) {
        return Err(format!(
            "province `{}` is not in the provinces file",
            row.province_code
        ));
    }
    Ok(CommuneRow {
        formed_from: old_units(&row.old_units)?,
        code: row.code,
        code_gis: row.code_gis,
        name: row.name,
        full_name: row.full_name,
        kind,
        name_en: row.name_en,
        province_code: row.province_code,
        area_km2: row.area_km2,
    })
}

/// Parses and cross-checks both files; nothing touches the database.
pub fn parse(provinces: Source, communes: Source) -> Result<Territory, LoadError> {
    let mut seen = HashSet::new();
    let province_rows = rows(provinces, |row: ProvinceCsv| {
        let row = province_row(row)?;
        if !seen.insert(row.code.clone()) {
            return Err(format!("province code {} appears twice", row.code));
        }
        Ok(row)
    })?;
    let mut seen_communes = HashSet::new();
    let commune_rows = rows(communes, |row: CommuneCsv| {
        let row = commune_row(row, &seen)?;
        if !seen_communes.insert(row.code.clone()) {
            return Err(format!("commune code {} appears twice", row.code));
        }
        Ok(row)
    })?;

    let mut counts: HashMap<&str, CommuneCounts> = HashMap::new();
    for c in &commune_rows {
        counts.entry(&c.province_code).or_default().add(c.kind, 1);
    }
    for p in &province_rows {
        let found = counts.get(p.code.as_str()).copied().unwrap_or_default();
        if found != p.expected {
            return Err(LoadError::Inconsistent {
                file: communes.file.to_owned(),
                message: format!(
                    "province {} ({}) has {} xã, {} phường, {} đặc khu here; {} says {}, {}, {}",
                    p.code,
                    p.name,
                    found.xa,
                    found.phuong,
                    found.dac_khu,
                    provinces.file,
                    p.expected.xa,
                    p.expected.phuong,
                    p.expected.dac_khu
                ),
            });
        }
    }
    Ok(Territory {
        provinces: province_rows,
        communes: commune_rows,
    })
}

fn added(result: TryInsertResult<u64>) -> u64 {
    match result {
        TryInsertResult::Inserted(n) => n,
        TryInsertResult::Empty | TryInsertResult::Conflicted => 0,
    }
}

/// Rows per INSERT: well under the bound-parameter limits of SQLite and PostgreSQL.
const BATCH: usize = 500;

/// Writes the territory in one transaction, skipping units already there.
pub async fn load(db: &DatabaseConnection, territory: &Territory) -> Result<LoadReport, LoadError> {
    let txn = begin_write(db).await?;
    let mut report = LoadReport::default();

    let provinces = territory.provinces.iter().map(|p| province::ActiveModel {
        code: Set(p.code.clone()),
        name: Set(p.name.clone()),
        full_name: Set(p.full_name.clone()),
        kind: Set(p.kind.code().to_owned()),
        name_en: Set(p.name_en.clone()),
        area_km2: Set(p.area_km2),
    });
    report.provinces_added = added(
        province::Entity::insert_many(provinces)
            .on_conflict_do_nothing_on([province::Column::Code])
            .exec_without_returning(&txn)
            .await?,
    );

    let merged = territory.provinces.iter().flat_map(|p| {
        p.merged_from
            .iter()
            .map(|old| province_predecessor::ActiveModel {
                province_code: Set(p.code.clone()),
                old_code: Set(old.code.clone()),
                old_name: Set(old.name.clone()),
            })
    });
    province_predecessor::Entity::insert_many(merged)
        .on_conflict_do_nothing_on([
            province_predecessor::Column::ProvinceCode,
            province_predecessor::Column::OldCode,
        ])
        .exec_without_returning(&txn)
        .await?;

    for chunk in territory.communes.chunks(BATCH) {
        let communes = chunk.iter().map(|c| commune::ActiveModel {
            code: Set(c.code.clone()),
            code_gis: Set(c.code_gis.clone()),
            name: Set(c.name.clone()),
            full_name: Set(c.full_name.clone()),
            kind: Set(c.kind.code().to_owned()),
            name_en: Set(c.name_en.clone()),
            province_code: Set(c.province_code.clone()),
            area_km2: Set(c.area_km2),
        });
        report.communes_added += added(
            commune::Entity::insert_many(communes)
                .on_conflict_do_nothing_on([commune::Column::Code])
                .exec_without_returning(&txn)
                .await?,
        );
    }

    let formed: Vec<_> = territory
        .communes
        .iter()
        .flat_map(|c| {
            c.formed_from
                .iter()
                .map(|old| commune_predecessor::ActiveModel {
                    commune_code: Set(c.code.clone()),
                    old_code: Set(old.code.clone()),
                    old_name: Set(old.name.clone()),
                    whole: Set(old.whole),
                })
        })
        .collect();
    for chunk in formed.chunks(BATCH) {
        commune_predecessor::Entity::insert_many(chunk.iter().cloned())
            .on_conflict_do_nothing_on([
                commune_predecessor::Column::CommuneCode,
                commune_predecessor::Column::OldCode,
            ])
            .exec_without_returning(&txn)
            .await?;
    }

    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVINCES: &str = "code,name,full_name,type,name_en,merged_from_codes,merged_from_names,n_communes,n_phuong,n_xa,n_dac_khu,area_km2\n\
        40,Nghệ An,Tỉnh Nghệ An,Tỉnh,Nghe An,40,Tỉnh Nghệ An,2,1,1,0,16486.5\n";
    const COMMUNES: &str = "code,code_gis,name,full_name,type,name_en,province_code,area_km2,old_units\n\
        17920,17920,Nghi Lộc,Xã Nghi Lộc,Xã,Nghi Loc,40,60.1,17920|Xã Nghi Hưng|full;17921|Xã Nghi Đồng|partial\n\
        16681,16681,Vinh Phú,Phường Vinh Phú,Phường,Vinh Phu,40,,\n";

    fn src<'a>(file: &'a str, text: &'a str) -> Source<'a> {
        Source { file, text }
    }

    #[test]
    fn bundled_files_hold_the_2025_territory() {
        let (p, c) = bundled();
        let t = parse(p, c).expect("bundled territory parses");
        assert_eq!(t.provinces.len(), 34);
        assert_eq!(t.communes.len(), 3_321);
        let kinds = |k| t.communes.iter().filter(|c| c.kind == k).count();
        assert_eq!(
            (
                kinds(UnitKind::Xa),
                kinds(UnitKind::Phuong),
                kinds(UnitKind::DacKhu)
            ),
            (2_621, 687, 13)
        );
        let nghe_an = t
            .communes
            .iter()
            .filter(|c| c.province_code == "40")
            .count();
        assert_eq!(nghe_an, 130);
        let cities = t
            .provinces
            .iter()
            .filter(|p| p.kind == UnitKind::ThanhPho)
            .count();
        assert_eq!(cities, 6);
    }

    #[test]
    fn rows_keep_predecessors_and_empty_areas() {
        let t = parse(src("p.csv", PROVINCES), src("c.csv", COMMUNES)).unwrap();
        assert_eq!(t.communes[0].formed_from.len(), 2);
        assert!(t.communes[0].formed_from[0].whole);
        assert!(!t.communes[0].formed_from[1].whole);
        assert_eq!(t.communes[1].area_km2, None);
        assert!(t.communes[1].formed_from.is_empty());
    }

    fn error(provinces: &str, communes: &str) -> String {
        parse(src("p.csv", provinces), src("c.csv", communes))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_bad_row_names_file_and_line() {
        let bad_kind = COMMUNES.replace(",Phường,", ",Huyện,");
        assert_eq!(
            error(PROVINCES, &bad_kind),
            "c.csv:3: `Huyện` is not a commune type (Xã, Phường, Đặc khu)"
        );
        let unknown_province = COMMUNES.replace(",Vinh Phu,40,", ",Vinh Phu,41,");
        assert!(error(PROVINCES, &unknown_province).starts_with("c.csv:3: province `41`"));
        let bad_code = PROVINCES.replace("\n40,", "\n4x,");
        assert!(error(&bad_code, COMMUNES).starts_with("p.csv:2: province code `4x`"));
        let bad_old_unit = COMMUNES.replace("|partial", "|half");
        assert!(error(PROVINCES, &bad_old_unit).starts_with("c.csv:2: old unit"));
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let cut = &COMMUNES[..COMMUNES.find("Phường Vinh Phú").unwrap()];
        assert!(
            error(PROVINCES, cut).starts_with("c.csv:3:"),
            "{}",
            error(PROVINCES, cut)
        );
        let one_row = COMMUNES.lines().take(2).collect::<Vec<_>>().join("\n");
        assert!(
            error(PROVINCES, &one_row)
                .starts_with("c.csv: province 40 (Nghệ An) has 1 xã, 0 phường")
        );
        assert_eq!(error(PROVINCES, "code\n"), "c.csv: no rows");
    }

    #[test]
    fn lines_count_the_same_with_crlf() {
        let crlf = COMMUNES
            .replace('\n', "\r\n")
            .replace(",Phường,", ",Huyện,");
        assert!(error(&PROVINCES.replace('\n', "\r\n"), &crlf).starts_with("c.csv:3: `Huyện`"));
    }

    #[test]
    fn duplicates_are_refused() {
        let twice = format!("{COMMUNES}{}\n", COMMUNES.lines().nth(1).unwrap());
        assert_eq!(
            error(PROVINCES, &twice),
            "c.csv:4: commune code 17920 appears twice"
        );
    }

    proptest::proptest! {
        /// Any line added to either file: the territory, or an error naming its file and line.
        #[test]
        fn any_territory_file_gets_an_answer(
            province_line in "(?s).{0,120}",
            commune_line in "[0-9]{0,6},[0-9]{0,6},(?s).{0,80}",
        ) {
            let provinces = format!("{PROVINCES}{province_line}\n");
            let communes = format!("{COMMUNES}{commune_line}\n");
            match parse(src("p.csv", &provinces), src("c.csv", &communes)) {
                Ok(t) => proptest::prop_assert!(!t.provinces.is_empty()),
                Err(LoadError::Invalid { file, line, .. }) => {
                    proptest::prop_assert!(file == "p.csv" || file == "c.csv");
                    proptest::prop_assert!(line >= 1);
                }
                Err(_) => {}
            }
        }
    }
}
