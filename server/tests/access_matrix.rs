//! The access matrix: every server function, page and HTTP route the running router serves,
//! called as each of eight actors and compared with the table below. An endpoint missing
//! from the table fails the test, and so does a table row for an endpoint that is gone.
//! A refusal must look the same whether or not its target exists.

mod common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, apps};
use sea_orm::EntityTrait;
use std::collections::BTreeSet;

/// The actors, in the order of the letters in `Case::expect`.
const ACTORS: [&str; 8] = [
    "anonymous",
    "commune A (Nghi Lộc, Nghệ An)",
    "commune B (Thành Vinh, Nghệ An)",
    "commune C (Thành Sen, Hà Tĩnh)",
    "province X (Nghệ An)",
    "province Y (Hà Tĩnh)",
    "inspector",
    "ministry admin",
];

/// Who the actors are: user name, role, unit (anonymous has none).
const ACCOUNTS: [(&str, Role, Option<&str>); 7] = [
    ("xa_a", Role::CommuneOfficial, Some("17827")),
    ("xa_b", Role::CommuneOfficial, Some("16681")),
    ("xa_c", Role::CommuneOfficial, Some("18073")),
    ("tinh_x", Role::ProvinceOfficial, Some("40")),
    ("tinh_y", Role::ProvinceOfficial, Some("42")),
    ("kiemtra", Role::Inspector, None),
    ("admin", Role::MinistryAdmin, None),
];

/// `{target}` in a request stands for this account's id: a commune official of Thành Vinh,
/// Nghệ An. `{n}` stands for a number unique to the call, `{percent}` for one from 0 to 99.
const TARGET: (&str, Role, Option<&str>) = ("muc_tieu", Role::CommuneOfficial, Some("16681"));
const MISSING_ID: &str = "987654";

struct Case {
    /// The route as registered (server function path, page pattern, HTTP route).
    endpoint: &'static str,
    /// `POST` with a form body, `MULTIPART` (a file upload), or `GET`.
    method: &'static str,
    /// The URL called (with `{target}` etc.).
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    /// One letter per actor: `y` allowed (2xx, or 3xx for a form that redirects), `n`
    /// refused (401 anonymous, 403 signed in).
    expect: &'static str,
    /// Whether the call names an account: then it is repeated with `{missing}` and a refusal
    /// must not change.
    has_target: bool,
    /// Whether the route takes an API token, not a session: every actor without one is
    /// refused with 401.
    token: bool,
}

const fn post(
    endpoint: &'static str,
    form: &'static [(&'static str, &'static str)],
    expect: &'static str,
) -> Case {
    Case {
        endpoint,
        method: "POST",
        path: endpoint,
        form,
        expect,
        has_target: false,
        token: false,
    }
}

const fn get(endpoint: &'static str, path: &'static str, expect: &'static str) -> Case {
    Case {
        endpoint,
        method: "GET",
        path,
        form: &[],
        expect,
        has_target: false,
        token: false,
    }
}

/// The call names an assignment: commune A's (`{assignment}`, at its current `{version}`) or
/// commune B's task reported done (`{done}`, `{done_version}`); it is repeated with an id no
/// assignment has.
const fn on_assignment(case: Case) -> Case {
    Case {
        has_target: true,
        ..case
    }
}

/// The call names an upload of Nghệ An's (`{upload}`); it is repeated with an id no upload
/// has.
const fn on_upload(case: Case) -> Case {
    Case {
        has_target: true,
        ..case
    }
}

impl Case {
    /// The same case called at `path`.
    const fn at(self, path: &'static str) -> Self {
        Case { path, ..self }
    }
}

const fn token_only(case: Case) -> Case {
    Case {
        token: true,
        ..case
    }
}

const fn on_target(case: Case) -> Case {
    Case {
        has_target: true,
        ..case
    }
}

const EVERYONE: &str = "yyyyyyyy";
const SIGNED_IN: &str = "nyyyyyyy";
/// Admin, and province officials for their own province.
const PROVINCES: &str = "nnnnyyny";
const ADMIN: &str = "nnnnnnny";
/// Admin, and the province the target lies in.
const TARGET_PROVINCE: &str = "nnnnynny";

