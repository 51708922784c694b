"""Load test: 2,000 delegates check in and vote electronically against a real server.

Run by ``make load`` (SQLite in a temporary folder) and ``make load-postgres``
(a throwaway PostgreSQL). Not part of the test suite. It:

1. builds a congress of 2,000 delegates in a fresh database (a secretariat
   login, a sitting in session, a secret electronic vote prepared);
2. starts ``daihoi serve`` on 127.0.0.1 (loopback only) as a separate process;
3. before the congress, each delegate's phone opens its vote link and
   confirms the phone (8 at a time; timed, no target); then check-in: the
   delegates reach ``--desks`` desks (each logged in as the secretariat) at
   random moments over ``--arrivals`` seconds, and each desk posts the card's
   code as a scanner would (HX-Request); target: all checked in within 120 s;
4. the vote: the phones poll ``/v/<token>/live/`` every ``--poll`` seconds
   (20, as the page does); the secretariat opens the vote; each phone posts
   its choice 1 to ``--react`` seconds after its poll shows the question, and
   goes on polling; target: all 2,000 cast within 30 s of the opening;
   a secret vote's choice is answered "sent" (202) until its batch is written,
   and the phone sends it again every 3 s, as the page does;
5. closes the vote (the phones still waiting send again and are told
   "recorded") and checks the database: exactly 2,000 attendances,
   2,000 has-voted rows, counters adding up to 2,000 and matching what the
   phones sent — none lost, none twice.

Every request's latency is recorded; the script prints the median, p95, p99
and maximum per phase and exits non-zero when a target is missed. All time
bounds are enforced: the server is killed after ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.procs import process_tree  # noqa: E402

PASSWORD = "load-test-password-1"
RESEND = 3.0  # the phone's page sends a choice not recorded yet again after (s)


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of this process, or of the server ``pid`` and its workers."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    return sum(cpu_by_process(pid).values())


def cpu_by_process(pid: int) -> dict[int, float]:
    """CPU time of the server ``pid`` and of each of its workers, by process."""
    tick = os.sysconf("SC_CLK_TCK")
    return {p: (int(f[11]) + int(f[12])) / tick for p, f in process_tree(pid).items()}


def sys_seconds(pid: int) -> float:
    return sum(int(f[12]) for f in process_tree(pid).values()) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the data -------------------------------------------------------------------------


def build(delegates: int) -> dict[str, object]:
    """A fresh database with the congress; returns what the clients need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from daihoi.accounts.models import CongressRole, User
    from daihoi.accounts.services import congress_role_grant
    from daihoi.congresses import services, voting
    from daihoi.congresses.models import Congress, Term
    from daihoi.organizations.models import Level, Unit
    from daihoi.organizations.services import unit_create

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the load test on a fresh one")
    level = Level.objects.create(code="tinh", name="Tỉnh", rank=0)
    unit = unit_create(actor=None, code="LT", name="Đảng bộ tỉnh Thử Tải", level=level, parent=None)
    term = Term.objects.create(start_year=2025, end_year=2030)
    congress = Congress.objects.create(unit=unit, term=term, kind="delegates", number="XX")
    secretary = User.objects.create_user("thuky", password=PASSWORD, full_name="Đoàn Thư ký")
    congress_role_grant(
        actor=None, user=secretary, congress=congress, role=CongressRole.SECRETARIAT
    )
    rng = random.Random(2025)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    given = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Tâm"]
    rows = [
        {"full_name": f"{rng.choice(family)} Văn {rng.choice(given)} {i}"} for i in range(delegates)
    ]
    made = services.delegates_add_many(actor=None, congress=congress, rows=rows)
    import datetime as dt

    sitting = services.sitting_add(
        actor=None, congress=congress, title="Phiên chính thức", date=dt.date(2025, 10, 10)
    )
    services.sitting_open(actor=None, sitting=sitting)
    vote = services.vote_create(
        actor=None,
        congress=congress,
        subject="agenda",
        title="Biểu quyết chương trình Đại hội",
        method="electronic",
        secret=True,
    )
    from django.db import connections

    connections.close_all()
    return {
        "congress": congress.pk,
        "vote": vote.pk,
        "codes": [d.code for d in made],
        "tokens": [voting.pass_token(d) for d in made],
    }


