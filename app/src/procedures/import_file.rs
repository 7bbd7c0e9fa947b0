//! The catalogue spreadsheet: its columns, the catalogue written into it, and a row read
//! back as a procedure. Levels and online levels are read by their Vietnamese or English
//! names, with or without diacritics, or their codes; codes are read as text.

use super::import::RowProblem;
use crate::{dossiers::is_procedure_code, search::fold, spreadsheet::template::Template};
use entity::procedure;

pub const COLUMNS: [&str; 6] = [
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan quản lý",
    "Mức trực tuyến",
];

pub const TEMPLATE: Template = Template {
    columns: &COLUMNS,
    sheet: "Thu tuc",
    widths: &[12.0, 60.0, 28.0, 14.0, 16.0, 16.0],
    max_rows: 10_000,
    max_bytes: 4 * 1024 * 1024,
};

const NAME_MAX: usize = 500;
const FIELD_MAX: usize = 200;

const LEVELS: [(&str, &str); 6] = [
    ("tinh", "province"),
    ("cap tinh", "province"),
    ("province", "province"),
    ("xa", "commune"),
    ("cap xa", "commune"),
    ("commune", "commune"),
];

const ONLINE: [(&str, &str); 9] = [
    ("toan trinh", "full"),
    ("truc tuyen toan trinh", "full"),
    ("full", "full"),
    ("mot phan", "partial"),
    ("truc tuyen mot phan", "partial"),
    ("partial", "partial"),
    ("khong", "none"),
    ("chua", "none"),
    ("none", "none"),
];

fn named(table: &[(&str, &'static str)], cell: &str) -> Option<&'static str> {
    let folded = fold(cell.trim());
    table
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, code)| *code)
}

/// The catalogue's procedures as rows of the file, in the words a reader uses.
pub fn rows(procedures: &[procedure::Model]) -> Vec<Vec<String>> {
    procedures
        .iter()
        .map(|p| {
            let level = if p.level == "commune" {
                "Cấp xã"
            } else {
                "Cấp tỉnh"
            };
            let online = match p.online.as_str() {
                "full" => "Toàn trình",
                "partial" => "Một phần",
                _ => "Không",
            };
            vec![
                p.code.clone(),
                p.name.clone(),
                p.field.clone(),
                level.to_owned(),
                p.sector.clone(),
                online.to_owned(),
            ]
        })
        .collect()
}

/// A row as a procedure, or the first cell that cannot be used (its column and why). The
/// sector is checked against the database later.
pub fn procedure(cells: &[String]) -> Result<procedure::Model, (usize, RowProblem)> {
    let cell = |n: usize| cells.get(n).map_or("", |c| c.trim());
    let code = cell(0);
    if !is_procedure_code(code) {
        return Err((0, RowProblem::CodeMalformed));
    }
    let bounded = |n: usize, max: usize| {
        let text = cell(n);
        (!text.is_empty() && text.chars().count() <= max && !text.chars().any(char::is_control))
            .then(|| text.to_owned())
    };
    let name = bounded(1, NAME_MAX).ok_or((1, RowProblem::NameInvalid))?;
    let field = bounded(2, FIELD_MAX).ok_or((2, RowProblem::FieldInvalid))?;
    let level = named(&LEVELS, cell(3)).ok_or((3, RowProblem::LevelUnknown))?;
    let sector = cell(4).to_uppercase();
    let online = match cell(5) {
        "" => "none",
        text => named(&ONLINE, text).ok_or((5, RowProblem::OnlineUnknown))?,
    };
    Ok(procedure::Model {
        code: code.to_owned(),
        name,
        field,
        level: level.to_owned(),
        sector,
        online: online.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: [&str; 6]) -> Vec<String> {
        cells.map(str::to_owned).to_vec()
    }

    #[test]
    fn rows_are_read_in_the_words_people_write_and_written_back_the_same() {
        let p = procedure(&row([
            " 1.004363 ",
            "Cấp giấy phép",
            "Khoa học",
            "cap tinh",
            "skhcn",
            "Toàn trình",
        ]))
        .unwrap();
        assert_eq!(
            (
                p.code.as_str(),
                p.level.as_str(),
                p.sector.as_str(),
                p.online.as_str()
            ),
            ("1.004363", "province", "SKHCN", "full")
        );
        let back = rows(std::slice::from_ref(&p));
        assert_eq!(procedure(&back[0]).unwrap(), p);
        let p = procedure(&row(["2.000001", "Đăng ký", "Hộ tịch", "Xã", "UBNDX", ""])).unwrap();
        assert_eq!((p.level.as_str(), p.online.as_str()), ("commune", "none"));
    }

    #[test]
    fn each_unusable_cell_is_named_by_its_column() {
        let base = [
            "1.004363",
            "Tên",
            "Lĩnh vực",
            "Cấp tỉnh",
            "SKHCN",
            "Một phần",
        ];
        let refused = |n: usize, value: &str| {
            let mut cells = base;
            cells[n] = value;
            procedure(&row(cells)).unwrap_err()
        };
        assert_eq!(refused(0, "1.00436"), (0, RowProblem::CodeMalformed));
        assert_eq!(refused(1, ""), (1, RowProblem::NameInvalid));
        assert_eq!(refused(1, &"x".repeat(501)), (1, RowProblem::NameInvalid));
        assert_eq!(refused(2, "a\u{7}b"), (2, RowProblem::FieldInvalid));
        assert_eq!(refused(3, "Cấp huyện"), (3, RowProblem::LevelUnknown));
        assert_eq!(refused(5, "nửa"), (5, RowProblem::OnlineUnknown));
    }
}
