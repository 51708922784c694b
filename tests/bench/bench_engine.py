"""Benchmark of the election engine (issue 3): read, count and decide from files.

    python tests/bench/bench_engine.py [--quick]

(a) 2,000 ballots x 300 candidates: election file read, ballots file read
    line by line, counted and decided, in one process; target < 100 ms.
(b) 1,000,000 ballots x 20 candidates from a file; target < 10 s, with peak
    memory flat in the number of ballots (100,000 vs 1,000,000).

Each measured run is a fresh child process, so its peak RSS
(``resource.getrusage``) belongs to that run alone. Files are generated in a
temporary folder, with a fixed random seed. Prints medians.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from daihoi.core.elections.formats import count_ballots_file, read_election
from daihoi.core.elections.tally import decide


def write_election(folder: Path, candidates: int, seats: int, voters: int) -> Path:
    path = folder / f"election-{candidates}.json"
    election = {
        "format": "daihoi/election@1",
        "id": f"bench-{candidates}",
        "title": f"Benchmark, {candidates} candidates",
        "kind": "committee",
        "round": 1,
        "seats": seats,
        "electorate": {"congress": "delegates", "summoned": voters},
        "candidates": [
            {"id": f"c{i:03d}", "name": f"Nguyễn Văn Thử {i:03d}"} for i in range(candidates)
        ],
    }
    path.write_text(json.dumps(election, ensure_ascii=False), encoding="utf-8")
    return path


def write_ballots(
    folder: Path, election_id: str, candidates: int, seats: int, ballots: int
) -> Path:
    """Each ballot strikes between (candidates - seats) and a few more names."""
    rng = random.Random(20251126)
    ids = [f"c{i:03d}" for i in range(candidates)]
    weights = [1.0 + (i % 7) for i in range(candidates)]  # some names get struck more
    path = folder / f"ballots-{candidates}-{ballots}.jsonl"
    must = candidates - seats
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "daihoi/ballots@1", "election": election_id}) + "\n")
        for n in range(ballots):
            count = must + rng.randint(0, max(1, seats // 10))
            crossed = set(rng.choices(ids, weights=weights, k=count))
            while len(crossed) < count:
                crossed.add(rng.choice(ids))
            line: dict[str, object] = {"crossed": sorted(crossed)}
            if n % 97 == 0:
                line["defects"] = ["extra_content"]
            out.write(json.dumps(line) + "\n")
    return path


def child(election: Path, ballots: Path) -> None:
    """One measured run: read, count, decide; print seconds and peak RSS (KiB)."""
    start = time.perf_counter()
    definition = read_election(election)
    counts = count_ballots_file(ballots, definition)
    result = decide(definition, counts)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_kib": peak_kib, "outcome": result.outcome}))


def measure(election: Path, ballots: Path, runs: int) -> tuple[float, float, int]:
    """Medians of: the work (read, count, decide), the whole process, peak RSS."""
    times, walls, peaks = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(election), str(ballots)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        walls.append(time.perf_counter() - start)
        figures = json.loads(out)
        times.append(figures["seconds"])
        peaks.append(figures["peak_kib"])
    return statistics.median(times), statistics.median(walls), int(statistics.median(peaks))


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
    parser.add_argument("--child", nargs=2, metavar=("ELECTION", "BALLOTS"))
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller (b)")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    print(f"machine: {machine()}; date: {time.strftime('%Y-%m-%d')}")
    large = 100_000 if args.quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        election = write_election(folder, 300, 200, 2_000)
        ballots = write_ballots(folder, "bench-300", 300, 200, 2_000)
        size = ballots.stat().st_size / 1e6
        runs = 3 if args.quick else 7
        work, wall, peak = measure(election, ballots, runs)
        print(
            f"(a) 2,000 ballots x 300 candidates ({size:.1f} MB), median of {runs}: "
            f"read+count+decide {work * 1000:.0f} ms; whole process with interpreter start "
            f"and imports {wall * 1000:.0f} ms; peak RSS {peak / 1024:.1f} MiB"
        )
        election = write_election(folder, 20, 15, large)
        for n in (large // 10, large):
            ballots = write_ballots(folder, "bench-20", 20, 15, n)
            size = ballots.stat().st_size / 1e6
            work, wall, peak = measure(election, ballots, 3)
            print(
                f"(b) {n:,} ballots x 20 candidates ({size:.0f} MB), median of 3: "
                f"read+count+decide {work:.2f} s; whole process {wall:.2f} s; "
                f"peak RSS {peak / 1024:.1f} MiB"
            )
            ballots.unlink()


if __name__ == "__main__":
    main()
