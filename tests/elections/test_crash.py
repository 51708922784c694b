"""A saved entry survives a crash: SIGKILL the server mid-count, restart, find every entry.

The server runs as its own process (`daihoi serve`) on 127.0.0.1 with its own
database — a fresh SQLite file, or a fresh PostgreSQL database when the suite
runs on PostgreSQL — exactly as a counting laptop runs it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.procs import serve

SEED = """
from daihoi.demo import demo_build
from daihoi.accounts.models import User
from daihoi.elections import services
from daihoi.elections.models import Election
demo_build()
e = Election.objects.get(kind="committee", congress__unit__code="TS-X01", round=1)
services.election_list_approve(actor=None, election=e, present=120, agree=120, disagree=0)
b = services.batch_open(actor=None, election=e)
s = services.stream_join(clerk=User.objects.get(username="kiemphieu"), batch=b)
print("IDS", e.pk, s.pk)
"""

COUNT = """
from daihoi.elections.models import Entry
print("ENTRIES", Entry.objects.filter(stream_id=STREAM).count())
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # The clerks sign in with the password only, as in the in-process tests.
    env.update(
        DAIHOI_DATA_DIR=str(tmp_path), DAIHOI_SECURE_COOKIES="false", DAIHOI_REQUIRE_2FA="false"
    )
    database = settings.DATABASES["default"]
    dropped = None
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"crash_{uuid.uuid4().hex[:8]}"
        params = {
            k: database[K]
            for k, K in (
                ("host", "HOST"),
                ("port", "PORT"),
                ("user", "USER"),
                ("password", "PASSWORD"),
            )
            if database.get(K)
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"
        )
        dropped = (name, params)
    else:
        env["DATABASE_URL"] = ""
    yield env
    if dropped:
        import psycopg

        name, params = dropped
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


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
    return serve(port, env)


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as r:
            return r.read().decode()

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=10) as r:
                return int(r.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.mark.django_db
def test_every_acknowledged_entry_survives_a_kill(server_env: dict[str, str]) -> None:
    _daihoi("manage", "migrate", "--verbosity", "0", env=server_env)
    ids = re.search(r"IDS (\d+) (\d+)", _daihoi("manage", "shell", "-c", SEED, env=server_env))
    assert ids is not None
    election, stream = ids.groups()
    port = _free_port()
    server = _serve(port, server_env)
    acknowledged = 0
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.get("/login/")
        assert (
            browser.post("/login/", {"username": "kiemphieu", "password": "daihoi-demo-2025"})
            == 302
        )
        path = f"/elections/{election}/count/streams/{stream}/"
        browser.get(path)
        stop = threading.Event()

        def clerk() -> None:
            nonlocal acknowledged
            n = 0
            while not stop.is_set() and n < 400:
                n += 1
                try:
                    status = browser.post(path, {"line": f"{n % 17 + 1} {(n + 5) % 17 + 1}"})
                except OSError:
                    return  # the server is gone: this one was never acknowledged
                if status == 302:
                    acknowledged += 1

        worker = threading.Thread(target=clerk)
        worker.start()
        deadline = time.monotonic() + 20
        while acknowledged < 25 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.send_signal(signal.SIGKILL)  # mid-request, as a power cut would
        server.wait(timeout=10)
        stop.set()
        worker.join(timeout=15)
    finally:
        if server.poll() is None:
            server.kill()
    assert acknowledged >= 25
    restarted = _serve(port, server_env)
    try:
        entries = int(
            re.findall(
                r"ENTRIES (\d+)",
                _daihoi("manage", "shell", "-c", COUNT.replace("STREAM", stream), env=server_env),
            )[0]
        )
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=10)
    # Every acknowledged entry is there; at most the one in flight was saved unacknowledged.
    assert acknowledged <= entries <= acknowledged + 1
