//! Rankings over real HTTP and a real database: the demo's Nghệ An 15/34, ranks on dates
//! before and after changes, rank change, a province without communes, a cache that is never
//! stale (whoever writes, one instance or two on one database), and a cross-check against a
//! deliberately naive implementation (plain SQL and loops) over random data.

mod common;

use app::clock::Clock;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{
    TestApp, apps, demo_apps, postgres_database,
    progress::{assign, change, commune_tasks, communes_of, ranking, ranks, standing},
    spawn_args,
};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Statement};
use serde_json::Value;
use std::collections::HashMap;

#[test]
fn the_demo_ranks_nghe_an_15_of_34_in_the_api_and_on_the_pages() {
    common::run(async {
        for app in demo_apps().await {
            let r = ranking(&app, "ngay=2025-08-14").await;
            assert_eq!(r["ranked"], 34, "{}", app.backend);
            assert_eq!(standing(&r, "40")["rank"], 15);
            assert_eq!(r["demo"], true);
            let (status, province) = {
                let response = app.get("/api/v1/tinh/40?ngay=2025-08-14").await;
                (response.status(), response.json::<Value>().await.unwrap())
            };
            assert_eq!(status, 200);
            assert_eq!(province["rank"], 15);
            assert_eq!(province["ranked"], 34);
            let (status, page) = app.get_text("/?ngay=2025-08-14").await;
            assert_eq!(status, 200);
            assert!(page.contains("ranking-chart"), "the chart is in the HTML");
            let row = page
                .split("<tr data-code=\"40\">")
                .nth(1)
                .expect("Nghệ An's row");
            let row = &row[..row.find("</tr>").expect("the row ends")];
            assert!(row.contains("15/34"), "{row}");
            // The map: 34 areas, each a link, Nghệ An named with its figure and rank.
            let map = &page[page.find("class=\"map-svg\"").expect("the map")..];
            let map = &map[..map.find("</svg>").unwrap()];
            assert_eq!(common::count(map, "<path d=\"M"), 34);
            assert_eq!(common::count(map, "<a href=\"/tinh/"), 34);
            assert!(
                map.contains(
                    "<title>Nghệ An: 95,82%, hạng 15/34; Đánh giá nhiệm vụ cấp tỉnh: Xanh</title>"
                ),
                "Nghệ An's name"
            );
            let (_, page) = app.get_text("/tinh/40?ngay=2025-08-14").await;
            assert!(page.contains("class=\"rank\">15/34"), "the province page");
            // Its communes' map: 130 areas, each a link to the commune's page.
            let map = &page[page.find("commune-map").expect("the communes' map")..];
            let map = &map[..map.find("</svg>").unwrap()];
            assert_eq!(common::count(map, "<g class=\"area"), 130);
            assert_eq!(common::count(map, "<a href=\"/xa/"), 130);
            assert!(map.contains("<title>Nghi Lộc: "), "Nghi Lộc named");
            // The ranking of all 34 is the national page's; the province page links to it.
            assert!(
                !page.contains("ranking-chart"),
                "the ranking is not repeated"
            );
            assert!(page.contains("href=\"/?ngay=2025-08-14#ranking-title\""));
        }
    });
}

