//! Files for spreadsheet programs: CSV that Excel opens with Vietnamese intact and that
//! cannot smuggle a formula into the sheet.

pub mod template;
pub mod xlsx;

use crate::error::AppError;
use std::borrow::Cow;

/// A cell a spreadsheet would run as a formula (`= + - @`, or a tab or carriage return in
/// front) gets a leading apostrophe, so it is shown as the text it is.
pub fn safe_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠') => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Runs the parser of an uploaded file on the blocking pool, at most two at a time in this
/// instance, so that a slow file never holds the threads that answer requests. A parser
/// that panics gives `None` (and is logged).
pub async fn parse_apart<T: Send + 'static>(
    parse: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    static PARSERS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(2)));
    let permit = PARSERS.clone().acquire_owned().await.ok()?;
    // The permit goes with the parse: a client gone meanwhile does not free its place early.
    let parsing = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        parse()
    });
    match parsing.await {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            tracing::error!(%error, "a file parser failed");
            None
        }
    }
}

/// CSV with a UTF-8 byte-order mark, a header line and every cell made safe.
pub fn csv(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, AppError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let fail = |e: csv::Error| {
            tracing::error!(error = %e, "writing CSV");
            AppError::Internal
        };
        writer.write_record(header).map_err(fail)?;
        for row in rows {
            writer
                .write_record(row.iter().map(|cell| safe_cell(cell).into_owned()))
                .map_err(fail)?;
        }
        writer.flush().map_err(|e| fail(e.into()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+1"), "'+1");
        assert_eq!(safe_cell("-1"), "'-1");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("Nghệ An"), "Nghệ An");
        assert_eq!(safe_cell(""), "");
    }

    #[test]
    fn csv_starts_with_a_byte_order_mark_and_quotes_as_needed() {
        let out = csv(
            &["a", "b"],
            [vec!["Nghi Lộc, Nghệ An".into(), "=1+1".into()]],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{feff}a,b\n\"Nghi Lộc, Nghệ An\",'=1+1\n");
    }
}
