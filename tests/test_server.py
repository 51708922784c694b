"""``daihoi serve --workers N``: several processes on one port, supervised.

Real processes on 127.0.0.1, every wait bounded.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.procs import children


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str = "/login/") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def _wait(condition: object, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    env = {
        **os.environ,
        "DAIHOI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "DAIHOI_SECURE_COOKIES": "false",
    }
    daihoi = Path(sys.executable).with_name("daihoi")
    process = subprocess.Popen(
        [str(daihoi), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_two_workers_answer_on_one_port_and_stop_together(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = server
    assert _wait(lambda: _get(port) == 200)
    assert len(children(process.pid)) == 2
    assert all(_get(port) == 200 for _ in range(20))
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    assert not children(process.pid)


def test_a_worker_that_dies_is_replaced_and_the_port_keeps_answering(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = server
    assert _wait(lambda: _get(port) == 200 and len(children(process.pid)) == 2)
    victim = min(children(process.pid))
    os.kill(victim, signal.SIGKILL)
    assert _wait(lambda: victim not in children(process.pid) and len(children(process.pid)) == 2)
    assert all(_get(port) == 200 for _ in range(10))
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    assert process.stderr is not None
    assert b"signal 9" in process.stderr.read()


def _echo(environ: dict[str, object], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']}".encode()]


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [
        (None, "127.0.0.1 http"),  # no proxy configured: the headers are dropped
        ("127.0.0.1", "198.51.100.7 https"),  # the last X-Forwarded-For, appended by the proxy
        ("192.0.2.1", "127.0.0.1 http"),  # a peer that is not the proxy is not believed
        ("*", "198.51.100.7 https"),
    ],
)
def test_waitress_believes_the_forwarded_headers_of_the_trusted_proxy_only(
    trusted: str | None, expected: str
) -> None:
    from waitress.server import create_server

    from daihoi.server import proxy_options

    server = create_server(_echo, host="127.0.0.1", port=0, **proxy_options(trusted))
    stop = threading.Event()

    def loop() -> None:  # waitress's own loop, a turn at a time, until told to stop
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=5)
        connection.request(
            "GET",
            "/",
            headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"},
        )
        assert connection.getresponse().read().decode() == expected
        connection.close()
    finally:
        stop.set()
        thread.join(timeout=5)
        for channel in list(server._map.values()):  # the listener, its trigger, connections
            channel.close()
        server.task_dispatcher.shutdown()