const ACCOUNT_FORM_NEW: &[(&str, &str)] = &[
    ("username", "moi{n}"),
    ("display_name", "Cán bộ mới"),
    ("email", ""),
    ("role", "commune_official"),
    ("scope_code", "16681"),
    ("password", PASSWORD),
];
const DECISION_FORM_NEW: &[(&str, &str)] = &[
    ("decision[province]", "40"),
    ("decision[kind]", "boundary_free"),
    ("decision[number]", "{n}/QĐ-UBND"),
    ("decision[title]", "Công bố danh mục"),
    ("decision[issuer]", "Chủ tịch UBND tỉnh"),
    ("decision[proposed_on]", "2025-07-01"),
    ("decision[procedures]", "1.004363"),
];
const DECISION_FORM_EDIT: &[(&str, &str)] = &[
    ("decision[id]", "{decision}"),
    ("decision[kind]", "boundary_free"),
    ("decision[number]", "{n}/QĐ-UBND"),
    ("decision[title]", "Công bố danh mục"),
    ("decision[issuer]", "Chủ tịch UBND tỉnh"),
    ("decision[proposed_on]", "2025-07-01"),
    ("decision[procedures]", "1.004363"),
];
const VISIT_FORM: &[(&str, &str)] = &[
    ("visit[province]", "40"),
    ("visit[kind]", "inspection"),
    ("visit[title]", "Kiểm tra {n}"),
    ("visit[organiser]", "Bộ Khoa học và Công nghệ"),
    ("visit[starts_on]", "2025-08-22"),
    ("visit[topics]", "Chuyển đổi số"),
    ("visit[head_title]", "Thứ trưởng"),
    ("visit[status]", "report_issued"),
];
const VISIT_FORM_EDIT: &[(&str, &str)] = &[
    ("visit[id]", "{visit}"),
    ("visit[kind]", "inspection"),
    ("visit[title]", "Kiểm tra {n}"),
    ("visit[organiser]", "Bộ Khoa học và Công nghệ"),
    ("visit[starts_on]", "2025-08-22"),
    ("visit[topics]", "Chuyển đổi số"),
    ("visit[head_title]", "Thứ trưởng"),
    ("visit[status]", "report_issued"),
];
const FOLLOW_UP_FORM: &[(&str, &str)] = &[
    ("follow_up[visit]", "{visit}"),
    ("follow_up[kind]", "conclusion"),
    ("follow_up[body]", "Kết luận {n}"),
    ("follow_up[addressed_to]", "UBND tỉnh Nghệ An"),
];
const RESPONSE_FORM: &[(&str, &str)] = &[
    ("id", "{follow_up}"),
    ("version", "{follow_up_version}"),
    ("response[body]", "Trả lời {n}"),
    ("response[status]", "in_progress"),
];
const ANSWER_FORM: &[(&str, &str)] = &[
    ("visit", "{visit}"),
    ("question", "{question}"),
    ("version", "0"),
    ("answer[answer]", "partly"),
    ("answer[note]", "Ghi chú {n}"),
];
const FINDING_FORM: &[(&str, &str)] = &[
    ("visit", "{visit}"),
    ("topic", "Chuyển đổi số"),
    ("version", "0"),
    ("body", "Nhận xét {n}"),
];
const CONTACT_FORM: &[(&str, &str)] = &[
    ("contact[province]", "40"),
    ("contact[topic]", "Chuyển đổi số"),
    ("contact[name]", "Cán bộ {n}"),
    ("contact[phone]", "0238 3844 {percent}"),
];
const QUESTION_FORM: &[(&str, &str)] = &[
    ("question[kind]", "working"),
    ("question[topic]", "Chuyển đổi số"),
    ("question[body]", "Câu hỏi {n}?"),
];
/// Inspectors and ministry admins.
const MINISTRY: &str = "nnnnnnyy";
const ACCOUNT_FORM_EDIT: &[(&str, &str)] = &[
    ("id", "{target}"),
    ("username", "muc_tieu"),
    ("display_name", "Cán bộ đổi tên {n}"),
    ("email", ""),
    ("role", "commune_official"),
    ("scope_code", "16681"),
    ("password", ""),
];

