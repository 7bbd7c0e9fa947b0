//! The ministry's visits: the demo gives Nghệ An the visit of 22/8/2025 as the seed article
//! tells it, on the province's page, its list of visits and the visit's own page; what it
//! left to follow up is open, closed or overdue on any date from the responses up to that
//! date; public pages give titles, never names, which only those who may read the
//! province's records see.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, demo_apps};
use serde_json::Value;

async fn province_visits_of(app: &TestApp, code: &str, day: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/visits/province",
            None,
            &[("code", code), ("as_of", day)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn province_visits(app: &TestApp, day: &str) -> Value {
    province_visits_of(app, "40", day).await
}

fn figures(list: &Value) -> (u64, u64, u64) {
    let f = &list["figures"];
    (
        f["open"].as_u64().unwrap(),
        f["closed"].as_u64().unwrap(),
        f["overdue"].as_u64().unwrap(),
    )
}

#[test]
fn the_demo_gives_nghe_an_the_visit_of_22_august_and_its_follow_up_by_date() {
    common::run(async {
        for app in demo_apps().await {
            // Before it, planned; nothing to follow up yet.
            let before = province_visits(&app, "2025-08-21").await;
            let visit = &before["visits"][0];
            assert_eq!(visit["starts_on"], "2025-08-22", "{}", app.backend);
            assert_eq!(visit["status"], "Planned");
            assert_eq!(figures(&before), (0, 0, 0));
            let id = visit["id"].as_i64().unwrap();
            // On the day: under way, and eight to follow up: the locality's two
            // recommendations and six conclusions.
            let on_the_day = province_visits(&app, "2025-08-22").await;
            assert_eq!(on_the_day["visits"][0]["status"], "UnderWay");
            assert_eq!(figures(&on_the_day), (8, 0, 0));
            let after = province_visits(&app, "2025-08-23").await;
            assert_eq!(after["visits"][0]["status"], "ReportIssued");
            // By 1/11/2025: two closed; a conclusion due 31/10 still in progress is overdue.
            assert_eq!(
                figures(&province_visits(&app, "2025-11-01").await),
                (6, 2, 1)
            );
            // By 1/12/2025: that one closed on 25/11; two others past 30/11 are overdue.
            assert_eq!(
                figures(&province_visits(&app, "2025-12-01").await),
                (5, 3, 2)
            );

            // Its page, anonymous: the article's words, titles and no names.
            let (status, page) = app
                .get_text(&format!("/doan-cong-tac/{id}?ngay=2025-12-01"))
                .await;
            assert_eq!(status, 200);
            for text in [
                "Phó Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
                "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
                "kết nối dữ liệu với Đề án 06",
                "lộ trình đầu tư trang thiết bị",
                "lực lượng sinh viên tình nguyện",
                "đề xuất sửa đổi, bổ sung văn bản pháp luật",
                "Quá hạn",
            ] {
                assert!(page.contains(text), "{text} ({})", app.backend);
            }
            assert!(!page.contains("Trần Ngọc Hậu"), "no name on a public page");
            // Every visit, anonymous: this one named with its province, figures as the
            // provinces' own added up.
            let (status, all) = app
                .post("/api/visits/all", None, &[("as_of", "2025-12-01")])
                .await;
            assert_eq!(status, 200, "{all}");
            let listed = all["visits"].as_array().unwrap();
            assert!(listed.len() > 1, "{}", app.backend);
            let seed = listed
                .iter()
                .find(|v| v["id"] == id)
                .expect("the seed visit");
            assert_eq!(seed["province_code"], "40");
            assert_eq!(all["provinces"]["40"], "Nghệ An");
            let mut sum = (0, 0, 0);
            for code in listed
                .iter()
                .map(|v| v["province_code"].as_str().unwrap().to_owned())
                .collect::<std::collections::BTreeSet<_>>()
            {
                let (open, closed, overdue) =
                    figures(&province_visits_of(&app, &code, "2025-12-01").await);
                sum = (sum.0 + open, sum.1 + closed, sum.2 + overdue);
            }
            assert_eq!(figures(&all), sum, "{}", app.backend);
            let (status, page) = app.get_text("/doan-cong-tac?ngay=2025-12-01").await;
            assert_eq!(status, 200);
            assert!(
                page.contains("Nghệ An")
                    && page.contains(&format!("/doan-cong-tac/{id}?ngay=2025-12-01"))
            );
            assert!(!page.contains("Trần Ngọc Hậu"), "no name on a public page");
            // Its preparation pack: Nghệ An as the delegation found it, and only Nghệ An.
            let pack = format!("/tinh/40/doan-cong-tac/{id}/chuan-bi?ngay=2025-08-22");
            let (status, page) = app.get_text(&pack).await;
            assert_eq!(status, 200);
            assert!(page.contains("Hồ sơ chuẩn bị") && page.contains("22/08/2025"));
            assert!(page.contains("province-visits"), "what earlier visits left");
            assert!(
                page.contains("Chưa có đoàn công tác nào làm việc với tỉnh trước đoàn này")
                    && !page.contains("follow-ups-open"),
                "none before this one, and not its own"
            );
            let elsewhere = format!("/tinh/42/doan-cong-tac/{id}/chuan-bi");
            assert_eq!(app.get_text(&elsewhere).await.0, 404);
            // Its report, printable and as a Word file: the same words, no names.
            let (status, printable) = app
                .get_text(&format!("/doan-cong-tac/{id}/bien-ban?ngay=2025-12-01"))
                .await;
            assert_eq!(status, 200);
            let response = app
                .get(&format!(
                    "/api/doan-cong-tac/{id}/bien-ban.docx?ngay=2025-12-01"
                ))
                .await;
            assert_eq!(response.status(), 200);
            let disposition = response.headers()["content-disposition"].to_str().unwrap();
            assert!(disposition.ends_with("-2025-12-01.docx\""), "{disposition}");
            let word = word_text(response).await;
            for text in [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Phó Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
                "kết nối dữ liệu với Đề án 06",
                "lực lượng sinh viên tình nguyện",
                "quá hạn",
                "01/12/2025",
                // Signed by the locality and the head of the delegation, where and when.
                "Nghệ An, ngày 22 tháng 8 năm 2025",
                "ĐẠI DIỆN ĐỊA PHƯƠNG",
                "TRƯỞNG ĐOÀN",
                "(Ký, ghi rõ họ tên)",
            ] {
                assert!(
                    printable.contains(text),
                    "{text} printable ({})",
                    app.backend
                );
                assert!(word.contains(text), "{text} in Word ({})", app.backend);
            }
            assert!(!word.contains("Trần Ngọc Hậu") && !printable.contains("Trần Ngọc Hậu"));
            for private in ["Kết quả kiểm tra", "giải quyết 121 thủ tục hành chính"]
            {
                assert!(!word.contains(private) && !printable.contains(private));
            }
            // The province's official sees who led it.
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let official = app.login("tinh_na", PASSWORD).await.unwrap();
            let (_, page) = app
                .get_as(&format!("/doan-cong-tac/{id}"), Some(&official))
                .await;
            assert!(page.contains("Trần Ngọc Hậu"), "{}", app.backend);
            // And the delegation's checklist as it left it, which the public does not see.
            let path = format!("/doan-cong-tac/{id}/kiem-tra");
            let (status, page) = app.get_as(&path, Some(&official)).await;
            assert_eq!(status, 200, "{}", app.backend);
            for text in [
                "205 thủ tục không phụ thuộc địa giới hành chính của 8 sở, ngành",
                "giải quyết 121 thủ tục hành chính",
                "224.930 hồ sơ nộp trực tuyến (72,35%), xếp thứ 20/34",
                "lực lượng sinh viên tình nguyện",
            ] {
                assert!(page.contains(text), "{text} ({})", app.backend);
            }
            assert_eq!(app.get_as(&path, None).await.0, 401);
            // Their report gives it too: 4 of the 7 questions assessed, and the findings.
            let report = format!("/doan-cong-tac/{id}/bien-ban?ngay=2025-12-01");
            let (status, printable) = app.get_as(&report, Some(&official)).await;
            assert_eq!(status, 200);
            let docx = format!("/api/doan-cong-tac/{id}/bien-ban.docx?ngay=2025-12-01");
            let response = app
                .client
                .get(app.url(&docx))
                .header("cookie", &official)
                .send()
                .await
                .unwrap();
            let word = word_text(response).await;
            for text in [
                "Kết quả kiểm tra tại chỗ",
                "Đạt: 2 · Đạt một phần: 1 · Chưa đạt: 1 · Không áp dụng: 0 · Chưa đánh giá: 3",
                "Kết quả kiểm tra: Thủ tục hành chính",
                "giải quyết 121 thủ tục hành chính",
                "Nhận xét của đoàn: Đến 16 giờ ngày 06/8/2025",
            ] {
                assert!(
                    printable.contains(text),
                    "{text} printable ({})",
                    app.backend
                );
                assert!(word.contains(text), "{text} in Word ({})", app.backend);
            }
            // The head of the delegation's name under the signature, for those who may read it.
            let signed =
                |text: &str, after: &str| match (text.find(after), text.rfind("Trần Ngọc Hậu"))
                {
                    (Some(role), Some(name)) => name > role,
                    _ => false,
                };
            assert!(signed(&printable, "report-sign-name"), "{}", app.backend);
            assert!(signed(&word, "TRƯỞNG ĐOÀN"), "{}", app.backend);

            // The province's page gives the figures and leads to the list.
            let (_, page) = app.get_text("/tinh/40?ngay=2025-12-01").await;
            let section = &page[page.find("province-visits").expect("the section")..];
            assert!(
                section.contains("class=\"follow-ups-open\">5<"),
                "{section}"
            );
            assert!(section.contains("class=\"follow-ups-overdue\">2<"));
            assert!(section.contains("/tinh/40/doan-cong-tac?ngay=2025-12-01"));
            let (status, list) = app.get_text("/tinh/40/doan-cong-tac?ngay=2025-12-01").await;
            assert_eq!(status, 200);
            assert!(list.contains(
                "Làm việc với UBND tỉnh Nghệ An về phân cấp, phân quyền và chuyển đổi số"
            ));
            assert_eq!(app.get_text("/doan-cong-tac/999999").await.0, 404);
        }
    });
}

/// The text of a Word file's body.
async fn word_text(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut word = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").unwrap(),
        &mut word,
    )
    .unwrap();
    word
}

async fn follow_up_list(app: &TestApp, filter: &[(&str, &str)]) -> Value {
    let mut form = vec![("as_of", "2025-12-01")];
    form.extend_from_slice(filter);
    let (status, body) = app.post("/api/visits/follow-ups", None, &form).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn entries(list: &Value) -> &Vec<Value> {
    list["entries"].as_array().unwrap()
}

#[test]
fn the_list_across_visits_filters_by_province_unit_kind_and_standing() {
    common::run(async {
        for app in demo_apps().await {
            // Everything, nationwide: the provinces' own figures added up.
            let all = follow_up_list(&app, &[("show", "all")]).await;
            let mut summed = (0, 0, 0);
            let provinces = all["provinces"].as_array().unwrap();
            assert!(provinces.len() > 1, "{all}");
            for province in provinces {
                let code = province[0].as_str().unwrap();
                let (status, list) = app
                    .post(
                        "/api/visits/province",
                        None,
                        &[("code", code), ("as_of", "2025-12-01")],
                    )
                    .await;
                assert_eq!(status, 200);
                let (open, closed, overdue) = figures(&list);
                summed = (summed.0 + open, summed.1 + closed, summed.2 + overdue);
            }
            assert_eq!(figures(&all), summed, "{}", app.backend);
            assert_eq!(entries(&all).len() as u64, summed.0 + summed.1);
            // The most overdue first.
            let overdue: Vec<bool> = entries(&all)
                .iter()
                .map(|e| e["line"]["overdue"].as_bool().unwrap())
                .collect();
            assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");

            // Nghệ An: its page's figures; by default what is not closed.
            let nghe_an = follow_up_list(&app, &[("province", "40")]).await;
            assert_eq!(figures(&nghe_an), (5, 3, 2));
            assert_eq!(entries(&nghe_an).len(), 5);
            assert!(
                entries(&nghe_an)
                    .iter()
                    .all(|e| e["province_code"] == "40" && e["line"]["status"] != "Closed")
            );
            // What the locality asked of the ministry.
            let ministry = follow_up_list(
                &app,
                &[
                    ("province", "40"),
                    ("unit", "Bộ Khoa học và Công nghệ"),
                    ("show", "all"),
                ],
            )
            .await;
            assert_eq!(entries(&ministry).len(), 2, "{ministry}");
            assert!(
                entries(&ministry)
                    .iter()
                    .all(|e| e["line"]["kind"] == "Recommendation")
            );
            assert!(
                nghe_an["units"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from("Bộ Khoa học và Công nghệ"))
            );
            let overdue = follow_up_list(&app, &[("province", "40"), ("show", "overdue")]).await;
            assert_eq!(entries(&overdue).len(), 2);
            let closed = follow_up_list(
                &app,
                &[
                    ("province", "40"),
                    ("kind", "conclusion"),
                    ("show", "closed"),
                ],
            )
            .await;
            assert!(
                entries(&closed)
                    .iter()
                    .all(|e| e["line"]["kind"] == "Conclusion" && e["line"]["status"] == "Closed")
            );
            // Before the visit, Nghệ An had nothing to follow up.
            let (status, before) = app
                .post(
                    "/api/visits/follow-ups",
                    None,
                    &[("province", "40"), ("as_of", "2025-08-21")],
                )
                .await;
            assert_eq!(status, 200);
            assert_eq!(figures(&before), (0, 0, 0));

            // The page, without JavaScript: each item leads to its place on its visit's
            // page; titles, no names.
            let (status, page) = app
                .get_text("/kien-nghi-ket-luan?tinh=40&don-vi=B%E1%BB%99+Khoa+h%E1%BB%8Dc+v%C3%A0+C%C3%B4ng+ngh%E1%BB%87&hien=all&ngay=2025-12-01")
                .await;
            assert_eq!(status, 200);
            assert!(
                page.contains("kết nối dữ liệu với Đề án 06"),
                "{}",
                app.backend
            );
            assert!(
                !page.contains("Tăng cường vai trò chỉ đạo"),
                "another unit's"
            );
            assert!(page.contains("?ngay=2025-12-01#follow-up-"));
            assert!(!page.contains("Trần Ngọc Hậu"));
            // The province's page leads to it.
            let (_, province) = app.get_text("/tinh/40?ngay=2025-12-01").await;
            assert!(province.contains("/kien-nghi-ket-luan?tinh=40&amp;ngay=2025-12-01"));
        }
    });
}

/// A visit's form as an inspector fills it in, with `changes` over it.
fn visit_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("visit[province]", "40"),
        ("visit[id]", ""),
        ("visit[kind]", "inspection"),
        ("visit[title]", "Kiểm tra chuyển đổi số tại Nghệ An"),
        ("visit[organiser]", "Bộ Khoa học và Công nghệ"),
        ("visit[starts_on]", "2025-08-14"),
        ("visit[ends_on]", "2025-08-15"),
        ("visit[places]", "UBND tỉnh Nghệ An"),
        ("visit[topics]", "Chuyển đổi số\nThủ tục hành chính"),
        ("visit[participants]", "Lãnh đạo UBND tỉnh"),
        ("visit[head_name]", "Nguyễn Văn Trưởng"),
        ("visit[head_title]", "Thứ trưởng"),
        (
            "visit[members]",
            "Lê Thị Thành; Chuyên viên\nThanh tra viên",
        ),
        ("visit[status]", "planned"),
    ];
    for (name, value) in changes {
        form.iter_mut().find(|(n, _)| n == name).expect("a field").1 = value;
    }
    form
}

