"""What 2,000 phones poll for, kept cheap: short-lived per-process caches.

A phone asks every few seconds whether a vote is open. The answer for the
whole congress (the open vote's id and question) is cached for one second,
and a bound vote pass for ten, so an idle poll costs no query. Only the poll
reads these caches: a cast, a binding and every page that changes something
read the database, which stays the authority. Writes clear the entries they
change once committed; another server process sees the change within the
time to live.

And one writer at a time on SQLite: the hall's frequent writes (check-in,
binding a phone) queue on a lock before ``BEGIN IMMEDIATE``, so a waiting
writer starts as soon as the one before commits instead of sleeping in
SQLite's busy handler (its back-off made the slowest requests wait seconds
under load). The lock is the process's threads' and, through ``flock`` on a
file beside the database, every server process's (``daihoi serve
--workers``): two processes writing at once would again leave one of them
in the busy handler. The votes of a burst go further, by group commit (on SQLite
and PostgreSQL alike): the casts that arrive while one commit is being made
wait for the next one and go together, each in its own savepoint, in one
transaction with one flush to disk; each request answers only after that
commit. With ``synchronous=FULL`` a SQLite commit costs the disk's flush time
(tens of milliseconds here), which one cast at a time would have made the
limit of the whole hall; on PostgreSQL every cast waits for the lock on the
vote's row anyway, and request threads queueing on it (each needing the
interpreter's lock to finish its own transaction) made the slowest wait
seconds; one committing thread holds that lock once per batch.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, ParamSpec, TypeVar

from django.db import DatabaseError, connection, transaction

OPEN_VOTE_SECONDS = 1
PASS_SECONDS = 10

P = ParamSpec("P")
R = TypeVar("R")


class _SqliteWriter:
    """The writer lock: a thread lock, then an exclusive ``flock`` on
    ``<database>-writer.lock`` (opened once per process; none for a database
    in memory)."""

    def __init__(self) -> None:
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int | None:
        if self._pid != os.getpid():  # a forked worker opens its own
            name = str(connection.settings_dict["NAME"])
            in_memory = name == ":memory:" or "mode=memory" in name
            self._fd = (
                None if in_memory else os.open(f"{name}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
            )
            self._pid = os.getpid()
        return self._fd

    def __enter__(self) -> object:
        self._threads.acquire()
        try:
            fd = self._file()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise
        return None

    def __exit__(self, *exc: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()


_WRITER = _SqliteWriter()


class _Store:
    """A small in-process cache with a time to live.

    Not Django's cache: its default (local memory) keeps 300 entries, and
    2,000 vote passes would push each other out.
    """

    LIMIT = 50_000

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        item = self._data.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def set(self, key: str, value: Any, seconds: float) -> None:
        with self._lock:
            if len(self._data) >= self.LIMIT:
                self._data.clear()
            self._data[key] = (time.monotonic() + seconds, value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


cache = _Store()


def shared_cache_reads() -> contextlib.AbstractContextManager[object]:
    """Reads outside a transaction that may meet a writer: on a SQLite database in
    memory (the tests'), whose shared cache refuses a read during another
    connection's write instead of waiting, under the writer lock; elsewhere WAL
    or MVCC lets them run beside the writer."""
    name = str(connection.settings_dict.get("NAME", ""))
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and in_memory and not connection.in_atomic_block:
        return _WRITER
    return contextlib.nullcontext()


def one_writer_at_a_time(fn: Callable[P, R]) -> Callable[P, R]:
    """On SQLite, run the (atomic) write under the process's writer lock."""

    @wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            with _WRITER:
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return wrapped


def prepared_cursor() -> Any:
    """A cursor for the phone's cast, whose statements PostgreSQL plans once per connection.

    Django's PostgreSQL cursors bind parameters on the client and never
    prepare a statement, so every cast's check was planned again: 0.26 ms of
    the database's CPU to plan it against 0.04 ms to run it, at a burst of
    2,000 on the cores the server shares with it (docs/BENCHMARKS.md). This
    cursor prepares each statement it runs; the connection prepares nothing
    else (its threshold is set only while this cursor runs a statement).
    Elsewhere, or with ``DAIHOI_PREPARED_CASTS`` off: Django's own cursor.
    """
    from django.conf import settings

    if connection.vendor != "postgresql" or not settings.PREPARED_CASTS:
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


@lru_cache(maxsize=1)
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            conn = self.connection
            threshold = conn.prepare_threshold  # None: Django's setting, nothing prepared
            if threshold is None:
                conn.prepare_threshold = 0
            try:
                return super().execute(query, params, prepare=True)
            finally:
                conn.prepare_threshold = threshold

    return PreparingCursor


class _GroupCommit:
    """One thread commits the queued jobs together (see the module's note)."""

    BATCH = 256

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def run(self, job: Callable[[], R]) -> R:
        future: Future[R] = Future()
        self._jobs.put((job, future))
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="daihoi-group-commit", daemon=True
                )
                self._thread.start()
        return future.result(timeout=60)

    def _loop(self) -> None:
        while True:
            try:
                batch = [self._jobs.get(timeout=1.0)]
            except queue.Empty:
                connection.close()  # idle: give the database its session back
                continue
            while len(batch) < self.BATCH:
                try:
                    batch.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[], Any], Future[Any]]]) -> None:
        outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            writer = _WRITER if connection.vendor == "sqlite" else contextlib.nullcontext()
            with writer, transaction.atomic():
                for job, future in batch:
                    try:
                        with transaction.atomic():  # a savepoint: a refusal undoes this job only
                            outcomes.append((future, job(), None))
                    except Exception as exc:
                        outcomes.append((future, None, exc))
        except DatabaseError as exc:  # the commit itself failed: nothing of the batch holds
            connection.close()
            for _job, future in batch:
                future.set_exception(exc)
            return
        for future, value, error in outcomes:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)


