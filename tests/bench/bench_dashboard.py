"""Benchmark: the dashboard of 60,000 units and their congresses; 5,000 results in one import.

Run by `make bench-dashboard` (SQLite in a temporary folder) and
`make bench-dashboard-postgres` (a throwaway PostgreSQL). Prints medians.
Not a test: figures go to docs/BENCHMARKS.md with the machine and date.

The tree is bench_tree's (1 + 34 provinces + 3,400 communes + 57,800 branches),
each unit with a congress of the term; a central plan and 34 province plans
set deadlines by level, 1,000 branches have a deadline of their own; about
half the congresses are held and a third of those have reported results.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from bench_tree import build_csv

REPEAT = 15
ON = "15/08/2025"
IMPORT_ROWS = 5000


def timed(client, url: str, repeat: int = REPEAT) -> list[float]:  # type: ignore[no-untyped-def]
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return times


def timed_export(user, code: str, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The background task's work for the calendar's export of ``code`` (ms, each run)."""
    from daihoi.congresses.models import Term
    from daihoi.organizations.models import Unit
    from daihoi.planning.services.exports import export_run, export_start

    unit, term = Unit.objects.get(code=code), Term.objects.get()
    times = []
    for _ in range(repeat):
        job = export_start(actor=user, unit=unit, term=term, as_of=dt.date(2025, 8, 15), filters={})
        t0 = time.perf_counter()
        export_run(job.pk)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(times):.0f} ms "
        f"(min {min(times):.0f}, max {max(times):.0f}, n={len(times)})",
        flush=True,
    )


def main() -> None:
    # BENCH_DATA_DIR keeps the SQLite database between runs (to profile the pages only).
    keep = os.environ.get("BENCH_DATA_DIR", "")
    if keep:
        os.environ["DAIHOI_DATA_DIR"] = keep
    elif not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    # The pages are measured, not the sign-in: the bench's administrator has no second
    # factor (without this every page answers with the redirect to enrol one).
    os.environ.setdefault("DAIHOI_REQUIRE_2FA", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from daihoi.accounts.models import User
    from daihoi.congresses.models import Congress, CongressStatus
    from daihoi.organizations.models import Level, Unit
    from daihoi.planning.importing import reports_import
    from daihoi.planning.models import ResultReport
    from daihoi.tables import ImportRefused

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        if not keep:
            sys.exit("the database is not empty: run the benchmark on a fresh one")
        return pages(Client, User, Level)
    started = time.perf_counter()
    root, term = populate()
    setup_seconds = time.perf_counter() - started
    print(f"set-up: {setup_seconds:.1f} s", flush=True)
    client = pages(Client, User, Level)
    # 5,000 results in one batch: once for congresses already recorded as held, once for
    # congresses the import records as held (through the congresses' services).
    office = User.objects.create_user("office", password="bench-password-2")
    codes = dict(Unit.objects.values_list("pk", "code"))
    free = Congress.objects.filter(result_report__isnull=True)

    def batch(statuses: tuple[str, ...]) -> tuple[bytes, list[int]]:
        picked = list(
            free.filter(status__in=statuses).values_list("pk", "unit_id", "held_from")[:IMPORT_ROWS]
        )
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["Mã đơn vị", "Ngày đại hội", "Số ủy viên BCH", "Nữ", "Dưới 40 tuổi", "Tái cử"])
        for _pk, unit_id, held_from in picked:
            day = held_from or dt.date(2025, 7, 1)
            w.writerow([codes[unit_id], day.strftime("%d/%m/%Y"), 9, 2, 1, 5])
        return out.getvalue().encode("utf-8"), [p for p, _u, _h in picked]

    data, _ = batch((CongressStatus.HELD,))
    lines = data.decode("utf-8").splitlines()
    lines[4321] = lines[4321].replace(",9,2,1,5", ",9,12,1,5")  # more women than members
    bad = ("\n".join(lines) + "\n").encode("utf-8")
    before = ResultReport.objects.count()
    t0 = time.perf_counter()
    try:
        reports_import(actor=office, under=root, term=term, file_name="bad.csv", data=bad)
    except ImportRefused as refused:
        first = refused.errors[0]
        print(
            f"import of {IMPORT_ROWS:,} results with one bad row: refused in "
            f"{time.perf_counter() - t0:.2f} s, naming row {first.row} column {first.column}; "
            f"reports written: {ResultReport.objects.count() - before}",
            flush=True,
        )
    else:
        sys.exit("the bad file was not refused")

    for label, statuses in (
        ("congresses already held", (CongressStatus.HELD,)),
        ("congresses recorded as held by the import", (CongressStatus.PREPARING,)),
    ):
        data, picked = batch(statuses)
        times = []
        t0 = time.perf_counter()
        result = reports_import(actor=office, under=root, term=term, file_name="ok.csv", data=data)
        times.append(time.perf_counter() - t0)
        assert result.reports == len(picked) == IMPORT_ROWS, result
        print(
            f"import of {IMPORT_ROWS:,} results ({label}): {times[0]:.1f} s; "
            f"marked held: {result.marked_held:,}",
            flush=True,
        )
    report("dashboard, root, after the imports", timed(client, f"/units/TW/dashboard/?on={ON}"))
    print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)


