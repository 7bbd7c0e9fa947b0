//! A part of the archive read event by event, inflated through a reader that charges every
//! byte to the workbook's budget and stops at the longest single XML event allowed.

use super::{MAX_EVENT_BYTES, SheetError};
use quick_xml::{Reader, events::Event};
use std::io::{BufRead, BufReader, Read};

/// The bytes still allowed to be inflated.
pub(super) struct Budget {
    pub(super) left: u64,
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
pub(super) struct Part<R: Read> {
    reader: Reader<Bounded<R>>,
    buf: Vec<u8>,
}

impl<R: Read> Part<R> {
    pub(super) fn new(part: R, budget: &Budget) -> Self {
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
    pub(super) fn next(&mut self) -> Result<Event<'_>, SheetError> {
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

    pub(super) fn finish(self, budget: &mut Budget) {
        self.reader.get_ref().settle(budget);
    }
}

/// An attribute's value by its local name (any namespace prefix), unescaped.
pub(super) fn attribute(element: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    // Without the duplicate check, which compares every attribute with all before it.
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Text from a text, CDATA or character/entity reference event, appended to `out`.
pub(super) fn append_text(event: &Event, out: &mut String) -> Result<(), SheetError> {
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

pub(super) fn is_text(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
    )
}
