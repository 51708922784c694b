"""The hall's push stream: Server-Sent Events from one asyncio loop.

Why not the web server: waitress gives each connection a thread for as long
as its request lasts, and a stream lasts the whole sitting; 2,000 phones
would need 2,000 threads. Here an idle connection is a socket and a few
hundred bytes of the loop's, so one process holds thousands.

The loop serves three paths and nothing else:

- ``/v/<token>/events``: a delegate's phone (the device cookie's path is
  ``/v/``, so the browser sends it);
- ``/live/screen/<ticket>/events``: the projector;
- ``POST /v/<token>/votes/<vote>/``: the phone's tap, the same cast the web
  server takes, answered as it is (``stream_cast``): the request is read on
  the loop, the cast and its answer run in a pool of ``TAP_THREADS``, and a
  secret choice's wait for its batch is awaited on the loop, holding no
  thread.

Each connection is checked once, when it connects (``stream.phone_follower``:
one query; ``stream.screen_follower``: none), then gets the congress's
current document and, after that, every new one. For each congress with at
least one connection a watcher rebuilds the document every ``INTERVAL``
seconds (two short queries, however many phones) and at once when a server
process of this machine pokes it (a datagram to the same port number on
127.0.0.1, after the commit that changed it); only a document that differs
is sent, the same bytes to every connection. A comment line every
``HEARTBEAT`` seconds keeps proxies from closing an idle stream and shows
a dead one. The database is only read in a small pool of threads, never
on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from django.db import DatabaseError, close_old_connections, connection

from daihoi.congresses import stream, stream_cast
from daihoi.congresses.voting import WAIT_SECONDS

INTERVAL = 0.15  # s between two checks of a congress
HEARTBEAT = 20.0  # s between two comment lines
RETRY_MS = 3000  # the browser reconnects after this
HEAD_SECONDS = 10.0  # to send the request's head
MAX_CONNECTIONS = 20_000
MAX_BUFFERED = 64 * 1024  # a connection that reads no more than this behind is closed

PHONE = re.compile(r"/v/([A-Za-z0-9._=-]{1,200})/events")
SCREEN = re.compile(r"/live/screen/([A-Za-z0-9:._=-]{1,300})/events")
TAP_THREADS = 8  # threads running the taps' casts; a tap waiting for its batch holds none

_REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    503: "Busy",
}


def frame(document: bytes) -> bytes:
    """One SSE event of the document (its JSON has no line break)."""
    version = document.rsplit(b'"version":"', 1)[-1].split(b'"', 1)[0]
    return b"event: state\nid: " + version + b"\ndata: " + document + b"\n\n"


def _build(congress_id: int) -> bytes:
    close_old_connections()
    try:
        return stream.document(congress_id)
    except DatabaseError:
        connection.close()  # a new one next time
        raise


class Hub:
    """The connections by congress, each congress's document, and its watcher."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        interval: float = INTERVAL,
        *,
        taps: ThreadPoolExecutor | None = None,
        caster: stream_cast.Caster | None = None,
    ) -> None:
        self.pool = pool
        self.taps = taps
        self.caster = caster
        self.interval = interval
        self.followers: dict[int, set[asyncio.StreamWriter]] = {}
        self.documents: dict[int, bytes] = {}
        self.wake: dict[int, asyncio.Event] = {}
        self.watchers: dict[int, asyncio.Task[None]] = {}
        self.connections = 0
        self.rebuilds = 0

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    async def join(self, congress_id: int, writer: asyncio.StreamWriter) -> bytes:
        if congress_id not in self.documents:
            self.documents[congress_id] = await self.run(_build, congress_id)
            self.rebuilds += 1
        self.followers.setdefault(congress_id, set()).add(writer)
        if congress_id not in self.watchers:
            self.wake[congress_id] = asyncio.Event()
            self.watchers[congress_id] = asyncio.create_task(self._watch(congress_id))
        return self.documents[congress_id]

    def leave(self, congress_id: int, writer: asyncio.StreamWriter) -> None:
        self.followers.get(congress_id, set()).discard(writer)

    def poke(self, congress_id: int) -> None:
        event = self.wake.get(congress_id)
        if event is not None:
            event.set()

    async def _watch(self, congress_id: int) -> None:
        wake = self.wake[congress_id]
        try:
            while self.followers.get(congress_id):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self.interval)
                wake.clear()
                try:
                    document = await self.run(_build, congress_id)
                except DatabaseError:
                    await asyncio.sleep(1.0)  # the database is away: the phones keep the last
                    continue
                self.rebuilds += 1
                if document != self.documents.get(congress_id):
                    self.documents[congress_id] = document
                    self.send(congress_id, frame(document))
        finally:
            # Nobody follows it any more: the next connection builds it afresh.
            self.watchers.pop(congress_id, None)
            self.wake.pop(congress_id, None)
            self.documents.pop(congress_id, None)
            self.followers.pop(congress_id, None)

    def send(self, congress_id: int, payload: bytes) -> None:
        for writer in list(self.followers.get(congress_id, ())):
            self._write(congress_id, writer, payload)

    def _write(self, congress_id: int, writer: asyncio.StreamWriter, payload: bytes) -> None:
        if writer.is_closing() or writer.transport.get_write_buffer_size() > MAX_BUFFERED:
            self.leave(congress_id, writer)
            writer.close()
            return
        writer.write(payload)

    async def heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT)
            for congress_id in list(self.followers):
                self.send(congress_id, b": \n\n")

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        congress_id: int | None = None
        try:
            congress_id = await self._open(reader, writer)
            if congress_id is not None:
                while await reader.read(1024):  # the client says nothing more; EOF ends it
                    pass
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            self.connections -= 1
            if congress_id is not None:
                self.leave(congress_id, writer)
            writer.close()

    async def _open(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int | None:
        async with asyncio.timeout(HEAD_SECONDS):  # no task of its own, as wait_for makes
            head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        target = rest.rsplit(" ", 1)[0]
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        address = urlsplit(target)
        path = address.path
        cors = _cors(headers)
        if self.connections > MAX_CONNECTIONS:
            return _refuse(writer, 503, cors)
        if (
            method == "POST"
            and self.taps is not None
            and self.caster is not None
            and (cast := stream_cast.CAST.fullmatch(path))
        ):
            await self._tap(reader, writer, self.taps, self.caster, cast, address.query, headers)
            return None
        if method != "GET":
            return _refuse(writer, 405, cors)
        if path == "/live/health":
            writer.write(_status(200, "text/plain", cors) + b"ok\n")
            return None
        if match := PHONE.fullmatch(path):
            follower = await self.run(_phone, match.group(1), _cookies(headers.get("cookie", "")))
        elif match := SCREEN.fullmatch(path):
            follower = stream.screen_follower(match.group(1))
        else:
            return _refuse(writer, 404, cors)
        if not isinstance(follower, stream.Follower):
            return _refuse(writer, 404, cors)
        if follower.status != 200 or follower.congress_id is None:
            return _refuse(writer, follower.status if follower.status != 200 else 404, cors)
        document = await self.join(follower.congress_id, writer)
        writer.write(
            _status(200, "text/event-stream", cors)
            + f"retry: {RETRY_MS}\n\n".encode()
            + frame(document)
        )
        return follower.congress_id

    async def _tap(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        taps: ThreadPoolExecutor,
        caster: stream_cast.Caster,
        cast: re.Match[str],
        query: str,
        headers: dict[str, str],
    ) -> None:
        """A phone's cast: read here, cast in the taps' pool, its batch awaited here."""
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        length = headers.get("content-length", "")
        if kind != stream_cast.FORM or not length.isdigit():
            _refuse(writer, 400, b"")
            return
        if not 0 < int(length) <= stream_cast.MAX_BODY:
            _refuse(writer, 400, b"")
            return
        async with asyncio.timeout(HEAD_SECONDS):
            body = await reader.readexactly(int(length))
        peer = writer.get_extra_info("peername")
        tap = stream_cast.Tap(
            token=cast.group(1),
            vote_id=int(cast.group(2)),
            path=cast.group(0),
            query=query,
            headers=headers,
            body=body,
            peer=str(peer[0]) if isinstance(peer, tuple) else None,
        )
        loop = asyncio.get_running_loop()
        begun = await loop.run_in_executor(taps, caster.begin, tap)
        if not isinstance(begun, bytes):
            await batch_written(begun.pending.written, WAIT_SECONDS)
            begun = await loop.run_in_executor(taps, caster.end, begun)
        writer.write(begun)


async def batch_written(written: Future[bool], seconds: float) -> None:
    """Wait up to ``seconds`` for a secret choice's batch, holding no thread.

    Shielded: the wait's end must not cancel the ballot box's own future. A
    batch refused (the vote closed meanwhile, or the choice written by another
    process's batch) is answered by ``caster.end``; should it come after the
    wait, the loop's copy of the outcome is read when it comes, not left for
    asyncio to report as an error nobody retrieved.
    """
    waiting = asyncio.wrap_future(written)
    waiting.add_done_callback(_retrieved)
    with contextlib.suppress(Exception):
        async with asyncio.timeout(seconds):
            await asyncio.shield(waiting)


def _retrieved(outcome: asyncio.Future[bool]) -> None:
    if not outcome.cancelled():
        outcome.exception()


def _phone(token: str, cookies: dict[str, str]) -> stream.Follower:
    close_old_connections()
    return stream.phone_follower(token, cookies)


def _cookies(header: str) -> dict[str, str]:
    jar = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            jar[name] = value.strip('"')
    return jar


def _cors(headers: dict[str, str]) -> bytes:
    """A page of this site on another port (the stream's own) may read it, with its cookies."""
    origin = headers.get("origin", "")
    if not origin:
        return b""
    origin_host = urlsplit(origin).hostname or ""
    host = urlsplit("//" + headers.get("host", "")).hostname or ""
    if not host or origin_host != host:
        return b""
    return (
        f"Access-Control-Allow-Origin: {origin}\r\n"
        "Access-Control-Allow-Credentials: true\r\nVary: Origin\r\n"
    ).encode("latin-1")


def _status(code: int, kind: str, cors: bytes) -> bytes:
    reason = "OK" if code == 200 else _REASONS.get(code, "Error")
    return (
        (
            f"HTTP/1.1 {code} {reason}\r\nContent-Type: {kind}; charset=utf-8\r\n"
            "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: close\r\n"
        ).encode()
        + cors
        + b"\r\n"
    )


def _refuse(writer: asyncio.StreamWriter, code: int, cors: bytes) -> int | None:
    """Answer with the refusal; the connection then closes (no congress to follow)."""
    writer.write(_status(code, "text/plain", cors) + f"{code}\n".encode())
    return None


class _Pokes(asyncio.DatagramProtocol):
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if data.isdigit():
            self.hub.poke(int(data))


def listen(host: str, port: int) -> socket.socket:
    """The stream's listening socket (made before the server processes fork)."""
    sock = socket.create_server((host, port), backlog=4096)
    sock.setblocking(False)
    return sock


POOL = 4  # threads reading the database for the loop


def _close_connections(pool: ThreadPoolExecutor, size: int) -> None:
    """Give the database back each pool thread's session (one job on every thread)."""
    barrier = threading.Barrier(size)

    def close() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(5)
        connection.close()

    for _ in range(size):
        pool.submit(close)
    pool.shutdown(wait=True)


async def serve(
    sock: socket.socket,
    *,
    ready: threading.Event | None = None,
    site_port: int | None = None,
    pokes: bool = True,
) -> None:
    """Serve the stream on ``sock`` until cancelled; pokes arrive on its port over UDP.

    ``site_port``: the web server's port, whose pages may send their taps here.
    ``pokes``: hear them (one process of the machine does; the others' watchers
    see a change at their next check, within ``INTERVAL``)."""
    pool = ThreadPoolExecutor(POOL, thread_name_prefix="daihoi-stream-db")
    taps = ThreadPoolExecutor(TAP_THREADS, thread_name_prefix="daihoi-stream-taps")
    hub = Hub(pool, taps=taps, caster=stream_cast.Caster(site_port))
    server = await asyncio.start_server(hub.handle, sock=sock, limit=16 * 1024)
    loop = asyncio.get_running_loop()
    port = sock.getsockname()[1]
    transport = None
    try:
        if pokes:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _Pokes(hub), local_addr=("127.0.0.1", port)
            )
    except OSError as exc:  # the stream still works, a little later: the watchers check
        print(f"daihoi: the stream hears no pokes ({exc})", file=sys.stderr, flush=True)
    beat = asyncio.create_task(hub.heartbeat())
    if ready is not None:
        ready.set()
    try:
        async with server:
            await server.serve_forever()
    finally:
        beat.cancel()
        if transport is not None:
            transport.close()
        for watcher in list(hub.watchers.values()):
            watcher.cancel()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, _close_connections, pool, POOL)
        await loop.run_in_executor(None, _close_connections, taps, TAP_THREADS)


class Running:
    """The stream in a thread of this process, and how to stop it."""

    def __init__(
        self, sock: socket.socket, site_port: int | None = None, pokes: bool = True
    ) -> None:
        self._site_port = site_port
        self._pokes = pokes
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self.thread = threading.Thread(target=self._run, name="daihoi-stream", daemon=True)
        self._sock = sock

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            with contextlib.suppress(asyncio.CancelledError):
                await serve(
                    self._sock, ready=self._ready, site_port=self._site_port, pokes=self._pokes
                )

        asyncio.run(main())

    def start(self) -> Running:
        self.thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        """Close every connection and the pool's database sessions, then end the thread."""
        if self._loop is not None and self._task is not None and self.thread.is_alive():
            self._loop.call_soon_threadsafe(self._task.cancel)
        self.thread.join(10)


def run_in_thread(
    sock: socket.socket, site_port: int | None = None, *, pokes: bool = True
) -> Running:
    """The stream beside the web server in its process (``daihoi serve``), taking the
    taps of the pages on ``site_port``."""
    return Running(sock, site_port, pokes).start()
