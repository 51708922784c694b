"""Benchmark: what one phone's secret cast costs the server and the database.

Run by `make bench-cast` (SQLite in a temporary folder) and `make
bench-cast-postgres`. At a vote's burst 2,000 casts share the machine's two
cores with the database and the web server's own work (`make load`); this
takes the cast alone, one after another in one thread, as the hall's server
does it: the checks (`voting.cast_vote`), the choice into the ballot box, and
the batches written by the group commit. Per cast: the wall time, this
process's CPU, and on PostgreSQL the CPU of the database's processes on this
machine (read from /proc). Medians of the votes; figures go to
docs/BENCHMARKS.md (issue 20).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time


def database_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL processes on this machine (Linux)."""
    from tests.procs import processes_named

    fields = processes_named(b"postgres").values()
    return sum(int(f[11]) + int(f[12]) for f in fields) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--votes", type=int, default=5, help="votes cast in turn (the median)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
    from tests.load.load_hall import build

    built = build(args.delegates)
    from django.db import connection

    from daihoi.congresses import services, voting
    from daihoi.congresses.models import Congress, Delegate, ProceduralVote, VoteCast

    congress = Congress.objects.get(pk=built["congress"])
    delegates = list(Delegate.objects.filter(congress=congress).order_by("pk"))
    for d in delegates:
        services.checkin(actor=None, congress=congress, code=d.code)
    secrets = {d.pk: voting.pass_bind(delegate=d) for d in delegates}
    generations = dict(
        Delegate.objects.filter(congress=congress).values_list("pk", "pass_generation")
    )
    postgres = connection.vendor == "postgresql"
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"cast benchmark: {len(delegates)} delegates, {connection.vendor}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {when}"
    )
    walls, cpus, databases = [], [], []
    choices = ["agree", "agree", "agree", "disagree", "abstain"]
    for n in range(args.votes):
        vote = (
            ProceduralVote.objects.get(pk=built["vote"])
            if n == 0
            else services.vote_create(
                actor=None,
                congress=congress,
                subject="other",
                title=f"Biểu quyết {n + 1}",
                method="electronic",
                secret=True,
            )
        )
        services.vote_open(actor=None, vote=vote)
        wall, cpu, db = time.perf_counter(), time.process_time(), database_cpu()
        for i, d in enumerate(delegates):
            voting.cast_vote(
                delegate_id=d.pk,
                generation=generations[d.pk],
                device_secret=secrets[d.pk],
                vote_id=vote.pk,
                choice=choices[i % len(choices)],
                wait=0.0,
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        db = database_cpu() - db
        services.vote_close(actor=None, vote=vote)
        written = VoteCast.objects.filter(vote=vote).count()
        if written != len(delegates):
            sys.exit(f"vote {n + 1}: {written} has-voted rows for {len(delegates)} casts")
        per = 1000 / len(delegates)
        walls.append(wall * per)
        cpus.append(cpu * per)
        databases.append(db * per)
        line = f"  vote {n + 1}: {wall * per:.2f} ms a cast, this process's CPU {cpu * per:.2f} ms"
        print(line + (f", the database's {db * per:.2f} ms" if postgres else ""))
    summary = (
        f"median of {args.votes}: {statistics.median(walls):.2f} ms a cast, "
        f"this process's CPU {statistics.median(cpus):.2f} ms"
    )
    if postgres:
        summary += f", the database's {statistics.median(databases):.2f} ms"
    print(summary)


if __name__ == "__main__":
    main()