fn table() -> Vec<Case> {
    vec![
        // Server functions.
        post("/api/territory/provinces", &[], EVERYONE),
        post("/api/territory/province", &[("code", "40")], EVERYONE),
        post("/api/territory/commune", &[("code", "17827")], EVERYONE),
        post(
            "/api/account/login",
            &[("username", "du_phong"), ("password", PASSWORD)],
            EVERYONE,
        ),
        post("/api/account/logout", &[], EVERYONE),
        post("/api/account/me", &[], EVERYONE),
        post(
            "/api/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
            SIGNED_IN,
        ),
        post("/api/accounts/list", &[], PROVINCES),
        on_target(post(
            "/api/accounts/get",
            &[("id", "{target}")],
            TARGET_PROVINCE,
        )),
        post("/api/accounts/save", ACCOUNT_FORM_NEW, TARGET_PROVINCE),
        on_target(post(
            "/api/accounts/save",
            ACCOUNT_FORM_EDIT,
            TARGET_PROVINCE,
        )),
        on_target(post(
            "/api/accounts/active",
            &[("id", "{target}"), ("active", "true")],
            TARGET_PROVINCE,
        )),
        post("/api/audit/list", &[("filter[user]", "")], PROVINCES),
        post("/api/locale", &[("locale", "en")], EVERYONE),
        post("/api/tasks/checklist", &[("code", "17827")], EVERYONE),
        post("/api/tasks/province", &[("code", "40")], EVERYONE),
        post("/api/maps/provinces", &[], EVERYONE),
        post("/api/maps/communes", &[("code", "40")], EVERYONE),
        post("/api/maps/all-communes", &[], EVERYONE),
        post("/api/rankings/communes", &[], EVERYONE),
        post("/api/dossiers/province", &[("code", "40")], EVERYONE),
        post(
            "/api/dossiers/province/procedures",
            &[("code", "40")],
            EVERYONE,
        ),
        post("/api/decisions/province", &[("code", "40")], EVERYONE),
        post("/api/visits/province", &[("code", "40")], EVERYONE),
        post("/api/visits/get", &[("id", "{visit}")], EVERYONE),
        post("/api/visits/follow-ups", &[("province", "40")], EVERYONE),
        post("/api/visits/save", VISIT_FORM, MINISTRY),
        on_target(post("/api/visits/save", VISIT_FORM_EDIT, MINISTRY)),
        on_target(post("/api/visits/follow-up", FOLLOW_UP_FORM, MINISTRY)),
        on_target(post("/api/visits/respond", RESPONSE_FORM, "nnnnynyy")),
        // A visit's checklist: the delegation's record, read by ministry staff and the
        // visited province's officials, written by the delegation; its template, by admins.
        on_target(post(
            "/api/visits/checklist",
            &[("id", "{visit}")],
            "nnnnynyy",
        )),
        on_target(post("/api/visits/answer", ANSWER_FORM, MINISTRY)),
        on_target(post("/api/visits/finding", FINDING_FORM, MINISTRY)),
        post("/api/visits/template", &[], ADMIN),
        // Nghệ An's contact points: ministry staff and its own officials.
        post("/api/visits/contacts", &[("code", "40")], "nnnnynyy"),
        post("/api/visits/contact", CONTACT_FORM, "nnnnynyy"),
        post("/api/visits/question", QUESTION_FORM, ADMIN),
        post(
            "/api/procedures/catalogue",
            &[("filter[page]", "1")],
            EVERYONE,
        ),
        post("/api/procedures/get", &[("code", "1.004363")], EVERYONE),
        post("/api/integrations/list", &[], ADMIN),
        post(
            "/api/integrations/issue",
            &[("province", "40"), ("name", "Hệ thống {n}")],
            ADMIN,
        ),
        post("/api/integrations/revoke", &[("id", "{token}")], ADMIN),
        // A session is no credential for the dossier API.
        token_only(Case {
            path: "/api/v1/tinh/40/ho-so",
            ..post("/api/v1/tinh/{code}/ho-so", &[], "nnnnnnnn")
        }),
        post("/api/decisions/get", &[("id", "{decision}")], EVERYONE),
        // Nghệ An's decisions: its province official and the admin.
        post("/api/decisions/save", DECISION_FORM_NEW, "nnnnynny"),
        on_target(post("/api/decisions/save", DECISION_FORM_EDIT, "nnnnynny")),
        post(
            "/api/rankings/get",
            &[("indicator", "tien-do-xa")],
            EVERYONE,
        ),
        on_assignment(post(
            "/api/tasks/update",
            &[
                ("id", "{assignment}"),
                ("version", "{version}"),
                ("change[status]", "in_progress"),
                ("change[progress]", "{percent}"),
                ("change[note]", ""),
                ("change[evidence_number]", ""),
                ("change[evidence_link]", ""),
            ],
            // Commune A's own assignment: commune A, its province, the admin.
            "nynnynny",
        )),
        on_assignment(post(
            "/api/tasks/verify",
            &[
                ("id", "{done}"),
                ("version", "{done_version}"),
                ("accept", "true"),
                ("reason", ""),
            ],
            // Commune B's task reported done: its province and the admin.
            "nnnnynny",
        )),
        on_assignment(post(
            "/api/tasks/verify-many",
            &[
                ("pick[{done}]", "{done_version}"),
                ("accept", "true"),
                ("reason", ""),
            ],
            "nnnnynny",
        )),
        // An official's work: the officials with a unit; the count, everyone signed in.
        post("/api/tasks/my-work", &[], "nyyyyynn"),
        post("/api/tasks/my-work-count", &[], SIGNED_IN),
        post("/api/notifications/inbox", &[], SIGNED_IN),
        post("/api/notifications/count", &[], SIGNED_IN),
        post("/api/notifications/read", &[], SIGNED_IN),
        post("/api/tasks/queue", &[("province", "40")], TARGET_PROVINCE),
        // A draft is its typist's; anyone else gets none (an empty answer, not a refusal).
        post("/api/forms/draft", &[("token", "{n}")], EVERYONE),
        post("/api/tasks/settings", &[], EVERYONE),
        post(
            "/api/tasks/settings/save",
            &[("near_due_days", "7"), ("tolerance_points", "20")],
            ADMIN,
        ),
        post("/api/plans/list", &[], ADMIN),
        post("/api/plans/get", &[("id", "{plan}")], ADMIN),
        post(
            "/api/plans/create",
            &[
                ("code", "KH-{n}"),
                ("title", "Kế hoạch"),
                ("issuer", "Bộ"),
                ("issued_on", "2025-09-01"),
            ],
            ADMIN,
        ),
        post(
            "/api/plans/group",
            &[("plan_id", "{plan}"), ("name", "Nhóm {n}")],
            ADMIN,
        ),
        post(
            "/api/plans/task",
            &[
                ("task[plan_id]", "{plan}"),
                ("task[group_id]", "{group}"),
                ("task[level]", "province"),
                ("task[title]", "Nhiệm vụ {n}"),
                ("task[starts_on]", "2025-09-01"),
                ("task[deadline]", "2025-12-31"),
                ("task[units]", "40"),
            ],
            ADMIN,
        ),
        post(
            "/api/plans/deadline",
            &[("task_id", "{task}"), ("deadline", "2025-12-30")],
            ADMIN,
        ),
        // Pages.
        get("/", "/", EVERYONE),
        get("/tinh/{code}", "/tinh/40", EVERYONE),
        get("/xa/{code}", "/xa/17827", EVERYONE),
        get("/tinh/{code}/quyet-dinh", "/tinh/40/quyet-dinh", EVERYONE),
        get("/quyet-dinh/{id}", "/quyet-dinh/{decision}", EVERYONE),
        // A decision's document is as public as the decision; attached by its province.
        get(
            "/api/quyet-dinh/{id}/van-ban",
            "/api/quyet-dinh/{decision}/van-ban",
            EVERYONE,
        ),
        on_target(
            Case {
                method: "MULTIPART",
                ..post("/api/quyet-dinh/{id}/van-ban", &[], TARGET_PROVINCE)
            }
            .at("/api/quyet-dinh/{decision}/van-ban"),
        ),
        get("/tinh/{code}/thu-tuc", "/tinh/40/thu-tuc", EVERYONE),
        get(
            "/tinh/{code}/doan-cong-tac",
            "/tinh/40/doan-cong-tac",
            EVERYONE,
        ),
        get("/doan-cong-tac/{id}", "/doan-cong-tac/{visit}", EVERYONE),
        get(
            "/kien-nghi-ket-luan",
            "/kien-nghi-ket-luan?tinh=40",
            EVERYONE,
        ),
        get(
            "/tinh/{code}/doan-cong-tac/{id}/chuan-bi",
            "/tinh/40/doan-cong-tac/{visit}/chuan-bi",
            EVERYONE,
        ),
        get(
            "/doan-cong-tac/{id}/bien-ban",
            "/doan-cong-tac/{visit}/bien-ban",
            EVERYONE,
        ),
        get(
            "/api/doan-cong-tac/{id}/bien-ban.docx",
            "/api/doan-cong-tac/{visit}/bien-ban.docx",
            EVERYONE,
        ),
        on_target(get(
            "/doan-cong-tac/{id}/kiem-tra",
            "/doan-cong-tac/{visit}/kiem-tra",
            "nnnnynyy",
        )),
        on_target(
            Case {
                method: "MULTIPART",
                ..post(
                    "/api/doan-cong-tac/{id}/cau-hoi/{question}/anh",
                    &[],
                    MINISTRY,
                )
            }
            .at("/api/doan-cong-tac/{visit}/cau-hoi/{question}/anh"),
        ),
        on_target(get(
            "/api/doan-cong-tac/anh/{id}",
            "/api/doan-cong-tac/anh/{photo}",
            "nnnnynyy",
        )),
        get("/quan-tri/mau-kiem-tra", "/quan-tri/mau-kiem-tra", ADMIN),
        get("/tinh/{code}/dau-moi", "/tinh/40/dau-moi", "nnnnynyy"),
        get("/thu-tuc", "/thu-tuc", EVERYONE),
        get("/thu-tuc/{code}", "/thu-tuc/1.004363", EVERYONE),
        get("/dang-nhap", "/dang-nhap", EVERYONE),
        get("/viec-cua-toi", "/viec-cua-toi", "nyyyyynn"),
        get("/thong-bao", "/thong-bao", SIGNED_IN),
        get(
            "/tinh/{code}/xac-minh",
            "/tinh/40/xac-minh",
            TARGET_PROVINCE,
        ),
        get("/doi-mat-khau", "/doi-mat-khau", SIGNED_IN),
        get("/quan-tri/tai-khoan", "/quan-tri/tai-khoan", PROVINCES),
        on_target(get(
            "/quan-tri/tai-khoan/{id}",
            "/quan-tri/tai-khoan/{target}",
            TARGET_PROVINCE,
        )),
        get("/quan-tri/nhat-ky", "/quan-tri/nhat-ky", PROVINCES),
        get("/quan-tri/cai-dat", "/quan-tri/cai-dat", ADMIN),
        get("/quan-tri/tich-hop", "/quan-tri/tich-hop", ADMIN),
        get("/api/openapi.json", "/api/openapi.json", EVERYONE),
        get("/api/tai-lieu", "/api/tai-lieu", EVERYONE),
        get("/quan-tri/ke-hoach", "/quan-tri/ke-hoach", ADMIN),
        get(
            "/quan-tri/ke-hoach/{id}",
            "/quan-tri/ke-hoach/{plan}",
            ADMIN,
        ),
        // Other HTTP routes.
        get("/healthz", "/healthz", EVERYONE),
        get("/api/nhat-ky.csv", "/api/nhat-ky.csv", PROVINCES),
        get(
            "/api/tinh/{code}/nhiem-vu-xa.csv",
            "/api/tinh/40/nhiem-vu-xa.csv",
            TARGET_PROVINCE,
        ),
        get(
            "/api/tinh/{code}/nhiem-vu-xa.xlsx",
            "/api/tinh/40/nhiem-vu-xa.xlsx",
            TARGET_PROVINCE,
        ),
        Case {
            method: "MULTIPART",
            ..post("/api/tinh/{code}/tai-len", &[], TARGET_PROVINCE)
        }
        .at("/api/tinh/40/tai-len"),
        on_assignment(
            Case {
                method: "MULTIPART",
                ..post("/api/nhiem-vu/{id}/minh-chung", &[], "nynnynny")
            }
            .at("/api/nhiem-vu/{assignment}/minh-chung"),
        ),
        get("/api/v1/xep-hang", "/api/v1/xep-hang", EVERYONE),
        get("/api/xep-hang.csv", "/api/xep-hang.csv", EVERYONE),
        get("/api/v1/tinh/{code}", "/api/v1/tinh/40", EVERYONE),
        get("/api/tinh/{code}/xa.csv", "/api/tinh/40/xa.csv", EVERYONE),
        get("/api/v1/xa/{code}", "/api/v1/xa/17827", EVERYONE),
        get(
            "/api/xa/{code}/nhiem-vu.csv",
            "/api/xa/17827/nhiem-vu.csv",
            EVERYONE,
        ),
        // A file is read by those who may read its unit's records (commune A's here).
        get(
            "/api/minh-chung/{sha256}",
            "/api/minh-chung/{evidence}",
            "nynnynyy",
        ),
        get(
            "/tinh/{code}/cap-nhat-hang-loat",
            "/tinh/40/cap-nhat-hang-loat",
            TARGET_PROVINCE,
        ),
        on_upload(post(
            "/api/tasks/bulk/preview",
            &[("id", "{upload}")],
            TARGET_PROVINCE,
        )),
        on_upload(post(
            "/api/tasks/bulk/apply",
            &[("id", "{upload}")],
            TARGET_PROVINCE,
        )),
        get(
            "/api/tinh/{code}/ho-so-mau.csv",
            "/api/tinh/40/ho-so-mau.csv",
            TARGET_PROVINCE,
        ),
        get(
            "/api/tinh/{code}/ho-so-mau.xlsx",
            "/api/tinh/40/ho-so-mau.xlsx",
            TARGET_PROVINCE,
        ),
        Case {
            method: "MULTIPART",
            ..post("/api/tinh/{code}/ho-so/tai-len", &[], TARGET_PROVINCE)
        }
        .at("/api/tinh/40/ho-so/tai-len"),
        get(
            "/tinh/{code}/ho-so/tai-len",
            "/tinh/40/ho-so/tai-len",
            TARGET_PROVINCE,
        ),
        on_upload(post(
            "/api/dossiers/upload/preview",
            &[("id", "{dossier_upload}")],
            TARGET_PROVINCE,
        )),
        on_upload(post(
            "/api/dossiers/upload/apply",
            &[("id", "{dossier_upload}")],
            TARGET_PROVINCE,
        )),
        // The catalogue: public to download, national to change.
        get("/api/thu-tuc.csv", "/api/thu-tuc.csv", EVERYONE),
        get("/api/thu-tuc.xlsx", "/api/thu-tuc.xlsx", EVERYONE),
        Case {
            method: "MULTIPART",
            ..post("/api/thu-tuc/tai-len", &[], ADMIN)
        },
        get("/quan-tri/thu-tuc", "/quan-tri/thu-tuc", ADMIN),
        on_upload(post(
            "/api/procedures/import/preview",
            &[("id", "{catalogue_upload}")],
            ADMIN,
        )),
        on_upload(post(
            "/api/procedures/import/apply",
            &[("id", "{catalogue_upload}")],
            ADMIN,
        )),
    ]
}

