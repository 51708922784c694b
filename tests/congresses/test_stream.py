"""The hall's push stream: its document, who may follow it, and the stream itself over TCP."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from django.db.models import F

from daihoi.congresses import services, stream, stream_server, voting
from daihoi.congresses.live import cache
from daihoi.congresses.models import Delegate
from daihoi.congresses.voting import DEVICE_COOKIE
from tests.congresses.conftest import Hall, check_in_all

pytestmark = pytest.mark.django_db


def _state(hall: Hall) -> dict[str, object]:
    return json.loads(stream.document(hall.congress.pk))


def test_the_document_names_the_open_vote_and_nothing_of_the_phones(hall: Hall) -> None:
    before = stream.document(hall.congress.pk)
    assert json.loads(before)["vote"] is None
    assert json.loads(before)["sitting"] == hall.sitting.pk
    services.vote_open(actor=None, vote=hall.electronic)
    opened = stream.document(hall.congress.pk)
    assert opened != before
    state = json.loads(opened)
    assert state["vote"] == {
        "id": hall.electronic.pk,
        "title": hall.electronic.title,
        "secret": True,
        "closing": False,
    }
    assert state["version"] != json.loads(before)["version"]
    # Phones voting change nothing in it: not who, not how many.
    check_in_all(hall, range(0, 9))
    for delegate in hall.delegates[:9]:
        client, token = hall.phone(delegate)
        response = client.post(
            f"/v/{token}/votes/{hall.electronic.pk}/", {"choice": "agree"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code in (200, 202)
    after = stream.document(hall.congress.pk)
    assert after == opened
    text = after.decode()
    for delegate in hall.delegates:
        assert delegate.full_name not in text
    assert set(state) == {"congress", "sitting", "vote", "version"}


def test_the_document_is_the_same_bytes_each_time_and_follows_the_close(hall: Hall) -> None:
    services.vote_open(actor=None, vote=hall.electronic)
    assert stream.document(hall.congress.pk) == stream.document(hall.congress.pk)
    services.vote_close(actor=None, vote=hall.electronic)
    assert _state(hall)["vote"] is None
    services.sitting_close(actor=None, sitting=hall.sitting)
    assert _state(hall)["sitting"] is None


def test_a_phone_follows_with_its_own_link_and_cookie_only(hall: Hall) -> None:
    delegate = hall.delegates[0]
    client, token = hall.phone(delegate)
    cookie = {DEVICE_COOKIE % delegate.pk: client.cookies[DEVICE_COOKIE % delegate.pk].value}
    assert stream.phone_follower(token, cookie) == stream.Follower(hall.congress.pk, 200)
    assert stream.phone_follower(token, {}).status == 403
    assert stream.phone_follower(token, {DEVICE_COOKIE % delegate.pk: "x" * 43}).status == 403
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert stream.phone_follower(forged, cookie).status == 404
    # Another delegate's link with this phone's cookie: refused.
    other = voting.pass_token(hall.delegates[1])
    assert stream.phone_follower(other, cookie).status == 403
    # A link not confirmed on any phone yet: refused.
    assert stream.phone_follower(voting.pass_token(hall.delegates[2]), {}).status == 403
    # A reissued link voids the old one.
    Delegate.objects.filter(pk=delegate.pk).update(pass_generation=F("pass_generation") + 1)
    assert stream.phone_follower(token, cookie).status == 404


def test_the_projector_follows_with_the_ticket_of_its_page(hall: Hall) -> None:
    ticket = stream.screen_ticket(hall.congress.pk)
    assert stream.screen_follower(ticket) == stream.Follower(hall.congress.pk, 200)
    assert stream.screen_follower(ticket[:-1] + ("x" if ticket[-1] != "x" else "y")).status == 404
    assert stream.screen_follower("nothing").status == 404


def test_the_pages_name_the_stream_only_when_the_server_runs_one(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    delegate = hall.delegates[0]
    client, token = hall.phone(delegate)
    monkeypatch.delenv(stream.PORT_ENV, raising=False)
    monkeypatch.delenv(stream.URL_ENV, raising=False)
    page = client.get(f"/v/{token}/")
    assert page.status_code == 200 and b"data-events" not in page.content
    monkeypatch.setenv(stream.PORT_ENV, "8123")
    page = client.get(f"/v/{token}/", HTTP_HOST="127.0.0.1:8000")
    assert f'data-events="http://127.0.0.1:8123/v/{token}/events"'.encode() in page.content
    assert "http://127.0.0.1:8123" in page["Content-Security-Policy"]
    screen = hall.client(hall.secretary).get(
        f"/congresses/{hall.congress.pk}/hall/screen/", HTTP_HOST="127.0.0.1:8000"
    )
    assert b'data-events="http://127.0.0.1:8123/live/screen/' in screen.content
    # Behind a proxy that routes the stream on the site's own origin.
    monkeypatch.setenv(stream.URL_ENV, "")
    page = client.get(f"/v/{token}/")
    assert f'data-events="/v/{token}/events"'.encode() in page.content


def test_the_poll_still_shows_the_open_vote(hall: Hall) -> None:
    check_in_all(hall, [0])
    client, token = hall.phone(hall.delegates[0])
    assert b'data-vote=""' in client.get(f"/v/{token}/live/").content
    services.vote_open(actor=None, vote=hall.electronic)
    cache.clear()  # the test's transaction never commits: the cache's entry would stay a second
    live = client.get(f"/v/{token}/live/")
    assert f'data-vote="{hall.electronic.pk}"'.encode() in live.content
    assert f"/v/{token}/votes/{hall.electronic.pk}/".encode() in live.content


# --- the stream over TCP ----------------------------------------------------------------


class Reader:
    """A client of the stream on a raw socket: the status, then the events one by one."""

    def __init__(self, port: int, path: str, cookie: str = "") -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        self.sock.sendall((head + "\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head_bytes, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status = int(head_bytes.split(b" ", 2)[1])
        self.headers = head_bytes.decode()

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError
        self.buffer += chunk

    def event(self) -> dict[str, object]:
        while True:
            while b"\n\n" not in self.buffer:
                self._more()
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"data: "):
                    return json.loads(line[6:])

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def live_port() -> Iterator[int]:
    sock = stream_server.listen("127.0.0.1", 0)
    running = stream_server.run_in_thread(sock)
    try:
        yield int(sock.getsockname()[1])
    finally:
        running.stop()  # and its database sessions closed, for the test database's teardown
        assert not running.thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_the_stream_sends_the_state_on_connecting_and_again_after_a_change(
    hall: Hall, live_port: int
) -> None:
    delegate = hall.delegates[0]
    check_in_all(hall, [0])
    client, token = hall.phone(delegate)
    name = DEVICE_COOKIE % delegate.pk
    phone = Reader(live_port, f"/v/{token}/events", f"{name}={client.cookies[name].value}")
    screen = Reader(live_port, f"/live/screen/{stream.screen_ticket(hall.congress.pk)}/events")
    try:
        assert phone.status == 200 and "text/event-stream" in phone.headers
        first = phone.event()
        assert first["vote"] is None and first["congress"] == hall.congress.pk
        assert screen.event() == first
        start = time.monotonic()
        services.vote_open(actor=None, vote=hall.electronic)
        opened = phone.event()
        assert time.monotonic() - start < 2.0
        assert opened["vote"]["id"] == hall.electronic.pk  # type: ignore[index]
        assert screen.event() == opened
        # The phone votes by the page's POST, as before; the stream says nothing of it.
        response = client.post(
            f"/v/{token}/votes/{hall.electronic.pk}/", {"choice": "agree"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code in (200, 202)
        services.vote_close(actor=None, vote=hall.electronic)
        closing_or_closed = phone.event()
        while closing_or_closed["vote"] is not None:
            assert closing_or_closed["vote"]["closing"] is True  # type: ignore[index]
            closing_or_closed = phone.event()
        assert closing_or_closed["vote"] is None
    finally:
        phone.close()
        screen.close()


@pytest.mark.django_db(transaction=True)
def test_the_stream_refuses_a_bad_or_voided_link_and_another_phone(
    hall: Hall, live_port: int
) -> None:
    delegate = hall.delegates[0]
    client, token = hall.phone(delegate)
    name = DEVICE_COOKIE % delegate.pk
    good = f"{name}={client.cookies[name].value}"
    assert Reader(live_port, f"/v/{token}/events").status == 403  # no cookie
    assert Reader(live_port, f"/v/{token}/events", f"{name}=wrong").status == 403
    assert Reader(live_port, f"/v/{token[:-3]}xyz/events", good).status == 404
    assert Reader(live_port, "/v/1.1.abc/events", good).status == 404
    assert Reader(live_port, "/live/screen/forged/events").status == 404
    assert Reader(live_port, "/congresses/1/hall/").status == 404
    Delegate.objects.filter(pk=delegate.pk).update(pass_generation=F("pass_generation") + 1)
    assert Reader(live_port, f"/v/{token}/events", good).status == 404
    fresh = voting.pass_token(Delegate.objects.get(pk=delegate.pk))
    assert Reader(live_port, f"/v/{fresh}/events", good).status == 200


@pytest.mark.django_db(transaction=True)
def test_a_page_on_the_sites_other_port_may_read_the_stream_with_its_cookie(
    hall: Hall, live_port: int
) -> None:
    delegate = hall.delegates[0]
    client, token = hall.phone(delegate)
    name = DEVICE_COOKIE % delegate.pk
    for origin, allowed in (("http://127.0.0.1:8000", True), ("http://evil.example", False)):
        sock = socket.create_connection(("127.0.0.1", live_port), timeout=5)
        sock.sendall(
            (
                f"GET /v/{token}/events HTTP/1.1\r\nHost: 127.0.0.1:{live_port}\r\n"
                f"Origin: {origin}\r\nCookie: {name}={client.cookies[name].value}\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(4096)
        sock.close()
        assert head.startswith(b"HTTP/1.1 200")
        assert (f"Access-Control-Allow-Origin: {origin}".encode() in head) is allowed