fn refused_field(body: &Value) -> (&str, &str) {
    let field = &body["InvalidField"];
    (field[0].as_str().unwrap(), field[1].as_str().unwrap())
}

#[test]
fn inspectors_record_a_visit_and_the_province_answers_what_it_left() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            app.user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            app.user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            app.user("xa_nl", Role::CommuneOfficial, Some("17827"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let ha_tinh = app.login("tinh_ht", PASSWORD).await.unwrap();
            let commune = app.login("xa_nl", PASSWORD).await.unwrap();

            // Only ministry staff record a visit.
            for (cookie, status) in [(None, 401), (Some(&nghe_an), 403), (Some(&commune), 403)] {
                let (got, _) = app
                    .post(
                        "/api/visits/save",
                        cookie.map(String::as_str),
                        &visit_form(&[]),
                    )
                    .await;
                assert_eq!(got, status, "{backend}");
            }
            // Bad input names its field, and nothing is written.
            for (change, field, problem) in [
                (
                    ("visit[ends_on]", "2025-08-13"),
                    "ends_on",
                    "DateOutOfOrder",
                ),
                (
                    ("visit[starts_on]", "14/8/2025"),
                    "starts_on",
                    "DateInvalid",
                ),
                (("visit[members]", "Tên;  "), "members", "MemberInvalid"),
                (("visit[head_title]", " "), "head_title", "TextRequired"),
                (("visit[kind]", "party"), "kind", "KindUnknown"),
                (("visit[status]", "done"), "status", "StatusUnknown"),
                (
                    ("visit[status]", "report_issued"),
                    "status",
                    "VisitNotEnded",
                ),
            ] {
                let (status, body) = app
                    .post("/api/visits/save", Some(&inspector), &visit_form(&[change]))
                    .await;
                assert_eq!(status, 422, "{change:?} {backend}");
                assert_eq!(refused_field(&body), (field, problem), "{backend}");
            }
            assert_eq!(
                province_list(&app, None).await["visits"]
                    .as_array()
                    .unwrap()
                    .len(),
                0
            );
            let (status, id) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{id} {backend}");
            let id = id.as_i64().unwrap().to_string();
            let list = province_list(&app, Some(&inspector)).await;
            assert_eq!(list["visits"][0]["status"], "UnderWay", "{backend}");
            assert_eq!(list["may_manage"], true);
            assert_eq!(
                province_list(&app, Some(&nghe_an)).await["may_manage"],
                false
            );

            // A conclusion due before the visit is refused; one due after it is added.
            let conclusion = |due: &'static str| {
                vec![
                    ("follow_up[visit]", id.clone()),
                    ("follow_up[kind]", "conclusion".to_owned()),
                    (
                        "follow_up[body]",
                        "Hoàn thiện hạ tầng </textarea><b>số</b>".to_owned(),
                    ),
                    ("follow_up[addressed_to]", "UBND tỉnh Nghệ An".to_owned()),
                    (
                        "follow_up[responsible]",
                        "Sở Khoa học và Công nghệ".to_owned(),
                    ),
                    ("follow_up[due_on]", due.to_owned()),
                ]
            };
            let post = |cookie: &str, fields: Vec<(&'static str, String)>| {
                let app = &app;
                let cookie = cookie.to_owned();
                async move {
                    let fields: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post("/api/visits/follow-up", Some(&cookie), &fields)
                        .await
                }
            };
            let (status, body) = post(&inspector, conclusion("2025-08-13")).await;
            assert_eq!(status, 422);
            assert_eq!(refused_field(&body), ("due_on", "DueBeforeVisit"));
            let (status, _) = post(&nghe_an, conclusion("2025-08-20")).await;
            assert_eq!(
                status, 403,
                "the province does not write the delegation's conclusions"
            );
            let (status, line) = post(&inspector, conclusion("2025-08-20")).await;
            assert_eq!(status, 200, "{line}");
            assert_eq!(line["version"], 1);
            assert_eq!(line["status"], "Open");
            let item = line["id"].as_i64().unwrap().to_string();

            // The province answers from the version it saw.
            let respond = |cookie: &str, version: &str, status: &str, body: &str| {
                let (app, cookie) = (&app, cookie.to_owned());
                let form = [
                    ("id", item.clone()),
                    ("version", version.to_owned()),
                    ("response[body]", body.to_owned()),
                    ("response[status]", status.to_owned()),
                ];
                async move {
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post("/api/visits/respond", Some(&cookie), &form).await
                }
            };
            let (status, body) = respond(&nghe_an, "1", "in_progress", "Đã giao Sở").await;
            assert_eq!(status, 200, "{body} {backend}");
            let saved = &body["Saved"];
            assert_eq!(saved["version"], 2);
            assert_eq!(saved["status"], "InProgress");
            assert_eq!(saved["responses"].as_array().unwrap().len(), 1);
            // Someone answering the version before gets both versions back, and writes
            // nothing.
            let (status, body) = respond(&inspector, "1", "closed", "Đã xong").await;
            assert_eq!(status, 200);
            let theirs = &body["Conflict"];
            assert_eq!(theirs["version"], 2, "{body}");
            assert_eq!(theirs["responses"].as_array().unwrap().len(), 1);
            assert_eq!(theirs["responses"][0]["body"], "Đã giao Sở");
            // Another province, and an item that does not exist, are refused alike.
            assert_eq!(respond(&ha_tinh, "2", "closed", "x").await.0, 403);
            let (status, body) = respond(&nghe_an, "2", "finished", "x").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("status", "StatusUnknown"))
            );
            let (status, body) = respond(&nghe_an, "2", "closed", " ").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("body", "TextRequired"))
            );
            // The delegation closes it, not the province.
            let (status, body) = respond(&nghe_an, "2", "closed", "Xong").await;
            assert_eq!(
                (status, refused_field(&body)),
                (422, ("status", "CloseByDelegation"))
            );
            let (status, body) = respond(&inspector, "2", "closed", "Đã hoàn thành").await;
            assert_eq!(status, 200);
            assert_eq!(body["Saved"]["status"], "Closed");
            let list = province_list(&app, None).await;
            assert_eq!(figures(&list), (0, 1, 0), "{backend}");

            // The visit page shows the stored markup as text to the province's official.
            let (_, page) = app
                .get_as(&format!("/doan-cong-tac/{id}"), Some(&nghe_an))
                .await;
            assert!(
                page.contains("&lt;/textarea&gt;&lt;b&gt;số&lt;/b&gt;"),
                "{backend}"
            );
            assert!(!page.contains("<b>số</b>"));
            assert!(page.contains("Đã giao Sở"));

            // The visit cannot move to start after what it left was written or fell due.
            let mut later = visit_form(&[
                ("visit[starts_on]", "2025-08-21"),
                ("visit[ends_on]", "2025-08-22"),
            ]);
            later.iter_mut().find(|(n, _)| *n == "visit[id]").unwrap().1 = &id;
            let (status, body) = app.post("/api/visits/save", Some(&inspector), &later).await;
            assert_eq!(status, 422, "{body} {backend}");
            assert_eq!(refused_field(&body), ("starts_on", "StartsAfterFollowUps"));

            // A visit whose follow-up is closed (from its last day) takes nothing more.
            let closed = visit_form(&[
                ("visit[status]", "closed"),
                ("visit[ends_on]", "2025-08-14"),
            ]);
            let mut closed: Vec<(&str, &str)> = closed;
            closed
                .iter_mut()
                .find(|(n, _)| *n == "visit[id]")
                .unwrap()
                .1 = &id;
            assert_eq!(
                app.post("/api/visits/save", Some(&inspector), &closed)
                    .await
                    .0,
                200
            );
            let (status, body) = respond(&nghe_an, "3", "in_progress", "Mở lại").await;
            assert_eq!(
                (status, &body),
                (422, &serde_json::json!({ "Invalid": "VisitClosed" }))
            );
            let (status, _) = post(&inspector, conclusion("2025-08-20")).await;
            assert_eq!(status, 422);
        }
    });
}

