"""Benchmark: 100 flagged ballots of 45 names decided in the browser (issue 14, point 4).

Run by ``make bench-review`` (SQLite in a temporary folder). It prints the
election's ballot with the project's printer, marks ballots with the test
deck (``tests/scanning/deck.py``), each with one deliberately doubtful stroke
(short, partial, underline) and one in ten without its stamp, reads them with
``scan_import`` until 100 are flagged, then a scripted committee member
decides every flagged ballot in headless Chromium from the keyboard only
(``tests/bench/scan_room.py`` says how they decide), typing at ``--key-delay``
seconds a key and looking ``--look`` seconds at each ballot once its crops
have shown. Every decision is then compared with what the person meant.

Target: the 100 ballots decided in under 10 minutes. Figures: median
seconds a ballot (from the ballot on screen to the next one on screen, its
crops loaded) and the total.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2])]

from tests.bench import scan_room  # noqa: E402

NAMES, SEATS, FLAGGED = 45, 40, 100
MIX = {
    "doubtful": 1.0,
    "no_stamp": 0.1,
    "outside_name": 0.0,
    "outside_mark": 0.0,
    "streak": 0.0,
    "strike_share": 0.2,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=FLAGGED, help="flagged ballots to decide")
    parser.add_argument("--key-delay", type=float, default=0.15, help="seconds a key")
    parser.add_argument("--look", type=float, default=0.0, help="seconds looking at a ballot")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="daihoi-bench-review-"))
    os.environ["DAIHOI_DATA_DIR"] = str(data)
    os.environ["DATABASE_URL"] = ""
    print(
        f"bench review: {args.ballots} flagged ballots of {NAMES} names, SQLite, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    scan_room.setup_django()
    from daihoi.elections.definition import election_definition
    from daihoi.elections.models import Election, ScanStatus
    from daihoi.elections.scanning import scan_import

    election_pk, login = scan_room.build_election(NAMES, SEATS)
    election = Election.objects.get(pk=election_pk)
    targets: dict[int, scan_room.Target] = {}
    seed = 1
    t0 = time.monotonic()
    while election.scans.filter(status=ScanStatus.REVIEW).count() < args.ballots:
        missing = args.ballots - election.scans.filter(status=ScanStatus.REVIEW).count()
        seeds = list(range(seed, seed + missing))
        seed += missing
        folder = data / "scans" / f"from-{seeds[0]:05d}"
        targets |= scan_room.print_and_mark(election_pk, folder, seeds, MIX, args.workers)
        scan_import(
            actor=None,
            election=election,
            paths=[str(folder)],
            definition=election_definition(election),
            workers=args.workers,
        )
    flagged = election.scans.filter(status=ScanStatus.REVIEW).count()
    print(f"  printed, marked and read {len(targets)} ballots in {time.monotonic() - t0:.0f} s")
    from django.db import connections

    connections.close_all()
    with scan_room.server(timeout=1800) as base:
        review = scan_room.review_in_browser(
            base, login, election_pk, targets, args.key_delay, look=args.look
        )
    wrong = scan_room.check_decisions(election_pk, targets)
    seconds = sorted(review.seconds)
    print(
        f"  {len(seconds)} of {flagged} flagged ballots decided in {review.wall:.1f} s "
        f"(target 600 s): median {scan_room.median_ms(seconds) / 1000:.2f} s a ballot, "
        f"p90 {seconds[int(0.9 * (len(seconds) - 1))]:.2f} s, max {seconds[-1]:.2f} s"
    )
    print(
        f"  accepted with Enter: {review.kinds['accepted']}, corrected by row numbers: "
        f"{review.kinds['corrected']}, typed in full: {review.kinds['full']}; "
        f"key delay {args.key_delay} s, look {args.look} s a ballot"
    )
    print(f"  decisions not as meant: {len(wrong)}")
    for line in wrong[:20]:
        print("   ", line)
    ok = not wrong and len(seconds) == flagged and review.wall < 600
    print("  OK" if ok else "  FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
