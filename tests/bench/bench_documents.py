"""Benchmark of the official documents (issue 4): minutes and ballot paper.

    python tests/bench/bench_documents.py [--runs N]

(a) counting minutes for 2,000 ballots x 300 candidates: the ballots are
    counted and decided by the engine once, then the minutes are rendered
    as PDF (target < 3 s) and as DOCX;
(b) the ballot PDF for 300 names (A3, both sides).

Fonts are registered by a first, unmeasured render, so the figures are
those of a running server. Ballots come from a fixed random seed. Prints
the median of the runs (5 by default).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from daihoi.core.elections.formats import parse_election
from daihoi.core.elections.model import Ballot, ElectionDefinition
from daihoi.core.elections.tally import tally
from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.minutes import (
    CountingMember,
    MinutesContext,
    render_minutes_docx,
    render_minutes_pdf,
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Đức", "Thu", "Quốc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam")

CONTEXT = MinutesContext(
    upper_body="Ban Chấp hành Trung ương",
    convening_body="Đại hội đại biểu toàn quốc lần thứ XIV",
    congress_title="Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    place="Hà Nội",
    counted_at=datetime(2026, 1, 20, 21, 45),
    members=tuple(
        CountingMember(f"{FAMILY[i]} Văn {GIVEN[i]}", "head" if i == 0 else "member")
        for i in range(9)
    ),
    venue="Trung tâm Hội nghị Quốc gia",
)


def election(candidates: int, seats: int, voters: int) -> ElectionDefinition:
    people = [
        {
            "id": f"c{i:03d}",
            "name": f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 6]} {GIVEN[(i // 60) % 10]}",
        }
        for i in range(candidates)
    ]
    return parse_election(
        {
            "format": "daihoi/election@1",
            "id": f"bench-{candidates}",
            "title": "Bầu Ban Chấp hành Trung ương Đảng khóa XIV",
            "kind": "committee",
            "round": 1,
            "seats": seats,
            "electorate": {"congress": "delegates", "summoned": voters},
            "candidates": people,
        }
    )


def ballots(definition: ElectionDefinition, count: int) -> list[Ballot]:
    """Each ballot strikes the surplus and a few more names, some more often."""
    rng = random.Random(20251126)
    ids = [c.id for c in definition.candidates]
    weights = [1.0 + (i % 7) for i in range(len(ids))]
    must = len(ids) - definition.seats
    out = []
    for _ in range(count):
        k = must + rng.randint(0, max(1, definition.seats // 10))
        crossed = set(rng.choices(ids, weights=weights, k=k))
        while len(crossed) < k:
            crossed.add(rng.choice(ids))
        out.append(Ballot(crossed=tuple(sorted(crossed))))
    return out


def median_seconds(work: Callable[[], bytes], runs: int) -> tuple[float, int]:
    size = len(work())  # warm-up: fonts registered, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cores} cores, {model}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}; date: {time.strftime('%Y-%m-%d')}")
    d = election(300, 200, 2_000)
    result = tally(d, ballots(d, 2_000))
    pdf, size = median_seconds(lambda: render_minutes_pdf(d, result, CONTEXT), args.runs)
    print(
        f"(a) minutes, 2,000 ballots x 300 candidates, median of {args.runs}: "
        f"PDF {pdf:.2f} s ({size / 1e3:.0f} kB), outcome {result.outcome}"
    )
    docx, size = median_seconds(lambda: render_minutes_docx(d, result, CONTEXT), args.runs)
    print(f"    DOCX {docx:.2f} s ({size / 1e3:.0f} kB)")
    header = BallotHeader(committee="Ban Chấp hành Trung ương")
    ballot, size = median_seconds(lambda: render_ballot_pdf(d, header=header), args.runs)
    print(
        f"(b) ballot PDF, 300 names (A3, 2 sides), median of {args.runs}: "
        f"{ballot * 1000:.0f} ms ({size / 1e3:.0f} kB)"
    )


if __name__ == "__main__":
    main()
