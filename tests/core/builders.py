"""Small builders for engine tests: elections, ballots and counts in a line each."""

from __future__ import annotations

from typing import Any

from daihoi.core.elections.formats import parse_election
from daihoi.core.elections.model import Ballot, Counts, ElectionDefinition, InvalidCode, Mark

#: Names whose ballot order (by given name) is the order of their ids c1, c2, …
NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Văn Dũng",
    "Hoàng Thị Giang",
    "Vũ Thị Hà",
    "Đỗ Văn Khánh",
    "Bùi Thị Lan",
    "Ngô Văn Minh",
    "Đặng Văn Nam",
    "Dương Thị Oanh",
    "Lý Văn Phúc",
    "Mai Văn Quang",
    "Trịnh Văn Sơn",
    "Hồ Thị Tâm",
    "Tạ Thị Uyên",
    "Lương Văn Vinh",
    "Cao Thị Xuân",
    "Kiều Thị Yến",
)


def election_data(
    seats: int,
    n: int = 3,
    *,
    people: list[dict[str, str]] | None = None,
    summoned: int = 100,
    deductions: tuple[tuple[str, int], ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A ``daihoi/election@1`` as a dict: ``n`` candidates from NAMES, or ``people``;
    ``fields`` add or replace top-level fields."""
    data: dict[str, Any] = {
        "format": "daihoi/election@1",
        "id": "test-election",
        "title": "Bầu thử",
        "kind": "committee",
        "round": 1,
        "seats": seats,
        "electorate": {
            "congress": "delegates",
            "summoned": summoned,
            "deductions": [{"reason": r, "count": n} for r, n in deductions],
        },
        "candidates": people or [{"id": f"c{i + 1}", "name": NAMES[i]} for i in range(n)],
    }
    data.update(fields)
    return data


def election(seats: int, n: int = 3, **kwargs: Any) -> ElectionDefinition:
    return parse_election(election_data(seats, n, **kwargs))


def cross(*ids: str, defects: tuple[InvalidCode, ...] = ()) -> Ballot:
    return Ballot(crossed=ids, defects=defects)


def marks(defects: tuple[InvalidCode, ...] = (), **by_id: Mark) -> Ballot:
    return Ballot(marks=tuple(by_id.items()), defects=defects)


def counts(votes: list[int], *, valid: int, collected: int | None = None) -> Counts:
    """Counts as a counting committee would read them off its tally sheet."""
    collected = valid if collected is None else collected
    invalid = collected - valid
    by_reason: tuple[tuple[InvalidCode, int], ...] = (
        (("extra_content", invalid),) if invalid else ()
    )
    return Counts(collected=collected, valid=valid, invalid_by_reason=by_reason, votes=tuple(votes))
