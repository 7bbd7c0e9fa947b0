//! A spreadsheet template: its columns in order, its sheet's name and column widths, and the
//! limits an upload of it is read within. Written for download as CSV or XLSX; read back
//! from an upload with every limit checked before anything is expanded, the header checked,
//! empty rows skipped and cells this application defused read as they were.

use super::xlsx::{self, Row, Shape, SheetError};
use crate::{error::AppError, uploads::FileProblem};

pub struct Template {
    pub columns: &'static [&'static str],
    pub sheet: &'static str,
    /// Column widths in the XLSX, in characters.
    pub widths: &'static [f64],
    pub max_rows: usize,
    pub max_bytes: usize,
}

enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// From the file name, or from the first bytes (an XLSX is a zip: `PK`).
    fn detect(file_name: &str, bytes: &[u8]) -> Self {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// A cell this application wrote with a leading apostrophe (to defuse a formula) reads back
/// as the text it was.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@')) => rest,
        _ => cell,
    }
}

impl Template {
    pub fn write_csv(&self, rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
        super::csv(self.columns, rows.iter().cloned())
    }

    pub fn write_xlsx(&self, rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
        use rust_xlsxwriter::{Format as CellFormat, Workbook};
        let fail = |e: rust_xlsxwriter::XlsxError| {
            tracing::error!(error = %e, "writing XLSX");
            AppError::Internal
        };
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(self.sheet).map_err(fail)?;
        let bold = CellFormat::new().set_bold();
        // Every cell is text: nothing a user wrote becomes a formula, and a code typed into
        // it stays as typed (`1.004360`, `00004`).
        let text = CellFormat::new().set_num_format("@");
        for (col, name) in self.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *name, &bold)
                .map_err(fail)?;
        }
        for (col, width) in self.widths.iter().enumerate() {
            sheet
                .set_column_width(col as u16, *width)
                .map_err(fail)?
                .set_column_format(col as u16, &text)
                .map_err(fail)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32 + 1, col as u16, cell)
                    .map_err(fail)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        workbook.save_to_buffer().map_err(fail)
    }

    /// The data rows of an upload, each with its line (the header is line 1) and as many
    /// cells as the template has columns, or why the whole file cannot be used.
    pub fn read(&self, file_name: &str, bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
        if bytes.len() > self.max_bytes {
            return Err(FileProblem::TooLarge);
        }
        let (table, csv) = match Format::detect(file_name, bytes) {
            Format::Csv => (self.read_csv(bytes)?, true),
            Format::Xlsx => (self.read_xlsx(bytes)?, false),
        };
        let mut lines = table.into_iter();
        let (header_line, header) = lines.next().ok_or(FileProblem::Empty)?;
        let header: Vec<&str> = header.iter().map(|h| h.trim()).collect();
        let width = self.columns.len();
        // A sheet's header is its first row; a CSV file may have blank lines before it.
        let first_row = csv || header_line == 1;
        if !first_row || header.len() < width || header[..width] != *self.columns {
            return Err(FileProblem::WrongTemplate);
        }
        let mut rows = Vec::new();
        for (line, cells) in lines {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rows.len() == self.max_rows {
                return Err(FileProblem::TooManyRows);
            }
            let cells = (0..width)
                .map(|n| unneutralise(cells.get(n).map_or("", String::as_str)).to_owned())
                .collect();
            rows.push((line, cells));
        }
        if rows.is_empty() {
            return Err(FileProblem::Empty);
        }
        Ok(rows)
    }

    fn read_csv(&self, bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
        let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::Unreadable)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut table = Vec::new();
        // The line a record starts on: the reader skips blank lines, and a quoted cell may
        // hold line breaks, so lines are counted in the text up to each record's start.
        let text = text.as_bytes();
        let (mut cursor, mut line) = (0usize, 1u32);
        for record in reader.records() {
            let record = record.map_err(|_| FileProblem::Unreadable)?;
            if table.len() > self.max_rows + 1 {
                return Err(FileProblem::TooManyRows);
            }
            let mut start = record
                .position()
                .map_or(cursor, |p| (p.byte() as usize).clamp(cursor, text.len()));
            while text.get(start).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                start += 1;
            }
            // A line ends at `\n`, or at a `\r` not followed by one.
            let skipped = &text[cursor..start];
            line += skipped
                .iter()
                .enumerate()
                .filter(|&(i, &b)| {
                    b == b'\n' || (b == b'\r' && text.get(cursor + i + 1) != Some(&b'\n'))
                })
                .count() as u32;
            cursor = start;
            // Past the template's columns one more says there are too many; the rest of a
            // line of separators is not kept.
            let cells = record.iter().take(self.columns.len() + 1);
            table.push((line, cells.map(str::to_owned).collect()));
        }
        Ok(table)
    }

    fn read_xlsx(&self, bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
        let shape = Shape {
            columns: self.columns.len(),
            rows: self.max_rows + 1,
        };
        xlsx::read_first_sheet(bytes, shape).map_err(|e| match e {
            SheetError::Unreadable => FileProblem::Unreadable,
            SheetError::TooBig => FileProblem::ZipBomb,
            SheetError::TooManyRows => FileProblem::TooManyRows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: Template = Template {
        columns: &["A", "B"],
        sheet: "T",
        widths: &[8.0, 8.0],
        max_rows: 10,
        max_bytes: 1_000,
    };

    #[test]
    fn a_csv_row_keeps_the_line_it_starts_on_after_blank_lines_and_line_breaks_in_cells() {
        let rows = TWO
            .read("f.csv", b"A,B\n1,x\n\n\r\n2,\"two\nlines\"\r\n3,y\n")
            .unwrap();
        let lines: Vec<u32> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 5, 7]);
        assert_eq!(rows[1].1, ["2", "two\nlines"]);
        // Old Mac line ends, and blank lines before the header.
        let rows = TWO.read("f.csv", b"\n\nA,B\r1,x\r\r2,y\r").unwrap();
        let lines: Vec<u32> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [4, 6]);
    }
}