async fn province_list(app: &TestApp, cookie: Option<&str>) -> Value {
    let (status, body) = app
        .post("/api/visits/province", cookie, &[("code", "40")])
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A change the service worker kept on the device and sends now: a plain form post with its
/// key; the outcome comes back as data.
async fn replay(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    key: &str,
    form: &[(&str, String)],
) -> Value {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "text/html")
        .header("x-tiendo-request", key)
        .header("x-tiendo-replay", "1")
        .form(&form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("POST");
    assert_eq!(response.status(), 200);
    response.json().await.expect("an outcome")
}

#[test]
fn a_change_kept_offline_is_written_once_and_one_that_cannot_be_waits_on_its_page() {
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            let inspector_id = app.user("kiem_tra", Role::Inspector, None).await;
            let nghe_an_id = app
                .user("tinh_na", Role::ProvinceOfficial, Some("40"))
                .await;
            let ha_tinh_id = app
                .user("tinh_ht", Role::ProvinceOfficial, Some("42"))
                .await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let nghe_an = app.login("tinh_na", PASSWORD).await.unwrap();
            let (status, visit) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{visit} {backend}");
            let visit = visit.as_i64().unwrap().to_string();
            let page = format!("/doan-cong-tac/{visit}");
            let conclusion = |body: &str| {
                vec![
                    ("_form", "follow-up-new".to_owned()),
                    ("_back", page.clone()),
                    ("_account", inspector_id.to_string()),
                    ("follow_up[visit]", visit.clone()),
                    ("follow_up[kind]", "conclusion".to_owned()),
                    ("follow_up[body]", body.to_owned()),
                    ("follow_up[addressed_to]", "UBND tỉnh Nghệ An".to_owned()),
                    ("follow_up[due_on]", "2025-09-30".to_owned()),
                ]
            };
            let detail = || async {
                let (status, detail) = app
                    .post(
                        "/api/visits/get",
                        Some(&inspector),
                        &[("id", visit.as_str())],
                    )
                    .await;
                assert_eq!(status, 200);
                detail
            };
            // A conclusion written offline, sent twice (the first answer lost): one.
            for _ in 0..2 {
                let outcome = replay(
                    &app,
                    "/api/visits/follow-up",
                    Some(&inspector),
                    "k-conclusion-1",
                    &conclusion("Kiện toàn Tổ công nghệ số cộng đồng"),
                )
                .await;
                assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
                assert!(outcome["to"].as_str().unwrap().starts_with(&page));
            }
            let conclusions = detail().await["conclusions"].clone();
            assert_eq!(conclusions.as_array().unwrap().len(), 1, "{backend}");
            let item = conclusions[0]["id"].as_i64().unwrap().to_string();
            // A key is its account's own: another account's change with the same key is
            // its own change, and written.
            let colleague_id = app.user("kiem_tra_2", Role::Inspector, None).await;
            let colleague = app.login("kiem_tra_2", PASSWORD).await.unwrap();
            let mut theirs = conclusion("Tập huấn cán bộ cấp xã");
            theirs.iter_mut().find(|(n, _)| *n == "_account").unwrap().1 = colleague_id.to_string();
            let outcome = replay(
                &app,
                "/api/visits/follow-up",
                Some(&colleague),
                "k-conclusion-1",
                &theirs,
            )
            .await;
            assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            assert_eq!(
                detail().await["conclusions"].as_array().unwrap().len(),
                2,
                "{backend}"
            );

            let answer = |version: &str, account: i64, body: &str| {
                vec![
                    ("_form", format!("respond-{item}")),
                    ("_anchor", format!("follow-up-{item}")),
                    ("_back", page.clone()),
                    ("_account", account.to_string()),
                    ("id", item.clone()),
                    ("version", version.to_owned()),
                    ("response[body]", body.to_owned()),
                    ("response[status]", "in_progress".to_owned()),
                ]
            };
            // The province's answer, sent three times: written once.
            for _ in 0..3 {
                let outcome = replay(
                    &app,
                    "/api/visits/respond",
                    Some(&nghe_an),
                    "k-answer-1",
                    &answer("1", nghe_an_id, "Đã giao Sở Nội vụ"),
                )
                .await;
                assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            }
            let responses = || async {
                detail().await["conclusions"][0]["responses"]
                    .as_array()
                    .unwrap()
                    .len()
            };
            assert_eq!(responses().await, 1, "{backend}");
            // Another answer to the version already answered: not written; its page shows
            // both versions with what was typed.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-2",
                &answer("1", nghe_an_id, "Sở Nội vụ đã nhận"),
            )
            .await;
            assert_eq!(outcome["outcome"], "draft", "{outcome}");
            let to = outcome["to"].as_str().unwrap();
            assert!(to.starts_with(&page) && to.contains("nhap="), "{to}");
            let (_, shown) = app.get_as(to, Some(&nghe_an)).await;
            assert!(shown.contains("Sở Nội vụ đã nhận") && shown.contains("Đã giao Sở Nội vụ"));
            assert_eq!(responses().await, 1);
            // The same change, sent again once it no longer conflicts: its key was not taken
            // by the answer that was not written.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-2",
                &answer("2", nghe_an_id, "Sở Nội vụ đã nhận"),
            )
            .await;
            assert_eq!(outcome["outcome"], "saved", "{outcome} {backend}");
            assert_eq!(responses().await, 2);
            // Sent again without saying which account opened it: not written.
            let mut anonymous = conclusion("Không rõ ai mở biểu mẫu");
            anonymous.retain(|(name, _)| *name != "_account");
            let outcome = replay(
                &app,
                "/api/visits/follow-up",
                Some(&inspector),
                "k-conclusion-2",
                &anonymous,
            )
            .await;
            assert_eq!(outcome["outcome"], "refused", "{outcome}");
            assert_eq!(detail().await["conclusions"].as_array().unwrap().len(), 2);
            // Typed while another account was signed in: not written for this one.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                Some(&nghe_an),
                "k-answer-3",
                &answer("3", ha_tinh_id, "Của tài khoản khác"),
            )
            .await;
            assert_eq!(outcome["outcome"], "refused", "{outcome}");
            assert_eq!(responses().await, 2);
            // Signed out meanwhile: to be sent after signing in; nothing written.
            let outcome = replay(
                &app,
                "/api/visits/respond",
                None,
                "k-answer-4",
                &answer("3", nghe_an_id, "Sau khi đăng nhập lại"),
            )
            .await;
            assert_eq!(outcome["outcome"], "sign-in", "{outcome}");
            assert!(outcome["to"].as_str().unwrap().starts_with("/dang-nhap"));
            assert_eq!(responses().await, 2);
            // A key is letters, digits and dashes: anything else is no key (a plain post).
            let form = answer("3", nghe_an_id, "Tiếp tục");
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app
                .client
                .post(app.url("/api/visits/respond"))
                .header("accept", "text/html")
                .header("x-tiendo-request", "<b>")
                .header("cookie", &nghe_an)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_redirection(), "{}", response.status());
            assert_eq!(responses().await, 3);
            // A page's script sends a change with its key too: its answer lost and the
            // change sent again, it is written once.
            let form = conclusion("Gửi từ trang, câu trả lời bị mất");
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let script_key = format!("k-script-{}", "1".repeat(app::forms::RequestKey::MAX - 9));
            let mut statuses = Vec::new();
            for _ in 0..2 {
                let response = app
                    .client
                    .post(app.url("/api/visits/follow-up"))
                    // The longest key there is: with its account, it fits the claim.
                    .header("x-tiendo-request", &script_key)
                    .header("cookie", &inspector)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                statuses.push(response.status().as_u16());
            }
            assert_eq!(statuses, [200, 409], "{backend}");
            assert_eq!(detail().await["conclusions"].as_array().unwrap().len(), 3);
        }
    });
}

