//! The parts a sheet needs, in order: where the first sheet and the shared strings are (the
//! workbook and its relationships), the shared strings, and the sheet's cells within the
//! shape the caller expects.

use super::{
    MAX_SHEET_ROW, MAX_TEXT_BYTES, Row, Shape, SheetError,
    cells::{cell_reference, cell_text, unescape_excel},
    part::{Budget, Part, append_text, attribute, is_text},
};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;

/// Where the parts a sheet needs are in the archive.
pub(super) struct WorkbookParts {
    pub(super) sheet: String,
    pub(super) strings: Option<String>,
}

/// The workbook's first sheet and its shared strings, as its relationships name them.
pub(super) fn workbook_parts<R: Read + std::io::Seek>(
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
pub(super) fn shared_strings<R: Read>(
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
                    // Kept trimmed, as cells are read: a cell that refers to a string of
                    // spaces costs nothing however long the string was.
                    let text = unescape_excel(current.take().unwrap_or_default());
                    let text = match text.trim() {
                        trimmed if trimmed.len() == text.len() => text,
                        trimmed => trimmed.to_owned(),
                    };
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

/// The cell being read: where it is, its type, and its text so far.
struct Cell {
    column: u32,
    row: u32,
    kind: String,
    text: String,
}

pub(super) fn sheet<R: Read>(
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