/// Every endpoint the router serves: server functions and pages as registered with Leptos,
/// and the HTTP routes from the table the router is built from.
fn registered() -> BTreeSet<String> {
    let functions = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned());
    let pages = leptos_axum::generate_route_list(app::app::App)
        .into_iter()
        .map(|route| route.path().to_owned());
    let routes = server::router::routes()
        .into_iter()
        .map(|(path, _)| path.to_owned());
    functions.chain(pages).chain(routes).collect()
}

/// The ids a call may name.
struct Ids {
    account: String,
    assignment: String,
    done: String,
    upload: String,
    /// The plan, group and task of `assignment`.
    plan: (String, String, String),
    /// The SHA-256 of an evidence file attached to `assignment`.
    evidence: String,
    /// A decision of Nghệ An.
    decision: String,
    /// An API token.
    token: String,
    /// A dossier upload of Nghệ An's.
    dossiers: String,
    /// A catalogue upload.
    catalogue: String,
    /// A visit to Nghệ An.
    visit: String,
    /// A conclusion of that visit.
    follow_up: String,
    /// A question of its checklist, and a photo taken for it.
    question: String,
    photo: String,
}

/// An assignment's current version (1 for the id no assignment has).
async fn version_of(app: &TestApp, id: &str) -> String {
    match id.parse() {
        Ok(id) if id != MISSING_ID.parse::<i64>().unwrap() => app.version(id).await.to_string(),
        _ => "1".to_owned(),
    }
}

