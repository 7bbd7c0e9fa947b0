//! Rankings over real HTTP and a real database: the demo's Nghệ An 15/34, ranks on dates
//! before and after changes, rank change, a province without communes, a cache that is never
//! stale (whoever writes, one instance or two on one database), and a cross-check against a
//! deliberately naive implementation (plain SQL and loops) over random data.

mod common;

use app::{clock::Clock, format, i18n::Locale};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{TestApp, apps, demo_apps, postgres_database, spawn_args};
use entity::{assignment, assignment_change, commune, plan, task, task_group};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Statement,
};
use serde_json::Value;
use std::collections::HashMap;

async fn ranking(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/xep-hang?{query}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

/// Province code → rank (None: not ranked).
fn ranks(ranking: &Value) -> HashMap<String, Option<u64>> {
    ranking["standings"]
        .as_array()
        .expect("standings")
        .iter()
        .map(|s| (s["code"].as_str().unwrap().to_owned(), s["rank"].as_u64()))
        .collect()
}

fn standing<'a>(ranking: &'a Value, code: &str) -> &'a Value {
    ranking["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .expect("province listed")
}

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
                map.contains("<title>Nghệ An: 95,82%, hạng 15/34</title>"),
                "Nghệ An's name"
            );
            let (_, page) = app.get_text("/tinh/40?ngay=2025-08-14").await;
            assert!(page.contains("class=\"rank\">15/34"), "the province page");
            // Its communes' map: 130 areas, each a link to the commune's page.
            let map = &page[page.find("commune-map").expect("the communes' map")..];
            let map = &map[..map.find("</svg>").unwrap()];
            assert_eq!(common::count(map, "<path d=\"M"), 130);
            assert_eq!(common::count(map, "<a href=\"/xa/"), 130);
            assert!(map.contains("<title>Nghi Lộc: "), "Nghi Lộc named");
            let selected = page
                .find("class=\"bar-row selected\"")
                .expect("a bar is selected");
            let bar = &page[page[..selected].rfind("<g ").unwrap()..selected];
            assert!(bar.contains("data-code=\"40\""), "{bar}");
        }
    });
}