def verify(congress_id: int, vote_id: int, sent: Counter[str]) -> list[str]:
    """What the database holds afterwards, against what the phones were told was recorded."""
    from daihoi.audit.services import audit_verify
    from daihoi.congresses.models import Attendance, ProceduralVote, VoteCast

    problems = []
    vote = ProceduralVote.objects.get(pk=vote_id)
    present = Attendance.objects.filter(sitting__congress_id=congress_id, status="present").count()
    casts = VoteCast.objects.filter(vote=vote).count()
    distinct = VoteCast.objects.filter(vote=vote).values("delegate").distinct().count()
    counted = {"agree": vote.agree, "disagree": vote.disagree, "abstain": vote.abstain}
    print(
        f"  database: present {present}, has-voted rows {casts} ({distinct} delegates), "
        f"counters {counted}, status {vote.status}, passed {vote.passed}"
    )
    if present != EXPECTED:
        problems.append(f"{present} checked in, not {EXPECTED}")
    if casts != EXPECTED or distinct != EXPECTED:
        problems.append(f"{casts} has-voted rows for {distinct} delegates, not {EXPECTED}")
    if sum(counted.values()) != EXPECTED:
        problems.append(f"the counters add up to {sum(counted.values())}, not {EXPECTED}")
    if counted != dict(sent):
        problems.append(f"the counters {counted} differ from what was recorded {dict(sent)}")
    report = audit_verify()
    print(f"  audit chain: {report.checked} entries, {'intact' if report.ok else report.problem}")
    if not report.ok:
        problems.append("the audit chain is broken")
    return problems


EXPECTED = 0


# --- the clients ----------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, phase: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(phase, []).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Http:
    """One keep-alive connection per thread; cookies are the caller's (one jar per person)."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port, self.stats = port, stats
        self.local = threading.local()

    def conn(self) -> http.client.HTTPConnection:
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.local.conn = c
        return c

    def request(
        self,
        phase: str,
        method: str,
        path: str,
        jar: dict[str, str],
        body: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        head = {"Host": "127.0.0.1", **(headers or {})}
        if jar:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            conn = self.conn()
            start = time.perf_counter()
            try:
                conn.request(method, path, body=data, headers=head)
                response = conn.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
                continue
            self.stats.add(phase, time.perf_counter() - start)
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                jar[name.strip()] = rest.split(";", 1)[0]
            if response.headers.get("Connection", "").lower() == "close":
                conn.close()
                self.local.conn = None
            return response.status, text
        raise RuntimeError("unreachable")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(http_: Http, username: str) -> dict[str, str]:
    jar: dict[str, str] = {}
    status, page = http_.request("login", "GET", "/login/", jar)
    token = CSRF.search(page)
    assert status == 200 and token, status
    status, _ = http_.request(
        "login",
        "POST",
        "/login/",
        jar,
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert status == 302 and "sessionid" in jar, (status, jar)
    return jar


def wait_for(port: int, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the server stopped before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer in time")


def summary(name: str, values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def q(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    figures = {
        "requests": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(q(0.95), 1),
        "p99_ms": round(q(0.99), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }
    print(
        f"  {name:<14} {figures['requests']:>6} requests  median {figures['median_ms']:>7} ms"
        f"  p95 {figures['p95_ms']:>7} ms  p99 {figures['p99_ms']:>7} ms"
        f"  max {figures['max_ms']:>7} ms"
    )
    return figures


# --- the vote by push (the default) ---------------------------------------------------


async def ahttp(
    port: int,
    method: str,
    path: str,
    jar: dict[str, str],
    body: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    *,
    answer: bool = True,
) -> tuple[int, str]:
    """One request on its own connection (asyncio, stdlib); ``answer=False`` sends it and
    drops the connection without reading the answer (a phone losing the network)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\r\n"
    if jar:
        head += "Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()) + "\r\n"
    data = b""
    if body is not None:
        data = urlencode(body).encode()
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    writer.write(head.encode() + data)
    try:
        if not answer:
            await writer.drain()
            return 0, ""
        raw = await reader.read()
    finally:
        writer.close()
    top, _, text = raw.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            key, _, rest = value.strip().partition("=")
            jar[key] = rest.split(";", 1)[0]
    return int(lines[0].split(" ", 2)[1]), text.decode("utf-8", "replace")


