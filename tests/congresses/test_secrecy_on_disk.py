"""A secret vote read from the disk: no copy orders the choices against who voted.

A real server (``daihoi serve``, its own database) takes a secret vote from
phones over HTTP; copies of the database are taken while choices wait to be
written, after a SIGKILL of the server mid-vote, and after the close. On
SQLite every copy is the main file AND its ``-wal``: the write-ahead log keeps
one set of pages per commit, so the copy is replayed commit by commit, as an
attacker would, and the has-voted rows and the counters of each state are
compared with the state before. On PostgreSQL the live rows' ``xmin`` (the
transaction that wrote them), ``ctid`` and the table statistics are read.
Either way every step that adds voters adds at least the batch size of them
with the sum of their choices, never one voter beside one choice; and the
kill loses no acknowledged vote and counts none twice.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.procs import serve

BATCH = 4
PHONES = 30

SEED = """
import datetime as dt, json
from daihoi.congresses import services, voting
from daihoi.congresses.models import Congress, Delegate, Term
from daihoi.organizations.models import Level
from daihoi.organizations.services import unit_create
level = Level.objects.create(code="tinh", name="Tinh", rank=0)
unit = unit_create(actor=None, code="SD", name="Dang bo thu", level=level, parent=None)
term = Term.objects.create(start_year=2025, end_year=2030)
congress = Congress.objects.create(unit=unit, term=term, kind="delegates", number="XX")
made = services.delegates_add_many(
    actor=None, congress=congress, rows=[{"full_name": f"Dai bieu {i}"} for i in range(PHONES)]
)
sitting = services.sitting_add(
    actor=None, congress=congress, title="Phien", date=dt.date(2025, 10, 10)
)
services.sitting_open(actor=None, sitting=sitting)
vote = services.vote_create(
    actor=None, congress=congress, subject="agenda", title="Chuong trinh",
    method="electronic", secret=True,
)
for d in made:
    services.checkin(actor=None, congress=congress, code=d.code)
services.vote_open(actor=None, vote=vote)
phones = []
for d in made:
    fresh = Delegate.objects.get(pk=d.pk)
    phones.append([d.pk, voting.pass_token(fresh), voting.pass_bind(delegate=fresh)])
