//! Start-up: clear one-line errors for a bad environment, and a territory load that is
//! idempotent and all-or-nothing.

mod common;

use app::territory::UnitKind;
use app::territory::loader::{self, CommuneRow, Territory};
use common::{config, postgres_database};
use entity::{commune, province};
use migration::{Migrator, MigratorTrait};
use sea_orm::{Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use server::prepare;

async fn counts(db: &DatabaseConnection) -> (u64, u64) {
    (
        province::Entity::find().count(db).await.unwrap(),
        commune::Entity::find().count(db).await.unwrap(),
    )
}

#[test]
fn a_missing_data_directory_says_what_to_do() {
    common::run(async {
        let err = prepare(&config(&["--data-dir", "/nonexistent/tiendo"]))
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "data directory /nonexistent/tiendo does not exist: create it (mkdir -p /nonexistent/tiendo) or choose another with --data-dir"
        );
    });
}

#[test]
fn an_unwritable_data_directory_says_what_to_do() {
    common::run(async {
        // Not even root may create files in /proc.
        let err = prepare(&config(&["--data-dir", "/proc"]))
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("data directory /proc is not writable ("),
            "{err}"
        );
        assert!(
            err.ends_with("fix its permissions or choose another with --data-dir"),
            "{err}"
        );
    });
}

#[test]
fn an_unreachable_database_says_what_to_do_without_the_password() {
    common::run(async {
        let url = "postgres://app:s3cret@127.0.0.1:1/tiendo";
        let err = prepare(&config(&[
            "--database-url",
            url,
            "--db-connect-timeout",
            "2",
            "--db-acquire-timeout",
            "2",
        ]))
        .await
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "cannot connect to the database at postgres://app:***@127.0.0.1:1/tiendo ("
            ),
            "{err}"
        );
        assert!(
            err.ends_with("check --database-url / DATABASE_URL and that the server is running"),
            "{err}"
        );
        assert!(!err.contains("s3cret"));
    });
}

/// A migrated, empty database on each backend; the directory holds the SQLite file.
async fn empty_databases() -> (tempfile::TempDir, Vec<DatabaseConnection>) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let mut dbs = Vec::new();
    for url in std::iter::once(sqlite).chain(postgres_database().await) {
        let db = Database::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        dbs.push(db);
    }
    (dir, dbs)
}

#[test]
fn loading_the_territory_twice_changes_nothing() {
    common::run(async {
        let (provinces, communes) = loader::bundled();
        let territory = loader::parse(provinces, communes).unwrap();
        let (_dir, dbs) = empty_databases().await;
        for db in dbs {
            let first = loader::load(&db, &territory).await.unwrap();
            assert_eq!((first.provinces_added, first.communes_added), (34, 3_321));
            let second = loader::load(&db, &territory).await.unwrap();
            assert_eq!((second.provinces_added, second.communes_added), (0, 0));
            assert_eq!(counts(&db).await, (34, 3_321));
        }
    });
}

#[test]
fn a_failed_load_leaves_the_database_unchanged() {
    common::run(async {
        let (provinces, communes) = loader::bundled();
        let mut territory: Territory = loader::parse(provinces, communes).unwrap();
        // A commune of a province that is not there: the insert fails half-way, on the
        // foreign key, after every province was written in the same transaction.
        territory.communes.push(CommuneRow {
            code: "99999".into(),
            code_gis: "99999".into(),
            name: "Không có".into(),
            full_name: "Xã Không có".into(),
            kind: UnitKind::Xa,
            name_en: "Khong co".into(),
            province_code: "00".into(),
            area_km2: None,
            formed_from: vec![],
        });
        let (_dir, dbs) = empty_databases().await;
        for db in dbs {
            assert!(loader::load(&db, &territory).await.is_err());
            assert_eq!(counts(&db).await, (0, 0));
        }
    });
}

#[test]
fn a_corrupt_file_is_reported_with_its_line_and_loads_nothing() {
    common::run(async {
        let (provinces, communes) = loader::bundled();
        let corrupt = communes.text.replacen(",Xã,", ",Huyện,", 1);
        let line = communes.text[..communes.text.find(",Xã,").unwrap()]
            .lines()
            .count();
        let err = loader::parse(
            provinces,
            loader::Source {
                file: communes.file,
                text: &corrupt,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "data/territory/communes-3321.csv:{line}: `Huyện` is not a commune type (Xã, Phường, Đặc khu)"
            )
        );
    });
}

fn tiendo(data_dir: &std::path::Path, args: &[&str], password: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--log", "warn"])
        .args(args)
        .env("TIENDO_PASSWORD", password)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run tiendo")
}

#[test]
fn the_first_administrator_is_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let create = [
        "user",
        "create",
        "--username",
        "BoAdmin",
        "--name",
        "Quản trị Bộ",
        "--role",
        "ministry_admin",
    ];
    let out = tiendo(dir.path(), &create, "mật khẩu đủ dài");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("created boadmin (ministry_admin) with id ")
    );

    let again = tiendo(dir.path(), &create, "mật khẩu đủ dài");
    assert!(!again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        "error: account not created: This user name is already taken.\n"
    );

    let short = tiendo(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "kiemtra2",
            "--name",
            "X",
            "--role",
            "inspector",
        ],
        "short",
    );
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("A password needs at least 10 characters.")
    );

    let scope = [
        "user",
        "create",
        "--username",
        "tinh99",
        "--name",
        "X",
        "--role",
        "province_official",
        "--scope",
        "99",
    ];
    let unknown = tiendo(dir.path(), &scope, "mật khẩu đủ dài");
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "error: account not created: No province or commune has this code.\n"
    );

    let role = tiendo(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "kiemtra3",
            "--name",
            "X",
            "--role",
            "king",
        ],
        "mật khẩu đủ dài",
    );
    assert!(String::from_utf8_lossy(&role.stderr).contains("unknown role `king`"));
}

#[test]
fn prepare_migrates_and_loads_the_territory_then_exits() {
    common::run(async {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        for run in 1..=2 {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
                .args(["--log", "warn", "--data-dir", data, "prepare"])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "run {run}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let db = Database::connect(format!("sqlite://{data}/tiendo.db"))
                .await
                .unwrap();
            assert_eq!(counts(&db).await, (34, 3321), "run {run}");
            db.close().await.unwrap();
        }
    });
}
