//! Reading the first sheet of an uploaded XLSX, streamed, with memory bounded by what the
//! file really holds and by the shape the caller expects (its columns and rows), never by
//! what the file declares: counts, dimensions and sizes in the file are not trusted.
//!
//! Only the parts a sheet needs are inflated (workbook, its relationships, shared strings,
//! the sheet), each through a reader that stops at the bytes budget and at the longest
//! single XML event allowed, so a huge text, tag or comment is refused before it is held.

mod cells;
mod part;
mod sheet;

use part::Budget;
use sheet::{shared_strings, sheet, workbook_parts};
use std::io::Cursor;

/// What the caller expects of the sheet.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Columns kept (A, B, …); cells further right are skipped.
    pub columns: usize,
    /// Rows, counting the header; a non-empty cell below them refuses the file.
    pub rows: usize,
}

/// Why a sheet cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// Not a workbook this reader understands (or damaged).
    Unreadable,
    /// It would expand beyond any real spreadsheet of this shape.
    TooBig,
    /// A non-empty cell below the last row allowed.
    TooManyRows,
}

/// Everything inflated, all parts together.
pub const MAX_EXPANDED_BYTES: u64 = 40 * 1024 * 1024;
/// The longest single XML event (a text, a tag, a comment).
const MAX_EVENT_BYTES: usize = 256 * 1024;
/// All the text kept (shared strings, and cells), each counted on its own.
const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// A workbook has a few dozen parts.
const MAX_ENTRIES: usize = 1_000;
/// Excel's own limits on a cell reference.
const MAX_SHEET_ROW: u32 = 1_048_576;
const MAX_SHEET_COLUMN: u32 = 16_384;

/// One row as read: its number in the sheet (the first is 1) and its cells from column A.
pub type Row = (u32, Vec<String>);

/// The non-empty rows of the workbook's first sheet, in order.
pub fn read_first_sheet(bytes: &[u8], shape: Shape) -> Result<Vec<Row>, SheetError> {
    check_directory(bytes)?;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let mut budget = Budget {
        left: MAX_EXPANDED_BYTES,
    };
    let parts = workbook_parts(&mut archive, &mut budget)?;
    let strings = match parts.strings {
        Some(path) => {
            let part = archive.by_name(&path).map_err(|_| SheetError::Unreadable)?;
            let limit = (shape.rows + 1) * shape.columns * 2;
            shared_strings(part, &mut budget, limit)?
        }
        None => Vec::new(),
    };
    let sheet_path = parts.sheet;
    let part = archive
        .by_name(&sheet_path)
        .map_err(|_| SheetError::Unreadable)?;
    sheet(part, &mut budget, &strings, shape)
}

