//! The ministry's visits: the demo gives Nghệ An the visit of 22/8/2025 as the seed article
//! tells it, on the province's page, its list of visits and the visit's own page; what it
//! left to follow up is open, closed or overdue on any date from the responses up to that
//! date; public pages give titles, never names, which only those who may read the
//! province's records see.

#[path = "../common/mod.rs"]
mod common;

mod documents;
mod follow_ups;
mod offline;
mod record;
mod seed;

use serde_json::Value;

fn figures(list: &Value) -> (u64, u64, u64) {
    let f = &list["figures"];
    (
        f["open"].as_u64().unwrap(),
        f["closed"].as_u64().unwrap(),
        f["overdue"].as_u64().unwrap(),
    )
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
