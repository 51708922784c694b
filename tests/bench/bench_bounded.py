"""Benchmark of the bounded readers (issue 21): what the limits cost, how fast they refuse.

    python tests/bench/bench_bounded.py [--quick]

(a) A ballots file of 200,000 ballots x 20 candidates, read and counted
    (``count_ballots_file``) with the limits checked on every line, and as
    before them (no depth check, a decoder without the number hooks); runs
    alternate, medians and their ratio.
(b) Refusals: a 2 KB .xlsx declaring A1:XFD1048576, JSON nested 100,000
    deep, a number of 5,000 digits — each refused, time to the refusal.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import re
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import daihoi.core.elections.jsonread as jsonread
from daihoi.core import bounded
from daihoi.core.elections.formats import count_ballots_file, parse_election


def election(candidates: int) -> dict[str, object]:
    return {
        "format": "daihoi/election@1",
        "id": "bench-bounded",
        "title": "Benchmark of the bounded readers",
        "kind": "committee",
        "round": 1,
        "seats": 15,
        "electorate": {"congress": "delegates", "summoned": 10_000_000, "deductions": []},
        "candidates": [
            {"id": f"c{i:02d}", "name": f"Nguyễn Văn Người {i}", "note": f"thôn {i}"}
            for i in range(1, candidates + 1)
        ],
    }


def write_ballots(path: Path, ballots: int, ids: list[str]) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"format": "daihoi/ballots@1", "election": "bench-bounded"}) + "\n")
        for _ in range(ballots):
            f.write(json.dumps({"crossed": rng.sample(ids, rng.randint(5, 7))}) + "\n")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def refused(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    try:
        fn()
    except Exception:  # every refusal is a clean exception of its reader
        return time.perf_counter() - started
    raise AssertionError("not refused")


def whole_sheet_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name"])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'ref="[^"]*"', b'ref="A1:XFD1048576"', content, count=1)
            target.writestr(info, content)
    return edited.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    ballots, runs = (20_000, 3) if args.quick else (200_000, 5)
    print(f"Python {platform.python_version()}, {platform.machine()}")
    definition = parse_election(election(20))
    ids = [c.id for c in definition.candidates]
    checked = jsonread.check_json
    hooked = jsonread._DECODER
    plain = json.JSONDecoder(object_pairs_hook=jsonread._unique_pairs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ballots.jsonl"
        write_ballots(path, ballots, ids)
        size = path.stat().st_size / 1e6
        times: dict[str, list[float]] = {"checked": [], "unchecked": []}
        for _ in range(runs):
            for name, check, decoder in (
                ("checked", checked, hooked),
                ("unchecked", lambda text: None, plain),
            ):
                jsonread.check_json = check  # type: ignore[assignment]
                jsonread._DECODER = decoder
                times[name].append(timed(lambda: count_ballots_file(path, definition)))
        jsonread.check_json, jsonread._DECODER = checked, hooked
    a, b = statistics.median(times["checked"]), statistics.median(times["unchecked"])
    print(f"(a) {ballots:,} ballots ({size:.1f} MB), median of {runs}:")
    print(f"    limits checked {a:.2f} s, not checked {b:.2f} s, ratio {a / b:.3f}")
    xlsx = whole_sheet_xlsx()
    deep = "[" * 100_000 + "]" * 100_000
    digits = "[" + "7" * 5_000 + "]"
    print(f"(b) refusals, median of {runs}:")
    for label, fn in (
        (f"{len(xlsx):,} B .xlsx declaring A1:XFD1048576", lambda: _refuse_xlsx(xlsx)),
        ("JSON nested 100,000 deep", lambda: jsonread.loads_strict(deep)),
        ("a number of 5,000 digits", lambda: jsonread.loads_strict(digits)),
    ):
        ms = statistics.median(refused(fn) for _ in range(runs)) * 1000
        print(f"    {label}: {ms:.2f} ms")


def _refuse_xlsx(data: bytes) -> None:
    problem = bounded.check_xlsx(data)
    if problem is not None:
        raise ValueError(problem)


if __name__ == "__main__":
    main()
