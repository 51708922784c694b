"""Benchmark: a 60,000-unit tree — import from a file, then the unit page.

Run by `make bench-tree` (SQLite in a temporary folder) and
`make bench-tree-postgres` (a throwaway PostgreSQL). Prints medians.
Not a test: figures go to docs/BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import csv
import io
import os
import platform
import statistics
import sys
import tempfile
import time

ROOT_CHILDREN = 34  # provinces
PER_PROVINCE = 100  # communes and wards
PER_COMMUNE = 17  # branches
REPEAT = 15


def build_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["code", "name", "level", "parent", "members"])
    w.writerow(["TW", "Đảng bộ Trung ương (sinh ngẫu nhiên)", "trung-uong", "", 0])
    for p in range(ROOT_CHILDREN):
        pc = f"T{p:02d}"
        w.writerow([pc, f"Đảng bộ tỉnh {p}", "tinh", "TW", 0])
        for x in range(PER_PROVINCE):
            xc = f"{pc}-X{x:03d}"
            w.writerow([xc, f"Đảng bộ xã {p}-{x}", "xa", pc, 0])
            for c in range(PER_COMMUNE):
                w.writerow([f"{xc}-C{c:02d}", f"Chi bộ {p}-{x}-{c}", "chi-bo", xc, 30])
    return out.getvalue().encode("utf-8")


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

    from daihoi.accounts.models import User
    from daihoi.congresses.models import Congress, CongressKind, Term
    from daihoi.organizations.importing import units_import
    from daihoi.organizations.models import Level, Unit

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    for rank, code in enumerate(["trung-uong", "tinh", "xa", "chi-bo"]):
        Level.objects.create(code=code, name=code, rank=rank)
    data = build_csv()
    n_units = 1 + ROOT_CHILDREN * (1 + PER_PROVINCE * (1 + PER_COMMUNE))

    started = time.perf_counter()
    units_import(actor=None, file_name="tree.csv", data=data, under=None)
    import_seconds = time.perf_counter() - started
    assert Unit.objects.count() == n_units

    term = Term.objects.create(start_year=2025, end_year=2030)
    Congress.objects.bulk_create(
        (
            Congress(unit_id=pk, term=term, kind=CongressKind.MEMBERS)
            for pk in Unit.objects.values_list("pk", flat=True)
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load; without it the planner guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    admin = User.objects.create_superuser("bench", password="bench-password-1")
    client = Client()
    client.force_login(admin)

    pages = {
        "root (61,000 below)": "TW",
        "province (1,800 below)": "T17",
        "commune (17 below)": "T17-X050",
        "branch (leaf)": "T17-X050-C07",
    }
    print(f"database: {connection.vendor}; units: {n_units:,}; congresses: {n_units:,}")
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"import of {n_units:,} units from CSV ({len(data) / 1e6:.1f} MB): {import_seconds:.1f} s"
    )
    for label, code in pages.items():
        url = f"/units/{code}/"
        assert client.get(url).status_code == 200
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(
            f"unit page, {label}: median {statistics.median(times):.0f} ms "
            f"(min {min(times):.0f}, max {max(times):.0f}, n={REPEAT})"
        )
    searches = {
        "root, no tone marks, 1 name": ("TW", "chi bo 17-50-7"),
        "root, 1,800 names hold the words": ("TW", "Chi bộ 17-"),
        "province, exact name": ("T17", "chi bo 17-50-7"),
    }
    for label, (code, query) in searches.items():
        url = f"/units/{code}/search/?q={query}"
        assert client.get(url).status_code == 200
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            response = client.get(url, HTTP_HX_REQUEST="true")
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(
            f"unit search, {label}: median {statistics.median(times):.0f} ms "
            f"(min {min(times):.0f}, max {max(times):.0f}, n={REPEAT})"
        )


if __name__ == "__main__":
    main()
