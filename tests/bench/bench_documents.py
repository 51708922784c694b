"""Benchmark of the official documents (issue 4): minutes and ballot paper.

    python tests/bench/bench_documents.py [--runs N]

(a) counting minutes for 2,000 ballots x 300 candidates: the ballots are
    counted and decided by the engine once, then the minutes are rendered
    as PDF (target < 3 s) and as DOCX;
(b) the ballot PDF for 300 names (A3, both sides);
(c) a nomination step of 40 names (60 summoned, 57 sheets of up to 15
    ticks and a written name now and then): its ballot PDF and its counting
    minutes as PDF and DOCX.

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
from daihoi.core.nomination import (
    BallotRecord,
    Nominee,
    count_step,
    decide_step,
    default_procedure,
    with_overrides,
)
from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.minutes import (
    CountingMember,
    MinutesContext,
    render_minutes_docx,
    render_minutes_pdf,
)
from daihoi.documents.nomination import (
    StepMinutesContext,
    step_ballot_pdf,
    step_minutes_docx,
    step_minutes_pdf,
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


def nomination_step(names: int) -> StepMinutesContext:
    """Step 2 of the default procedure, counted over ``names`` names."""
    overrides = {"2": {"summoned": 60, "max_ticks": 15, "blank_lines": 3}}
    step = with_overrides(default_procedure(), overrides).step("2")
    listed = tuple(
        Nominee(id=f"n{i}", name=f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 6]} {GIVEN[i % 7]}")
        for i in range(names)
    )
    rng = random.Random(20251205)
    records = [
        BallotRecord(
            step="2",
            ticks=tuple(sorted(rng.sample([n.id for n in listed], rng.randint(0, 14)))),
            write_ins=("Nguyễn Văn Mới",) if rng.random() < 0.1 else (),
        )
        for _ in range(57)
    ]
    tally = count_step(step, listed, records)
    return StepMinutesContext(
        committee="Đảng ủy xã Hòa Bình",
        upper="Đảng bộ tỉnh Phú Thọ",
        place="Hòa Bình",
        date=datetime(2025, 5, 6).date(),
        procedure="Giới thiệu nhân sự Ban Chấp hành Đảng bộ xã khóa mới",
        step=step,
        position="Bước 2/5",
        names=listed,
        tally=tally,
        decision=decide_step(step, tally),
        members=CONTEXT.members[:3],
        opened_at=datetime(2025, 5, 6, 15, 30),
        closed_at=datetime(2025, 5, 6, 16, 5),
    )


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

    step = nomination_step(40)
    ballot, size = median_seconds(lambda: step_ballot_pdf(step), args.runs)
    print(
        f"(c) nomination step, 40 names, median of {args.runs}: "
        f"ballot PDF {ballot * 1000:.0f} ms ({size / 1e3:.0f} kB)"
    )
    pdf, size = median_seconds(lambda: step_minutes_pdf(step), args.runs)
    print(f"    minutes PDF {pdf * 1000:.0f} ms ({size / 1e3:.0f} kB)")
    docx, size = median_seconds(lambda: step_minutes_docx(step), args.runs)
    print(f"    minutes DOCX {docx * 1000:.0f} ms ({size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
