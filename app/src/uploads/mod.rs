//! Spreadsheet uploads, one pattern for every kind of file (the communes' assignments, the
//! dossiers): the file is received within its template's limits and read off the request
//! threads (`crate::spreadsheet::template`), kept with its rows until applied (`store`), shown
//! as a dry run with every error at its line and column, and applied whole or not at all.

#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Why a whole file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    TooLarge,
    TooManyRows,
    /// Not a CSV or XLSX file that can be read.
    Unreadable,
    /// A compressed file that would expand far beyond any real spreadsheet.
    ZipBomb,
    /// The columns are not those of the downloaded file.
    WrongTemplate,
    Empty,
}

impl FileProblem {
    pub fn code(self) -> &'static str {
        match self {
            FileProblem::TooLarge => "too_large",
            FileProblem::TooManyRows => "too_many_rows",
            FileProblem::Unreadable => "unreadable",
            FileProblem::ZipBomb => "zip_bomb",
            FileProblem::WrongTemplate => "wrong_template",
            FileProblem::Empty => "empty",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            FileProblem::TooLarge,
            FileProblem::TooManyRows,
            FileProblem::Unreadable,
            FileProblem::ZipBomb,
            FileProblem::WrongTemplate,
            FileProblem::Empty,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }

    pub fn message(self, t: &'static crate::i18n::Strings) -> &'static str {
        match self {
            FileProblem::TooLarge => t.bulk_too_large,
            FileProblem::TooManyRows => t.bulk_too_many_rows,
            FileProblem::Unreadable => t.bulk_unreadable,
            FileProblem::ZipBomb => t.bulk_zip_bomb,
            FileProblem::WrongTemplate => t.bulk_wrong_template,
            FileProblem::Empty => t.bulk_empty,
        }
    }
}

/// Why an evidence file or a decision's document was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileRefusal {
    TooLarge,
    WrongType,
    Empty,
}

impl FileRefusal {
    const ALL: [FileRefusal; 3] = [
        FileRefusal::TooLarge,
        FileRefusal::WrongType,
        FileRefusal::Empty,
    ];

    /// As a page's address names it.
    pub fn code(self) -> &'static str {
        match self {
            FileRefusal::TooLarge => "qua-lon",
            FileRefusal::WrongType => "sai-loai",
            FileRefusal::Empty => "trong",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn problem(self) -> crate::error::Problem {
        match self {
            FileRefusal::TooLarge => crate::error::Problem::FileTooLarge,
            FileRefusal::WrongType => crate::error::Problem::FileWrongType,
            FileRefusal::Empty => crate::error::Problem::FileEmpty,
        }
    }
}
