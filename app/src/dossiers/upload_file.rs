//! The dossier spreadsheet: its template, and a row read back as a dossier record. Codes are
//! read as text; dates as people and spreadsheets write them (`06/08/2025 16:00` in Vietnam
//! time, ISO 8601, or a spreadsheet's date number); channels and statuses by their
//! Vietnamese or English names, with or without diacritics, or their codes.

use super::{Channel, DossierRecord, MAX_BATCH, RecordProblem, STATUSES, is_procedure_code};
use crate::{format::vietnam, search::fold, spreadsheet::template::Template};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

pub const COLUMNS: [&str; 10] = [
    "Mã hồ sơ",
    "Mã cơ quan",
    "Mã xã",
    "Mã thủ tục",
    "Tiếp nhận lúc",
    "Hình thức nộp",
    "Hạn giải quyết",
    "Có kết quả lúc",
    "Trả kết quả lúc",
    "Trạng thái",
];

/// The record's field each column gives (as the API names them).
const FIELDS: [&str; 10] = [
    "code",
    "agency",
    "commune",
    "procedure",
    "received_at",
    "channel",
    "due_at",
    "finished_at",
    "returned_at",
    "status",
];

pub const TEMPLATE: Template = Template {
    columns: &COLUMNS,
    sheet: "Ho so",
    widths: &[18.0, 12.0, 9.0, 12.0, 18.0, 14.0, 18.0, 18.0, 18.0, 16.0],
    max_rows: MAX_BATCH,
    max_bytes: 4 * 1024 * 1024,
};

/// The column of a record's field.
pub fn column_of(field: &str) -> &'static str {
    FIELDS
        .iter()
        .position(|f| *f == field)
        .map_or(COLUMNS[0], |n| COLUMNS[n])
}

/// Names people write for each channel, folded, besides its code.
const CHANNEL_NAMES: [(&str, Channel); 6] = [
    ("truc tuyen", Channel::Online),
    ("truc tiep", Channel::InPerson),
    ("in person", Channel::InPerson),
    ("buu chinh", Channel::Postal),
    ("qua buu chinh", Channel::Postal),
    ("postal", Channel::Postal),
];

const STATUS_NAMES: [(&str, &str); 8] = [
    ("da tiep nhan", "received"),
    ("tiep nhan", "received"),
    ("dang giai quyet", "processing"),
    ("dang xu ly", "processing"),
    ("da co ket qua", "finished"),
    ("da giai quyet", "finished"),
    ("da tra ket qua", "returned"),
    ("da huy", "cancelled"),
];

fn channel(cell: &str) -> String {
    let folded = fold(cell.trim());
    CHANNEL_NAMES
        .iter()
        .find(|(name, _)| *name == folded)
        .map_or(folded.replace(' ', "_"), |(_, c)| c.code().to_owned())
}

fn status(cell: &str) -> String {
    let folded = fold(cell.trim());
    STATUS_NAMES
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, code)| (*code).to_owned())
        .filter(|code| STATUSES.contains(&code.as_str()))
        .unwrap_or(folded)
}

