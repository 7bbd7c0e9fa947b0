//! The bulk-update file in both formats: the communes' assignments written for download,
//! read back from an upload as rows of the cells a user edits (see
//! `crate::spreadsheet::template`).

use super::bulk::{COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use crate::{error::AppError, spreadsheet::template::Template, uploads::FileProblem};
use serde::{Deserialize, Serialize};

pub const TEMPLATE: Template = Template {
    columns: &COLUMNS,
    sheet: "Nhiem vu xa",
    widths: &[
        12.0, 9.0, 8.0, 22.0, 28.0, 5.0, 50.0, 11.0, 16.0, 11.0, 30.0, 20.0, 30.0,
    ],
    max_rows: MAX_ROWS,
    max_bytes: MAX_FILE_BYTES,
};

/// One data row as read, cell by cell (the editable columns and the row's identity).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    /// The row's line in the spreadsheet (the header is line 1).
    pub line: u32,
    pub id: String,
    pub version: String,
    /// The commune code as the file has it (it must be the assignment's).
    pub commune: String,
    pub status: String,
    pub progress: String,
    pub note: String,
    pub doc_number: String,
    pub link: String,
}

/// The rows of the file, for download.
pub fn write_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    TEMPLATE.write_csv(rows)
}

pub fn write_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    TEMPLATE.write_xlsx(rows)
}

/// Reads an uploaded file into rows, or says why the whole file cannot be used.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<SheetRow>, FileProblem> {
    Ok(TEMPLATE
        .read(file_name, bytes)?
        .into_iter()
        .map(|(line, cells)| SheetRow {
            line,
            id: cells[0].clone(),
            version: cells[1].clone(),
            commune: cells[2].clone(),
            status: cells[8].clone(),
            progress: cells[9].clone(),
            note: cells[10].clone(),
            doc_number: cells[11].clone(),
            link: cells[12].clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Vec<String>> {
        vec![
            [
                "12",
                "3",
                "17827",
                "Xã Nghi Lộc",
                "Nhóm 1",
                "1",
                "Ban hành kế hoạch",
                "30/06/2025",
                "Hoàn thành",
                "100",
                "=1+2 là ghi chú",
                "",
                "",
            ]
            .map(str::to_owned)
            .to_vec(),
        ]
    }

    #[test]
    fn csv_and_xlsx_round_trip_with_vietnamese_and_formulas_defused() {
        for (name, bytes) in [
            ("x.csv", write_csv(&sample()).unwrap()),
            ("x.xlsx", write_xlsx(&sample()).unwrap()),
        ] {
            let rows = read(name, &bytes).unwrap();
            assert_eq!(rows.len(), 1, "{name}");
            assert_eq!(rows[0].line, 2);
            assert_eq!((rows[0].id.as_str(), rows[0].version.as_str()), ("12", "3"));
            assert_eq!(rows[0].status, "Hoàn thành");
            assert_eq!(rows[0].note, "=1+2 là ghi chú", "{name}");
        }
        let csv = String::from_utf8(write_csv(&sample()).unwrap()).unwrap();
        assert!(csv.contains(",'=1+2 là ghi chú,"), "{csv}");
    }

    #[test]
    fn bad_files_are_refused_whole() {
        assert_eq!(
            read("x.csv", b"a,b\n1,2\n"),
            Err(FileProblem::WrongTemplate)
        );
        assert_eq!(read("x.csv", b""), Err(FileProblem::Empty));
        assert_eq!(
            read("x.csv", &[0xff, 0xfe, 0x00]),
            Err(FileProblem::Unreadable)
        );
        assert_eq!(
            read("x.xlsx", b"PK\x03\x04 not a zip"),
            Err(FileProblem::Unreadable)
        );
        assert_eq!(
            read("x.csv", &vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(FileProblem::TooLarge)
        );
        let header = COLUMNS.join(",");
        let many = format!(
            "{header}\n{}",
            "1,1,,,,,,,Hoàn thành,100,,,\n".repeat(MAX_ROWS + 1)
        );
        assert_eq!(
            read("x.csv", many.as_bytes()),
            Err(FileProblem::TooManyRows)
        );
    }

    proptest::proptest! {
        /// Any upload, read as CSV or as XLSX: rows within the template's limits, or why not.
        #[test]
        fn any_file_gets_rows_or_a_reason(
            text in "[^\\x00]{0,400}",
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
        ) {
            let header = COLUMNS.join(",");
            for (name, file) in [
                ("x.csv", format!("{header}\n{text}").into_bytes()),
                ("x.csv", bytes.clone()),
                ("x.xlsx", bytes.clone()),
            ] {
                if let Ok(rows) = read(name, &file) {
                    proptest::prop_assert!(!rows.is_empty() && rows.len() <= MAX_ROWS);
                }
            }
        }
    }
}
