//! Dossiers: the demo reproduces the seed article's dossier figures and online-rate rank on
//! the public pages and in the open data; a batch is taken in whole or not at all, with each
//! refused record named; sending a batch again changes nothing; an update moves the counts;
//! the figures are counted to the hour; provinces tied on the rate are ranked by the number
//! received, then by code.

mod common;

use app::dossiers::{DossierRecord, RecordProblem, figures, ingest::ingest};
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{TestApp, apps, demo_apps, progress::ranking, progress::standing};
use entity::dossier;
use sea_orm::{EntityTrait, PaginatorTrait};

#[test]
fn the_demo_gives_nghe_an_the_articles_dossier_figures_and_rank() {
    common::run(async {
        for app in demo_apps().await {
            let r = ranking(
                &app,
                "chi-so=ho-so-truc-tuyen&ngay=2025-08-06&so-voi=2025-07-22",
            )
            .await;
            let nghe_an = standing(&r, "40");
            assert_eq!(
                (&nghe_an["rank"], &nghe_an["previous_rank"], &r["ranked"]),
                (&20.into(), &25.into(), &34.into()),
                "{}",
                app.backend
            );
            let d = &nghe_an["figures"]["dossiers"];
            assert_eq!(
                (&d["received"], &d["online"], &d["returned"]),
                (&310_903.into(), &224_930.into(), &252_648.into())
            );

            let (status, page) = app
                .get_text("/tinh/40?ngay=2025-08-14&so-voi=2025-07-22")
                .await;
            assert_eq!(status, 200);
            let page = common::strip_markers(&page);
            let section = &page[page.find("province-dossiers").expect("the section")..];
            for figure in [
                "đến 06/08/2025 16:00",
                ">310.903<",
                ">224.930<",
                ">72,35%<",
                ">252.648<",
                ">20/34<",
                "↑5",
            ] {
                assert!(section.contains(figure), "{figure} in {section}");
            }
            // The national ranking on the online rate lists it too.
            let (_, national) = app
                .get_text("/?chi-so=ho-so-truc-tuyen&ngay=2025-08-06&so-voi=2025-07-22")
                .await;
            assert!(national.contains("Hồ sơ nộp trực tuyến"));
        }
    });
}

fn at(day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    crate_vietnam()
        .with_ymd_and_hms(2025, 7, day, hour, minute, second)
        .unwrap()
        .to_utc()
}

fn crate_vietnam() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap()
}

fn record(code: &str, received: DateTime<Utc>, channel: &str) -> DossierRecord {
    DossierRecord {
        code: code.to_owned(),
        agency: "SKHCN".to_owned(),
        commune: None,
        procedure: "1.004363".to_owned(),
        received_at: received,
        channel: channel.to_owned(),
        due_at: None,
        finished_at: None,
        returned_at: None,
        status: "received".to_owned(),
    }
}

/// An agency in each of Nghệ An and Hà Tĩnh, and one procedure.
async fn catalogue(app: &TestApp) {
    for province in ["40", "42"] {
        common::add_agency(app, province, "SKHCN", "Sở Khoa học và Công nghệ").await;
    }
    common::add_procedure(app, "1.004363", "SKHCN").await;
}

async fn totals(app: &TestApp, until: DateTime<Utc>) -> (u64, u64, u64) {
    let all = figures::totals(&app.db, at(1, 0, 0, 0), until)
        .await
        .unwrap();
    let f = all.get("40").copied().unwrap_or_default();
    (f.received, f.online, f.returned)
}