class Stream:
    """A phone's Server-Sent Events connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int, path: str, jar: dict[str, str]) -> Stream:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 16)
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
            f"Cookie: {cookie}\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            writer.close()
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode())
        return cls(reader, writer)

    async def state(self) -> dict[str, Any]:
        """The next document (comment lines skipped)."""
        while True:
            block = await self.reader.readuntil(b"\n\n")
            for line in block.split(b"\n"):
                if line.startswith(b"data: "):
                    return json.loads(line[6:])  # type: ignore[no-any-return]

    def close(self) -> None:
        self.writer.close()


@dataclass
class PushRun:
    seen: list[float]  # when each phone saw the question, from the opening's request
    acked: list[
        float
    ]  # when each phone's vote was first acknowledged (200, 202, or 409 after a drop)
    status: list[str]  # "recorded", "sent" (202, waiting for its batch), "taken" (409 after a drop)
    drops: Counter[str]
    connect_seconds: float
    opened: float
    #: The server's CPU seconds by process at the opening and when the last phone was
    #: acknowledged (at the end of the vote, if one never was).
    cpu_opened: dict[int, float] = field(default_factory=dict)
    cpu_acked: dict[int, float] = field(default_factory=dict)

    def vote_cpu(self) -> list[float]:
        """Each server process's CPU seconds from the opening to the last acknowledgement."""
        return [t - self.cpu_opened.get(p, 0.0) for p, t in sorted(self.cpu_acked.items())]


