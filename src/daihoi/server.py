"""``daihoi serve``: waitress in one process, or in several sharing one socket.

A counting laptop needs one process. A portal, or a congress of 2,000
phones voting in the same half-minute, needs every core: Python runs one
request at a time per process, so ``--workers N`` forks N processes that
accept on the same listening socket (the kernel hands each connection to
one of them). Nothing in the web app keeps state only in one process that
another needs: the caches there are shortcuts that a miss corrects from the
database (see ``congresses.voting``).

With ``live_port``, the hall's push stream (``congresses.stream_server``: an
asyncio loop holding the phones' Server-Sent Events and taking their taps)
listens on that port too, in a thread of every process, all accepting on the
one socket; the first (or only) process also hears the pokes that say a
congress changed, the others see it at their next check.
Its port is told to the pages by ``DAIHOI_LIVE_PORT``; if it cannot listen,
the server runs without it and the pages poll as before.

The parent only supervises: it forwards SIGTERM and SIGINT to the workers,
starts a worker again if one dies on its own (at most ``MAX_RESTARTS``
times), and exits when they have all stopped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from types import FrameType
from typing import Any

#: A worker dying on its own is started again this many times, then the server stops.
MAX_RESTARTS = 10

WsgiApp = Callable[..., Any]


def run(
    app: WsgiApp,
    *,
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    trusted_proxy: str | None = None,
    live_port: int | None = None,
) -> int:
    from waitress import serve

    options = proxy_options(trusted_proxy)
    # A secret vote's requests may wait for their batch on the threads beyond 16.
    os.environ["DAIHOI_SERVE_THREADS"] = str(threads)
    live = _live_socket(host, live_port)
    if live is not None:
        # The stream's thousands of sockets share the process with waitress, whose
        # select() refuses a descriptor above 1023: poll() has no such bound.
        options["asyncore_use_poll"] = True
    if workers <= 1:
        if live is not None:
            from daihoi.congresses import stream_server

            stream_server.run_in_thread(live, port)
        serve(app, host=host, port=port, threads=threads, **options)
        return 0
    listener = socket.create_server((host, port), backlog=2048)

    def web(pokes: bool = False) -> None:
        # Every process serves the stream on the same socket, as it serves the site: the
        # phones' streams and taps are spread over all of them, each on its own core.
        if live is not None:
            from daihoi.congresses import stream_server

            stream_server.run_in_thread(live, port, pokes=pokes)
        serve(app, sockets=[listener], threads=threads, **options)

    def web_and_pokes() -> None:
        web(pokes=True)

    return _supervise(web, workers, first=web_and_pokes)


def _live_socket(host: str, live_port: int | None) -> socket.socket | None:
    """The push stream's socket, and its port told to the pages; None without one."""
    from daihoi.congresses import stream, stream_server

    os.environ.pop(stream.PORT_ENV, None)
    if not live_port:
        return None
    try:
        sock = stream_server.listen(host, live_port)
    except OSError as exc:
        print(
            f"daihoi: no push stream on port {live_port} ({exc}); the phones poll",
            file=sys.stderr,
            flush=True,
        )
        return None
    os.environ[stream.PORT_ENV] = str(live_port)
    _enough_descriptors()
    return sock


def _enough_descriptors() -> None:
    """One descriptor per phone: raise the soft limit (often 1,024) to the hard one."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def proxy_options(trusted_proxy: str | None) -> dict[str, Any]:
    """Waitress's options to believe the reverse proxy at ``trusted_proxy`` (None: no proxy).

    Waitress drops every X-Forwarded-* header unless told whom to believe. Told,
    it takes the person's address from the last entry of X-Forwarded-For (the one
    the proxy appended: those before it are the client's to write) as
    ``REMOTE_ADDR``, which the login throttle counts by, and the scheme from
    X-Forwarded-Proto, so that a page asked over https at the proxy is one here
    (secure cookies, the CSRF check of the origin). From any other peer the
    headers are dropped.
    """
    if not trusted_proxy:
        return {}
    return {
        "trusted_proxy": trusted_proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
    }


def _supervise(
    work: Callable[[], object], workers: int, first: Callable[[], object] | None = None
) -> int:
    from django.db import connections

    # A connection opened before the fork would be shared by every worker.
    connections.close_all()
    # The workers' own count: a secret vote's close waits for the others' ballot boxes.
    os.environ["DAIHOI_SERVE_WORKERS"] = str(workers)
    children: set[int] = set()
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    jobs: dict[int, Callable[[], object]] = {}

    def start(job: Callable[[], object] = work) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                job()
            except BaseException:  # the worker reports and leaves; the parent decides
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.add(pid)
        jobs[pid] = job

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    start(first or work)
    for _ in range(workers - 1):
        start()
    restarts = 0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        children.discard(pid)
        job = jobs.pop(pid, work)
        if stopping:
            continue
        restarts += 1
        print(
            f"daihoi: worker {pid} stopped ({_how(status)}); "
            + ("starting another" if restarts <= MAX_RESTARTS else "stopping the server"),
            file=sys.stderr,
            flush=True,
        )
        if restarts > MAX_RESTARTS:
            stop(signal.SIGTERM, None)
            continue
        time.sleep(0.2)
        start(job)
    return 1 if restarts > MAX_RESTARTS else 0


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
