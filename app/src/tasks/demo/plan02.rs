//! The demo's Plan 02-KH/BCĐTW: its eight task groups, 23 province tasks and 16 commune
//! tasks (plausible titles, labelled as demonstration data), with their deadlines in 2025.

pub(super) const GROUPS: [&str; 8] = [
    "Hoàn thiện thể chế, cơ chế, chính sách",
    "Phát triển hạ tầng số",
    "Phát triển dữ liệu số",
    "Nền tảng, ứng dụng số dùng chung",
    "Phát triển nhân lực số",
    "Bảo đảm nguồn lực tài chính",
    "Chuyển đổi số trong cơ quan Đảng, Mặt trận Tổ quốc và các đoàn thể",
    "Bảo đảm an toàn, an ninh thông tin",
];

/// Province tasks: group (0-based), title, deadline (month, day in 2025).
pub(super) const PROVINCE_TASKS: [(usize, &str, (u32, u32)); 23] = [
    (
        0,
        "Ban hành kế hoạch triển khai Kế hoạch 02-KH/BCĐTW của tỉnh",
        (6, 30),
    ),
    (
        0,
        "Rà soát, sửa đổi quy chế quản lý, vận hành hệ thống thông tin giải quyết TTHC",
        (7, 31),
    ),
    (
        0,
        "Ban hành danh mục TTHC không phụ thuộc địa giới hành chính",
        (7, 31),
    ),
    (
        1,
        "Bảo đảm 100% cơ quan cấp xã kết nối mạng truyền số liệu chuyên dùng",
        (6, 30),
    ),
    (
        1,
        "Phủ sóng di động băng rộng tại trụ sở UBND cấp xã",
        (7, 31),
    ),
    (
        1,
        "Trang bị thiết bị cho Trung tâm Phục vụ hành chính công cấp xã",
        (8, 10),
    ),
    (
        2,
        "Chuyển đổi, đồng bộ dữ liệu hộ tịch, đất đai theo địa giới mới",
        (6, 30),
    ),
    (
        2,
        "Kết nối cơ sở dữ liệu chuyên ngành với Cơ sở dữ liệu quốc gia về dân cư",
        (7, 31),
    ),
    (
        2,
        "Số hoá hồ sơ, kết quả giải quyết TTHC còn hiệu lực",
        (8, 10),
    ),
    (
        3,
        "Vận hành Hệ thống thông tin giải quyết TTHC theo mô hình hai cấp",
        (6, 30),
    ),
    (
        3,
        "Cập nhật danh mục TTHC trên Cổng Dịch vụ công quốc gia",
        (6, 30),
    ),
    (
        3,
        "Triển khai hệ thống quản lý văn bản, hồ sơ công việc liên thông bốn cấp",
        (7, 31),
    ),
    (
        4,
        "Tập huấn kỹ năng số cho cán bộ, công chức cấp xã",
        (7, 31),
    ),
    (
        4,
        "Bố trí cán bộ chuyên trách chuyển đổi số tại mỗi xã",
        (8, 10),
    ),
    (4, "Triển khai phong trào Bình dân học vụ số", (12, 31)),
    (5, "Bố trí kinh phí chuyển đổi số năm 2025", (12, 31)),
    (
        5,
        "Lập lộ trình đầu tư thiết bị chuyển đổi số giai đoạn 2025–2026",
        (12, 31),
    ),
    (5, "Huy động nguồn lực xã hội hoá cho hạ tầng số", (12, 31)),
    (
        6,
        "Triển khai nền tảng số trong cơ quan Đảng của tỉnh",
        (12, 31),
    ),
    (
        6,
        "Kết nối hệ thống điều hành của Mặt trận Tổ quốc tỉnh",
        (12, 31),
    ),
    (
        7,
        "Phê duyệt hồ sơ cấp độ an toàn hệ thống thông tin",
        (12, 31),
    ),
    (
        7,
        "Triển khai giám sát an toàn thông tin tập trung (SOC)",
        (12, 31),
    ),
    (7, "Diễn tập ứng cứu sự cố an toàn thông tin mạng", (12, 31)),
];

/// Commune tasks, the same way.
pub(super) const COMMUNE_TASKS: [(usize, &str, (u32, u32)); 16] = [
    (0, "Ban hành kế hoạch chuyển đổi số của xã", (6, 30)),
    (0, "Phân công cán bộ phụ trách chuyển đổi số", (6, 30)),
    (
        1,
        "Kết nối mạng truyền số liệu chuyên dùng tại trụ sở",
        (6, 30),
    ),
    (
        1,
        "Trang bị máy tính, máy quét cho bộ phận một cửa",
        (7, 31),
    ),
    (
        2,
        "Cập nhật dữ liệu hộ tịch lên hệ thống dùng chung",
        (7, 31),
    ),
    (2, "Làm sạch dữ liệu dân cư phục vụ Đề án 06", (7, 31)),
    (
        3,
        "Tiếp nhận, giải quyết TTHC trên hệ thống của tỉnh",
        (6, 30),
    ),
    (3, "Sử dụng hệ thống quản lý văn bản và chữ ký số", (7, 31)),
    (
        4,
        "Cán bộ, công chức hoàn thành khoá học kỹ năng số",
        (8, 10),
    ),
    (4, "Thành lập tổ công nghệ số cộng đồng", (8, 10)),
    (5, "Bố trí kinh phí chuyển đổi số của xã", (8, 10)),
    (5, "Công khai dự toán chuyển đổi số", (8, 10)),
    (6, "Ứng dụng nền tảng số trong sinh hoạt chi bộ", (12, 31)),
    (6, "Số hoá hồ sơ đoàn thể cấp xã", (12, 31)),
    (7, "Cấp chứng thư số, bảo vệ tài khoản công vụ", (12, 31)),
    (7, "Quét, xử lý mã độc trên máy trạm", (12, 31)),
];
