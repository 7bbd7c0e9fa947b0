//! Reading the first sheet of an uploaded XLSX, streamed, with memory bounded by what the
//! file really holds and by the shape the caller expects (its columns and rows), never by
//! what the file declares: counts, dimensions and sizes in the file are not trusted.
//!
//! Only the parts a sheet needs are inflated (workbook, its relationships, shared strings,
//! the sheet), each through a reader that stops at the bytes budget and at the longest
//! single XML event allowed, so a huge text, tag or comment is refused before it is held.

use quick_xml::{Reader, events::Event};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Cursor, Read};

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

/// The bytes still allowed to be inflated.
struct Budget {
    left: u64,
}

/// A part being inflated: counts what passes against the budget and against the longest
/// event, and fails the read (so the XML reader stops) once either is exceeded.
struct Bounded<R> {
    inner: BufReader<std::io::Take<R>>,
    allowed: u64,
    used: u64,
    event: usize,
    exceeded: Option<SheetError>,
}

impl<R: Read> Bounded<R> {
    fn new(part: R, budget: &Budget) -> Self {
        Self {
            inner: BufReader::with_capacity(64 * 1024, part.take(budget.left + 1)),
            allowed: budget.left,
            used: 0,
            event: 0,
            exceeded: None,
        }
    }