_GROUP = _GroupCommit()


def group_committed(fn: Callable[P, R]) -> Callable[P, R]:
    """Outside a transaction, run the write in the next group commit."""

    @wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not connection.in_atomic_block:
            return _GROUP.run(lambda: fn(*args, **kwargs))
        return fn(*args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class OpenVote:
    pk: int
    title: str
    secret: bool
    sitting_id: int


def _vote_key(congress_id: int) -> str:
    return f"daihoi:hall:open-vote:{congress_id}"


def open_vote(congress_id: int) -> OpenVote | None:
    """The congress's open vote, if any (cached for a second)."""
    from daihoi.congresses.models import ProceduralVote, VoteStatus

    key = _vote_key(congress_id)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    row = (
        ProceduralVote.objects.filter(congress_id=congress_id, status=VoteStatus.OPEN)
        .values_list("pk", "title", "secret", "sitting_id")
        .first()
    )
    value = OpenVote(*row) if row else None
    cache.set(key, value or False, OPEN_VOTE_SECONDS)
    return value


def forget_open_vote(congress_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(_vote_key(congress_id)))
    hall_changed(congress_id)


def hall_changed(congress_id: int) -> None:
    """Once committed, tell this machine's push stream that the congress's state changed."""
    from daihoi.congresses.stream import poke

    transaction.on_commit(lambda: poke(congress_id))


@dataclass(frozen=True)
class PassInfo:
    """A bound vote pass, as the poll needs it."""

    delegate_id: int
    congress_id: int
    generation: int
    device: str
    full_name: str
    number: int | None


def _pass_key(delegate_id: int) -> str:
    return f"daihoi:hall:pass:{delegate_id}"


def cached_pass(delegate_id: int) -> PassInfo | None:
    value = cache.get(_pass_key(delegate_id))
    return value if isinstance(value, PassInfo) else None


def remember_pass(info: PassInfo) -> None:
    if info.device:
        cache.set(_pass_key(info.delegate_id), info, PASS_SECONDS)


def forget_pass(delegate_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(_pass_key(delegate_id)))


def presence_key(sitting_id: int, delegate_id: int) -> str:
    return f"daihoi:hall:present:{sitting_id}:{delegate_id}"


def forget_presence(sitting_id: int, delegate_id: int) -> None:
    key = presence_key(sitting_id, delegate_id)
    transaction.on_commit(lambda: cache.delete(key))