/// A moment as written: with an offset (ISO 8601), or in Vietnam time (`06/08/2025 16:00`,
/// `2025-08-06 16:00`, a day alone for its start), or a spreadsheet's date number (days since
/// 30/12/1899, the fraction the time of day).
pub fn moment(cell: &str) -> Option<DateTime<Utc>> {
    let cell = cell.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(cell) {
        return Some(at.to_utc());
    }
    let local = [
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(cell, f).ok())
    .or_else(|| {
        ["%d/%m/%Y", "%Y-%m-%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(cell, f).ok())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
    .or_else(|| {
        // A date number: from 1/1/2000 to 31/12/2100, to the second.
        let days: f64 = cell
            .parse()
            .ok()
            .filter(|d| (36_526.0..=73_415.0).contains(d))?;
        let seconds = (days * 86_400.0).round() as i64;
        NaiveDate::from_ymd_opt(1899, 12, 30)?
            .and_hms_opt(0, 0, 0)?
            .checked_add_signed(Duration::seconds(seconds))
    })?;
    local
        .and_local_timezone(vietnam())
        .single()
        .map(|t| t.to_utc())
}

/// A row as a record, or the first cell that cannot be read (its field and why).
pub fn record(cells: &[String]) -> Result<DossierRecord, (&'static str, RecordProblem)> {
    let cell = |n: usize| cells.get(n).map_or("", |c| c.trim());
    let optional = |n: usize| -> Result<Option<DateTime<Utc>>, (&'static str, RecordProblem)> {
        match cell(n) {
            "" => Ok(None),
            text => moment(text)
                .map(Some)
                .ok_or((FIELDS[n], RecordProblem::DateInvalid)),
        }
    };
    let procedure = cell(3);
    if !is_procedure_code(procedure) {
        return Err(("procedure", RecordProblem::ProcedureCodeMalformed));
    }
    Ok(DossierRecord {
        code: cell(0).to_owned(),
        agency: cell(1).to_owned(),
        commune: Some(crate::territory::commune_code(cell(2))).filter(|c| !c.is_empty()),
        procedure: procedure.to_owned(),
        received_at: moment(cell(4)).ok_or(("received_at", RecordProblem::DateInvalid))?,
        channel: channel(cell(5)),
        due_at: optional(6)?,
        finished_at: optional(7)?,
        returned_at: optional(8)?,
        status: status(cell(9)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: [&str; 10]) -> Vec<String> {
        cells.map(str::to_owned).to_vec()
    }

    #[test]
    fn rows_are_read_as_people_and_spreadsheets_write_them() {
        let r = record(&row([
            " HS-1 ",
            "SKHCN",
            "4",
            "1.004363",
            "06/08/2025 16:00",
            "Trực tuyến",
            "",
            "2025-08-07",
            "45877.5",
            "Đã trả kết quả",
        ]))
        .unwrap();
        assert_eq!(r.code, "HS-1");
        assert_eq!(r.commune.as_deref(), Some("00004"));
        assert_eq!(r.received_at.to_rfc3339(), "2025-08-06T09:00:00+00:00");
        assert_eq!(r.channel, "online");
        assert_eq!(r.status, "returned");
        assert_eq!(
            r.finished_at.unwrap().to_rfc3339(),
            "2025-08-06T17:00:00+00:00"
        );
        // 45877.5: noon on 8/8/2025 in Vietnam.
        assert_eq!(
            r.returned_at.unwrap().to_rfc3339(),
            "2025-08-08T05:00:00+00:00"
        );
        let r = record(&row([
            "HS-2",
            "SKHCN",
            "",
            "1.004363",
            "2025-08-06T16:00:00+07:00",
            "truc tiep",
            "",
            "",
            "",
            "dang giai quyet",
        ]))
        .unwrap();
        assert_eq!(
            (r.channel.as_str(), r.status.as_str()),
            ("in_person", "processing")
        );
        assert_eq!(r.commune, None);
    }

    #[test]
    fn a_procedure_code_read_as_a_number_and_unreadable_dates_are_named() {
        let base = [
            "HS-1",
            "SKHCN",
            "",
            "1.00436",
            "06/08/2025",
            "online",
            "",
            "",
            "",
            "received",
        ];
        assert_eq!(
            record(&row(base)).unwrap_err(),
            ("procedure", RecordProblem::ProcedureCodeMalformed)
        );
        let mut bad = base;
        bad[3] = "1.004363";
        bad[4] = "6 tháng 8";
        assert_eq!(
            record(&row(bad)).unwrap_err(),
            ("received_at", RecordProblem::DateInvalid)
        );
        bad[4] = "06/08/2025";
        bad[8] = "31/02/2025";
        assert_eq!(
            record(&row(bad)).unwrap_err(),
            ("returned_at", RecordProblem::DateInvalid)
        );
        assert_eq!(column_of("returned_at"), "Trả kết quả lúc");
    }
}