async def push_vote(
    *,
    port: int,
    live_port: int,
    tokens: list[str],
    phones: list[dict[str, str]],
    secretariat: dict[str, str],
    congress: int,
    vote: int,
    choices: list[str],
    react: float,
    drop: float,
    stats: Stats,
    rng: random.Random,
    server_cpu: Callable[[], dict[int, float]],
    taps: str = "stream",
) -> PushRun:
    """Every phone holds a stream; the secretariat opens the vote; each phone votes 0 to
    ``react`` s after the question reaches it; ``drop`` of them lose their connection on
    the way (the stream only, or the stream and the vote's request before its answer),
    come back by a new stream or by the poll, and vote (again) as the page lets them.

    ``taps``: where a phone sends its tap. ``stream``, as the page does when the stream
    has its own port: a plain form post with the page's ``Origin``; a choice told "sent"
    is sent again to the site, as the page does. ``site``: every tap to the site."""
    n = len(tokens)
    run = PushRun([0.0] * n, [0.0] * n, [""] * n, Counter(), 0.0, 0.0)
    acked = 0

    def ack(i: int) -> None:
        nonlocal acked
        if run.acked[i]:
            return
        run.acked[i] = time.monotonic()
        acked += 1
        if acked == n:
            run.cpu_acked = server_cpu()

    droppers = set(rng.sample(range(n), round(drop * n)))
    how = {i: rng.choice(["stream", "request"]) for i in droppers}
    back = {i: rng.choice(["stream", "poll"]) for i in droppers}
    delays = [rng.uniform(0, react) for _ in range(n)]
    connected = 0
    all_connected = asyncio.Event()
    opened = asyncio.Event()
    gate = asyncio.Semaphore(100)  # connections opened at once (before the vote)

    def tap(i: int, again: bool = False, *, answer: bool = True) -> Awaitable[tuple[int, str]]:
        path = f"/v/{tokens[i]}/votes/{vote}/"
        form = {"choice": choices[i], **({"again": "1"} if again else {})}
        if taps == "stream" and not again:  # the page's fetch: the token in the form
            form["csrfmiddlewaretoken"] = phones[i].get("csrftoken", "")
            origin = {"Origin": f"http://127.0.0.1:{port}"}
            return ahttp(live_port, "POST", path, phones[i], form, origin, answer=answer)
        headers = {"X-CSRFToken": phones[i].get("csrftoken", ""), "HX-Request": "true"}
        return ahttp(port, "POST", path, phones[i], form, headers, answer=answer)

    async def cast(i: int, again: bool = False) -> int:
        start = time.perf_counter()
        status, _ = await tap(i, again)
        stats.add("phone_resend" if again else "phone_vote", time.perf_counter() - start)
        return status

    async def settle(i: int, status: int, after_drop: bool) -> None:
        """The answer to a tap: recorded, sent (then sent again every 3 s), or taken."""
        if status in (200, 202) or (status == 409 and after_drop):
            ack(i)
            run.status[i] = {200: "recorded", 202: "sent", 409: "taken"}[status]
        else:
            stats.error(f"phone {i} vote: {status}")
            return
        while run.status[i] == "sent" and time.monotonic() - run.opened < 30:
            await asyncio.sleep(RESEND)
            status = await cast(i, again=True)
            if status == 200:
                run.status[i] = "recorded"
            elif status != 202:
                stats.error(f"phone {i} resend: {status}")
                return

    async def phone(i: int) -> None:
        nonlocal connected
        path = f"/v/{tokens[i]}/events"
        async with gate:
            start = time.perf_counter()
            stream_ = await Stream.open(live_port, path, phones[i])
            first = await stream_.state()
            stats.add("stream_connect", time.perf_counter() - start)
        connected += 1
        if connected == n:
            all_connected.set()
        state = first
        while not (state["vote"] and state["vote"]["id"] == vote):
            state = await stream_.state()
        run.seen[i] = time.monotonic() - run.opened
        await asyncio.sleep(delays[i])
        if i not in droppers:
            stream_.close()  # the page keeps it; the client need not read any more
            await settle(i, await cast(i), False)
            return
        # Lost on the way: the stream, and for some the vote's request before its answer.
        stream_.close()
        if how[i] == "request":
            await tap(i, answer=False)
        run.drops[f"{how[i]} lost, back by {back[i]}"] += 1
        await asyncio.sleep(0.5)
        if back[i] == "stream":
            again = await Stream.open(live_port, path, phones[i])
            state = await again.state()
            again.close()
            shows_form = bool(state["vote"] and state["vote"]["id"] == vote)
        else:
            start = time.perf_counter()
            status, text = await ahttp(port, "GET", f"/v/{tokens[i]}/live/", phones[i])
            stats.add("phone_poll", time.perf_counter() - start)
            shows_form = status == 200 and f"/votes/{vote}/" in text and 'class="sent"' not in text
            if status == 200 and 'class="sent"' in text:
                await settle(i, await cast(i, again=True), True)
                return
            if status == 200 and not shows_form:
                # The page says the vote is recorded.
                ack(i)
                run.status[i] = "recorded"
                return
        if shows_form:
            await settle(i, await cast(i), True)

    async def opens() -> None:
        await all_connected.wait()
        await asyncio.sleep(1.0)
        run.cpu_opened = server_cpu()
        run.opened = time.monotonic()
        opened.set()
        status, _ = await ahttp(
            port,
            "POST",
            f"/congresses/{congress}/hall/votes/{vote}/open/",
            secretariat,
            {},
            {"X-CSRFToken": secretariat["csrftoken"]},
        )
        assert status == 302, status

    start = time.monotonic()
    tasks = [asyncio.create_task(phone(i)) for i in range(n)]
    opener = asyncio.create_task(opens())
    await all_connected.wait()
    run.connect_seconds = time.monotonic() - start
    results = await asyncio.gather(*tasks, return_exceptions=True)
    await opener
    if not run.cpu_acked:
        run.cpu_acked = server_cpu()
    for i, result in enumerate(results):
        if isinstance(result, BaseException):
            stats.error(f"phone {i}: {result!r}")
    return run