/// A follow-up's current version (1 for the id none has).
async fn follow_up_version(app: &TestApp, id: &str) -> String {
    let found = match id.parse::<i64>() {
        Ok(id) => entity::follow_up::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap(),
        Err(_) => None,
    };
    found.map_or(1, |f| f.version).to_string()
}

async fn call(app: &TestApp, case: &Case, cookie: Option<&str>, ids: &Ids, n: usize) -> u16 {
    let version = version_of(app, &ids.assignment).await;
    let follow_up_version = follow_up_version(app, &ids.follow_up).await;
    let done_version = version_of(app, &ids.done).await;
    let fill = |text: &str| {
        text.replace("{target}", &ids.account)
            .replace("{assignment}", &ids.assignment)
            .replace("{version}", &version)
            .replace("{done_version}", &done_version)
            .replace("{done}", &ids.done)
            .replace("{upload}", &ids.upload)
            .replace("{evidence}", &ids.evidence)
            .replace("{decision}", &ids.decision)
            .replace("{token}", &ids.token)
            .replace("{dossier_upload}", &ids.dossiers)
            .replace("{catalogue_upload}", &ids.catalogue)
            .replace("{visit}", &ids.visit)
            .replace("{question}", &ids.question)
            .replace("{photo}", &ids.photo)
            .replace("{follow_up_version}", &follow_up_version)
            .replace("{follow_up}", &ids.follow_up)
            .replace("{plan}", &ids.plan.0)
            .replace("{group}", &ids.plan.1)
            .replace("{task}", &ids.plan.2)
            .replace("{percent}", &(n % 100).to_string())
            .replace("{n}", &n.to_string())
    };
    let path = fill(case.path);
    if case.method == "GET" {
        return app.get_as(&path, cookie).await.0;
    }
    if case.method == "MULTIPART" {
        return upload(app, &path, cookie, b"not a spreadsheet".to_vec()).await;
    }
    let form: Vec<(String, String)> = case.form.iter().map(|(k, v)| (fill(k), fill(v))).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&path, cookie, &form).await.0
}

