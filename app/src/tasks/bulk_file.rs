//! The bulk-update file in both formats: written for download, read back from an upload
//! with every limit checked before anything is expanded.

use super::bulk::{COLUMNS, FileProblem, MAX_FILE_BYTES, MAX_ROWS};
use crate::{
    error::AppError,
    spreadsheet::{
        self,
        xlsx::{self, Row, Shape, SheetError},
    },
};
use serde::{Deserialize, Serialize};

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

pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// From the file name, or from the first bytes (an XLSX is a zip: `PK`).
    pub fn detect(file_name: &str, bytes: &[u8]) -> Self {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// The rows of the file, for download.
pub fn write_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    spreadsheet::csv(&COLUMNS, rows.iter().cloned())
}

pub fn write_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "writing XLSX");
        AppError::Internal
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Nhiem vu xa").map_err(fail)?;
    let bold = CellFormat::new().set_bold();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            // Text cells only: nothing a user wrote becomes a formula.
            sheet
                .write_string(r as u32 + 1, col as u16, cell)
                .map_err(fail)?;
        }
    }
    for (col, width) in [12, 9, 8, 22, 28, 5, 50, 11, 16, 11, 30, 20, 30]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// Reads an uploaded file into rows, or says why the whole file cannot be used.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<SheetRow>, FileProblem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge);
    }
    let table = match Format::detect(file_name, bytes) {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    let mut lines = table.into_iter();
    let (header_line, header) = lines.next().ok_or(FileProblem::Empty)?;
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    if header_line != 1 || header.len() < COLUMNS.len() || header[..COLUMNS.len()] != COLUMNS {
        return Err(FileProblem::WrongTemplate);
    }
    let mut rows = Vec::new();
    for (line, cells) in lines {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
        let cell = |n: usize| unneutralise(cells.get(n).map_or("", String::as_str)).to_owned();
        rows.push(SheetRow {
            line,
            id: cell(0),
            version: cell(1),
            commune: cell(2),
            status: cell(8),
            progress: cell(9),
            note: cell(10),
            doc_number: cell(11),
            link: cell(12),
        });
    }
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(rows)
}

/// A cell this application wrote with a leading apostrophe (to defuse a formula) reads back
/// as the text it was.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@')) => rest,
        _ => cell,
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::Unreadable)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| FileProblem::Unreadable)?;
        if table.len() > MAX_ROWS + 1 {
            return Err(FileProblem::TooManyRows);
        }
        table.push((i as u32 + 1, record.iter().map(str::to_owned).collect()));
    }
    Ok(table)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
    let shape = Shape {
        columns: COLUMNS.len(),
        rows: MAX_ROWS + 1,
    };
    xlsx::read_first_sheet(bytes, shape).map_err(|e| match e {
        SheetError::Unreadable => FileProblem::Unreadable,
        SheetError::TooBig => FileProblem::ZipBomb,
        SheetError::TooManyRows => FileProblem::TooManyRows,
    })
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
