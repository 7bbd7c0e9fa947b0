//! What a cell holds: its place from its reference, its text by its type, and Excel's
//! escapes undone.

use super::{MAX_SHEET_COLUMN, MAX_SHEET_ROW, SheetError};

/// A cell reference (`B12`) as its column (0 for A) and row (1 for the first), within
/// Excel's limits.
pub(super) fn cell_reference(reference: &str) -> Option<(u32, u32)> {
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
pub(super) fn cell_text(kind: &str, raw: String, strings: &[String]) -> Result<String, SheetError> {
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
pub(super) fn unescape_excel(text: String) -> String {
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
}