/// Posts a file as a multipart form; returns the status.
async fn upload(app: &TestApp, path: &str, cookie: Option<&str>, bytes: Vec<u8>) -> u16 {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("tep.csv");
    let mut request = app
        .client
        .post(app.url(path))
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Attaches a small PDF to an assignment as the admin; returns its SHA-256.
async fn evidence_of(app: &TestApp, assignment: i64, cookie: &str) -> String {
    let path = format!("/api/nhiem-vu/{assignment}/minh-chung");
    assert_eq!(
        upload(app, &path, Some(cookie), b"%PDF-1.4\n%%EOF\n".to_vec()).await,
        303
    );
    // Files are listed to signed-in users only.
    let (_, list) = app
        .post("/api/tasks/checklist", Some(cookie), &[("code", "17827")])
        .await;
    let file = list["groups"][0]["items"][0]["evidence"][0]["file"][0]
        .as_str()
        .unwrap()
        .to_owned();
    file.rsplit('/').next().unwrap().to_owned()
}

/// A small PDF in the evidence store; its SHA-256.
async fn document(app: &TestApp) -> String {
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    let sha = app::tasks::evidence::keep_file(
        &txn,
        b"%PDF-1.4\n%%EOF\n".to_vec(),
        "application/pdf",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    sha
}

/// A procedure of the catalogue and a decision of Nghệ An covering it, with its document;
/// returns its id.
async fn nghe_an_decision(app: &TestApp) -> String {
    use entity::{decision, decision_procedure};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    common::add_procedure(app, "1.004363", "SKHCN").await;
    let saved = decision::ActiveModel {
        province_code: Set("40".to_owned()),
        kind: Set("boundary_free".to_owned()),
        number: Set("1/QĐ-UBND".to_owned()),
        title: Set("Công bố danh mục".to_owned()),
        issuer: Set("Chủ tịch UBND tỉnh".to_owned()),
        from_agency: Set(None),
        to_agency: Set(None),
        proposed_on: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()),
        issued_on: Set(None),
        in_force_on: Set(None),
        replaced_on: Set(None),
        document_sha256: Set(Some(document(app).await)),
        demo: Set(false),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    decision_procedure::Entity::insert(decision_procedure::ActiveModel {
        decision_id: Set(saved.id),
        procedure_code: Set("1.004363".to_owned()),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
    saved.id.to_string()
}

/// An API token of Nghệ An; returns its id.
async fn api_token(app: &TestApp) -> String {
    use entity::api_token;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let token = api_token::ActiveModel {
        province_code: Set("40".to_owned()),
        name: Set("Hệ thống thử".to_owned()),
        prefix: Set("tdk_0000".to_owned()),
        secret_hash: Set("0".repeat(64)),
        created_at: Set(chrono::Utc::now()),
        created_by: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    token.id.to_string()
}

/// A dossier upload of Nghệ An's, one dossier, made by its province; returns its id.
async fn nghe_an_dossiers(app: &TestApp, cookie: &str) -> String {
    common::add_agency(app, "40", "SKHCN", "Sở Khoa học và Công nghệ").await;
    let row = [
        "HS-1",
        "SKHCN",
        "",
        "1.004363",
        "02/07/2025 08:30",
        "online",
        "",
        "",
        "",
        "received",
    ]
    .map(str::to_owned)
    .to_vec();
    let bytes = app::dossiers::upload_file::TEMPLATE
        .write_csv(&[row])
        .unwrap();
    app.upload(
        cookie,
        "/api/tinh/40/ho-so/tai-len",
        "/tinh/40/ho-so/tai-len",
        "ho-so.csv",
        bytes,
    )
    .await
}

/// A conclusion of visit `visit`; its id.
async fn conclusion_of(app: &TestApp, visit: &str) -> String {
    use entity::follow_up;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    follow_up::ActiveModel {
        visit_id: Set(visit.parse().unwrap()),
        province_code: Set("40".to_owned()),
        kind: Set("conclusion".to_owned()),
        position: Set(0),
        body: Set("Kết luận".to_owned()),
        addressed_to: Set("UBND tỉnh Nghệ An".to_owned()),
        responsible: Set(String::new()),
        due_on: Set(None),
        status: Set("open".to_owned()),
        closed_on: Set(None),
        version: Set(1),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// The first question the checklist of an inspection asks.
async fn first_question(app: &TestApp) -> String {
    use entity::checklist_question;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    checklist_question::Entity::find()
        .filter(checklist_question::Column::Kind.eq("inspection"))
        .order_by_asc(checklist_question::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// A photo of the evidence file `sha256` taken for `question` on `visit`; its id.
async fn photo_of(app: &TestApp, visit: &str, question: &str, sha256: &str) -> String {
    use entity::visit_photo;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    visit_photo::ActiveModel {
        visit_id: Set(visit.parse().unwrap()),
        question_id: Set(question.parse().unwrap()),
        sha256: Set(sha256.to_owned()),
        content_type: Set("application/pdf".to_owned()),
        size: Set(1),
        author_id: Set(None),
        author: Set(String::new()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// A visit to Nghệ An; its id.
async fn nghe_an_visit(app: &TestApp) -> String {
    use entity::visit;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let on = chrono::NaiveDate::from_ymd_opt(2025, 8, 22).unwrap();
    visit::ActiveModel {
        province_code: Set("40".to_owned()),
        kind: Set("inspection".to_owned()),
        title: Set("Kiểm tra".to_owned()),
        organiser: Set("Bộ Khoa học và Công nghệ".to_owned()),
        starts_on: Set(on),
        ends_on: Set(on),
        places: Set(String::new()),
        topics: Set(String::new()),
        participants: Set(String::new()),
        status: Set("report_issued".to_owned()),
        demo: Set(false),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// A catalogue upload with one procedure, made by the ministry admin.
async fn catalogue_upload(app: &TestApp, cookie: &str) -> String {
    let row = [
        "1.009999",
        "Thủ tục mới",
        "Lĩnh vực",
        "Cấp tỉnh",
        "SKHCN",
        "Toàn trình",
    ]
    .map(str::to_owned)
    .to_vec();
    let bytes = app::procedures::import_file::TEMPLATE
        .write_csv(&[row])
        .unwrap();
    app.upload(
        cookie,
        "/api/thu-tuc/tai-len",
        "/quan-tri/thu-tuc",
        "thu-tuc.csv",
        bytes,
    )
    .await
}

/// An upload of Nghệ An's with one change to a task of commune B, made by its province.
async fn nghe_an_upload(app: &TestApp, cookie: &str) -> String {
    let id = app.assignment("16681", "40").await;
    let mut row = vec![String::new(); 13];
    row[0] = id.to_string();
    row[1] = "1".into();
    row[2] = "16681".into();
    row[8] = "Đang thực hiện".into();
    row[9] = "30".into();
    let bytes = app::tasks::bulk_file::write_csv(&[row]).unwrap();
    let part = reqwest::multipart::Part::bytes(bytes).file_name("tep.csv");
    let response = app
        .client
        .post(app.url("/api/tinh/40/tai-len"))
        .header("cookie", cookie)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.split_once("tai-len=").unwrap().1.to_owned()
}

#[test]
fn every_endpoint_is_in_the_table() {
    // Listing the pages renders the app's frame, whose resources start on a runtime.
    let registered = common::run(async { registered() });
    let listed: BTreeSet<String> = table().iter().map(|c| c.endpoint.to_owned()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "endpoints without a row: {missing:?}");
    assert!(
        stale.is_empty(),
        "rows for endpoints that are gone: {stale:?}"
    );
    for case in table() {
        assert_eq!(case.expect.len(), ACTORS.len(), "{}", case.endpoint);
    }
}

#[test]
fn every_actor_gets_what_the_table_says() {
    common::run(async {
        for app in apps().await {
            let mut cookies: Vec<Option<String>> = vec![None];
            for (username, role, scope) in ACCOUNTS {
                app.user(username, role, scope).await;
                cookies.push(Some(app.login(username, PASSWORD).await.unwrap()));
            }
            app.user("du_phong", Role::Inspector, None).await;
            let assignment = app.assignment("17827", "40").await;
            let (plan, group, task) = app.plan_of(assignment).await;
            let visit = nghe_an_visit(&app).await;
            let evidence = evidence_of(&app, assignment, cookies[7].as_deref().unwrap()).await;
            let question = first_question(&app).await;
            let ids = Ids {
                account: app.user(TARGET.0, TARGET.1, TARGET.2).await.to_string(),
                assignment: assignment.to_string(),
                plan: (plan.to_string(), group.to_string(), task.to_string()),
                evidence: evidence.clone(),
                done: app.done_assignment("16681", "40").await.to_string(),
                upload: nghe_an_upload(&app, cookies[4].as_deref().unwrap()).await,
                decision: nghe_an_decision(&app).await,
                token: api_token(&app).await,
                dossiers: nghe_an_dossiers(&app, cookies[4].as_deref().unwrap()).await,
                catalogue: catalogue_upload(&app, cookies[7].as_deref().unwrap()).await,
                visit: visit.clone(),
                follow_up: conclusion_of(&app, &visit).await,
                question: question.clone(),
                photo: photo_of(&app, &visit, &question, &evidence).await,
            };
            let missing = Ids {
                account: MISSING_ID.to_owned(),
                assignment: MISSING_ID.to_owned(),
                done: MISSING_ID.to_owned(),
                upload: "0".repeat(32),
                plan: (
                    MISSING_ID.to_owned(),
                    MISSING_ID.to_owned(),
                    MISSING_ID.to_owned(),
                ),
                evidence: "0".repeat(64),
                decision: MISSING_ID.to_owned(),
                token: MISSING_ID.to_owned(),
                dossiers: "0".repeat(32),
                catalogue: "0".repeat(32),
                visit: MISSING_ID.to_owned(),
                follow_up: MISSING_ID.to_owned(),
                question: MISSING_ID.to_owned(),
                photo: MISSING_ID.to_owned(),
            };

            let mut n = 0;
            let mut failures = Vec::new();
            let mut calls = 0;
            for case in table() {
                for (i, actor) in ACTORS.iter().enumerate() {
                    n += 1;
                    let cookie = cookies[i].clone();
                    let status = call(&app, &case, cookie.as_deref(), &ids, n).await;
                    calls += 1;
                    let allowed = case.expect.as_bytes()[i] == b'y';
                    let refusal = if i == 0 || case.token { 401 } else { 403 };
                    let ok = if allowed {
                        (200..400).contains(&status)
                    } else {
                        status == refusal
                    };
                    if !ok {
                        failures.push(format!(
                            "{} {} as {actor}: {status}, expected {}",
                            case.method,
                            case.endpoint,
                            if allowed {
                                "2xx".to_owned()
                            } else {
                                refusal.to_string()
                            }
                        ));
                    }
                    if case.has_target && !allowed {
                        let missing = call(&app, &case, cookie.as_deref(), &missing, n).await;
                        calls += 1;
                        if missing != status {
                            failures.push(format!(
                                "{} {} as {actor}: {status} for an account, {missing} for none",
                                case.method, case.endpoint
                            ));
                        }
                    }
                    // Signing in, out or changing the password replaces the actor's session.
                    if case.endpoint.starts_with("/api/account/") && i > 0 {
                        let (username, _, _) = ACCOUNTS[i - 1];
                        cookies[i] = Some(app.login(username, PASSWORD).await.unwrap());
                    }
                }
            }
            println!(
                "{}: {} endpoints x {} actors, {calls} calls",
                app.backend,
                table().len(),
                ACTORS.len()
            );
            assert!(
                failures.is_empty(),
                "{}:\n{}",
                app.backend,
                failures.join("\n")
            );
        }
    });
}