def populate():  # type: ignore[no-untyped-def]
    """The tree with its congresses, plans, deadlines and reports; returns (root, term).

    Also used by bench_export.py.
    """
    from django.db import connection
    from django.utils import timezone

    from daihoi.congresses.models import Congress, CongressKind, CongressStatus, Term
    from daihoi.organizations.importing import units_import
    from daihoi.organizations.models import Level, Unit
    from daihoi.planning import services
    from daihoi.planning.models import Dissemination, Milestone, ResultReport

    levels = {
        code: Level.objects.create(code=code, name=name, rank=rank)
        for rank, (code, name) in enumerate(
            [("trung-uong", "Trung ương"), ("tinh", "Tỉnh"), ("xa", "Xã"), ("chi-bo", "Chi bộ")]
        )
    }
    units_import(actor=None, file_name="tree.csv", data=build_csv(), under=None)
    term = Term.objects.create(start_year=2025, end_year=2030)
    rng = random.Random(2025)
    units = list(Unit.objects.values_list("pk", "level__code"))
    congresses = []
    for pk, level in units:
        planned = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(0, 200))
        roll = rng.random()
        status = (
            CongressStatus.RESULTS_APPROVED
            if roll < 0.2
            else CongressStatus.HELD
            if roll < 0.5
            else CongressStatus.PREPARING
            if roll < 0.8
            else CongressStatus.PLANNED
        )
        held = status in (CongressStatus.HELD, CongressStatus.RESULTS_APPROVED)
        congresses.append(
            Congress(
                unit_id=pk,
                term=term,
                kind=CongressKind.MEMBERS if level == "chi-bo" else CongressKind.DELEGATES,
                is_pilot=rng.random() < 0.05,
                planned_date=planned if roll < 0.95 else None,
                held_from=planned if held else None,
                held_to=planned if held else None,
                status=status,
            )
        )
    Congress.objects.bulk_create(congresses, batch_size=5000)
    root = Unit.objects.get(code="TW")
    plan = services.document_create(
        actor=None,
        issuer=root,
        term=term,
        kind="directive",
        number="35-CT/TW",
        issued_on=dt.date(2024, 5, 30),
        title="Chỉ thị về đại hội đảng bộ các cấp (sinh ngẫu nhiên)",
        report_days=15,
        targets={"target_women": 15, "target_young": 10, "target_minority": None},  # type: ignore[dict-item]
    )
    for code, due in (
        ("chi-bo", dt.date(2025, 6, 30)),
        ("xa", dt.date(2025, 8, 31)),
        ("tinh", dt.date(2025, 10, 31)),
        ("trung-uong", dt.date(2026, 1, 31)),
    ):
        services.milestone_add(actor=None, document=plan, level=levels[code], due=due)
    branches = list(Unit.objects.filter(level=levels["chi-bo"]).values_list("pk", flat=True))
    for province in Unit.objects.filter(level=levels["tinh"]):
        lower = services.document_create(
            actor=None,
            issuer=province,
            term=term,
            kind="plan",
            number=f"1-KH/{province.code}",
            issued_on=dt.date(2024, 7, 1),
            title="Kế hoạch (sinh ngẫu nhiên)",
            implements=plan,
        )
        services.milestone_add(
            actor=None, document=lower, level=levels["chi-bo"], due=dt.date(2025, 6, 15)
        )
        services.milestone_add(
            actor=None,
            document=lower,
            level=levels["chi-bo"],
            pilot=True,
            due=dt.date(2025, 5, 15),
        )
    Milestone.objects.bulk_create(
        Milestone(document=plan, unit_id=pk, due=dt.date(2025, 5, 31))
        for pk in rng.sample(branches, 1000)
    )
    held = list(
        Congress.objects.filter(
            status__in=(CongressStatus.HELD, CongressStatus.RESULTS_APPROVED)
        ).values_list("pk", "status")
    )
    reported = rng.sample(held, len(held) // 3)
    ResultReport.objects.bulk_create(
        (
            ResultReport(
                congress_id=pk,
                status="approved" if status == CongressStatus.RESULTS_APPROVED else "submitted",
                source="imported",
                committee_size=(size := rng.choice((3, 5, 7, 9, 15))),
                women=rng.randint(0, size),
                young=rng.randint(0, size),
                minority=rng.randint(0, size // 2),
                reelected=rng.randint(0, size),
            )
            for pk, status in reported
        ),
        batch_size=5000,
    )
    # Four units in five have held the conference disseminating the directive (a generator
    # of its own, so the figures above stay those of earlier runs).
    draw = random.Random(35)
    Dissemination.objects.bulk_create(
        (
            Dissemination(
                document=plan,
                unit_id=pk,
                held_on=dt.date(2024, 6, 15) + dt.timedelta(days=draw.randrange(0, 60)),
                summoned=(summoned := draw.randint(10, 80)),
                attended=summoned - draw.randint(0, summoned // 7),
                recorded_at=timezone.now(),
            )
            for pk, _level in units
            if draw.random() < 0.8
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return root, term


def pages(Client, User, Level):  # type: ignore[no-untyped-def]
    """The pages, measured; returns the logged-in client."""
    from django.db import connection

    from daihoi.organizations.models import Unit
    from daihoi.planning.models import Milestone, ResultReport

    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-password-1"
    )
    client = Client()
    client.force_login(admin)
    chi_bo = Level.objects.get(code="chi-bo")
    print(
        f"database: {connection.vendor}; units: {Unit.objects.count():,}; "
        f"reports: {ResultReport.objects.count():,}; milestones: {Milestone.objects.count():,}"
    )
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; date {dt.date.today().isoformat()}; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    report("dashboard, root (61,235 units)", timed(client, f"/units/TW/dashboard/?on={ON}"))
    report("dashboard, province (1,801 units)", timed(client, f"/units/T17/dashboard/?on={ON}"))
    report("calendar, root, first page", timed(client, f"/units/TW/calendar/?on={ON}"))
    report("calendar, province, first page", timed(client, f"/units/T17/calendar/?on={ON}"))
    report(
        "calendar, root, overdue branches",
        timed(client, f"/units/TW/calendar/?on={ON}&flag=overdue&level={chi_bo.pk}"),
    )
    report("calendar Excel export, root (all units)", timed_export(admin, "TW", 3))
    report("calendar Excel export, province", timed_export(admin, "T17", 5))
    report("reports awaiting approval, root", timed(client, "/units/TW/reports/"))
    from daihoi.planning.models import Document

    directive = Document.objects.get(number="35-CT/TW").pk
    report(
        "dissemination progress of 35-CT/TW, root",
        timed(client, f"/documents/{directive}/coverage/TW/"),
    )
    report(
        "dissemination progress of 35-CT/TW, province",
        timed(client, f"/documents/{directive}/coverage/T17/"),
    )
    report(
        "dissemination progress, root, last page of the units not held",
        timed(client, f"/documents/{directive}/coverage/TW/?page=123"),
    )
    print(f"load average after the pages {os.getloadavg()[0]:.1f}", flush=True)
    return client


if __name__ == "__main__":
    main()
