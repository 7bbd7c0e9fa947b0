//! The table: who may call each endpoint, and the requests that call it.

use crate::common::PASSWORD;
use app::accounts::Role;

/// The actors, in the order of the letters in `Case::expect`.
pub const ACTORS: [&str; 8] = [
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
pub const ACCOUNTS: [(&str, Role, Option<&str>); 7] = [
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
pub const TARGET: (&str, Role, Option<&str>) = ("muc_tieu", Role::CommuneOfficial, Some("16681"));
pub const MISSING_ID: &str = "987654";

pub struct Case {
    /// The route as registered (server function path, page pattern, HTTP route).
    pub endpoint: &'static str,
    /// `POST` with a form body, `MULTIPART` (a file upload), or `GET`.
    pub method: &'static str,
    /// The URL called (with `{target}` etc.).
    pub path: &'static str,
    pub form: &'static [(&'static str, &'static str)],
    /// One letter per actor: `y` allowed (2xx, or 3xx for a form that redirects), `n`
    /// refused (401 anonymous, 403 signed in).
    pub expect: &'static str,
    /// Whether the call names an account: then it is repeated with `{missing}` and a refusal
    /// must not change.
    pub has_target: bool,
    /// Whether the route takes an API token, not a session: every actor without one is
    /// refused with 401.
    pub token: bool,
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

pub fn table() -> Vec<Case> {
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
        post("/api/visits/all", &[], EVERYONE),
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
        get("/doan-cong-tac", "/doan-cong-tac", EVERYONE),
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
        // A recommendation's or conclusion's documents: sent by those who answer it, read by
        // those who read the province's records.
        on_target(
            Case {
                method: "MULTIPART",
                ..post(
                    "/api/doan-cong-tac/{id}/kien-nghi/{item}/tai-lieu",
                    &[],
                    "nnnnynyy",
                )
            }
            .at("/api/doan-cong-tac/{visit}/kien-nghi/{follow_up}/tai-lieu"),
        ),
        on_target(get(
            "/api/doan-cong-tac/tai-lieu/{id}",
            "/api/doan-cong-tac/tai-lieu/{follow_up_file}",
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
