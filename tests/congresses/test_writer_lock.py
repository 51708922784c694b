"""On SQLite, one writer at a time across server processes (``daihoi serve --workers``)."""

from __future__ import annotations

import itertools
import multiprocessing
import time
from pathlib import Path

import pytest
from django.db import connection

from daihoi.congresses import live


def _hold(queue: multiprocessing.Queue, seconds: float) -> None:  # type: ignore[type-arg]
    with live._WRITER:
        start = time.monotonic()
        time.sleep(seconds)
        queue.put((start, time.monotonic()))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock is SQLite's")
def test_two_processes_never_write_at_the_same_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "db.sqlite3"))
    monkeypatch.setattr(live, "_WRITER", live._SqliteWriter())
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_hold, args=(queue, 0.3)) for _ in range(3)]
    for w in workers:
        w.start()
    spans = sorted(queue.get(timeout=10) for _ in workers)
    for w in workers:
        w.join(10)
    assert all(w.exitcode == 0 for w in workers)
    assert (tmp_path / "db.sqlite3-writer.lock").exists()
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end  # each began after the one before had finished
