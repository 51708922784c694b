"""Elections of any size with plausible, distinct Vietnamese names, for document tests."""

from __future__ import annotations

from typing import Any

from daihoi.core.elections.formats import parse_election
from daihoi.core.elections.model import ElectionDefinition

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Đức", "Thu", "Quốc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam")


def people(n: int) -> list[dict[str, str]]:
    """``n`` candidates ``c001``…, every full name different (up to 600)."""
    out = []
    for i in range(n):
        family = FAMILY[i % len(FAMILY)]
        middle = MIDDLE[(i // len(FAMILY)) % len(MIDDLE)]
        given = GIVEN[(i // (len(FAMILY) * len(MIDDLE))) % len(GIVEN)]
        out.append({"id": f"c{i + 1:03d}", "name": f"{family} {middle} {given}"})
    return out


def election_data(n: int, seats: int | None = None, **fields: Any) -> dict[str, Any]:
    """A ``daihoi/election@1`` dict of ``n`` candidates; cross-out unless ``seats`` = n."""
    data: dict[str, Any] = {
        "format": "daihoi/election@1",
        "id": "bch-2025-r1",
        "title": "Bầu Ban Chấp hành Đảng bộ xã Hòa Bình khóa I, nhiệm kỳ 2025–2030",
        "kind": "committee",
        "round": 1,
        "seats": seats if seats is not None else max(1, n - max(1, n // 10)),
        "electorate": {
            "congress": "delegates",
            "summoned": max(200, 2 * n),
            "deductions": [
                {
                    "reason": "Đại biểu chính thức vắng mặt suốt thời gian đại hội, "
                    "không có dự khuyết thay thế",
                    "count": 2,
                }
            ],
        },
        "candidates": people(n),
    }
    data.update(fields)
    return data


def definition(n: int, seats: int | None = None, **fields: Any) -> ElectionDefinition:
    return parse_election(election_data(n, seats, **fields))