def main() -> int:
    global EXPECTED
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--desks", type=int, default=20, help="check-in desks")
    parser.add_argument("--arrivals", type=float, default=100.0, help="delegates arrive over (s)")
    parser.add_argument("--phones", type=int, default=64, help="client threads for the phones")
    parser.add_argument("--poll", type=float, default=20.0, help="a phone polls every (s)")
    parser.add_argument(
        "--mode",
        choices=["push", "poll"],
        default="push",
        help="phones follow the hall's stream (push), or poll every --poll seconds",
    )
    parser.add_argument(
        "--react", type=float, help="a delegate votes within (s) (push: 3, poll: 8)"
    )
    parser.add_argument(
        "--drop", type=float, default=0.1, help="push: the share of phones losing the connection"
    )
    parser.add_argument(
        "--threads", type=int, default=32, help="the server's threads (the hall's setting)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="the server's processes (daihoi serve --workers)",
    )
    parser.add_argument(
        "--taps",
        choices=["stream", "site"],
        default="stream",
        help="push: a phone's tap goes to the stream's port (as the page) or to the site",
    )
    parser.add_argument("--timeout", type=float, default=420.0, help="kill everything after this")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    EXPECTED = args.delegates
    if args.react is None:
        args.react = 3.0 if args.mode == "push" else 8.0

    if not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-load-")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL, synchronous=FULL)"
    print(
        f"load test: {args.delegates} delegates, {database}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}"
        + (f", taps to the {args.taps}" if args.mode == "push" else "")
    )
    t0 = time.monotonic()
    data = build(args.delegates)
    print(f"  built the congress in {time.monotonic() - t0:.1f} s")

    port = free_port()
    live_port = free_port()
    # The desks sign in with the password only: the figure is the hall's.
    env = {
        **os.environ,
        "DAIHOI_SECURE_COOKIES": "false",
        "DAIHOI_LOG_LEVEL": "ERROR",
        "DAIHOI_REQUIRE_2FA": "false",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("daihoi")),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
            "--workers",
            str(args.workers),
            "--live-port",
            str(live_port if args.mode == "push" else 0),
        ],
        env=env,
        start_new_session=True,
    )
    killer = threading.Timer(args.timeout, lambda: os.killpg(server.pid, signal.SIGKILL))
    killer.start()
    stats = Stats()
    results: dict[str, object] = {"delegates": args.delegates, "database": database}
    problems: list[str] = []
    try:
        wait_for(port, server, 30)
        http_ = Http(port, stats)
        congress, vote = data["congress"], data["vote"]
        codes: list[str] = data["codes"]  # type: ignore[assignment]
        tokens: list[str] = data["tokens"]  # type: ignore[assignment]
        desks = [login(http_, "thuky") for _ in range(args.desks)]
        phones: list[dict[str, str]] = [{} for _ in tokens]

        # --- before the congress: each delegate confirms their phone on the vote pass -----
        def bind(i: int) -> None:
            jar = phones[i]
            status, _ = http_.request("phone_open", "GET", f"/v/{tokens[i]}/", jar)
            if status != 200:
                stats.error(f"phone {i} open: {status}")
                return
            status, _ = http_.request(
                "phone_confirm",
                "POST",
                f"/v/{tokens[i]}/",
                jar,
                {},
                {"X-CSRFToken": jar.get("csrftoken", "")},
            )
            if status != 302:
                stats.error(f"phone {i} confirm: {status}")

        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(bind, range(len(tokens))))
        print(
            f"  phones: {len(tokens)} vote links confirmed in {time.monotonic() - start:.1f} s "
            "(before the congress, 8 at a time; no time target)"
        )

        # --- check-in: delegates reach the desks over --arrivals seconds -----------------
        checkin_url = f"/congresses/{congress}/hall/desk/checkin/"
        rng = random.Random(11)
        arrivals = sorted(rng.uniform(0, args.arrivals) for _ in codes)

        def desk(n: int) -> None:
            jar = desks[n]
            for k in range(n, len(codes), args.desks):
                wait = start + arrivals[k] - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                status, text = http_.request(
                    "checkin",
                    "POST",
                    checkin_url,
                    jar,
                    {"code": codes[k]},
                    {"HX-Request": "true", "X-CSRFToken": jar["csrftoken"]},
                )
                if status != 200 or "checkin ok" not in text:
                    stats.error(f"check-in {codes[k]}: {status}")

        cpu = (cpu_seconds(), cpu_seconds(server.pid))
        start = time.monotonic()
        with ThreadPoolExecutor(args.desks) as pool:
            list(pool.map(desk, range(args.desks)))
        checkin_seconds = time.monotonic() - start
        print(
            f"  check-in: {args.delegates} delegates in {checkin_seconds:.1f} s at "
            f"{args.desks} desks, arriving over {args.arrivals:.0f} s (target 120 s)"
        )
        print(
            f"    CPU: server {cpu_seconds(server.pid) - cpu[1]:.1f} s, "
            f"load client {cpu_seconds() - cpu[0]:.1f} s"
        )
        results["checkin_seconds"] = round(checkin_seconds, 1)
        if checkin_seconds > 120:
            problems.append(f"check-in took {checkin_seconds:.1f} s")

        # --- the vote: phones poll every --poll seconds; each votes a moment after it sees
        # the question (--react seconds at most), then goes on polling. ---------------------
        secretariat = desks[0]
        choices = rng.choices(["agree", "disagree", "abstain"], weights=[85, 10, 5], k=len(tokens))
        if args.mode == "poll":
            phase = [rng.uniform(0, args.poll) for _ in tokens]
            react = [rng.uniform(1, args.react) for _ in tokens]
            recorded: Counter[str] = Counter()
            last_done = [0.0]
            opened = [0.0]
            window_end = [0.0]
            events: list[tuple[float, int, str]] = []  # (when, phone, "poll" | "vote")
            lock = threading.Lock()
            t_start = time.monotonic() + 1.0
            for i in range(len(tokens)):
                events.append((t_start + phase[i], i, "poll"))
            import heapq

            heapq.heapify(events)
            voted = [False] * len(tokens)
            sent = [False] * len(tokens)  # answered "sent" or "recorded"
            tapped = [False] * len(tokens)  # the phone's tap is scheduled (or sent)

            def worker() -> None:
                while True:
                    with lock:
                        if not events:
                            return
                        when, i, kind = heapq.heappop(events)
                        if when > window_end[0] > 0:
                            return
                    wait = when - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    jar = phones[i]
                    if kind == "poll":
                        status, text = http_.request(
                            "phone_poll", "GET", f"/v/{tokens[i]}/live/", jar
                        )
                        if status != 200:
                            stats.error(f"phone {i} poll: {status}")
                        elif not tapped[i] and f"/votes/{vote}/" in text:
                            # One tap per delegate: a poll arriving before the tap is sent
                            # shows the same question, and is not a second tap.
                            with lock:
                                tapped[i] = True
                                heapq.heappush(events, (time.monotonic() + react[i], i, "vote"))
                        with lock:
                            heapq.heappush(events, (when + args.poll, i, "poll"))
                        continue
                    # "vote": the tap; "again": the page sending a choice not recorded yet.
                    status, text = http_.request(
                        "phone_vote" if kind == "vote" else "phone_resend",
                        "POST",
                        f"/v/{tokens[i]}/votes/{vote}/",
                        jar,
                        {"choice": choices[i], **({"again": "1"} if kind == "again" else {})},
                        {"X-CSRFToken": jar.get("csrftoken", ""), "HX-Request": "true"},
                    )
                    if status == 202:  # sent, waiting for its batch: the page sends it again
                        with stats.lock:
                            sent[i] = True
                            last_done[0] = max(last_done[0], time.monotonic())
                        with lock:
                            heapq.heappush(events, (time.monotonic() + RESEND, i, "again"))
                        continue
                    if status != 200:
                        stats.error(f"phone {i} {kind}: {status}")
                        continue
                    with stats.lock:
                        voted[i] = sent[i] = True
                        recorded[choices[i]] += 1
                        last_done[0] = max(last_done[0], time.monotonic())

            def secretariat_opens() -> None:
                # The phones have been polling for one interval when the presidium opens the vote.
                time.sleep(max(0.0, t_start + args.poll - time.monotonic()))
                status, _ = http_.request(
                    "secretariat",
                    "POST",
                    f"/congresses/{congress}/hall/votes/{vote}/open/",
                    secretariat,
                    {},
                    {"X-CSRFToken": secretariat["csrftoken"]},
                )
                assert status == 302, status
                opened[0] = time.monotonic()
                window_end[0] = opened[0] + 30

            cpu = (cpu_seconds(), cpu_seconds(server.pid), sys_seconds(server.pid))
            with ThreadPoolExecutor(args.phones + 1) as pool:
                futures = [pool.submit(secretariat_opens)]
                futures += [pool.submit(worker) for _ in range(args.phones)]
                for f in futures:
                    f.result()
            vote_seconds = last_done[0] - opened[0]
            waiting = sum(sent) - sum(voted)
            print(
                f"  vote: {sum(sent)} votes taken within {vote_seconds:.1f} s of the opening, "
                f"{sum(recorded.values())} of them recorded, {waiting} waiting for the close "
                f"(secret: written in batches; phones poll every {args.poll:.0f} s, vote "
                f"1–{args.react:.0f} s after seeing it; target 30 s)"
            )
            results["waiting_for_the_close"] = waiting
            print(
                f"    CPU: server {cpu_seconds(server.pid) - cpu[1]:.1f} s "
                f"(system {sys_seconds(server.pid) - cpu[2]:.1f} s), "
                f"load client {cpu_seconds() - cpu[0]:.1f} s"
            )
            results["vote_seconds"] = round(vote_seconds, 1)
            if vote_seconds > 30 or sum(sent) != len(tokens):
                problems.append(
                    f"{sum(sent)} votes in {vote_seconds:.1f} s, not {len(tokens)} in 30 s"
                )
        else:
            cpu = (cpu_seconds(), cpu_seconds(server.pid), sys_seconds(server.pid))
            run = asyncio.run(
                push_vote(
                    port=port,
                    live_port=live_port,
                    tokens=tokens,
                    phones=phones,
                    secretariat=secretariat,
                    congress=int(congress),  # type: ignore[call-overload]
                    vote=int(vote),  # type: ignore[call-overload]
                    choices=choices,
                    react=args.react,
                    drop=args.drop,
                    stats=stats,
                    rng=rng,
                    server_cpu=lambda: cpu_by_process(server.pid),
                    taps=args.taps,
                )
            )
            seen = sorted(run.seen)
            acked = sorted(a - run.opened for a in run.acked if a)
            vote_seconds = acked[-1] if acked else 0.0
            print(
                f"  push: {len(tokens)} streams connected in {run.connect_seconds:.1f} s "
                f"(100 at a time, before the vote)"
            )
            print(
                f"  question: reached {sum(1 for s in seen if s)} phones; median "
                f"{statistics.median(seen) * 1000:.0f} ms, p99 "
                f"{seen[int(0.99 * len(seen))] * 1000:.0f} ms, last {seen[-1] * 1000:.0f} ms "
                "after the opening's request (target: all within 1 s)"
            )
            print(
                f"  vote: {len(acked)} acknowledged, the last {vote_seconds:.2f} s after opening "
                f"(target 5 s); {Counter(run.status)}; drops: {dict(run.drops)}"
            )
            print(
                f"    CPU: server {cpu_seconds(server.pid) - cpu[1]:.1f} s "
                f"(system {sys_seconds(server.pid) - cpu[2]:.1f} s), "
                f"load client {cpu_seconds() - cpu[0]:.1f} s; from the opening to the last "
                f"acknowledgement: server {sum(run.vote_cpu()):.1f} s ("
                + " + ".join(f"{t:.1f}" for t in run.vote_cpu())
                + " by process)"
            )
            results.update(
                question_median_ms=round(statistics.median(seen) * 1000),
                question_max_ms=round(seen[-1] * 1000),
                vote_seconds=round(vote_seconds, 2),
                vote_server_cpu_seconds=[round(t, 2) for t in run.vote_cpu()],
                drops=dict(run.drops),
                statuses=dict(Counter(run.status)),
            )
            if seen[-1] > 1.0 or not all(run.seen):
                problems.append(f"the question took {seen[-1]:.2f} s to reach the last phone")
            if len(acked) != len(tokens) or vote_seconds > 5:
                problems.append(
                    f"{len(acked)} votes acknowledged in {vote_seconds:.2f} s, "
                    f"not {len(tokens)} in 5 s"
                )
            sent = [bool(s) for s in run.status]
            voted = [s in ("recorded", "taken") for s in run.status]
            # Every phone's one choice, counted once: what the counters must show.
            recorded = Counter(c for c, s in zip(choices, run.status, strict=True) if s != "sent")

        # A phone trying again is refused: none twice.
        status, _ = http_.request(
            "phone_vote",
            "POST",
            f"/v/{tokens[0]}/votes/{vote}/",
            phones[0],
            {"choice": "agree"},
            {"X-CSRFToken": phones[0].get("csrftoken", "")},
        )
        if status != 409:
            problems.append(f"a second vote got {status}, not 409")
        status, _ = http_.request(
            "secretariat",
            "POST",
            f"/congresses/{congress}/hall/votes/{vote}/close/",
            secretariat,
            {"confirmed": "yes"},
            {"X-CSRFToken": secretariat["csrftoken"]},
        )
        assert status == 302, status
        # The close wrote every batch: the phones still waiting send again and are told.
        for i in [i for i in range(len(tokens)) if sent[i] and not voted[i]]:
            status, _ = http_.request(
                "phone_resend",
                "POST",
                f"/v/{tokens[i]}/votes/{vote}/",
                phones[i],
                {"choice": choices[i], "again": "1"},
                {"X-CSRFToken": phones[i].get("csrftoken", ""), "HX-Request": "true"},
            )
            if status == 200:
                voted[i] = True
                recorded[choices[i]] += 1
            else:
                problems.append(f"phone {i} after the close: {status}, not recorded")
    finally:
        killer.cancel()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)

    print("  latency (client side, loopback):")
    figures = {name: summary(name, v) for name, v in sorted(stats.latencies.items())}
    results["latency"] = figures
    # A tap at a burst by push: p99 under 1 s (issue 20); every other request, and the
    # vote by poll, under 500 ms.
    burst = {"phone_vote", "phone_resend", "phone_poll"} if args.mode == "push" else set()
    for phase in (
        "checkin",
        "phone_poll",
        "phone_vote",
        "phone_resend",
        "phone_open",
        "phone_confirm",
    ):
        bound = 1000 if phase in burst else 500
        if phase in figures and figures[phase]["p99_ms"] >= bound:
            problems.append(f"{phase}: p99 {figures[phase]['p99_ms']} ms ≥ {bound} ms")
    if stats.errors:
        problems.append(f"{len(stats.errors)} failed requests, e.g. {stats.errors[:3]}")
    problems += verify(int(data["congress"]), int(data["vote"]), recorded)  # type: ignore[call-overload]
    results["problems"] = problems
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    if problems:
        print("TARGETS MISSED:\n  " + "\n  ".join(problems))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
