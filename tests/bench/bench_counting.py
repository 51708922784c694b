"""Benchmark: the counting room at the national scale — 2,000 ballots × 300 names.

Run by `make bench-counting` (SQLite in a temporary folder; PostgreSQL with
`make bench-counting-postgres`). Prints medians; figures go to docs/BENCHMARKS.md.
Targets (issue 4): result page under 500 ms, minutes PDF under 3 s.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time

BALLOTS = 2000
NAMES = 300
SEATS = 200
REPEAT = 7


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from tests.factories import make_congress, make_unit

    from daihoi.accounts.models import CongressRole, User
    from daihoi.accounts.services import congress_role_grant
    from daihoi.elections import services
    from daihoi.elections.documents import minutes_pdf
    from daihoi.elections.models import Batch, BatchStatus, Candidate, CastBallot, ElectionStatus
    from daihoi.organizations.models import Level, Unit

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    Level.objects.create(code="rank-0", name="Trung ương", rank=0)
    unit = make_unit("TW", name="Đảng bộ Trung ương (sinh ngẫu nhiên)")
    congress = make_congress(unit, summoned=2100)
    head = User.objects.create_user("head", password="bench-password-1", full_name="Trưởng ban")
    congress_role_grant(actor=None, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
    election = services.election_create(
        actor=None,
        congress=congress,
        kind="other",
        seats=SEATS,
        summoned=2100,
        title="Bầu thử 200 trong 300 người",
    )
    rng = random.Random(7)
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nam"]
    Candidate.objects.bulk_create(
        Candidate(election=election, full_name=f"Nguyễn Văn {given[i % 10]} {i:03d}")
        for i in range(NAMES)
    )
    election.status = ElectionStatus.COUNTING
    election.save()
    codes = [c.code for c in election.candidates.all()]
    batch = Batch.objects.create(election=election, number=1, status=BatchStatus.MATCHED)
    CastBallot.objects.bulk_create(
        (
            CastBallot(
                election=election,
                batch=batch,
                ballot={"crossed": sorted(rng.sample(codes, NAMES - SEATS + rng.randrange(0, 20)))},
            )
            for _ in range(BALLOTS)
        ),
        batch_size=500,
    )
    client = Client()
    client.force_login(head)

    def timed(label: str, fn, n: int = REPEAT) -> None:  # type: ignore[no-untyped-def]
        fn()
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"{label}: median {statistics.median(times):.0f} ms "
            f"(min {min(times):.0f}, max {max(times):.0f}, n={n})"
        )

    # A clerk's Enter: one typed ballot saved and the form answered (htmx), 100 names struck.
    clerk = User.objects.create_user("clerk", password="bench-password-1")
    congress_role_grant(actor=None, user=clerk, congress=congress, role=CongressRole.COUNTING_CLERK)
    typing = Batch.objects.create(election=election, number=2)
    stream = services.stream_join(clerk=clerk, batch=typing)
    clerk_client = Client()
    clerk_client.force_login(clerk)
    entry_url = f"/elections/{election.pk}/count/streams/{stream.pk}/"
    line = " ".join(str(n) for n in range(1, 101))
    timed(
        "one ballot entered (Enter → saved → answered), 100 of 300 struck",
        lambda: clerk_client.post(entry_url, {"line": line}, HTTP_HX_REQUEST="true"),
        n=21,
    )
    typing.delete()

    url_live = f"/elections/{election.pk}/batches/"
    url_result = f"/elections/{election.pk}/result/"
    print(f"database: {connection.vendor}; {BALLOTS:,} ballots × {NAMES} names, {SEATS} seats")
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    )
    timed(
        "counting desk with the running count (tally of every ballot)", lambda: client.get(url_live)
    )
    t0 = time.perf_counter()
    services.election_finalise(actor=head, election=election)
    print(f"seal (tally, result, hash): {(time.perf_counter() - t0) * 1000:.0f} ms (once)")
    election.refresh_from_db()
    timed("result page, sealed", lambda: client.get(url_result))
    timed("minutes PDF", lambda: minutes_pdf(election), n=5)


if __name__ == "__main__":
    main()