#[test]
fn a_batch_is_taken_whole_or_not_at_all_and_counted_to_the_hour() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            let now = at(31, 12, 0, 0);
            let batch = vec![
                record("HS-1", at(6, 15, 59, 59), "online"),
                record("HS-2", at(6, 16, 0, 0), "in_person"),
                record("HS-3", at(6, 9, 30, 0), "online"),
            ];
            let report = ingest(&app.db, "40", &batch, now).await.unwrap().unwrap();
            assert_eq!((report.created, report.updated), (3, 0), "{}", app.backend);
            // As of 16:00: the one received at 16:00:00 is not counted yet.
            assert_eq!(totals(&app, at(6, 16, 0, 0)).await, (2, 2, 0));
            assert_eq!(totals(&app, at(6, 17, 0, 0)).await, (3, 2, 0));

            // The same batch again changes nothing.
            let again = ingest(&app.db, "40", &batch, now).await.unwrap().unwrap();
            assert_eq!(again.unchanged, 3);
            assert_eq!(totals(&app, at(6, 17, 0, 0)).await, (3, 2, 0));
            assert_eq!(dossier::Entity::find().count(&app.db).await.unwrap(), 3);

            // An update after being counted: HS-2 turns out online, and its result returned.
            let mut updated = record("HS-2", at(6, 16, 0, 0), "online");
            updated.finished_at = Some(at(8, 10, 0, 0));
            updated.returned_at = Some(at(8, 10, 30, 0));
            updated.status = "returned".to_owned();
            let report = ingest(&app.db, "40", &[updated], now)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(report.updated, 1);
            assert_eq!(totals(&app, at(7, 0, 0, 0)).await, (3, 3, 0));
            assert_eq!(totals(&app, at(9, 0, 0, 0)).await, (3, 3, 1));
            // The day counts say the same as the hours, day by day in Vietnam: the result
            // returned at 10:30 on 8/7 counts on 8/7, not on 7/7.
            for (day, hours_until) in [
                (6, at(7, 0, 0, 0)),
                (7, at(8, 0, 0, 0)),
                (8, at(9, 0, 0, 0)),
            ] {
                let through = figures::totals_through(
                    &app.db,
                    chrono::NaiveDate::from_ymd_opt(2025, 7, day).unwrap(),
                )
                .await
                .unwrap();
                let f = through.get("40").copied().unwrap_or_default();
                assert_eq!(
                    (f.received, f.online, f.returned),
                    totals(&app, hours_until).await,
                    "{day}/7 {}",
                    app.backend
                );
            }

            // One bad record refuses the batch: nothing of it is written.
            let mut wrong_commune = record("HS-5", at(7, 8, 0, 0), "online");
            wrong_commune.commune = Some("18073".to_owned());
            let mut finished_early = record("HS-6", at(7, 8, 0, 0), "online");
            finished_early.finished_at = Some(at(6, 8, 0, 0));
            let bad = vec![
                record("HS-4", at(7, 8, 0, 0), "online"),
                wrong_commune,
                finished_early,
                record("HS-4", at(7, 9, 0, 0), "online"),
                record("HS-7", at(7, 8, 0, 0), "fax"),
                DossierRecord {
                    procedure: "1.999999".to_owned(),
                    ..record("HS-8", at(7, 8, 0, 0), "online")
                },
                DossierRecord {
                    agency: "SYT".to_owned(),
                    ..record("HS-9", at(7, 8, 0, 0), "online")
                },
                record("HS-10", now + Duration::hours(1), "online"),
            ];
            let errors = ingest(&app.db, "40", &bad, now).await.unwrap().unwrap_err();
            let found: Vec<(usize, &str, RecordProblem)> = errors
                .iter()
                .map(|e| (e.index, e.field.as_str(), e.problem))
                .collect();
            assert_eq!(
                found,
                [
                    (1, "commune", RecordProblem::CommuneOfAnotherProvince),
                    (2, "finished_at", RecordProblem::BeforeReceived),
                    (3, "code", RecordProblem::CodeRepeated),
                    (4, "channel", RecordProblem::UnknownChannel),
                    (5, "procedure", RecordProblem::UnknownProcedure),
                    (6, "agency", RecordProblem::UnknownAgency),
                    (7, "received_at", RecordProblem::InTheFuture),
                ]
            );
            assert_eq!(dossier::Entity::find().count(&app.db).await.unwrap(), 3);
            assert_eq!(totals(&app, at(9, 0, 0, 0)).await, (3, 3, 1));
        }
    });
}