/// Refuses an archive whose directory declares more entries than any workbook has, or the
/// 64-bit form that no spreadsheet of a few megabytes needs, before the zip reader sizes
/// anything from those declarations.
fn check_directory(bytes: &[u8]) -> Result<(), SheetError> {
    const END: &[u8] = b"PK\x05\x06";
    const END_LEN: usize = 22;
    let search_from = bytes.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let at = bytes[search_from..]
        .windows(END.len())
        .rposition(|w| w == END)
        .map(|p| p + search_from)
        .filter(|&p| p + END_LEN <= bytes.len())
        .ok_or(SheetError::Unreadable)?;
    let u16_at = |o: usize| u16::from_le_bytes([bytes[at + o], bytes[at + o + 1]]);
    let u32_at = |o: usize| {
        u32::from_le_bytes([
            bytes[at + o],
            bytes[at + o + 1],
            bytes[at + o + 2],
            bytes[at + o + 3],
        ])
    };
    let entries = usize::from(u16_at(10).max(u16_at(8)));
    let zip64 = u16_at(10) == u16::MAX || u32_at(12) == u32::MAX || u32_at(16) == u32::MAX;
    if zip64 || entries > MAX_ENTRIES {
        return Err(SheetError::Unreadable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook around `sheet_data`, and `strings` as its shared strings.
    fn workbook(sheet_data: &str, strings: &str) -> Vec<u8> {
        use std::io::Write;
        let mut buffer = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "xl/workbook.xml",
                r#"<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#
                    .to_owned(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#
                    .to_owned(),
            ),
            ("xl/sharedStrings.xml", format!("<sst>{strings}</sst>")),
            (
                "xl/worksheets/sheet1.xml",
                format!("<worksheet><sheetData>{sheet_data}</sheetData></worksheet>"),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buffer.into_inner()
    }

    const SHAPE: Shape = Shape {
        columns: 3,
        rows: 4,
    };

    #[test]
    fn cells_of_every_kind_are_read_in_place() {
        let bytes = workbook(
            r#"<row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>Nghệ </t></r><r><t>An</t></r><rPh><t>x</t></rPh></is></c></row>
               <row><c><v>2.0</v></c><c t="b"><v>1</v></c><c r="D2"><v>9</v></c></row>
               <row r="4"><c r="B4" t="str"><f>A1</f><v>&lt;&#x1EC7;&gt;</v></c></row>"#,
            "<si><t>a</t></si><si><t>b &amp; c</t></si>",
        );
        let rows = read_first_sheet(&bytes, SHAPE).unwrap();
        assert_eq!(
            rows,
            vec![
                (1, vec!["b & c".into(), String::new(), "Nghệ An".into()]),
                (2, vec!["2".into(), "true".into()]),
                (4, vec![String::new(), "<ệ>".into()]),
            ]
        );
        let below = workbook(r#"<row r="5"><c r="A5"><v>1</v></c></row>"#, "");
        assert_eq!(
            read_first_sheet(&below, SHAPE),
            Err(SheetError::TooManyRows)
        );
    }

    #[test]
    fn a_string_of_spaces_referred_to_by_every_cell_costs_nothing() {
        // 100,000 cells, each referring to one shared string of a million spaces: were each
        // reference to copy the string, reading would copy 100 GB.
        let cells = r#"<c r="A1" t="s"><v>0</v></c>"#.repeat(100_000);
        // Five runs of 200,000 spaces each (a text of at most 256 KB each).
        let run = format!(
            r#"<r><t xml:space="preserve">{}</t></r>"#,
            " ".repeat(200_000)
        );
        let spaces = run.repeat(5);
        let bytes = workbook(
            &format!(r#"<row r="1">{cells}<c r="B1" t="s"><v>1</v></c></row>"#),
            &format!(r#"<si>{spaces}</si><si><t> x </t></si>"#),
        );
        let rows = read_first_sheet(&bytes, SHAPE).unwrap();
        assert_eq!(rows, vec![(1, vec![String::new(), "x".into()])]);
    }

    proptest::proptest! {
        /// Any bytes at all: an answer, never a panic.
        #[test]
        fn any_bytes_get_an_answer(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = read_first_sheet(&bytes, SHAPE);
        }

        /// Any sheet made of cell-like pieces: rows within the shape, cells within its
        /// columns, or a refusal.
        #[test]
        fn any_sheet_stays_within_its_shape(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "<row( r=\"[0-9]{1,12}\")?>",
                    "</row>",
                    "<c( r=\"[A-Z]{1,4}[0-9]{1,9}\")?( t=\"(s|b|n|str|inlineStr|e)\")?>",
                    "</c>",
                    "<c r=\"[A-D][1-6]\"/>",
                    "<v>[0-9.a-z&;#]{0,6}</v>",
                    "<is><t>[a-zỆệ<>&;]{0,6}</t></is>",
                    "<rPh>",
                    "</rPh>",
                    "&(amp|lt|#x41|#99999999|nope);",
                    "<!--[a-z>-]{0,5}-->",
                    "<!\\[CDATA\\[[a-z<]{0,4}\\]\\]>",
                ],
                0..40,
            ),
            strings in "(<si><t>[a-z]{0,3}</t></si>){0,3}",
        ) {
            let bytes = workbook(&pieces.concat(), &strings);
            if let Ok(rows) = read_first_sheet(&bytes, SHAPE) {
                for (row, cells) in rows {
                    proptest::prop_assert!((1..=SHAPE.rows as u32).contains(&row));
                    proptest::prop_assert!(cells.len() <= SHAPE.columns);
                }
            }
        }
    }
}
