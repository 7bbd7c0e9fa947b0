//! The public tables as open data: the same figures as on screen, as CSV (plain numbers: a
//! dot for decimals, two digits, no thousands separator) and JSON (the API's types). See
//! `docs/open-data.md`.

use crate::{
    error::AppError,
    rankings::{Ranking, change_mark},
    spreadsheet,
    tasks::{
        Checklist, ProvinceProgress,
        overview::rating_code,
        rules::{Schedule, Status},
    },
};

/// Whether the client already has the representation `etag` names (`If-None-Match`, a list;
/// compared weakly, as RFC 9110 says for this header).
pub fn not_modified(request: &http::HeaderMap, etag: &str) -> bool {
    let weak = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    request
        .get_all(http::header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == "*" || weak(tag) == weak(etag))
}

/// A percentage as the CSV files write it: `73.08`.
fn number(value: f64) -> String {
    format!("{value:.2}")
}

/// A strong validator for a response body: the first 16 bytes of its SHA-256, quoted.
pub fn etag(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

pub const RANKING_COLUMNS: [&str; 15] = [
    "hang",
    "ma_tinh",
    "ten",
    "chi_so",
    "gia_tri",
    "hang_truoc",
    "thay_doi",
    "so_xa",
    "so_xa_hoan_thanh",
    "ty_le_xa_hoan_thanh",
    "muc_thap_nhat",
    "nhiem_vu_tinh_hoan_thanh_tren_giao",
    "ho_so_tiep_nhan",
    "ho_so_truc_tuyen",
    "ho_so_tra_ket_qua",
];

pub fn ranking_csv(ranking: &Ranking) -> Result<Vec<u8>, AppError> {
    let rows = ranking.standings.iter().map(|s| {
        let c = s.figures.communes;
        vec![
            s.rank.map(|r| r.to_string()).unwrap_or_default(),
            s.code.clone(),
            s.name.clone(),
            ranking.indicator.slug().to_owned(),
            s.value.map(number).unwrap_or_default(),
            s.previous_rank.map(|r| r.to_string()).unwrap_or_default(),
            // "=" would read as a formula to a spreadsheet.
            match s.change() {
                Some(0) => "±0".to_owned(),
                change => change_mark(change),
            },
            c.communes.to_string(),
            c.completed_all.to_string(),
            number(c.completed_all_percent()),
            c.min_completion.map(number).unwrap_or_default(),
            format!("{}/{}", s.figures.own.done, s.figures.own.assigned),
            s.figures.dossiers.received.to_string(),
            s.figures.dossiers.online.to_string(),
            s.figures.dossiers.returned.to_string(),
        ]
    });
    spreadsheet::csv(&RANKING_COLUMNS, rows)
}

pub const COMMUNE_COLUMNS: [&str; 8] = [
    "ma_xa",
    "ten",
    "hoan_thanh",
    "duoc_giao",
    "da_xac_minh",
    "ty_le_hoan_thanh",
    "danh_gia",
    "cap_nhat_cuoi",
];

pub fn communes_csv(progress: &ProvinceProgress) -> Result<Vec<u8>, AppError> {
    let rows = progress.commune_rows.iter().map(|c| {
        vec![
            c.code.clone(),
            c.name.clone(),
            c.completion.done.to_string(),
            c.completion.assigned.to_string(),
            c.completion.verified.to_string(),
            number(c.counted),
            rating_code(c.rating).to_owned(),
            c.last_update.map(|at| at.to_rfc3339()).unwrap_or_default(),
        ]
    });
    spreadsheet::csv(&COMMUNE_COLUMNS, rows)
}

pub const TASK_COLUMNS: [&str; 8] = [
    "nhom",
    "stt",
    "nhiem_vu",
    "bat_dau",
    "han",
    "trang_thai",
    "tien_do",
    "danh_gia",
];

fn status(s: Status) -> &'static str {
    s.code()
}

fn schedule(s: Schedule) -> &'static str {
    match s {
        Schedule::Done => "hoan_thanh",
        Schedule::Overdue => "qua_han",
        Schedule::NearDue => "sap_den_han",
        Schedule::NotYetDue => "chua_den_han",
        Schedule::OnSchedule => "dung_tien_do",
    }
}

pub fn checklist_csv(checklist: &Checklist) -> Result<Vec<u8>, AppError> {
    let rows = checklist.groups.iter().flat_map(|g| {
        g.items.iter().map(|t| {
            vec![
                g.name.clone(),
                t.position.to_string(),
                t.title.clone(),
                t.starts_on.to_string(),
                t.deadline.to_string(),
                status(t.status).to_owned(),
                t.progress.to_string(),
                format!("{} ({})", rating_code(t.rating), schedule(t.schedule)),
            ]
        })
    });
    spreadsheet::csv(&TASK_COLUMNS, rows)
}