/// Writes at the same moment wait their turn: each one read before it wrote, and SQLite
/// refuses such a write at once when another was committed in between, unless the
/// transaction took its turn first.
#[test]
fn recommendations_added_at_the_same_moment_are_all_kept() {
    const AT_ONCE: usize = 40;
    common::run(async {
        for app in common::apps_with(common::stopped_clock()).await {
            let backend = app.backend;
            app.user("kiem_tra", Role::Inspector, None).await;
            let inspector = app.login("kiem_tra", PASSWORD).await.unwrap();
            let (status, id) = app
                .post("/api/visits/save", Some(&inspector), &visit_form(&[]))
                .await;
            assert_eq!(status, 200, "{id}");
            let id = id.as_i64().unwrap().to_string();
            let app = std::sync::Arc::new(app);
            let adds: Vec<_> = (0..AT_ONCE)
                .map(|n| {
                    let (app, inspector, id) = (app.clone(), inspector.clone(), id.clone());
                    tokio::spawn(async move {
                        let body = format!("Kiến nghị số {n}");
                        let form = [
                            ("follow_up[visit]", id.as_str()),
                            ("follow_up[kind]", "recommendation"),
                            ("follow_up[body]", body.as_str()),
                            ("follow_up[addressed_to]", "Bộ Khoa học và Công nghệ"),
                        ];
                        app.post("/api/visits/follow-up", Some(&inspector), &form)
                            .await
                    })
                })
                .collect();
            for add in adds {
                let (status, body) = add.await.unwrap();
                assert_eq!(status, 200, "{body} ({backend})");
            }
            let (status, detail) = app
                .post("/api/visits/get", None, &[("id", id.as_str())])
                .await;
            assert_eq!(status, 200, "{detail}");
            assert_eq!(
                detail["recommendations"].as_array().unwrap().len(),
                AT_ONCE,
                "{backend}"
            );
        }
    });
}