/// A plan with `tasks` commune tasks, written directly; returns the task ids.
async fn commune_tasks(app: &TestApp, code: &str, tasks: usize) -> Vec<i64> {
    let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let plan = plan::ActiveModel {
        code: Set(code.into()),
        title: Set("Kế hoạch thử".into()),
        issuer: Set("Bộ".into()),
        issued_on: Set(day),
        demo: Set(false),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let group = task_group::ActiveModel {
        plan_id: Set(plan.id),
        position: Set(1),
        name: Set("Nhóm".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut ids = Vec::new();
    for position in 0..tasks {
        let task = task::ActiveModel {
            plan_id: Set(plan.id),
            group_id: Set(group.id),
            level: Set("commune".into()),
            position: Set(position as i32 + 1),
            title: Set(format!("Nhiệm vụ {position}")),
            description: Set(String::new()),
            starts_on: Set(day),
            deadline: Set(day + Duration::days(200)),
            kind: Set("checklist".into()),
            evidence_required: Set(false),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(task.id);
    }
    ids
}

async fn assign(app: &TestApp, task: i64, unit: &str, province: &str) -> i64 {
    assignment::ActiveModel {
        task_id: Set(task),
        unit_code: Set(unit.into()),
        province_code: Set(province.into()),
        status: Set("not_started".into()),
        progress: Set(0),
        note: Set(String::new()),
        difficulties: Set(String::new()),
        recommendations: Set(String::new()),
        updated_at: Set(Utc::now()),
        version: Set(1),
        verification: Set("none".into()),
        verification_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A change at noon (Vietnam) on 2025-07-`day`, written directly as any writer might.
async fn change(app: &TestApp, assignment: i64, day: u32, status: &str) {
    let at = Utc.with_ymd_and_hms(2025, 7, day, 5, 0, 0).unwrap();
    assignment_change::ActiveModel {
        assignment_id: Set(assignment),
        at: Set(at),
        actor: Set(Some("test".into())),
        status: Set(status.into()),
        progress: Set(if status == "done" { 100 } else { 50 }),
        note: Set(String::new()),
        difficulties: Set(String::new()),
        recommendations: Set(String::new()),
        version: Set(2),
        verification: Set("none".into()),
        verification_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn communes_of(app: &TestApp, province: &str, n: u64) -> Vec<String> {
    commune::Entity::find()
        .filter(commune::Column::ProvinceCode.eq(province))
        .order_by_asc(commune::Column::Code)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .take(n as usize)
        .map(|c| c.code)
        .collect()
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

#[test]
fn public_pages_are_kept_with_an_etag_and_never_served_stale() {
    common::run(async {
        for app in apps().await {
            let tasks = commune_tasks(&app, "KH-TRANG", 1).await;
            let a = communes_of(&app, "01", 1).await;
            let b = communes_of(&app, "46", 1).await;
            assign(&app, tasks[0], &a[0], "01").await;
            let b1 = assign(&app, tasks[0], &b[0], "46").await;
            let path = "/?ngay=2025-07-31";
            let first = app.get(path).await;
            assert_eq!(first.status(), 200);
            let etag = first.headers()["etag"].to_str().unwrap().to_owned();
            let first_csp = first.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            assert_eq!(first.headers()["cache-control"], "no-cache");
            let page = common::strip_markers(&first.text().await.unwrap());
            assert!(
                page.contains("<tr data-code=\"01\"><td class=\"num rank\">1/2"),
                "{}",
                app.backend
            );
            // The same page again: the same bytes, or nothing at all for a client that has them.
            let again = app.get(path).await;
            assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
            let unchanged = app
                .client
                .get(app.url(path))
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(unchanged.status(), 304);
            // A change written straight to the database: the next visitor sees it.
            change(&app, b1, 5, "done").await;
            let after = app
                .client
                .get(app.url(path))
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(after.status(), 200, "{}", app.backend);
            assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);
            let csp = after.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let page = common::strip_markers(&after.text().await.unwrap());
            assert!(
                page.contains("<tr data-code=\"46\"><td class=\"num rank\">1/2"),
                "{}",
                app.backend
            );
            // A page rendered afresh after the change: a new nonce.
            let nonce_of = |csp: &str| csp.split("'nonce-").nth(1).unwrap_or("").to_owned();
            assert_ne!(nonce_of(&csp), nonce_of(&first_csp), "{csp}");
            // The language comes from every Cookie header, as the page reads it: an English
            // page is never kept for Vietnamese readers.
            let english = app
                .client
                .get(app.url(path))
                .header("cookie", "a=1")
                .header("cookie", "lang=en")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(english.contains("<html lang=\"en\""));
            let (_, vietnamese) = app.get_text(path).await;
            assert!(vietnamese.contains("<html lang=\"vi\""));
            // Unknown parameters are answered but not kept.
            let odd = app.get(&format!("{path}&x=1")).await;
            assert_eq!(odd.status(), 200);
            assert!(odd.headers().get("etag").is_none());
            // Signed-in users are never served a kept page.
            app.user("tinh01", app::accounts::Role::ProvinceOfficial, Some("01"))
                .await;
            let cookie = app.login("tinh01", common::PASSWORD).await.unwrap();
            let signed_in = app
                .client
                .get(app.url(path))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(signed_in.headers()["cache-control"], "no-store");
            assert!(signed_in.headers().get("etag").is_none());
        }
    });
}

/// The text of each cell of a table row's HTML.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in row.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (false, c) => text.push(c),
            (true, '>') => {
                in_tag = false;
                if tag == "/td" || tag == "/th" {
                    cells.push(text.trim().to_owned());
                    text.clear();
                }
            }
            (true, c) => tag.push(c),
        }
    }
    cells
}

#[test]
fn the_downloads_equal_the_figures_on_the_page() {
    common::run(async {
        let app = &demo_apps().await[0];
        let query = "chi-so=tien-do-xa&ngay=2025-08-14&so-voi=2025-07-31";
        let (_, page) = app.get_text(&format!("/?{query}")).await;
        // Province code → [rank, name, value, change] as shown.
        let shown: HashMap<String, Vec<String>> = page
            .split("<tr data-code=\"")
            .skip(1)
            .map(|rest| {
                let (code, row) = rest.split_once("\">").unwrap();
                let row = &row[..row.find("</tr>").unwrap()];
                (code.to_owned(), cells(row))
            })
            .collect();
        assert_eq!(shown.len(), 34);
        let json = ranking(app, query).await;
        let csv = app
            .get(&format!("/api/xep-hang.csv?{query}"))
            .await
            .text()
            .await
            .unwrap();
        let mut lines = csv.trim_start_matches('\u{feff}').lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("hang,ma_tinh,ten,chi_so,gia_tri")
        );
        let mut rows = 0;
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            let on_screen = &shown[f[1]];
            assert_eq!(on_screen[0], format!("{}/34", f[0]), "{line}");
            assert_eq!(on_screen[1], f[2]);
            let csv_value: f64 = f[4].parse().unwrap();
            assert_eq!(
                on_screen[2],
                format::percent(csv_value, Locale::Vi),
                "{line}"
            );
            let csv_change = if f[6] == "±0" { "=" } else { f[6] };
            assert_eq!(on_screen[3], csv_change, "{line}");
            let s = standing(&json, f[1]);
            assert_eq!(
                on_screen[2],
                format::percent(s["value"].as_f64().unwrap(), Locale::Vi)
            );
            assert_eq!(s["rank"].as_u64().unwrap().to_string(), f[0]);
            rows += 1;
        }
        assert_eq!(rows, 34);
    });
}

#[test]
fn public_pages_and_open_data_carry_no_official_s_words() {
    common::run(async {
        for app in apps().await {
            let tasks = commune_tasks(&app, "KH-RIENG", 1).await;
            let unit = &communes_of(&app, "40", 1).await[0];
            let id = assign(&app, tasks[0], unit, "40").await;
            assignment_change::ActiveModel {
                assignment_id: Set(id),
                at: Set(Utc.with_ymd_and_hms(2025, 7, 2, 5, 0, 0).unwrap()),
                actor: Set(Some("Nguyễn Văn Cán Bộ".into())),
                status: Set("in_progress".into()),
                progress: Set(40),
                note: Set("Ghi chú nội bộ".into()),
                difficulties: Set("Thiếu máy tính".into()),
                recommendations: Set("Đề nghị hỗ trợ".into()),
                version: Set(2),
                verification: Set("none".into()),
                verification_note: Set(String::new()),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            let query = "ngay=2025-07-31";
            let api = app
                .get(&format!("/api/v1/xa/{unit}?{query}"))
                .await
                .text()
                .await
                .unwrap();
            let (_, page) = app.get_text(&format!("/xa/{unit}?{query}")).await;
            for text in [
                "Ghi chú nội bộ",
                "Thiếu máy tính",
                "Đề nghị hỗ trợ",
                "Nguyễn Văn Cán Bộ",
            ] {
                assert!(!api.contains(text), "{}: {text} in the API", app.backend);
                assert!(!page.contains(text), "{}: {text} on the page", app.backend);
            }
            assert!(api.contains("\"progress\":40"), "the figures are there");
            // A signed-in official of the commune reads them.
            app.user("xa40", app::accounts::Role::CommuneOfficial, Some(unit))
                .await;
            let cookie = app.login("xa40", common::PASSWORD).await.unwrap();
            let (status, list) = app
                .post(
                    "/api/tasks/checklist",
                    Some(&cookie),
                    &[("code", unit.as_str()), ("as_of", "2025-07-31")],
                )
                .await;
            assert_eq!(status, 200);
            assert!(list.to_string().contains("Thiếu máy tính"));
        }
    });
}