#[test]
fn provinces_tied_on_the_online_rate_rank_by_dossiers_received_then_by_code() {
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            let now = at(31, 12, 0, 0);
            // Nghệ An: 2 of 4 online; Hà Tĩnh: 1 of 2: the same 50%, Nghệ An received more.
            let nghe_an: Vec<DossierRecord> = (0..4)
                .map(|i| {
                    record(
                        &format!("NA-{i}"),
                        at(2, 9, i, 0),
                        if i < 2 { "online" } else { "postal" },
                    )
                })
                .collect();
            let ha_tinh = vec![
                record("HT-1", at(2, 9, 0, 0), "online"),
                record("HT-2", at(2, 9, 1, 0), "in_person"),
            ];
            ingest(&app.db, "40", &nghe_an, now).await.unwrap().unwrap();
            ingest(&app.db, "42", &ha_tinh, now).await.unwrap().unwrap();
            let r = ranking(
                &app,
                "chi-so=ho-so-truc-tuyen&ngay=2025-07-02&so-voi=2025-07-01",
            )
            .await;
            assert_eq!(r["ranked"], 2, "{}", app.backend);
            assert_eq!(standing(&r, "40")["rank"], 1);
            assert_eq!(standing(&r, "42")["rank"], 2);
            assert_eq!(
                standing(&r, "40")["previous_rank"],
                serde_json::Value::Null,
                "none before"
            );
            // Hà Tĩnh receives two more, in person and online: 2 of 4, the same as Nghệ An,
            // which then comes first by its code.
            let more = vec![
                record("HT-3", at(3, 9, 0, 0), "online"),
                record("HT-4", at(3, 9, 1, 0), "in_person"),
            ];
            ingest(&app.db, "42", &more, now).await.unwrap().unwrap();
            let r = ranking(&app, "chi-so=ho-so-truc-tuyen&ngay=2025-07-03").await;
            assert_eq!(standing(&r, "40")["rank"], 1);
            assert_eq!(standing(&r, "42")["rank"], 2);
            let one_more = vec![record("HT-5", at(3, 10, 0, 0), "online")];
            ingest(&app.db, "42", &one_more, now)
                .await
                .unwrap()
                .unwrap();
            let r = ranking(
                &app,
                "chi-so=ho-so-truc-tuyen&ngay=2025-07-03&so-voi=2025-07-02",
            )
            .await;
            assert_eq!(standing(&r, "42")["rank"], 1, "3 of 5 is above 2 of 4");
            assert_eq!(standing(&r, "42")["previous_rank"], 2);
        }
    });
}

#[test]
fn the_day_counts_are_filled_from_the_hours_already_counted() {
    use migration::MigratorTrait;
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            let now = at(31, 12, 0, 0);
            let batch = vec![
                record("HS-1", at(6, 23, 30, 0), "online"),
                record("HS-2", at(7, 0, 30, 0), "in_person"),
                record("HS-3", at(7, 6, 59, 0), "online"),
            ];
            ingest(&app.db, "40", &batch, now).await.unwrap().unwrap();
            // The day counts (and the migrations after them) taken away, then made again
            // from the hours by their migration.
            migration::Migrator::down(&app.db, Some(after("m20251206_000001_dossier_day")))
                .await
                .unwrap();
            migration::Migrator::up(&app.db, None).await.unwrap();
            for (day, expected) in [(6, (1, 1, 0)), (7, (3, 2, 0))] {
                let through = figures::totals_through(
                    &app.db,
                    chrono::NaiveDate::from_ymd_opt(2025, 7, day).unwrap(),
                )
                .await
                .unwrap();
                let f = through.get("40").copied().unwrap_or_default();
                assert_eq!(
                    (f.received, f.online, f.returned),
                    expected,
                    "{day}/7 {}",
                    app.backend
                );
            }
        }
    });
}

/// How many migrations to take back so that `name` is the last one undone.
fn after(name: &str) -> u32 {
    use migration::MigratorTrait;
    let names: Vec<String> = migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names.iter().position(|n| n == name).expect("a migration");
    (names.len() - at) as u32
}

/// A moment in Vietnam in 2025.
fn on(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    crate_vietnam()
        .with_ymd_and_hms(2025, month, day, hour, 0, 0)
        .unwrap()
        .to_utc()
}

