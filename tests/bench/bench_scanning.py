"""Benchmark: ballot scanning accuracy on a synthetic deck, and its speed (issues 5, 14).

Run from the repository root::

    .venv/bin/python tests/bench/bench_scanning.py                 # 600 held-out ballots
    .venv/bin/python tests/bench/bench_scanning.py --deck tuning --ballots 200
    .venv/bin/python tests/bench/bench_scanning.py --speed-only
    .venv/bin/python tests/bench/bench_scanning.py --font "DejaVu Serif"  # the fallback font

Decks: ``held-out`` (the default: the wide deck's held-out families, seeds
from ``HELD_OUT_SEED``, never used to set a threshold), ``tuning`` (its
tuning families, seeds from 1) and ``first`` (issue 5's deck). Besides the
rows, it counts pages not registered, unstamped ballots read without
``no_stamp``, and every figure by family (pen, paper, seal, scanner), and
what the desk is told of its scanner by scanner kind: pages marked 1-bit,
colour pages marked colourless. ``--gray-as-colour`` also reads every 8-bit
gray page again saved in three equal channels, as some scanner software
writes gray: each should be ``no_stamp`` and colourless.

``--font``: the family the ballots are printed in (and so read against);
by default the one the machine prefers (``documents.fonts``). The reader
was tuned on ballots printed in Liberation Serif; DejaVu Serif, the
fallback, is wider and its letters stand closer, and is held out.

Accuracy: ballots are generated one by one from their seeds
(``tests/scanning/deck.py``, streamed: nothing is kept but the counts),
read by ``interpret_page`` and compared with their ground truth. Targets:
no wrongly read row among clear marks, every deliberately doubtful mark
flagged, every expected review reason raised, at most 1 % of clean ballots
flagged. Prints the confusion table (truth × reading, per row) and every
failure's seed, so that it can be rendered again.

Speed: clean ballots at 200 dpi, grayscale, written to a temporary folder as
PNG, JPEG and TIFF, read in this process with OpenCV on one thread
(decoding included; CPU and wall time), then the JPEG files by ``daihoi
scan interpret`` (a process of its own, as a committee runs it) with one
worker and with one per CPU, in turn, ``--repeat`` times: pages a second
(start-up included), CPU a page of the command and its workers, and
``read_pages`` from the first page read to the last; medians and the load
average. Target: 20 pages a second per core (50 ms a page), and more pages
a second with two workers than with one. On a shared machine the wall
times include the others' load: ``make bench-scan-speed`` (80 pages, 3
runs, about a minute) is the cheap run to repeat on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import cv2  # noqa: E402
from tests.documents.builders import definition  # noqa: E402
from tests.scanning.deck import (  # noqa: E402
    HELD_OUT,
    HELD_OUT_SEED,
    TUNING,
    Mix,
    interpret_file,
    interpret_page,
    make_spec,
    render,
    seal_dropped,
    truth_of,
)

from daihoi.core.elections.model import ElectionDefinition  # noqa: E402
from daihoi.core.scanning.pages import PageReading  # noqa: E402
from daihoi.documents import fonts  # noqa: E402
from daihoi.documents.ballot_pdf import blank_ballot_pdf  # noqa: E402

#: The deck's elections and their shares: cross-out on one and two columns,
#: agree/disagree, one name.
ELECTIONS = (
    ("cross_out_12", 0.4),
    ("cross_out_45", 0.15),
    ("cross_out_30", 0.15),
    ("agree_8", 0.2),
    ("single", 0.1),
)

#: The decks: the first (issue 5), the wide deck's tuning families, its held-out ones.
DECKS = ("first", "tuning", "held-out")
#: The families a ballot can be printed in (``documents.fonts``).
FONTS = ("Liberation Serif", "DejaVu Serif")


def mix_for(deck: str) -> Mix:
    if deck == "first":
        return Mix()
    families = TUNING if deck == "tuning" else HELD_OUT
    return Mix(families=dict(families), strike_share=0.45)


def election(name: str) -> ElectionDefinition:
    if name == "cross_out_12":
        return definition(12)
    if name == "cross_out_45":
        return definition(45, seats=40, id="bch-2025-r1-c")
    if name == "cross_out_30":
        return definition(30, seats=27, id="bch-2025-r1-b")
    if name == "agree_8":
        return definition(8, seats=8, id="tv-2025-r1")
    return definition(1, seats=1, id="bt-2025-r1")


def election_for(seed: int) -> str:
    share = (seed * 0.6180339887) % 1.0
    for name, part in ELECTIONS:
        if share < part:
            return name
        share -= part
    return ELECTIONS[-1][0]


@dataclass
class Tally:
    ballots: int = 0
    clean: int = 0
    clean_flagged: int = 0
    rows: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    flagged_clean: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    styles: Counter[tuple[str, str]] = field(default_factory=Counter)
    not_registered: int = 0
    unstamped: int = 0
    #: Rows read wrongly on a ballot with no review reason: counted as read.
    wrong_unflagged: int = 0
    unstamped_missed: int = 0
    #: (family, what): "ballots", "clean", "clean flagged", "not read".
    families: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Pages registered by the table's rules (the corner squares could not), and
    #: the seeds of those pages, read or not.
    by_lines: list[str] = field(default_factory=list)
    #: Clean ballots flagged by each reason (a ballot may have several) …
    clean_reasons: Counter[str] = field(default_factory=Counter)
    #: … and those flagged only ``no_stamp`` for a seal the 1-bit scanner dropped.
    seal_dropped: int = 0
    #: What the desk is told of its scanner, by (scanner, told): "colourless" on
    #: colour pages, "binary" on every page; with ``--gray-as-colour`` each 8-bit
    #: gray page is read again in three equal channels ("gray as colour").
    told: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.ballots += other.ballots
        self.clean += other.clean
        self.clean_flagged += other.clean_flagged
        self.rows.update(other.rows)
        self.wrong += other.wrong
        self.missed += other.missed
        self.flagged_clean += other.flagged_clean
        self.reasons.update(other.reasons)
        self.expected.update(other.expected)
        self.seconds += other.seconds
        self.styles.update(other.styles)
        self.not_registered += other.not_registered
        self.unstamped += other.unstamped
        self.wrong_unflagged += other.wrong_unflagged
        self.unstamped_missed += other.unstamped_missed
        self.families.update(other.families)
        self.by_lines += other.by_lines
        self.clean_reasons.update(other.clean_reasons)
        self.seal_dropped += other.seal_dropped
        self.told.update(other.told)


def _init(font: str | None = None) -> None:
    cv2.setNumThreads(1)
    use_font(font)


def use_font(font: str | None) -> None:
    """Print (and so read) the ballots in the family named, not the one the
    machine prefers: ``DejaVu Serif``, the fallback, is a family the reader
    was never tuned on."""
    if font is not None:
        fonts.register_fonts(fonts.find_font_family(only=font))


CLEAR_OK = {
    ("struck", "struck"),
    ("kept", "kept"),
    ("agree", "agree"),
    ("disagree", "disagree"),
    ("both", "both"),
    ("none", "none"),
}


def _told(tally: Tally, scanner: str, reading: PageReading) -> None:
    tally.told[(scanner, "pages")] += 1
    tally.told[(scanner, "read")] += reading.status == "read"
    tally.told[(scanner, "no_stamp")] += "no_stamp" in reading.review
    tally.told[(scanner, "colourless")] += reading.colourless
    tally.told[(scanner, "binary")] += reading.binary


def check(job: tuple[str, list[int], bool]) -> Tally:
    deck, seeds, gray_as_colour = job
    tally = Tally()
    mix = mix_for(deck)
    for seed in seeds:
        name = election_for(seed)
        defn = election(name)
        spec = make_spec(defn, seed, mix)
        truth = truth_of(spec, "cross_out" if name.startswith("cross") else "agree")
        families = [f"{kind}: {value}" for kind, value in spec.families] or ["first deck"]
        if spec.scan.upside_down:
            families.append("scanner: upside down")
        if spec.scan.jpeg is not None:
            families.append("scanner: JPEG")
        image = render(defn, spec)
        start = time.perf_counter()
        reading = interpret_page(image, defn, sha256="-")
        tally.seconds.append(time.perf_counter() - start)
        tally.ballots += 1
        scanner = spec.scan.binary or ("colour" if spec.scan.colour else "gray")
        _told(tally, scanner, reading)
        if gray_as_colour and scanner == "gray":
            three = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
            _told(tally, "gray as colour", interpret_page(three, defn, sha256="-"))
        label = f"seed {seed} ({name})"
        review = set(reading.review)
        tally.reasons.update(review)
        tally.expected.update(truth.expected)
        if not spec.stamp:
            tally.unstamped += 1
            if reading.status == "read" and "no_stamp" not in review:
                tally.unstamped_missed += 1
        for family in families:
            tally.families[(family, "ballots")] += 1
            if truth.clean:
                tally.families[(family, "clean")] += 1
        if reading.registration is not None and reading.registration.method == "table_lines":
            tally.by_lines.append(
                f"{label}: {reading.status}, squares confirming: "
                f"{', '.join(reading.registration.used) or 'none'}"
            )
        if reading.marks is None or reading.status != "read":
            tally.missed.append(f"{label}: not read ({reading.status}: {reading.detail})")
            tally.not_registered += 1
            for family in families:
                tally.families[(family, "not read")] += 1
            continue
        read = {r.candidate_id: r for r in reading.marks.rows}
        styles = dict(truth.styles)
        # A stroke on the rule between two rows: one of the two must be doubtful.
        between = {c for c, s in styles.items() if s in ("between", "between_below")}
        between_seen = any(read[c].state == "doubtful" for c in between)
        for candidate, expected in truth.rows:
            got = read[candidate].state
            tally.rows[(expected, got)] += 1
            tally.styles[(styles[candidate], got)] += 1
            if candidate in between and between_seen:
                continue
            if expected == "doubtful" and got != "doubtful":
                tally.missed.append(f"{label}: {styles[candidate]} on {candidate} read {got}")
            elif expected != "doubtful" and got != "doubtful" and (expected, got) not in CLEAR_OK:
                flagged = "flagged" if review else "NOT FLAGGED"
                tally.wrong.append(
                    f"{label}: {styles[candidate]} on {candidate} read {got} ({flagged})"
                )
                if not review:
                    tally.wrong_unflagged += 1
        if not truth.expected <= review:
            tally.missed.append(f"{label}: expected {sorted(truth.expected)}, got {sorted(review)}")
        if truth.clean:
            tally.clean += 1
            if review:
                tally.clean_flagged += 1
                tally.clean_reasons.update(review)
                if review == {"no_stamp"} and seal_dropped(spec):
                    tally.seal_dropped += 1
                for family in families:
                    tally.families[(family, "clean flagged")] += 1
                doubtful = [
                    f"{styles[c]}:{read[c].state}:{read[c].coverage}"
                    for c, _ in truth.rows
                    if read[c].state == "doubtful"
                ]
                tally.flagged_clean.append(f"{label}: {sorted(review)} {doubtful}")
    return tally


def accuracy(
    deck: str,
    ballots: int,
    workers: int,
    first_seed: int,
    gray_as_colour: bool = False,
    font: str | None = None,
) -> Tally:
    chunk = 25
    seeds = list(range(first_seed, first_seed + ballots))
    parts = [(deck, seeds[i : i + chunk], gray_as_colour) for i in range(0, len(seeds), chunk)]
    total = Tally()
    done = 0
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(font,)) as pool:
        for part in pool.map(check, parts):
            total.add(part)
            done += part.ballots
            if done % 500 < chunk:
                rate = done / (time.perf_counter() - start)
                print(f"  {done}/{ballots} ballots, {rate:.1f}/s", file=sys.stderr)
    return total


def report_accuracy(deck: str, first_seed: int, tally: Tally) -> None:
    print(
        f"\n## Accuracy, {deck} deck: {tally.ballots} ballots (seeds {first_seed}–"
        f"{first_seed + tally.ballots - 1}; {', '.join(n for n, _ in ELECTIONS)})"
    )
    truths = ["struck", "kept", "agree", "disagree", "both", "none", "doubtful"]
    reads = ["struck", "kept", "agree", "disagree", "both", "none", "doubtful"]
    print("\nRows, truth (lines) × reading (columns):\n")
    print("| truth \\ read | " + " | ".join(reads) + " |")
    print("|---|" + "---:|" * len(reads))
    for t in truths:
        if any(tally.rows[(t, r)] for r in reads):
            print(f"| {t} | " + " | ".join(str(tally.rows[(t, r)]) for r in reads) + " |")
    clear = sum(n for (t, _), n in tally.rows.items() if t != "doubtful")
    doubtful = sum(n for (t, _), n in tally.rows.items() if t == "doubtful")
    print(f"\nClear rows: {clear}, wrongly read: {len(tally.wrong)}, "
          f"of which on a ballot not flagged: {tally.wrong_unflagged}")  # fmt: skip
    print(f"Deliberately doubtful rows: {doubtful}, not flagged: "
          f"{sum(1 for m in tally.missed if ' read ' in m and 'not read (' not in m)}")  # fmt: skip
    print(f"Missed review reasons or pages not read: {len(tally.missed)}")
    share = tally.clean_flagged / max(tally.clean, 1)
    print(f"Clean ballots: {tally.clean}, flagged: {tally.clean_flagged} ({share:.2%})")
    if tally.clean_flagged:
        rest = tally.clean_flagged - tally.seal_dropped
        print(f"  of which only no_stamp, the seal dropped whole by a 1-bit scanner's "
              f"threshold: {tally.seal_dropped}; the others: {rest} "
              f"({rest / max(tally.clean, 1):.2%} of the clean ballots)")  # fmt: skip
        print("  reasons on clean ballots flagged: " + ", ".join(
            f"{reason} {n}" for reason, n in sorted(tally.clean_reasons.items())))  # fmt: skip
    print(f"Pages not registered or not read: {tally.not_registered} of {tally.ballots} "
          f"({tally.not_registered / max(tally.ballots, 1):.2%})")  # fmt: skip
    print(f"Pages registered by the table's rules: {len(tally.by_lines)}")
    for item in tally.by_lines:
        print(f"  {item}")
    print(f"Unstamped ballots: {tally.unstamped}, read without no_stamp: "
          f"{tally.unstamped_missed}")  # fmt: skip
    print("\nBy family (ballots; clean; clean flagged; not read):\n")
    print("| family | ballots | clean | clean flagged | not read |")
    print("|---|---:|---:|---:|---:|")
    for family in sorted({f for f, _ in tally.families}):
        n = tally.families
        print(f"| {family} | {n[(family, 'ballots')]} | {n[(family, 'clean')]} "
              f"| {n[(family, 'clean flagged')]} | {n[(family, 'not read')]} |")  # fmt: skip
    print("\nWhat the desk is told of its scanner (pages; read; no_stamp; colourless; 1-bit):\n")
    print("| scanner | pages | read | no_stamp | colourless | 1-bit |")
    print("|---|---:|---:|---:|---:|---:|")
    for scanner in sorted({s for s, _ in tally.told}):
        n = tally.told
        print(f"| {scanner} | " + " | ".join(
            str(n[(scanner, what)])
            for what in ("pages", "read", "no_stamp", "colourless", "binary")) + " |")  # fmt: skip
    print("\nReview reasons raised (expected):")
    for reason in sorted(set(tally.reasons) | set(tally.expected)):
        print(f"  {reason}: {tally.reasons[reason]} ({tally.expected[reason]})")
    print("\nBy stroke style, reading:")
    for style in sorted({s for s, _ in tally.styles}):
        counts = {r: n for (s, r), n in tally.styles.items() if s == style}
        print(f"  {style}: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items())))
    for title, items in (
        ("Wrongly read", tally.wrong),
        ("Missed", tally.missed),
        ("Clean but flagged", tally.flagged_clean),
    ):
        if items:
            print(f"\n{title} ({len(items)}):")
            for item in items[:40]:
                print(f"  {item}")
    times = sorted(tally.seconds)
    if times:
        print(f"\ninterpret_page on deck images (mixed dpi, colour/gray, no decoding): "
              f"median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {times[int(0.95 * len(times))] * 1000:.1f} ms")  # fmt: skip


def speed(pages: int, worker_counts: list[int], repeat: int = 3) -> None:
    """Clean A4 ballots at 200 dpi, grayscale: reading time per page, decoding included."""
    import json

    from daihoi.core.elections.formats import election_to_json

    defn = election("cross_out_12")
    quiet = Mix(doubtful=0, no_stamp=0, outside_name=0, outside_mark=0, streak=0, gray=1.0, jpeg=0)
    print(f"\n## Speed: {pages} pages, A4, 200 dpi, grayscale, 12 names, clean ballots")
    print(f"(load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="daihoi-scan-bench-") as folder:
        base = Path(folder)
        election_file = base / "election.json"
        election_file.write_text(json.dumps(election_to_json(defn), ensure_ascii=False))
        files: dict[str, list[str]] = {"png": [], "jpg": [], "tif": []}
        for i in range(pages):
            image = render(defn, make_spec(defn, 10_000_000 + i, quiet, dpi=200))
            for suffix, names in files.items():
                path = base / f"page-{i:04d}.{suffix}"
                cv2.imwrite(str(path), image)
                names.append(str(path))
        cv2.setNumThreads(1)
        for _ in interpret_file(files["png"][0], defn):  # the blank, rendered once
            pass
        print("\nIn this process, OpenCV on one thread (one core), decoding included:\n")
        print("| input | ms a page (CPU) | ms a page (wall) | pages a second |")
        print("|---|---:|---:|---:|")
        for suffix, names in files.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for name in names:
                for _ in interpret_file(name, defn):
                    pass
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"| {suffix} | {cpu / pages * 1000:.1f} | {wall / pages * 1000:.1f} "
                  f"| {pages / wall:.1f} |")  # fmt: skip
        workers_compared(election_file, files["jpg"], defn, worker_counts, repeat)


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its children that ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def workers_compared(
    election_file: Path,
    files: list[str],
    defn: ElectionDefinition,
    worker_counts: list[int],
    repeat: int,
) -> None:
    """``daihoi scan interpret`` on the same pages with 1 and with 2 workers,
    ``repeat`` times in turn: wall rate (start-up included), CPU a page (the
    command and its workers, start-up included), and ``read_pages`` from the
    first page read to the last (start-up left out). Medians, with the load."""
    from daihoi.core.scanning.command import read_pages
    from daihoi.core.scanning.images import list_pages
    from daihoi.core.scanning.marks import Thresholds

    command = [str(Path(sys.executable).with_name("daihoi")), "scan", "interpret"]
    pages = len(files)
    sources = [s for name in files for s in list_pages(name)]
    rates: dict[int, list[float]] = {w: [] for w in worker_counts}
    cpu: dict[int, list[float]] = {w: [] for w in worker_counts}
    steady: dict[int, list[float]] = {w: [] for w in worker_counts}
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):
        for workers in worker_counts:
            before, wall = _cpu_seconds(), time.perf_counter()
            done = subprocess.run(
                [*command, str(election_file), *files, "--workers", str(workers), "--lang", "en"],
                capture_output=True,
                check=False,
            )
            wall, after = time.perf_counter() - wall, _cpu_seconds()
            lines = done.stdout.count(b"\n") - 1
            if lines != pages:
                raise SystemExit(f"daihoi scan interpret gave {lines} lines for {pages} pages")
            rates[workers].append(pages / wall)
            cpu[workers].append((after[1] - before[1]) / pages * 1000)
            first = last = 0.0
            for _ in read_pages(sources, defn, None, Thresholds(), workers, blank_ballot_pdf):
                last = time.perf_counter()
                first = first or last
            steady[workers].append((pages - 1) / (last - first) if last > first else 0.0)
            loads.append(os.getloadavg()[0])
    load = f"load average {min(loads):.2f}–{max(loads):.2f} on {os.cpu_count()} CPUs"
    print(f"\n`daihoi scan interpret` on {pages} JPEG pages, {repeat} runs each in turn "
          f"({load}):\n")  # fmt: skip
    print("| workers | pages a second (wall, start-up included) | CPU ms a page (all processes) "
          "| pages a second after the first page (`read_pages`) |")  # fmt: skip
    print("|---:|---:|---:|---:|")
    for workers in worker_counts:
        print(f"| {workers} | {statistics.median(rates[workers]):.1f} "
              f"| {statistics.median(cpu[workers]):.1f} "
              f"| {statistics.median(steady[workers]):.1f} |")  # fmt: skip
    print("\n(medians; every run: " + "; ".join(
        f"{w} worker(s) " + ", ".join(f"{r:.1f}" for r in rates[w]) for w in worker_counts
    ) + " pages a second)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=600)
    parser.add_argument("--deck", choices=DECKS, default="held-out")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--speed-pages", type=int, default=100)
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each worker count")
    parser.add_argument("--accuracy-only", action="store_true")
    parser.add_argument(
        "--gray-as-colour",
        action="store_true",
        help="read each 8-bit gray page again saved in three equal channels",
    )
    parser.add_argument(
        "--font",
        choices=FONTS,
        default=None,
        help="print the ballots in this family (default: the one the machine prefers)",
    )
    args = parser.parse_args()
    use_font(args.font)
    machine = platform.processor() or platform.machine()
    print(f"# Scanning benchmark — {machine}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, OpenCV {cv2.__version__}")  # fmt: skip
    if not args.speed_only:
        seed = args.seed
        if seed is None:
            seed = HELD_OUT_SEED if args.deck == "held-out" else 1
        tally = accuracy(
            args.deck, args.ballots, args.workers, seed, args.gray_as_colour, args.font
        )
        print(f"\nBallots printed in {fonts.register_fonts().name}.")
        report_accuracy(args.deck, seed, tally)
    if not args.accuracy_only:
        counts = sorted({1, args.workers})
        speed(args.speed_pages, counts, args.repeat)


if __name__ == "__main__":
    main()
