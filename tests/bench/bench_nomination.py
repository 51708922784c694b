"""Benchmark: counting an introduction step of 60 voters × 40 names beside an election of
the same size (issue 17: "the same screens and time as an election").

Run by `make bench-nomination` (SQLite in a temporary folder). Both are counted by
double entry through the pages a clerk uses, with Django's test client:

- the step: two clerks of the personnel subcommittee each type the 60 sheets on the
  step's entry page (a sheet posted by htmx, the entry's part of the page answered),
  close their entry, the step is sealed, its result page read and its minutes
  downloaded (PDF, DOCX);
- the election: two counting clerks each type the same 60 ballots in the counting room
  (one line posted by htmx, the form answered), close their stream, the head seals,
  the result page is read and the minutes downloaded.

Prints medians per sheet and the whole count's server time; figures go to
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from typing import Any

VOTERS = 60
NAMES = 40
TICKS = 19  # a sheet introduces at most 19 of the 40 (the demo's step 2)
SEATS = 33  # the election keeps 33 of the 40: strikes out 7 or more
REPEAT = 5
PASSWORD = "bench-password-1"


def median_ms(times: list[float]) -> str:
    return f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})"


def timed_once(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def ok(client: Any, url: str) -> Callable[[], Any]:
    """A page or file fetched, refused loudly if it is not there."""

    def fetch() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


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

    from daihoi.accounts.models import CongressRole, UnitRole, User
    from daihoi.accounts.services import congress_role_grant, unit_role_grant
    from daihoi.elections import services as elections
    from daihoi.elections.models import Candidate, ElectionStatus
    from daihoi.organizations.models import Level, Unit
    from daihoi.personnel.models import StepRecord
    from daihoi.personnel.services import nomination

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    Level.objects.create(code="rank-0", name="Xã", rank=0)
    unit = make_unit("X", name="Đảng bộ xã Thử (sinh ngẫu nhiên)")
    congress = make_congress(unit, summoned=VOTERS)
    rng = random.Random(17)
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nam"]
    names = [f"Nguyễn Văn {given[i % 10]} {i:02d}" for i in range(NAMES)]
    # The same 60 paper sheets for both: the numbers of the names ticked (the step) or
    # struck out (the election), as a clerk reads them off the paper.
    ticked = [
        sorted(rng.sample(range(1, NAMES + 1), rng.randrange(10, TICKS + 1))) for _ in range(VOTERS)
    ]
    struck = [
        sorted(rng.sample(range(1, NAMES + 1), NAMES - SEATS + rng.randrange(0, 4)))
        for _ in range(VOTERS)
    ]

    def user(name: str) -> tuple[Any, Client]:
        u = User.objects.create_user(name, password=PASSWORD, full_name=name)
        client = Client()
        client.force_login(u)
        return u, client

    print(f"database: {connection.vendor}; {VOTERS} sheets × {NAMES} names, typed twice")
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        f", load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )

    # --- the introduction step ------------------------------------------------------------
    clerks = [user(f"nhansu{i}") for i in (1, 2)]
    for u, _client in clerks:
        unit_role_grant(actor=None, user=u, unit=unit, role=UnitRole.PERSONNEL)
    for name in names:
        nomination.pool_add(
            actor=None, congress=congress, full_name=name, posts=["committee"], reviewed_year=2025
        )
    run = nomination.run_start(actor=None, congress=congress)
    run = nomination.step_settings(
        actor=None,
        run=run,
        code="1",
        values={"summoned": VOTERS, "max_ticks": TICKS},
    )
    base = f"/congresses/{congress.pk}/nomination/steps/1/"
    lead = clerks[0][1]
    lead.post(base + "open/")
    record = StepRecord.objects.get(run=run, code="1")
    assert len(record.names) == NAMES, "the step's ballot lists the pool"
    step_sheet: list[float] = []
    step_total = 0.0
    for _u, client in clerks:
        for sheet in ticked:
            form = {"code": "1", "ticks": " ".join(map(str, sheet))}
            took = timed_once(partial(client.post, base + "entry/", form, HTTP_HX_REQUEST="true"))
            step_sheet.append(took)
            step_total += took
    step_total += sum(timed_once(partial(c.post, base + "entry/close/")) for _u, c in clerks)
    step_total += timed_once(lambda: lead.post(base + "seal/", {"collected": VOTERS}))
    record.refresh_from_db()
    assert record.state == "sealed", record.state
    lead.post(
        base + "details/",
        {"head": "Trần Văn Kiểm", "members": "Lê Thị Phiếu", "present": VOTERS, "issued": VOTERS},
    )
    step_result = [timed_once(lambda: ok(lead, base + "result/")()) for _ in range(REPEAT)]
    step_pdf = [timed_once(lambda: ok(lead, base + "minutes.pdf")()) for _ in range(REPEAT)]
    step_docx = [timed_once(lambda: ok(lead, base + "minutes.docx")()) for _ in range(REPEAT)]
    ballot_pdf = [timed_once(lambda: ok(lead, base + "ballot.pdf")()) for _ in range(REPEAT)]

    # --- the election of the same size ----------------------------------------------------
    head, head_client = user("truongban")
    congress_role_grant(actor=None, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
    counters = [user(f"kiemphieu{i}") for i in (1, 2)]
    for u, _client in counters:
        congress_role_grant(actor=None, user=u, congress=congress, role=CongressRole.COUNTING_CLERK)
    election = elections.election_create(
        actor=None,
        congress=congress,
        kind="other",
        seats=SEATS,
        summoned=VOTERS,
        title="Bầu thử 33 trong 40 người",
    )
    Candidate.objects.bulk_create(Candidate(election=election, full_name=n) for n in names)
    election.status = ElectionStatus.COUNTING
    election.save()
    e = f"/elections/{election.pk}/"
    head_client.post(e + "batches/open/")
    batch = election.batches.get()
    election_sheet: list[float] = []
    election_total = 0.0
    for u, client in counters:
        client.post(e + f"count/batches/{batch.pk}/join/")
        stream = batch.streams.get(clerk=u)
        url = e + f"count/streams/{stream.pk}/"
        for sheet in struck:
            line = {"line": " ".join(map(str, sheet))}
            took = timed_once(partial(client.post, url, line, HTTP_HX_REQUEST="true"))
            election_sheet.append(took)
            election_total += took
        election_total += timed_once(partial(client.post, url + "close/", {"confirmed": "yes"}))
    batch.refresh_from_db()
    assert batch.status == "matched", batch.status
    election_total += timed_once(lambda: head_client.post(e + "finalise/", {"confirmed": "yes"}))
    election.refresh_from_db()
    assert election.status == ElectionStatus.FINALISED, election.status
    election_result = [timed_once(lambda: ok(head_client, e + "result/")()) for _ in range(REPEAT)]
    election_pdf = [timed_once(lambda: ok(head_client, e + "minutes.pdf")()) for _ in range(REPEAT)]

    print()
    print(f"step: one sheet typed (posted by htmx, entry answered), n={len(step_sheet)}:")
    print(f"  {median_ms(step_sheet)}")
    first = step_sheet[:10] + step_sheet[VOTERS : VOTERS + 10]
    last = step_sheet[VOTERS - 10 : VOTERS] + step_sheet[-10:]
    print(
        f"  step, a clerk's first 10 sheets: {median_ms(first)}; last 10: {median_ms(last)} "
        "(the entry's answer lists the clerk's sheets)"
    )
    print(f"election: one ballot typed (posted by htmx, form answered), n={len(election_sheet)}:")
    print(f"  {median_ms(election_sheet)}")
    ratio = statistics.median(step_sheet) / statistics.median(election_sheet)
    print(f"per sheet, step / election: {ratio:.2f}")
    print(
        f"whole count, server time (2 × {VOTERS} sheets, both closings, the seal): "
        f"step {step_total / 1000:.2f} s, election {election_total / 1000:.2f} s, "
        f"ratio {step_total / election_total:.2f}"
    )
    print(f"step result page, sealed: {median_ms(step_result)}")
    print(f"election result page, sealed: {median_ms(election_result)}")
    print(f"step minutes PDF download: {median_ms(step_pdf)}")
    print(f"step minutes DOCX download: {median_ms(step_docx)}")
    print(f"step ballot PDF download: {median_ms(ballot_pdf)}")
    print(f"election minutes PDF download: {median_ms(election_pdf)}")


if __name__ == "__main__":
    main()
