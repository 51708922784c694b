"""Several machines, one PostgreSQL: two ``daihoi serve`` and two ``daihoi worker`` processes.

Real processes on 127.0.0.1, each on a port of its own, all with the same
``DATABASE_URL`` (the test database), the same data folder and the same secret
key, as docs/deployment.md asks of the machines behind a load balancer. The
"browser" keeps one cookie jar and sends each request to server A or B, as a
balancer without sticky sessions would. Checked across the two servers:

- a session made by logging in on A is one on B; logging out on B ends it on A;
- the login throttle counts the failures made on A and on B together;
- the same delegates checked in at the same moment through A and through B:
  each once, one audit entry each, the audit chain intact;
- a secret vote whose choices wait in A's and B's ballot boxes, closed through A,
  counts them all;
- exports asked through A and B run each exactly once on the two workers, and
  a file written by a worker is served by either server;
- ``/health/`` answers 200 on both.

PostgreSQL only: several machines cannot share a SQLite file.
"""

from __future__ import annotations

import http.cookiejar
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from daihoi.accounts.models import LoginFailure
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.congresses import services, voting
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    Presence,
    ProceduralVote,
    Term,
    VoteStatus,
)
from daihoi.planning.models import ExportJob
from tests.conftest import Tree
from tests.congresses.conftest import build_hall
from tests.congresses.test_secrecy_on_disk import Phone
from tests.procs import serve
from tests.tasks.databases import worker_env

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several machines share a PostgreSQL database"
)

#: Every wait of the test is bounded; the whole test stays under a minute.
WAIT = 40.0
PASSWORD = "Mật-khẩu đủ dài 2026"
LIMIT = 5
#: The person's address, as the proxy in front appends it to X-Forwarded-For.
CLIENT = "198.51.100.7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    location: str
    body: bytes