    fn settle(&self, budget: &mut Budget) {
        budget.left = budget.left.saturating_sub(self.used);
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.used > self.allowed {
            self.exceeded = Some(SheetError::TooBig);
        } else if self.event > MAX_EVENT_BYTES {
            self.exceeded = Some(SheetError::Unreadable);
        }
        if self.exceeded.is_some() {
            return Err(std::io::Error::other("limit"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.used += n as u64;
        self.event += n;
        self.inner.consume(n);
    }
}

/// Reads a part event by event, each event's size bounded.
struct Part<R: Read> {
    reader: Reader<Bounded<R>>,
    buf: Vec<u8>,
}

impl<R: Read> Part<R> {
    fn new(part: R, budget: &Budget) -> Self {
        let mut reader = Reader::from_reader(Bounded::new(part, budget));
        let config = reader.config_mut();
        config.check_end_names = false;
        config.expand_empty_elements = false;
        Self {
            reader,
            buf: Vec::new(),
        }
    }

    /// The next event, or why the part cannot be read.
    fn next(&mut self) -> Result<Event<'_>, SheetError> {
        self.buf.clear();
        self.reader.get_mut().event = 0;
        match self.reader.read_event_into(&mut self.buf) {
            Ok(event) => Ok(event),
            Err(_) => Err(self
                .reader
                .get_ref()
                .exceeded
                .unwrap_or(SheetError::Unreadable)),
        }
    }

    fn finish(self, budget: &mut Budget) {
        self.reader.get_ref().settle(budget);
    }
}

/// An attribute's value by its local name (any namespace prefix), unescaped.
fn attribute(element: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    // Without the duplicate check, which compares every attribute with all before it.
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Text from a text, CDATA or character/entity reference event, appended to `out`.
fn append_text(event: &Event, out: &mut String) -> Result<(), SheetError> {
    match event {
        Event::Text(text) => out.push_str(&text.xml_content().map_err(|_| SheetError::Unreadable)?),
        Event::CData(data) => out.push_str(&data.decode().map_err(|_| SheetError::Unreadable)?),
        Event::GeneralRef(reference) => {
            if let Some(c) = reference
                .resolve_char_ref()
                .map_err(|_| SheetError::Unreadable)?
            {
                out.push(c);
            } else {
                let name = reference.decode().map_err(|_| SheetError::Unreadable)?;
                let text = quick_xml::escape::resolve_predefined_entity(&name)
                    .ok_or(SheetError::Unreadable)?;
                out.push_str(text);
            }
        }
        _ => {}
    }
    Ok(())
}

fn is_text(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
    )
}

/// Where the parts a sheet needs are in the archive.
struct WorkbookParts {
    sheet: String,
    strings: Option<String>,
}

/// The workbook's first sheet and its shared strings, as its relationships name them.
fn workbook_parts<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    budget: &mut Budget,
) -> Result<WorkbookParts, SheetError> {
    let id = {
        let part = archive
            .by_name("xl/workbook.xml")
            .map_err(|_| SheetError::Unreadable)?;
        let mut part = Part::new(part, budget);
        let id = loop {
            match part.next()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                    break attribute(&e, b"id").ok_or(SheetError::Unreadable)?;
                }
                Event::Eof => return Err(SheetError::Unreadable),
                _ => {}
            }
        };
        part.finish(budget);
        id
    };
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    // A target is relative to `xl/`, or absolute from the archive's root; some writers give
    // it from the root without the slash.
    let resolve = |target: String| {
        let candidates = match target.strip_prefix('/') {
            Some(absolute) => vec![absolute.to_owned()],
            None => vec![format!("xl/{target}"), target],
        };
        candidates.into_iter().find(|c| names.contains(c))
    };
    let part = archive
        .by_name("xl/_rels/workbook.xml.rels")
        .map_err(|_| SheetError::Unreadable)?;
    let mut part = Part::new(part, budget);
    let (mut sheet, mut strings) = (None, None);
    loop {
        match part.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let target = attribute(&e, b"Target").unwrap_or_default();
                if attribute(&e, b"Id").as_deref() == Some(id.as_str()) {
                    sheet = resolve(target);
                } else if attribute(&e, b"Type").is_some_and(|t| t.ends_with("/sharedStrings")) {
                    strings = resolve(target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    part.finish(budget);
    let conventional = "xl/sharedStrings.xml".to_owned();
    Ok(WorkbookParts {
        sheet: sheet.ok_or(SheetError::Unreadable)?,
        strings: strings.or_else(|| names.contains(&conventional).then_some(conventional)),
    })
}

/// Charges `text` to the text budget.
fn charge(kept: &mut usize, text: &str) -> Result<(), SheetError> {
    *kept += text.len();
    if *kept > MAX_TEXT_BYTES {
        Err(SheetError::TooBig)
    } else {
        Ok(())
    }
}

/// The shared strings, each the text of its `<t>` elements (phonetic runs left out); more
/// than `limit` of them is more than the sheet could use.
fn shared_strings<R: Read>(
    part: R,
    budget: &mut Budget,
    limit: usize,
) -> Result<Vec<String>, SheetError> {
    let mut part = Part::new(part, budget);
    let mut strings = Vec::new();
    let mut kept = 0;
    let (mut current, mut in_t, mut in_phonetic) = (None::<String>, false, 0u32);
    loop {
        let event = part.next()?;
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"si" => current = Some(String::new()),
                b"t" => in_t = true,
                b"rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"si" => strings.push(String::new()),
            Event::End(e) => match e.local_name().as_ref() {
                b"si" => {
                    let text = unescape_excel(current.take().unwrap_or_default());
                    charge(&mut kept, &text)?;
                    strings.push(text);
                }
                b"t" => in_t = false,
                b"rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            e if is_text(e) && in_t && in_phonetic == 0 => {
                if let Some(text) = current.as_mut() {
                    append_text(e, text)?;
                    if text.len() > MAX_TEXT_BYTES {
                        return Err(SheetError::TooBig);
                    }
                }
            }
            _ => {}
        }
        if strings.len() > limit {
            return Err(SheetError::TooBig);
        }
    }
    part.finish(budget);
    Ok(strings)
}

/// A cell reference (`B12`) as its column (0 for A) and row (1 for the first), within
/// Excel's limits.
fn cell_reference(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.len() > 7 {
        return None;
    }
    let mut column = 0u32;
    for c in letters.bytes() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        column = column * 26 + u32::from(c - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    ((1..=MAX_SHEET_COLUMN).contains(&column) && (1..=MAX_SHEET_ROW).contains(&row))
        .then_some((column - 1, row))
}

/// A cell's value as text, by its type.
fn cell_text(kind: &str, raw: String, strings: &[String]) -> Result<String, SheetError> {
    Ok(match kind {
        "s" => {
            let index: usize = raw.trim().parse().map_err(|_| SheetError::Unreadable)?;
            strings.get(index).cloned().ok_or(SheetError::Unreadable)?
        }
        "b" => match raw.trim() {
            "1" => "true".to_owned(),
            "0" => "false".to_owned(),
            _ => raw,
        },
        "n" | "" => match raw.trim().parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Ok(f) => f.to_string(),
            Err(_) => raw,
        },
        _ => unescape_excel(raw),
    })
}

/// Excel writes characters XML cannot hold, and carriage returns, as `_xHHHH_` (and a
/// literal `_x` as `_x005F_x`): they read back as the characters they stand for.
fn unescape_excel(text: String) -> String {
    if !text.contains("_x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let code = rest
            .get(at + 2..at + 7)
            .filter(|c| c.ends_with('_'))
            .and_then(|c| u32::from_str_radix(&c[..4], 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The cell being read: where it is, its type, and its text so far.
struct Cell {
    column: u32,
    row: u32,
    kind: String,
    text: String,
}

fn sheet<R: Read>(
    part: R,
    budget: &mut Budget,
    strings: &[String],
    shape: Shape,
) -> Result<Vec<Row>, SheetError> {
    let mut part = Part::new(part, budget);
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut kept = 0;
    let (mut row, mut next_column) = (0u32, 0u32);
    let mut cell: Option<Cell> = None;
    // Inside `<v>`, or inside an inline string's `<t>` (not its phonetic runs).
    let (mut in_value, mut in_phonetic) = (false, 0u32);
    loop {
        let event = part.next()?;
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                row = match attribute(e, b"r") {
                    Some(r) => r
                        .parse()
                        .ok()
                        .filter(|r| (1..=MAX_SHEET_ROW).contains(r))
                        .ok_or(SheetError::Unreadable)?,
                    None => row.checked_add(1).ok_or(SheetError::Unreadable)?,
                };
                next_column = 0;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                let (column, at_row) = match attribute(e, b"r") {
                    Some(r) => cell_reference(&r).ok_or(SheetError::Unreadable)?,
                    None => (next_column, row.max(1)),
                };
                next_column = column.saturating_add(1);
                let started = Cell {
                    column,
                    row: at_row,
                    kind: attribute(e, b"t").unwrap_or_default(),
                    text: String::new(),
                };
                // An empty element holds no value; columns beyond the shape are skipped.
                cell = (matches!(event, Event::Start(_)) && (column as usize) < shape.columns)
                    .then_some(started);
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"v" | b"t" => in_value = cell.is_some(),
                b"rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"v" | b"t" => in_value = false,
                b"rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                b"c" => {
                    if let Some(done) = cell.take() {
                        keep(&mut rows, &mut kept, done, strings, shape)?;
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            e if is_text(e) && in_value && in_phonetic == 0 => {
                if let Some(current) = cell.as_mut() {
                    append_text(e, &mut current.text)?;
                    if current.text.len() > MAX_TEXT_BYTES {
                        return Err(SheetError::TooBig);
                    }
                }
            }
            _ => {}
        }
    }
    part.finish(budget);
    Ok(rows.into_iter().collect())
}

/// Puts a finished cell in its row, if it is inside the shape and not empty.
fn keep(
    rows: &mut BTreeMap<u32, Vec<String>>,
    kept: &mut usize,
    cell: Cell,
    strings: &[String],
    shape: Shape,
) -> Result<(), SheetError> {
    let text = cell_text(&cell.kind, cell.text, strings)?;
    if text.trim().is_empty() {
        return Ok(());
    }
    if cell.row as usize > shape.rows {
        return Err(SheetError::TooManyRows);
    }
    charge(kept, &text)?;
    let cells = rows.entry(cell.row).or_default();
    let column = cell.column as usize;
    if cells.len() <= column {
        cells.resize(column + 1, String::new());
    }
    cells[column] = text;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_stay_within_excel_limits() {
        assert_eq!(cell_reference("A1"), Some((0, 1)));
        assert_eq!(cell_reference("M5001"), Some((12, 5001)));
        assert_eq!(cell_reference("XFD1048576"), Some((16_383, 1_048_576)));
        assert_eq!(cell_reference("XFE1"), None);
        assert_eq!(cell_reference("A1048577"), None);
        assert_eq!(cell_reference("A99999999999999999999"), None);
        assert_eq!(cell_reference("AAAA1"), None);
        assert_eq!(cell_reference("a1"), None);
        assert_eq!(cell_reference("A0"), None);
        assert_eq!(cell_reference("12"), None);
    }

    #[test]
    fn excel_escapes_read_as_their_characters() {
        assert_eq!(unescape_excel("a_x000D_\nb".into()), "a\r\nb");
        assert_eq!(unescape_excel("_x005F_x0041_".into()), "_x0041_");
        assert_eq!(unescape_excel("max_xyz _x12".into()), "max_xyz _x12");
        assert_eq!(unescape_excel("Nghệ_x".into()), "Nghệ_x");
    }

    #[test]
    fn numbers_read_as_people_wrote_them() {
        assert_eq!(cell_text("n", "100".into(), &[]).unwrap(), "100");
        assert_eq!(cell_text("", "12.5".into(), &[]).unwrap(), "12.5");
        assert_eq!(
            cell_text("s", "1".into(), &["a".into(), "b".into()]).unwrap(),
            "b"
        );
        assert_eq!(
            cell_text("s", "2".into(), &["a".into()]),
            Err(SheetError::Unreadable)
        );
    }

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
