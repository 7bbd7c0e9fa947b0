//! The seed visit: Nghệ An's visit of 22/8/2025, its figures on any date, its pack and its
//! report.

use super::figures;
use crate::common::{self, PASSWORD, TestApp, demo_apps};
use app::accounts::Role;
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
                // The demonstration's visit says it is not real, on paper too.
                "Dữ liệu minh hoạ (demo), không phải số liệu thật.",
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