class Browser:
    """One cookie jar, requests sent to whichever server is named (no redirects followed)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def get(self, port: int, path: str) -> Reply:
        return self._send(urllib.request.Request(f"http://127.0.0.1:{port}{path}"))

    def post(
        self, port: int, path: str, data: dict[str, str] | None = None, **headers: str
    ) -> Reply:
        fields = {**(data or {}), "csrfmiddlewaretoken": self.cookie("csrftoken")}
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                # What the TLS-ending proxy in front adds (the test is that proxy: 127.0.0.1).
                "X-Forwarded-For": CLIENT,
                "X-Forwarded-Proto": "https",
                "Referer": f"https://127.0.0.1:{port}/",
                **headers,
            },
        )
        return self._send(request)

    def login(self, port: int, username: str, password: str) -> int:
        if not self.cookie("csrftoken"):
            assert self.get(port, "/login/").status == 200
        return self.post(port, "/login/", {"username": username, "password": password}).status

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=WAIT) as response:
                return Reply(response.status, response.headers.get("Location", ""), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers.get("Location", ""), error.read())


@dataclass
class Site:
    a: int
    b: int
    data_dir: Path
    started: float


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Iterator[Site]:
    """Two servers and two workers, as two machines would run them; stopped whatever happens."""
    started = time.monotonic()
    env = {
        **worker_env(tmp_path),
        # One secret key for every machine (and this test, which makes the phones' links).
        "DAIHOI_SECRET_KEY": settings.SECRET_KEY,
        "DAIHOI_AUDIT_KEY_FILE": str(settings.AUDIT_KEY_FILE),
        "DAIHOI_SECURE_COOKIES": "false",
        "DAIHOI_BEHIND_PROXY": "true",
        "DAIHOI_TRUSTED_PROXY": "127.0.0.1",
        "DAIHOI_ALLOWED_HOSTS": "127.0.0.1",
        "DAIHOI_LOGIN_FAILURE_LIMIT": str(LIMIT),
        # Passwords only, as the in-process tests (two factors have tests of their own).
        "DAIHOI_REQUIRE_2FA": "false",
    }
    worker = [sys.executable, "-m", "daihoi.cli", "worker", "--interval", "0.1"]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(2):
            processes.append(subprocess.Popen(worker, env=env, stdout=subprocess.DEVNULL))
        a, b = _free_port(), _free_port()
        processes.append(serve(a, env))
        processes.append(serve(b, env))
        yield Site(a, b, tmp_path, started)
        workers = processes[:2]
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(timeout=WAIT)
        assert [w.returncode for w in workers] == [0, 0]  # alive until told to stop
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)


def _until(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {WAIT} s: {what}")


@pytest.mark.django_db(transaction=True)
def test_two_servers_and_two_workers_share_one_database(
    tree: Tree, site: Site, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    for user in (tree.province_officer, tree.outsider):
        user.set_password(PASSWORD)
        user.save()
    hall = build_hall(tree)
    hall.secretary.set_password(PASSWORD)
    hall.secretary.save()
    Term.objects.get_or_create(start_year=2025, end_year=2030)
    a, b = site.a, site.b

    # /health/ on both.
    for port in (a, b):
        reply = Browser().get(port, "/health/")
        assert reply.status == 200
        assert json.loads(reply.body)["database"] == "ok"

    # A session made on A is one on B; logging out on B ends it on A.
    browser = Browser()
    unit = f"/units/{tree.P.code}/"
    assert browser.get(b, unit).status == 302
    assert browser.login(a, tree.province_officer.username, PASSWORD) == 302
    assert browser.get(b, unit).status == 200
    assert browser.post(b, "/logout/").status == 302
    reply = browser.get(a, unit)
    assert reply.status == 302 and reply.location.startswith("/login/")

    # The throttle counts the failures made on A and on B together: LIMIT - 1 failures
    # split across them leave the account open, one more closes it on both.
    name = tree.outsider.username
    for i in range(LIMIT - 1):
        assert Browser().login((a, b)[i % 2], name, "sai mật khẩu") == 400
    assert Browser().login(b, name, PASSWORD) == 302
    assert Browser().login(a, name, "sai mật khẩu") == 400
    assert Browser().login(b, name, PASSWORD) == 429
    assert Browser().login(a, name, PASSWORD) == 429
    failures = LoginFailure.objects.filter(username=name)
    assert failures.count() == LIMIT
    # Counted by the person's address the proxy passed on, not the proxy's own.
    assert set(failures.values_list("address", flat=True)) == {CLIENT}

    # The same nine delegates checked in at the same moment through A and through B.
    desk = Browser()
    assert desk.login(b, hall.secretary.username, PASSWORD) == 302
    checkin = f"/congresses/{hall.congress.pk}/hall/desk/checkin/"
    codes = [d.code for d in hall.delegates[:9]]
    start = threading.Barrier(2 * len(codes))
    statuses: list[int] = []

    def check_in(port: int, code: str) -> None:
        start.wait(timeout=WAIT)
        statuses.append(desk.post(port, checkin, {"code": code}, HX_Request="true").status)

    threads = [
        threading.Thread(target=check_in, args=(port, code)) for code in codes for port in (a, b)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=WAIT)
    assert statuses == [200] * len(threads)
    present = Attendance.objects.filter(sitting=hall.sitting, status=Presence.PRESENT)
    assert sorted(present.values_list("delegate__code", flat=True)) == sorted(codes)
    assert AuditEntry.objects.filter(action="attendance.checkin").count() == len(codes)
    assert audit_verify().ok

    # A secret vote: phones cast through A and through B, each choice waiting in the
    # ballot box of the server it reached (fewer than a batch), then the close through A.
    # A cannot count B's box: it must wait for B to write what it holds.
    services.vote_open(actor=None, vote=hall.electronic)
    choices = ["agree", "disagree", "abstain", "agree", "agree", "disagree", "agree", "abstain"]
    phones = []
    for i, delegate in enumerate(
        Delegate.objects.filter(pk__in=[d.pk for d in hall.delegates[:8]])
    ):
        phone = Phone(
            delegate.pk,
            voting.pass_token(delegate),
            voting.pass_bind(delegate=delegate),
            choices[i],
        )
        port = (a, b)[i % 2]
        phone.open(port)
        assert phone.cast(port, hall.electronic.pk) == 202  # waiting in that server's box
        phones.append(phone)
    close = f"/congresses/{hall.congress.pk}/hall/votes/{hall.electronic.pk}/close/"
    assert desk.post(a, close, {"confirmed": "yes"}).status == 302
    vote = ProceduralVote.objects.get(pk=hall.electronic.pk)
    sent = Counter(p.choice for p in phones)
    assert vote.status == VoteStatus.CLOSED
    assert (vote.agree, vote.disagree, vote.abstain) == (
        sent["agree"],
        sent["disagree"],
        sent["abstain"],
    )
    assert audit_verify().ok

    # Exports asked through A and B: each run once by one of the two workers.
    viewer = Browser()
    assert viewer.login(a, tree.province_officer.username, PASSWORD) == 302
    jobs = []
    for port in (a, b, a, b):
        reply = viewer.post(port, f"/units/{tree.P.code}/calendar/export/")
        assert reply.status == 302, reply.body[:300]
        jobs.append(int(reply.location.rstrip("/").split("/")[-1]))
    _until(
        lambda: ExportJob.objects.filter(pk__in=jobs, state="done").count() == len(jobs),
        "every export done",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE %s",
            ["%calendar_export"],
        )
        runs = cursor.fetchall()
    assert len(runs) == len(jobs)
    for status, worker_ids in runs:
        ids = json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids
        assert status == "SUCCESSFUL" and len(ids) == 1  # claimed once, by one worker
    for job, port in zip(jobs, (b, a, b, a), strict=True):  # each file from the other server
        reply = viewer.get(port, f"/exports/{job}/file/")
        assert reply.status == 200 and reply.body.startswith(b"PK")

    assert time.monotonic() - site.started < 60  # the processes' start included
