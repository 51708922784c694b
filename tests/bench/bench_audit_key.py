"""Benchmark: what the audit key's marks cost per audit entry.

Run by `make bench-audit-key` (SQLite in a temporary folder; PostgreSQL with
`make bench-audit-key-postgres`). Three figures, each the median of RUNS runs:
the two HMACs alone (the entry's and the head's), `audit_record` as it is, and
`audit_record` with the two HMACs replaced by a constant (what a write cost
before the key, give or take the mark column); then `audit verify` per entry.
Figures go to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time

ENTRIES = 2000
RUNS = 5
HMAC_LOOPS = 100_000


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from daihoi.audit import services as audit_services
    from daihoi.audit.chain import entry_mark, head_mark
    from daihoi.audit.keys import audit_key_for_write
    from daihoi.audit.models import AuditEntry
    from daihoi.audit.services import audit_record, audit_verify

    call_command("migrate", verbosity=0)
    if AuditEntry.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")

    def write(n: int) -> float:
        started = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action="bench.step",
                    object_type="bench",
                    object_id=i,
                    unit_path="0001.0002",
                    after={"i": i, "name": "Đảng bộ xã", "count": 40},
                )
        return (time.perf_counter() - started) / n * 1e6

    write(1)  # the key file is made with the first entry
    key = audit_key_for_write(chain_empty=False)
    digest = "ab" * 32

    def hmacs() -> float:
        started = time.perf_counter()
        for seq in range(HMAC_LOOPS):
            entry_mark(key, digest)
            head_mark(key, seq=seq, digest=digest, keyed_from=1)
        return (time.perf_counter() - started) / HMAC_LOOPS * 1e6

    mark_us = [hmacs() for _ in range(RUNS)]
    keyed_us: list[float] = []
    bare_us: list[float] = []
    kept = audit_services.entry_mark, audit_services.head_mark
    for _ in range(RUNS):
        keyed_us.append(write(ENTRIES))
        audit_services.entry_mark = lambda key, digest: "0" * 64  # type: ignore[assignment]
        audit_services.head_mark = lambda key, **kw: "0" * 64  # type: ignore[assignment]
        try:
            bare_us.append(write(ENTRIES))
        finally:
            audit_services.entry_mark, audit_services.head_mark = kept
    # The stubbed entries get the marks a write would have given them, and one more write
    # marks the head: the chain verifies whole, as a station's would.
    for e in list(AuditEntry.objects.filter(mark="0" * 64)):
        e.mark = entry_mark(key, e.hash)
        e.save(update_fields=["mark"])
    write(1)
    total = AuditEntry.objects.count()
    verify_us = []
    for _ in range(RUNS):
        started = time.perf_counter()
        report = audit_verify()
        verify_us.append((time.perf_counter() - started) / total * 1e6)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; {connection.vendor}")
    print(f"audit entries written per run: {ENTRIES} keyed + {ENTRIES} unkeyed; runs: {RUNS}")
    print(f"two HMAC-SHA256 (entry + head), alone: {statistics.median(mark_us):.2f} µs")
    print(f"audit_record with the marks:    {statistics.median(keyed_us):.0f} µs per entry")
    print(f"audit_record, marks stubbed:    {statistics.median(bare_us):.0f} µs per entry")
    print(
        f"audit verify: {statistics.median(verify_us):.1f} µs per entry over {total} entries "
        f"(chain holds: {report.ok})"
    )


if __name__ == "__main__":
    main()