/// The ratings the maps show (replayed in memory) equal the province pages' (read in SQL):
/// every province's own rating and each of Nghệ An's communes', on dates with all three
/// ratings, before and after a deadline is moved.
#[test]
fn ratings_replayed_for_the_maps_equal_the_province_pages() {
    common::run(async {
        for app in demo_apps().await {
            let ratings = |r: &Value| {
                r["standings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["rating"].as_str().unwrap_or("").to_owned())
                    .collect::<std::collections::HashSet<_>>()
            };
            let july = same_ratings(&app, "ngay=2025-07-10").await;
            let october = same_ratings(&app, "ngay=2025-10-01").await;
            let seen: std::collections::HashSet<String> =
                ratings(&july).union(&ratings(&october)).cloned().collect();
            assert_eq!(seen.len(), 3, "the dates show all three ratings: {seen:?}");
            // Move the deadline of one of Nghệ An's own tasks; today sees it, 1/10/2025 does not.
            let admin = app
                .login("admin", "tiendo-demo-2025")
                .await
                .expect("the demo admin");
            let task: i64 = app
                .db
                .query_one_raw(Statement::from_string(
                    app.db.get_database_backend(),
                    "SELECT task_id FROM assignment WHERE unit_code = '40' ORDER BY id LIMIT 1",
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get("", "task_id")
                .unwrap();
            let (status, _) = app
                .post(
                    "/api/plans/deadline",
                    Some(&admin),
                    &[("task_id", &task.to_string()), ("deadline", "2030-12-31")],
                )
                .await;
            assert_eq!(status, 200);
            same_ratings(&app, "ngay=2025-10-01").await;
            same_ratings(&app, "").await;
        }
    });
}

/// Checks that the ranking's and the communes' ratings on `query`'s date equal the province
/// pages'; returns the ranking.
async fn same_ratings(app: &TestApp, query: &str) -> Value {
    let r = ranking(app, query).await;
    for s in r["standings"].as_array().unwrap() {
        let page: Value = app
            .get(&format!(
                "/api/v1/tinh/{}?{query}",
                s["code"].as_str().unwrap()
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["own_rating"], s["rating"], "{} {query}", s["code"]);
    }
    let as_of = r["as_of"].as_str().unwrap().to_owned();
    let (_, figures) = app
        .post("/api/rankings/communes", None, &[("as_of", &as_of)])
        .await;
    let page: Value = app
        .get(&format!("/api/v1/tinh/40?ngay={as_of}"))
        .await
        .json()
        .await
        .unwrap();
    let rows = page["commune_rows"].as_array().unwrap();
    assert_eq!(rows.len(), 130);
    for row in rows {
        let replayed = figures["communes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == row["code"])
            .expect("each commune has figures");
        assert_eq!(replayed["rating"], row["rating"], "{} {query}", row["code"]);
    }
    r
}

#[test]
fn ranks_follow_the_data_on_every_date_and_the_cache_is_never_stale() {
    common::run(async {
        for app in apps().await {
            let tasks = commune_tasks(&app, "KH-XH", 2).await;
            // Hà Nội (01): one commune; Huế (46): one commune; Nghệ An (40): none assigned.
            let a = communes_of(&app, "01", 1).await;
            let b = communes_of(&app, "46", 1).await;
            let a1 = assign(&app, tasks[0], &a[0], "01").await;
            let a2 = assign(&app, tasks[1], &a[0], "01").await;
            let b1 = assign(&app, tasks[0], &b[0], "46").await;
            assign(&app, tasks[1], &b[0], "46").await;
            // Nothing done: a tie at 0 % broken by code.
            let r = ranking(&app, "ngay=2025-07-01").await;
            assert_eq!(standing(&r, "01")["rank"], 1, "{}", app.backend);
            assert_eq!(standing(&r, "46")["rank"], 2);
            assert_eq!(
                standing(&r, "40")["rank"],
                Value::Null,
                "no communes: not ranked"
            );
            assert_eq!(r["ranked"], 2);
            // 10/7: Huế finishes one of two; 20/7: Hà Nội finishes both.
            change(&app, b1, 10, "done").await;
            change(&app, a1, 20, "done").await;
            change(&app, a2, 20, "done").await;
            let on_15 = ranking(&app, "ngay=2025-07-15&so-voi=2025-07-01").await;
            assert_eq!(standing(&on_15, "46")["rank"], 1, "{}", app.backend);
            assert_eq!(standing(&on_15, "46")["previous_rank"], 2);
            assert_eq!(standing(&on_15, "01")["rank"], 2);
            let on_25 = ranking(&app, "ngay=2025-07-25&so-voi=2025-07-15").await;
            assert_eq!(standing(&on_25, "01")["rank"], 1);
            assert_eq!(standing(&on_25, "01")["previous_rank"], 2);
            assert_eq!(standing(&on_25, "01")["value"], 100.0);
            // The dates before the changes are unchanged.
            let again = ranking(&app, "ngay=2025-07-01").await;
            assert_eq!(ranks(&again), ranks(&r));
            // Rank change as shown on the table: ↑1 for Hà Nội since 15/7.
            let csv = app
                .get("/api/xep-hang.csv?ngay=2025-07-25&so-voi=2025-07-15")
                .await
                .text()
                .await
                .unwrap();
            let line = csv.lines().find(|l| l.contains(",01,")).expect("Hà Nội");
            assert!(line.starts_with("1,01,"), "{line}");
            assert!(line.contains(",2,↑1,"), "{line}");
            let huế = csv.lines().find(|l| l.contains(",46,")).expect("Huế");
            assert!(huế.starts_with("2,46,") && huế.contains(",1,↓1,"), "{huế}");
        }
    });
}

#[test]
fn two_instances_on_one_postgresql_never_show_a_stale_rank() {
    common::run(async {
        let Some(url) = postgres_database().await else {
            eprintln!("no PostgreSQL configured: skipped");
            return;
        };
        let one = spawn_args("postgres", Some(url.clone()), Clock::System, &[]).await;
        let two = spawn_args("postgres", Some(url), Clock::System, &[]).await;
        let tasks = commune_tasks(&one, "KH-HAI", 1).await;
        let a = communes_of(&one, "01", 1).await;
        let b = communes_of(&one, "46", 1).await;
        assign(&one, tasks[0], &a[0], "01").await;
        let b1 = assign(&one, tasks[0], &b[0], "46").await;
        let query = "ngay=2025-07-31";
        assert_eq!(standing(&ranking(&one, query).await, "01")["rank"], 1);
        assert_eq!(standing(&ranking(&two, query).await, "01")["rank"], 1);
        // Written through the second instance's database connection; both see it at once.
        change(&two, b1, 5, "done").await;
        assert_eq!(standing(&ranking(&one, query).await, "46")["rank"], 1);
        assert_eq!(standing(&ranking(&two, query).await, "46")["rank"], 1);
    });
}

/// A small deterministic generator (the same numbers on every run and machine).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The ranking on commune progress, the slow and obvious way: each assignment's latest change
/// up to the end of the day by a correlated subquery, then loops.
async fn naive_ranks(app: &TestApp, day: NaiveDate) -> HashMap<String, u64> {
    let cutoff = (day + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap()
        - Duration::hours(7)
        - Duration::microseconds(1);
    let cutoff = Utc.from_utc_datetime(&cutoff);
    let backend = app.db.get_database_backend();
    let sql = "SELECT a.province_code AS province, a.unit_code AS unit, \
         (SELECT c.status FROM assignment_change c WHERE c.assignment_id = a.id AND c.at <= $1 \
          ORDER BY c.at DESC, c.id DESC LIMIT 1) AS status \
         FROM assignment a WHERE LENGTH(a.unit_code) = 5";
    let sql = if backend == sea_orm::DatabaseBackend::Postgres {
        sql.to_owned()
    } else {
        sql.replace("$1", "?")
    };
    let rows = app
        .db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [cutoff.into()],
        ))
        .await
        .unwrap();
    // province → commune → (done, assigned)
    let mut provinces: HashMap<String, HashMap<String, (u32, u32)>> = HashMap::new();
    for row in rows {
        let province: String = row.try_get("", "province").unwrap();
        let unit: String = row.try_get("", "unit").unwrap();
        let status: Option<String> = row.try_get("", "status").unwrap();
        let entry = provinces
            .entry(province)
            .or_default()
            .entry(unit)
            .or_default();
        entry.1 += 1;
        if status.as_deref() == Some("done") {
            entry.0 += 1;
        }
    }
    let mut table: Vec<(String, f64, f64)> = Vec::new();
    for (province, communes) in provinces {
        let mut sum = 0.0;
        let mut complete = 0;
        for (done, assigned) in communes.values() {
            sum += f64::from(*done) * 100.0 / f64::from(*assigned);
            if done == assigned {
                complete += 1;
            }
        }
        let n = communes.len() as f64;
        let round = |v: f64| (v * 1e6).round() / 1e6;
        table.push((
            province,
            round(sum / n),
            round(f64::from(complete) * 100.0 / n),
        ));
    }
    // Selection, not a library sort: repeatedly take the best of what is left.
    let mut ranks = HashMap::new();
    let mut place = 1;
    while !table.is_empty() {
        let mut best = 0;
        for i in 1..table.len() {
            let (a, b) = (&table[i], &table[best]);
            let better = a.1 > b.1 || (a.1 == b.1 && (a.2 > b.2 || (a.2 == b.2 && a.0 < b.0)));
            if better {
                best = i;
            }
        }
        ranks.insert(table.remove(best).0, place);
        place += 1;
    }
    ranks
}

#[test]
fn the_engine_agrees_with_a_naive_ranking_on_random_data() {
    common::run(async {
        for app in apps().await {
            let provinces: Vec<String> = entity::province::Entity::find()
                .order_by_asc(entity::province::Column::Code)
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.code)
                .collect();
            let mut compared = 0;
            for seed in 1..=12u64 {
                let mut rng = Rng(seed);
                let tasks = commune_tasks(&app, &format!("KH-NGAU-NHIEN-{seed}"), 3).await;
                let mut assigned = std::collections::HashSet::new();
                for _ in 0..8 {
                    let province = &provinces[rng.below(provinces.len() as u64) as usize];
                    let n = 1 + rng.below(4);
                    for unit in communes_of(&app, province, n).await {
                        // Two or three tasks, so percentages like 33.33… and ties occur.
                        for &task in &tasks[..2 + rng.below(2) as usize] {
                            if !assigned.insert((task, unit.clone())) {
                                continue;
                            }
                            let id = assign(&app, task, &unit, province).await;
                            for _ in 0..rng.below(3) {
                                let status = ["done", "in_progress", "done"][rng.below(3) as usize];
                                change(&app, id, 1 + rng.below(28) as u32, status).await;
                            }
                        }
                    }
                }
                for day in [3, 14, 29] {
                    let day = NaiveDate::from_ymd_opt(2025, 7, day).unwrap();
                    let engine = ranks(&ranking(&app, &format!("ngay={day}")).await);
                    let naive = naive_ranks(&app, day).await;
                    for (code, rank) in &engine {
                        assert_eq!(
                            *rank,
                            naive.get(code).copied(),
                            "{} seed {seed} {day} province {code}",
                            app.backend
                        );
                    }
                    compared += naive.len();
                }
            }
            // Provinces ranked and compared: data accumulates seed after seed.
            assert!(compared > 12 * 3 * 8, "{compared}");
        }
    });
}
