"""The demo's levels, communes and branches, and members made up from common names."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from daihoi.organizations.models import Sex

LEVELS = [
    ("trung-uong", "Trung ương", 0, True),
    ("tinh", "Tỉnh, thành phố", 1, True),
    ("huyen", "Huyện (bãi bỏ từ 01/7/2025)", 2, False),
    ("xa", "Xã, phường, đặc khu", 3, True),
    ("chi-bo", "Chi bộ", 4, True),
]

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Lương", 1),
    ("Hà", 1),
    ("Nông", 1),
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Đình", "Mạnh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Thúy", "Hồng", "Phương"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đông",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_F = [
    "An",
    "Anh",
    "Bích",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
]
ETHNICITIES = [("Kinh", 80), ("Tày", 8), ("Nùng", 5), ("Dao", 3), ("H'Mông", 2), ("Mường", 2)]
COMMUNES = [
    "Hòa Bình",
    "An Phú",
    "Bình Minh",
    "Cao Sơn",
    "Đông Hưng",
    "Đồng Tâm",
    "Hưng Đạo",
    "Kim Liên",
    "Lạc Sơn",
    "Long Hưng",
    "Minh Khai",
    "Nam Sơn",
    "Ngọc Lâm",
    "Phú Thịnh",
    "Quang Trung",
    "Tân Lập",
    "Tân Tiến",
    "Thạch Lâm",
    "Thanh Xuân",
    "Thống Nhất",
    "Thuận Thành",
    "Tiên Phong",
    "Trung Hòa",
    "Vĩnh Hưng",
    "Xuân Phương",
    "Yên Bình",
    "Phường Bắc Sơn",
    "Phường Đông Thành",
    "Phường Nam Thạch",
    "Phường Tây Hồ",
]
BRANCH_KINDS = [
    "Chi bộ thôn {}",
    "Chi bộ Trường Tiểu học {}",
    "Chi bộ Trường THCS {}",
    "Chi bộ Trạm Y tế {}",
    "Chi bộ Công an {}",
    "Chi bộ Quân sự {}",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def person(rng: random.Random) -> dict[str, Any]:
    female = rng.random() < 0.38
    name = " ".join(
        (
            _weighted(rng, FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
    )
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
    joined = birth + dt.timedelta(days=rng.randrange(365 * 19, 365 * 40))
    return {
        "full_name": name,
        "sex": Sex.FEMALE if female else Sex.MALE,
        "birth_date": birth,
        "ethnicity": _weighted(rng, ETHNICITIES),
        "joined_on": min(joined, dt.date(2024, 12, 31)),
    }
