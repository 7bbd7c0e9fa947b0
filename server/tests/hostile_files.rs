//! Hostile spreadsheets over real HTTP: files of a few kilobytes that declare huge counts,
//! place cells far away, overflow their references, nest deeply or hide huge strings. Each
//! gets its clear error on the bulk page, the memory it makes the process allocate stays
//! small, and `/healthz` goes on answering meanwhile.

mod common;

use app::{demo::DEMO_PASSWORD, i18n::Locale, tasks::bulk::COLUMNS, uploads::FileProblem};
use common::spawn_args;
use std::{
    alloc::{GlobalAlloc, Layout, System},
    io::Write,
    sync::atomic::{AtomicBool, AtomicUsize, Ordering},
    time::{Duration, Instant},
};

/// Counts the bytes the whole process holds, and the most it held since the last reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn held(delta: isize) {
    let now = if delta >= 0 {
        HELD.fetch_add(delta as usize, Ordering::Relaxed) + delta as usize
    } else {
        HELD.fetch_sub(delta.unsigned_abs(), Ordering::Relaxed) - delta.unsigned_abs()
    };
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            held(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        held(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            held(new_size as isize - layout.size() as isize);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The template's header as inline strings, in row 1.
fn header() -> String {
    let cells: String = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let column = char::from(b'A' + i as u8);
            format!(r#"<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>"#)
        })
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// A workbook whose parts are written piece by piece (`repeat` times the middle piece), so
/// that a part of many megabytes never sits in memory here.
struct Part<'a> {
    name: &'a str,
    start: String,
    middle: &'a str,
    repeat: usize,
    end: &'a str,
}

fn workbook(parts: &[Part]) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let fixed = [
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in fixed {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    for part in parts {
        zip.start_file(part.name, options).unwrap();
        zip.write_all(part.start.as_bytes()).unwrap();
        let chunk = part.middle.repeat(64 * 1024 / part.middle.len().max(1) + 1);
        let per_chunk = chunk.len() / part.middle.len().max(1);
        let mut left = part.repeat;
        while left > 0 {
            let n = left.min(per_chunk);
            zip.write_all(&chunk.as_bytes()[..n * part.middle.len()])
                .unwrap();
            left -= n;
        }
        zip.write_all(part.end.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buffer.into_inner()
}

fn sheet(start: String, middle: &'static str, repeat: usize, end: &'static str) -> Part<'static> {
    Part {
        name: "xl/worksheets/sheet1.xml",
        start: format!("{SHEET_START}<sheetData>{start}"),
        middle,
        repeat,
        end: Box::leak(format!("{end}</sheetData></worksheet>").into_boxed_str()),
    }
}

fn strings(
    attributes: &str,
    open: &str,
    middle: &'static str,
    repeat: usize,
    end: &'static str,
) -> Part<'static> {
    Part {
        name: "xl/sharedStrings.xml",
        start: format!(
            r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {attributes}>{open}"#
        ),
        middle,
        repeat,
        end: Box::leak(format!("{end}</sst>").into_boxed_str()),
    }
}

/// The hostile files, each with the problem it must be refused for.
fn hostile() -> Vec<(&'static str, Vec<u8>, FileProblem)> {
    let mut entries = workbook(&[sheet(header(), "", 0, "")]);
    // The directory's end record declares 65,535 entries (and so the 64-bit form).
    let end = entries
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .unwrap();
    entries[end + 8..end + 12].copy_from_slice(&[0xff; 4]);
    vec![
        (
            "o-xa.xlsx",
            workbook(&[sheet(
                format!(
                    r#"<dimension ref="A1:XFD1048576"/>{}<row r="1048576"><c r="XFD1048576"><v>1</v></c><c r="A1048576"><v>1</v></c></row>"#,
                    header()
                ),
                "",
                0,
                "",
            )]),
            FileProblem::TooManyRows,
        ),
        (
            "cot-xa.xlsx",
            workbook(&[sheet(
                r#"<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>"#.into(),
                "",
                0,
                "",
            )]),
            FileProblem::Empty,
        ),
        (
            "tran-so.xlsx",
            workbook(&[sheet(
                format!(
                    r#"{}<row r="2"><c r="A99999999999999999999"><v>1</v></c></row>"#,
                    header()
                ),
                "",
                0,
                "",
            )]),
            FileProblem::Unreadable,
        ),
        (
            "tran-dong.xlsx",
            workbook(&[sheet(
                format!(
                    r#"{}<row r="18446744073709551617"><c><v>1</v></c></row>"#,
                    header()
                ),
                "",
                0,
                "",
            )]),
            FileProblem::Unreadable,
        ),
        (
            "dem-khai.xlsx",
            workbook(&[
                sheet(
                    r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#.into(),
                    "",
                    0,
                    "",
                ),
                strings(
                    r#"count="4294967295" uniqueCount="4294967295""#,
                    "",
                    "",
                    0,
                    "<si><t>Mã giao việc</t></si>",
                ),
            ]),
            FileProblem::WrongTemplate,
        ),
        ("muc-luc.xlsx", entries, FileProblem::Unreadable),
        (
            "long-nhau.xlsx",
            workbook(&[sheet(header(), "<a>", 2_000_000, "")]),
            FileProblem::Empty,
        ),
        (
            "chuoi-dai.xlsx",
            workbook(&[
                sheet(header(), "", 0, ""),
                strings("", "<si><t>", "a", 30 * 1024 * 1024, "</t></si>"),
            ]),
            FileProblem::Unreadable,
        ),
        (
            "nhieu-chuoi.xlsx",
            workbook(&[
                sheet(header(), "", 0, ""),
                strings(r#"uniqueCount="1""#, "", "<si><t>a</t></si>", 1_000_000, ""),
            ]),
            FileProblem::ZipBomb,
        ),
        (
            "bom.xlsx",
            workbook(&[sheet(header(), "<x/>", 20_000_000, "")]),
            FileProblem::ZipBomb,
        ),
        (
            "tham-chieu.xlsx",
            workbook(&[sheet(
                format!(r#"{}<row r="2"><c r="K2" t="inlineStr"><is><t>"#, header()),
                "&amp;",
                12_000_000,
                "</t></is></c></row>",
            )]),
            FileProblem::ZipBomb,
        ),
    ]
}

#[test]
fn hostile_spreadsheets_get_a_clear_error_in_little_memory_while_the_server_answers() {
    common::run(async {
        // The demo seeds Nghệ An's plans, so the bulk page has what it needs.
        let app = spawn_args("sqlite", None, app::clock::Clock::System, &["--demo"]).await;
        let nghean = app.login("nghean", DEMO_PASSWORD).await.unwrap();
        let files = hostile();
        for (name, bytes, expected) in files {
            let size = bytes.len();
            assert!(size < 2 * 1024 * 1024, "{name}: {size} bytes on the wire");
            let probing = std::sync::Arc::new(AtomicBool::new(true));
            let prober = {
                let (probing, client, url) =
                    (probing.clone(), app.client.clone(), app.url("/healthz"));
                tokio::spawn(async move {
                    let mut slowest = Duration::ZERO;
                    let mut answered = 0;
                    while probing.load(Ordering::Relaxed) {
                        let started = Instant::now();
                        let status = client.get(&url).send().await.unwrap().status();
                        assert_eq!(status, 200);
                        slowest = slowest.max(started.elapsed());
                        answered += 1;
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    (answered, slowest)
                })
            };
            let before = HELD.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let started = Instant::now();
            let id = app.bulk_upload(&nghean, name, bytes).await;
            let took = started.elapsed();
            let growth = PEAK.load(Ordering::Relaxed).saturating_sub(before);
            probing.store(false, Ordering::Relaxed);
            let (answered, slowest) = prober.await.unwrap();
            println!(
                "{name}: {size} bytes, refused in {took:?}, peak growth {:.1} MB; /healthz answered {answered} times, slowest {slowest:?}",
                growth as f64 / 1_048_576.0
            );
            assert!(growth < 64 * 1024 * 1024, "{name}: {growth} bytes");

            let (status, preview) = app
                .post("/api/tasks/bulk/preview", Some(&nghean), &[("id", &id)])
                .await;
            assert_eq!(status, 200, "{name}");
            assert_eq!(
                preview["file_problem"],
                format!("{expected:?}"),
                "{name}: {preview}"
            );
            let page = format!("/tinh/40/cap-nhat-hang-loat?tai-len={id}");
            let (status, html) = app.get_as(&page, Some(&nghean)).await;
            assert_eq!(status, 200, "{name}");
            let message = expected.message(Locale::Vi.strings());
            assert!(html.contains(message), "{name}: the page says «{message}»");
        }
    });
}