/// Nghệ An's procedures page as of 2025-07-`day`: (received, online, returned, late, base)
/// for the agency, commune and procedure lines, by code.
async fn breakdown(app: &TestApp, day: u32) -> serde_json::Value {
    let (status, body) = app
        .post(
            "/api/dossiers/province/procedures",
            None,
            &[("code", "40"), ("as_of", &format!("2025-07-{day:02}"))],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn line(page: &serde_json::Value, table: &str, code: &str) -> (u64, u64, u64, u64, u64) {
    let line = page[table]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {table}: {page}"));
    let d = &line["dossiers"];
    let n = |v: &serde_json::Value| v.as_u64().unwrap();
    (
        n(&d["figures"]["received"]),
        n(&d["figures"]["online"]),
        n(&d["figures"]["returned"]),
        n(&d["late"]),
        n(&d["base"]),
    )
}

#[test]
fn the_tables_by_agency_commune_and_procedure_count_late_and_carried_over_dossiers() {
    use migration::MigratorTrait;
    common::run(async {
        for app in apps().await {
            catalogue(&app).await;
            common::add_procedure(&app, "2.000001", "SKHCN").await;
            let now = on(7, 31, 12);
            let dossier =
                |code: &str, received, due, finished: Option<DateTime<Utc>>| DossierRecord {
                    due_at: Some(due),
                    finished_at: finished,
                    returned_at: finished,
                    status: if finished.is_some() {
                        "returned"
                    } else {
                        "processing"
                    }
                    .to_owned(),
                    ..record(code, received, "in_person")
                };
            let batch = vec![
                // Received before the period: C1 still open and late, C2 finished before
                // it (not counted), C3 late and finished in it.
                dossier("C1", on(6, 28, 10), on(6, 30, 17), None),
                dossier("C2", on(6, 27, 10), on(7, 3, 17), Some(on(6, 29, 10))),
                dossier("C3", on(6, 29, 10), on(6, 30, 17), Some(on(7, 2, 10))),
                // In the period: D1 on time; D2 at a commune, due 3/7 and still open; D3 for
                // another procedure, finished two days after its due date.
                DossierRecord {
                    channel: "online".to_owned(),
                    ..dossier("D1", on(7, 2, 8), on(7, 5, 17), Some(on(7, 4, 9)))
                },
                DossierRecord {
                    commune: Some("17827".to_owned()),
                    ..dossier("D2", on(7, 2, 9), on(7, 3, 17), None)
                },
                DossierRecord {
                    channel: "online".to_owned(),
                    procedure: "2.000001".to_owned(),
                    ..dossier("D3", on(7, 3, 9), on(7, 10, 17), Some(on(7, 12, 9)))
                },
            ];
            ingest(&app.db, "40", &batch, now).await.unwrap().unwrap();

            // Through 2/7: D1 and D2 received; C1 and C3 carried over, both late.
            let page = breakdown(&app, 2).await;
            assert_eq!(
                line(&page, "agencies", "SKHCN"),
                (2, 1, 1, 2, 4),
                "{}",
                app.backend
            );
            assert_eq!(page["total"]["late"], 2);
            // Through 5/7: D2 late too (due 3/7); D1 returned (C3's result, returned on
            // 2/7, counts in the period).
            let page = breakdown(&app, 5).await;
            assert_eq!(
                line(&page, "agencies", "SKHCN"),
                (3, 2, 2, 3, 5),
                "{}",
                app.backend
            );
            assert_eq!(line(&page, "communes", "17827"), (1, 0, 0, 1, 1));
            assert_eq!(line(&page, "procedures", "2.000001"), (1, 1, 0, 0, 1));
            assert_eq!(line(&page, "procedures", "1.004363"), (2, 1, 2, 3, 4));
            // Through 12/7: D3 late from its due date on.
            let page = breakdown(&app, 12).await;
            assert_eq!(line(&page, "agencies", "SKHCN"), (3, 2, 3, 4, 5));
            assert_eq!(page["weeks"][0]["received"], serde_json::json!([2, 1, 0]));
            assert_eq!(page["channels"], serde_json::json!([2, 1, 0]));

            // D2 finished after being counted, before its due time: no longer late.
            let finished = DossierRecord {
                commune: Some("17827".to_owned()),
                ..dossier("D2", on(7, 2, 9), on(7, 3, 17), Some(on(7, 3, 16)))
            };
            ingest(&app.db, "40", &[finished], now)
                .await
                .unwrap()
                .unwrap();
            let page = breakdown(&app, 5).await;
            assert_eq!(line(&page, "agencies", "SKHCN"), (3, 2, 3, 2, 5));
            assert_eq!(line(&page, "communes", "17827"), (1, 0, 1, 0, 1));
            // Through 31/7, a whole month (read from the month tallies): C1, C3 and D3 late.
            let page = breakdown(&app, 31).await;
            assert_eq!(
                line(&page, "agencies", "SKHCN"),
                (3, 2, 4, 3, 5),
                "{}",
                app.backend
            );
            assert_eq!(line(&page, "procedures", "2.000001"), (1, 1, 1, 1, 1));

            // The tallies made again from the dossiers by their migration say the same.
            let mut before = Vec::new();
            for day in [2, 5, 12, 31] {
                before.push(breakdown(&app, day).await);
            }
            migration::Migrator::down(&app.db, Some(after("m20251207_000001_dossier_tally")))
                .await
                .unwrap();
            migration::Migrator::up(&app.db, None).await.unwrap();
            for (day, before) in [2, 5, 12, 31].into_iter().zip(before) {
                let again = breakdown(&app, day).await;
                for table in ["total", "agencies", "communes", "procedures"] {
                    assert_eq!(
                        again[table], before[table],
                        "{table} {day}/7 {}",
                        app.backend
                    );
                }
            }
        }
    });
}