print("SEED " + json.dumps({"vote": vote.pk, "phones": phones}))
"""

CLOSE = """
from daihoi.congresses import services
from daihoi.congresses.models import ProceduralVote
vote = services.vote_close(actor=None, vote=ProceduralVote.objects.get(pk=VOTE))
print("CLOSED", vote.agree, vote.disagree, vote.abstain)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DAIHOI_DATA_DIR=str(tmp_path / "data"),
        DAIHOI_SECURE_COOKIES="false",
        DAIHOI_SECRET_VOTE_BATCH=str(BATCH),
    )
    database = settings.DATABASES["default"]
    dropped = None
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"secrecy_{uuid.uuid4().hex[:8]}"
        params = _pg_params(database)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"
        )
        env["SECRECY_PG_NAME"] = name
        dropped = (name, params)
    else:
        env["DATABASE_URL"] = ""
    yield env
    if dropped:
        import psycopg

        name, params = dropped
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _pg_params(database: dict[str, Any]) -> dict[str, Any]:
    keys = (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
    return {k: database[K] for k, K in keys if database.get(K)}


def _daihoi(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "daihoi.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return done.stdout


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return serve(port, env, "--workers", "1")


class Phone:
    """One delegate's phone: its device cookie, a CSRF cookie, its choice."""

    def __init__(self, pk: int, token: str, device: str, choice: str) -> None:
        self.pk, self.token, self.choice = pk, token, choice
        self.cookies = {f"dh_pass_{pk}": device}
        self.told = 0  # the last answer to a cast: 200 recorded, 202 waiting

    def _request(self, port: int, method: str, path: str, body: str = "") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "HX-Request": "true",
            }
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def open(self, port: int) -> None:
        status, _ = self._request(port, "GET", f"/v/{self.token}/")
        assert status == 200

    def cast(self, port: int, vote: int, *, again: bool = False) -> int:
        body = f"choice={self.choice}" + ("&again=1" if again else "")
        try:
            status, _ = self._request(port, "POST", f"/v/{self.token}/votes/{vote}/", body)
        except OSError:
            return 0  # the server died: no answer, not acknowledged
        if status in (200, 202):
            self.told = status
        return status


def _cast_all(phones: list[Phone], port: int, vote: int, *, again: bool = False) -> None:
    threads = [
        threading.Thread(target=p.cast, args=(port, vote), kwargs={"again": again}) for p in phones
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)


# --- SQLite: the main file and its -wal, replayed commit by commit ---------------------


def _copy_sqlite(data: Path, into: Path) -> Path:
    into.mkdir(parents=True)
    for suffix in ("", "-wal"):
        source = data / f"daihoi.sqlite3{suffix}"
        if source.exists():
            shutil.copyfile(source, into / f"daihoi.sqlite3{suffix}")
    return into / "daihoi.sqlite3"


def _wal_commits(wal: bytes) -> list[int]:
    """The end offsets of the valid commits in a -wal image (frames of the current salt)."""
    if len(wal) < 32:
        return []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salt = wal[16:24]
    ends, offset = [], 32
    while offset + 24 + page_size <= len(wal):
        header = wal[offset : offset + 24]
        if header[8:16] != salt:
            break
        offset += 24 + page_size
        if struct.unpack(">I", header[4:8])[0]:  # a commit frame: the database's size
            ends.append(offset)
    return ends


def _state(path: Path, vote: int) -> tuple[frozenset[int], tuple[int, int, int], list[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if not {"congresses_votecast", "congresses_proceduralvote"} <= tables:
            return frozenset(), (0, 0, 0), []  # a state before the tables
        voted = frozenset(
            r[0]
            for r in conn.execute(
                "SELECT delegate_id FROM congresses_votecast WHERE vote_id = ?", [vote]
            )
        )
        counters = conn.execute(
            "SELECT agree, disagree, abstain FROM congresses_proceduralvote WHERE id = ?", [vote]
        ).fetchone()
        choices = [r[0] for r in conn.execute("SELECT choice FROM congresses_votecast")]
    finally:
        conn.close()
    return voted, tuple(counters or (0, 0, 0)), choices


def sqlite_history(
    copy: Path, vote: int, work: Path
) -> list[tuple[frozenset[int], tuple[int, int, int]]]:
    """Every state of the vote a copy holds: the main file, then after each commit in its -wal."""
    wal_path = Path(f"{copy}-wal")
    wal = wal_path.read_bytes() if wal_path.exists() else b""
    states = []
    for n, end in enumerate([0, *_wal_commits(wal)]):
        at = work / f"{copy.parent.name}-{n}"
        at.mkdir(parents=True)
        shutil.copyfile(copy, at / "db.sqlite3")
        if end:
            (at / "db.sqlite3-wal").write_bytes(wal[:end])
        voted, counters, choices = _state(at / "db.sqlite3", vote)
        assert set(choices) <= {""}, "a has-voted row holds a choice"
        states.append((voted, counters))
    return states


def steps_linking_a_voter_to_a_choice(
    history: list[tuple[frozenset[int], tuple[int, int, int]]],
) -> list[str]:
    """The attack: order the states, and look at what each step adds."""
    found = []
    for (before, counted), (after, counted_after) in itertools.pairwise(history):
        added = after - before
        delta = [b - a for a, b in zip(counted, counted_after, strict=True)]
        if not added and not any(delta):
            continue
        if len(added) != sum(delta):
            found.append(f"a step adds {len(added)} voters and {sum(delta)} choices")
        elif len(added) < BATCH:
            found.append(f"a step adds {len(added)} voters with the choices {delta}")
    return found


# --- PostgreSQL: the live rows' transaction ids, positions, statistics -------------------


def pg_batches(env: dict[str, str], vote: int) -> tuple[list[int], int]:
    """The size of each group of has-voted rows written by one transaction, and the
    vote row's updates counted by the statistics."""
    import psycopg

    params = _pg_params(settings.DATABASES["default"])
    with psycopg.connect(dbname=env["SECRECY_PG_NAME"], autocommit=True, **params) as conn:
        rows = conn.execute(
            "SELECT xmin::text, ctid::text, delegate_id, choice FROM congresses_votecast "
            "WHERE vote_id = %s",
            [vote],
        ).fetchall()
        assert {r[3] for r in rows} <= {""}, "a has-voted row holds a choice"
        groups = Counter(r[0] for r in rows)
        updates = conn.execute(
            "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'congresses_proceduralvote'"
        ).fetchone()
    return sorted(groups.values()), int(updates[0]) if updates else 0


def test_no_copy_of_the_disk_orders_choices_against_voters_and_a_kill_loses_no_vote(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    _daihoi("manage", "migrate", "--verbosity", "0", env=server_env)
    seed = _daihoi("manage", "shell", "-c", SEED.replace("PHONES", str(PHONES)), env=server_env)
    found = re.search(r"SEED (.*)", seed)
    assert found is not None
    data = json.loads(found.group(1))
    vote = int(data["vote"])
    choices = ["agree", "disagree", "abstain", "agree", "agree"]
    phones = [
        Phone(pk, token, device, choices[i % len(choices)])
        for i, (pk, token, device) in enumerate(data["phones"])
    ]
    on_sqlite = not server_env["DATABASE_URL"]
    store = Path(server_env["DAIHOI_DATA_DIR"])
    copies: list[Path] = []
    port = _free_port()
    server = _serve(port, server_env)
    try:
        for phone in phones:
            phone.open(port)
        _cast_all(phones[:11], port, vote)  # 11 waiting: 7 written, the newest 4 kept back
        if on_sqlite:
            copies.append(_copy_sqlite(store, tmp_path / "copy-mid-vote"))
        _cast_all(phones[11:20], port, vote)
        _cast_all(phones[:20], port, vote, again=True)  # the pages send again: some recorded
        server.send_signal(signal.SIGKILL)  # choices waiting in its ballot box die with it
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    told_before_kill = {p.pk for p in phones[:20] if p.told == 200}
    waiting = [p for p in phones[:20] if p.told == 202]
    assert told_before_kill and waiting  # some recorded, some only sent
    if on_sqlite:
        copies.append(_copy_sqlite(store, tmp_path / "copy-after-kill"))
    server = _serve(port, server_env)
    try:
        _cast_all(waiting, port, vote, again=True)  # the pages send their choices again
        _cast_all(phones[20:], port, vote)
        if on_sqlite:
            copies.append(_copy_sqlite(store, tmp_path / "copy-before-close"))
        if not on_sqlite:
            sizes, _updates = pg_batches(server_env, vote)
            assert sizes and min(sizes) >= BATCH, sizes
        # The close from another process: it waits for the server's ballot box.
        closing = {**server_env, "DAIHOI_SERVE_WORKERS": "2"}
        closed = _daihoi("manage", "shell", "-c", CLOSE.replace("VOTE", str(vote)), env=closing)
        _cast_all([p for p in phones if p.told != 200], port, vote, again=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    counted = tuple(int(x) for x in re.findall(r"CLOSED (\d+) (\d+) (\d+)", closed)[0])
    sent = Counter(p.choice for p in phones)
    # Every phone was told "recorded" in the end; the counters hold each choice once.
    assert all(p.told == 200 for p in phones)
    assert counted == (sent["agree"], sent["disagree"], sent["abstain"])
    if on_sqlite:
        copies.append(_copy_sqlite(store, tmp_path / "copy-after-close"))
        for copy in copies:
            history = sqlite_history(copy, vote, tmp_path / "states")
            assert steps_linking_a_voter_to_a_choice(history) == [], copy.parent.name
            if copy.parent.name == "copy-mid-vote":  # not blind: the -wal's commits were read
                assert len({voters for voters, _counted in history}) > 1
        final_voters, final_counters = _state(copies[-1], vote)[:2]
        assert len(final_voters) == PHONES and sum(final_counters) == PHONES
    else:
        sizes, updates = pg_batches(server_env, vote)
        assert sum(sizes) == PHONES and min(sizes) >= BATCH, sizes
        # open, each batch, the close's mark and the close: no row version per voter
        assert updates <= 3 + len(sizes) < PHONES


def test_the_attack_finds_the_link_when_one_vote_is_one_commit() -> None:
    """The check is not blind: a history where each commit adds one voter and one choice."""
    history = [(frozenset(), (0, 0, 0))]
    for n, delta in enumerate([(1, 0, 0), (0, 1, 0), (0, 0, 1)], start=1):
        voters = history[-1][0] | {n}
        counted = tuple(a + b for a, b in zip(history[-1][1], delta, strict=True))
        history.append((voters, counted))  # type: ignore[arg-type]
    assert len(steps_linking_a_voter_to_a_choice(history)) == 3
    mixed = [history[0], (frozenset({1, 2, 3, 4}), (2, 1, 1))]
    assert steps_linking_a_voter_to_a_choice(mixed) == []


def test_the_wal_reader_sees_each_commit(tmp_path: Path) -> None:
    """The replay reads every commit of a real -wal, so a one-row commit would show."""
    path = tmp_path / "daihoi.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(
        "CREATE TABLE congresses_votecast (id INTEGER PRIMARY KEY, vote_id INT, "
        "delegate_id INT, choice TEXT)"
    )
    conn.execute(
        "CREATE TABLE congresses_proceduralvote (id INTEGER PRIMARY KEY, agree INT, "
        "disagree INT, abstain INT)"
    )
    conn.execute("INSERT INTO congresses_proceduralvote VALUES (1, 0, 0, 0)")
    conn.commit()
    for delegate, column in [(7, "agree"), (8, "disagree")]:  # the old way: one vote a commit
        conn.execute("INSERT INTO congresses_votecast VALUES (NULL, 1, ?, '')", [delegate])
        conn.execute(f"UPDATE congresses_proceduralvote SET {column} = {column} + 1")
        conn.commit()
    copy = _copy_sqlite(tmp_path, tmp_path / "copy")
    conn.close()
    history = sqlite_history(copy, 1, tmp_path / "states")
    assert (frozenset({7}), (1, 0, 0)) in history and (frozenset({7, 8}), (1, 1, 0)) in history
    assert len(steps_linking_a_voter_to_a_choice(history)) == 2
