//! Numbers, percentages and dates as people read them: `224.930`, `72,35%`, `06/08/2025` in
//! Vietnamese. One implementation for server and browser, so hydration never disagrees.

use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate};

struct Separators {
    thousands: char,
    decimal: char,
}

fn separators(locale: Locale) -> Separators {
    match locale {
        Locale::Vi => Separators {
            thousands: '.',
            decimal: ',',
        },
        Locale::En => Separators {
            thousands: ',',
            decimal: '.',
        },
    }
}

fn group_thousands(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A whole number with thousands grouped: `224.930` (vi), `224,930` (en).
pub fn integer(value: i64, locale: Locale) -> String {
    let grouped = group_thousands(
        &value.unsigned_abs().to_string(),
        separators(locale).thousands,
    );
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A number rounded half away from zero to `digits` decimals: `16.486,50` (vi).
pub fn decimal(value: f64, digits: u32, locale: Locale) -> String {
    let scale = 10_i64.pow(digits);
    let scaled = (value * scale as f64).round() as i64;
    let whole = integer(scaled.abs() / scale, locale);
    let sign = if scaled < 0 { "-" } else { "" };
    if digits == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = scaled.abs() % scale;
    let decimal = separators(locale).decimal;
    format!(
        "{sign}{whole}{decimal}{fraction:0width$}",
        width = digits as usize
    )
}

/// A percentage given in points (72.35 → `72,35%`), with two decimals.
pub fn percent(points: f64, locale: Locale) -> String {
    format!("{}%", decimal(points, 2, locale))
}

/// The share `part / whole` as a percentage (224.930 / 310.903 → `72,35%`); `–` when `whole` is 0.
pub fn ratio(part: i64, whole: i64, locale: Locale) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    percent(part as f64 * 100.0 / whole as f64, locale)
}

/// A calendar date: `06/08/2025` (vi), `6 Aug 2025` (en).
pub fn date(value: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("{:02}/{:02}/{}", value.day(), value.month(), value.year()),
        Locale::En => value.format("%-d %b %Y").to_string(),
    }
}

/// A day of a year already said: `06/08` (vi), `6 Aug` (en).
pub fn day_month(value: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("{:02}/{:02}", value.day(), value.month()),
        Locale::En => value.format("%-d %b").to_string(),
    }
}

/// Vietnam's time zone (UTC+7, no daylight saving).
pub fn vietnam() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// A moment in Vietnam time: `14/08/2025 09:05` (vi), `14 Aug 2025 09:05` (en).
pub fn date_time(value: chrono::DateTime<chrono::Utc>, locale: Locale) -> String {
    let local = value.with_timezone(&vietnam());
    format!(
        "{} {}",
        date(local.date_naive(), locale),
        local.format("%H:%M")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_group_thousands_by_locale() {
        assert_eq!(integer(224_930, Locale::Vi), "224.930");
        assert_eq!(integer(310_903, Locale::En), "310,903");
        assert_eq!(integer(3_321, Locale::Vi), "3.321");
        assert_eq!(integer(1_000_000, Locale::Vi), "1.000.000");
        assert_eq!(integer(999, Locale::Vi), "999");
        assert_eq!(integer(0, Locale::Vi), "0");
        assert_eq!(integer(-1_234, Locale::Vi), "-1.234");
    }

    #[test]
    fn percentages_match_the_seed_article() {
        assert_eq!(ratio(224_930, 310_903, Locale::Vi), "72,35%");
        assert_eq!(ratio(95, 130, Locale::Vi), "73,08%");
        assert_eq!(ratio(95, 130, Locale::En), "73.08%");
        assert_eq!(percent(100.0, Locale::Vi), "100,00%");
        assert_eq!(ratio(1, 0, Locale::Vi), "–");
    }

    #[test]
    fn decimals_round_and_pad() {
        assert_eq!(decimal(16_486.5, 2, Locale::Vi), "16.486,50");
        assert_eq!(decimal(2.675, 1, Locale::En), "2.7");
        assert_eq!(decimal(0.004, 2, Locale::Vi), "0,00");
        assert_eq!(decimal(-1_234.567, 2, Locale::Vi), "-1.234,57");
        assert_eq!(decimal(7.0, 0, Locale::Vi), "7");
    }

    #[test]
    fn dates_are_day_first() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 6).unwrap();
        assert_eq!(date(d, Locale::Vi), "06/08/2025");
        assert_eq!(date(d, Locale::En), "6 Aug 2025");
        // A chart's axis names the day and month whole, in either language.
        assert_eq!(day_month(d, Locale::Vi), "06/08");
        assert_eq!(day_month(d, Locale::En), "6 Aug");
        let later = NaiveDate::from_ymd_opt(2025, 7, 14).unwrap();
        assert_eq!(day_month(later, Locale::En), "14 Jul");
    }

    #[test]
    fn moments_are_shown_in_vietnam_time() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-08-13T20:05:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(date_time(at, Locale::Vi), "14/08/2025 03:05");
        assert_eq!(date_time(at, Locale::En), "14 Aug 2025 03:05");
    }
}
