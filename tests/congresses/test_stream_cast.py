"""The phones' tap taken by the stream's loop (``stream_cast``, ``stream_server``): the
same answers, refusals, cookies and headers as the view, from this site's pages only.

Each case is played through the stream's code and through the view (Django's test
client); the last tests send real taps to a running stream over TCP.
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services, stream_cast, stream_server, voting
from daihoi.congresses.models import Delegate, ProceduralVote, VoteCast
from tests.congresses.conftest import Hall, check_in_all
from tests.wsgi import connection_kept

SITE_PORT = 8000
PAGE = f"http://testserver:{SITE_PORT}"
CASTER = stream_cast.Caster(SITE_PORT)

#: Headers whose values differ from one answer to the next whichever server took it, and
#: those the stream adds for a page of another port (checked on their own below).
OWN = {"Date", "Content-Length", "Set-Cookie", "Vary", "Connection"}
CROSS = {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"}


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str:
        return ", ".join(v for k, v in self.headers if k.lower() == name.lower())

    @property
    def cookies(self) -> SimpleCookie:
        jar: SimpleCookie = SimpleCookie()
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                jar.load(value)
        return jar


def parse(raw: bytes) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
    return Answer(int(lines[0].split()[1]), headers, body.decode())  # type: ignore[arg-type]


def tap(
    path: str,
    data: dict[str, str],
    cookies: dict[str, str],
    *,
    origin: str | None = PAGE,
    host: str = "testserver:8001",
) -> Answer:
    """The tap through the stream's code in this thread (the loop's wait done here)."""
    match = stream_cast.CAST.fullmatch(path)
    assert match is not None
    headers = {
        "host": host,
        "content-type": stream_cast.FORM,
        "cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    if origin is not None:
        headers["origin"] = origin
    one = stream_cast.Tap(
        token=match.group(1),
        vote_id=int(match.group(2)),
        path=path,
        query="",
        headers=headers,
        body=urlencode(data).encode(),
        peer="10.0.0.7",
    )
    with connection_kept():
        begun = CASTER.begin(one)
        if isinstance(begun, stream_cast.Begun):
            with contextlib.suppress(Exception):
                begun.pending.written.result(timeout=voting.WAIT_SECONDS)
            begun = CASTER.end(begun)
    return parse(begun)


class Phone:
    """A bound phone that opened its page (so it holds the CSRF cookie), and its two ways."""

    def __init__(self, hall: Hall, delegate: Delegate) -> None:
        self.client, self.token = hall.phone(delegate)
        page = self.client.get(reverse("ballot_pass", args=[self.token]))
        assert page.status_code == 200

    @property
    def cookies(self) -> dict[str, str]:
        return {k: v.value for k, v in self.client.cookies.items()}

    def form(self, choice: str, again: bool = False) -> dict[str, str]:
        data = {"choice": choice, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        return {**data, "again": "1"} if again else data

    def stream(self, vote: ProceduralVote, choice: str, *, again: bool = False) -> Answer:
        path = reverse("ballot_cast", args=[self.token, vote.pk])
        answer = tap(path, self.form(choice, again), self.cookies)
        for name, morsel in answer.cookies.items():  # keep what the stream set, as a browser
            if str(morsel["max-age"]) == "0":
                self.client.cookies.pop(name, None)
            else:
                self.client.cookies[name] = morsel.value
                self.client.cookies[name]["path"] = "/v/"
        return answer

    def view(self, vote: ProceduralVote, choice: str, *, again: bool = False) -> Answer:
        path = reverse("ballot_cast", args=[self.token, vote.pk])
        response = self.client.post(path, self.form(choice, again))
        headers = [*response.items()]
        headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
        return Answer(response.status_code, headers, response.content.decode())


@pytest.fixture
def voting_hall(hall: Hall) -> Hall:
    check_in_all(hall, range(9))
    services.vote_open(actor=hall.secretary, vote=hall.electronic)
    hall.electronic.refresh_from_db()
    return hall


def _page(body: str, token: str) -> str:
    """The page with the phone's own link and CSRF token (masked anew each time) left out."""
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", body.replace(token, "<token>"))


def _vary(answer: Answer) -> set[str]:
    return {v.strip() for v in answer.header("Vary").split(",") if v.strip()}


def _same_answer(streamed: Answer, view: Answer, stream_token: str, view_token: str) -> None:
    """The same status and page (each phone's own link and CSRF token aside), the same
    headers, and the same cookies with the same attributes; the page's origin may read it."""
    assert streamed.status == view.status
    assert _page(streamed.body, stream_token) == _page(view.body, view_token)
    assert {(k, v) for k, v in streamed.headers if k not in OWN | CROSS} == {
        (k, v) for k, v in view.headers if k not in OWN
    }
    assert _vary(streamed) == _vary(view) | {"Origin"}
    assert streamed.header("Access-Control-Allow-Origin") == PAGE
    assert streamed.header("Access-Control-Allow-Credentials") == "true"
    assert int(streamed.header("Content-Length")) == len(streamed.body.encode())
    mine, theirs = _jar(streamed), _jar(view)
    assert set(mine) == set(theirs)
    for name, morsel in mine.items():
        for attribute in ("path", "max-age", "secure", "httponly", "samesite"):
            assert str(morsel[attribute]) == str(theirs[name][attribute]), (name, attribute)


def _jar(answer: Answer) -> dict[str, Any]:
    """The cookies set, by name with the delegate's number left out (``dh_sent_<id>``)."""
    return {re.sub(r"_[0-9]+$", "_<id>", name): m for name, m in answer.cookies.items()}


def test_a_tap_on_the_stream_is_answered_as_the_view_answers_it(voting_hall: Hall) -> None:
    vote = voting_hall.electronic
    by_stream = Phone(voting_hall, voting_hall.delegates[0])
    by_view = Phone(voting_hall, voting_hall.delegates[1])
    # Sent: waiting for its batch (202), the phone's note of it set.
    streamed, view = by_stream.stream(vote, "agree"), by_view.view(vote, "agree")
    assert streamed.status == 202 and "Đã gửi: Tán thành" in streamed.body
    _same_answer(streamed, view, by_stream.token, by_view.token)
    assert by_stream.cookies.get(f"dh_sent_{voting_hall.delegates[0].pk}") == f"{vote.pk}:agree"
    # A second choice of the same delegate: twice, 409, logged.
    streamed, view = by_stream.stream(vote, "disagree"), by_view.view(vote, "disagree")
    assert streamed.status == 409 and "đã biểu quyết" in streamed.body
    _same_answer(streamed, view, by_stream.token, by_view.token)
    # The close writes the box; sent again, the choice is recorded (200), the note deleted.
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    streamed = by_stream.stream(vote, "agree", again=True)
    view = by_view.view(vote, "agree", again=True)
    assert streamed.status == 200 and "Đã ghi nhận" in streamed.body
    _same_answer(streamed, view, by_stream.token, by_view.token)
    assert f"dh_sent_{voting_hall.delegates[0].pk}" not in by_stream.cookies
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (2, 0, 0)
    twice = [e.after for e in AuditEntry.objects.filter(action="vote.refused")]
    assert [(e["reason"], e["delegate"]) for e in twice] == [
        ("twice", voting_hall.delegates[0].pk),
        ("twice", voting_hall.delegates[1].pk),
    ]
    assert twice[0]["address"] == "10.0.0.7"


def test_an_open_vote_on_the_stream_is_recorded_at_once(voting_hall: Hall) -> None:
    vote = voting_hall.electronic
    ProceduralVote.objects.filter(pk=vote.pk).update(secret=False)
    from daihoi.congresses.live import forget_open_vote

    forget_open_vote(voting_hall.congress.pk)
    by_stream = Phone(voting_hall, voting_hall.delegates[0])
    by_view = Phone(voting_hall, voting_hall.delegates[1])
    streamed, view = by_stream.stream(vote, "abstain"), by_view.view(vote, "abstain")
    assert streamed.status == 200 and "Đã ghi nhận" in streamed.body
    _same_answer(streamed, view, by_stream.token, by_view.token)
    assert set(VoteCast.objects.filter(vote=vote).values_list("choice", flat=True)) == {"abstain"}


@pytest.mark.parametrize("case", ["forged", "foreign_device", "bad_choice", "closed"])
def test_every_refusal_on_the_stream_is_the_views_and_is_logged(
    voting_hall: Hall, case: str
) -> None:
    vote = voting_hall.electronic
    by_stream = Phone(voting_hall, voting_hall.delegates[2])
    by_view = Phone(voting_hall, voting_hall.delegates[3])
    choice = "maybe" if case == "bad_choice" else "agree"
    if case == "forged":
        for phone in (by_stream, by_view):
            pk, generation, mac = phone.token.split(".")
            phone.token = f"{pk}.{generation}.{'A' * len(mac)}"
    if case == "foreign_device":
        for phone in (by_stream, by_view):
            delegate_id = phone.token.split(".")[0]
            phone.client.cookies[voting.DEVICE_COOKIE % int(delegate_id)] = "guessed"
    if case == "closed":
        services.vote_close(actor=voting_hall.secretary, vote=vote)
    streamed, view = by_stream.stream(vote, choice), by_view.view(vote, choice)
    assert streamed.status == {"forged": 404}.get(case, 403)
    _same_answer(streamed, view, by_stream.token, by_view.token)
    logged = [e.after["reason"] for e in AuditEntry.objects.filter(action="vote.refused")]
    assert logged == [case, case]
    assert VoteCast.objects.filter(vote=vote).count() == 0


@pytest.mark.parametrize(
    "origin",
    [
        None,  # not a browser's page
        "https://evil.example",  # another site
        "http://testserver:9000",  # this host, another port than the site's
        "http://testserver.evil.example:8000",
        "null",
    ],
)
def test_the_stream_takes_a_tap_only_from_this_sites_pages(
    voting_hall: Hall, origin: str | None
) -> None:
    vote = voting_hall.electronic
    phone = Phone(voting_hall, voting_hall.delegates[4])
    path = reverse("ballot_cast", args=[phone.token, vote.pk])
    answer = tap(path, phone.form("agree"), phone.cookies, origin=origin)
    assert answer.status == 403
    assert not answer.header("Access-Control-Allow-Origin")  # the page cannot read it
    assert not voting.BOX.sent(vote.pk, voting_hall.delegates[4].pk)


def test_the_stream_refuses_a_tap_without_its_csrf_token_and_counts_nothing(
    voting_hall: Hall,
) -> None:
    vote = voting_hall.electronic
    phone = Phone(voting_hall, voting_hall.delegates[4])
    path = reverse("ballot_cast", args=[phone.token, vote.pk])
    answer = tap(path, {"choice": "agree"}, phone.cookies)
    assert answer.status == 403
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (0, 0, 0)
    assert not voting.BOX.sent(vote.pk, voting_hall.delegates[4].pk)


def test_the_stream_refuses_a_host_not_allowed(voting_hall: Hall) -> None:
    phone = Phone(voting_hall, voting_hall.delegates[5])
    path = reverse("ballot_cast", args=[phone.token, voting_hall.electronic.pk])
    answer = tap(
        path,
        phone.form("agree"),
        phone.cookies,
        origin="http://evil.example:8000",
        host="evil.example:8001",
    )
    assert answer.status == 400
    assert not voting.BOX.sent(voting_hall.electronic.pk, voting_hall.delegates[5].pk)


def test_a_proxy_routing_site_and_stream_on_one_origin_is_taken(voting_hall: Hall) -> None:
    phone = Phone(voting_hall, voting_hall.delegates[5])
    path = reverse("ballot_cast", args=[phone.token, voting_hall.electronic.pk])
    answer = tap(
        path, phone.form("agree"), phone.cookies, origin="http://testserver", host="testserver"
    )
    assert answer.status == 202
    assert answer.header("Access-Control-Allow-Origin") == "http://testserver"


def test_the_stream_speaks_english_when_the_phone_chose_it(voting_hall: Hall) -> None:
    phone = Phone(voting_hall, voting_hall.delegates[6])
    phone.client.cookies["django_language"] = "en"
    answer = phone.stream(voting_hall.electronic, "agree")
    assert answer.status == 202 and "Not recorded yet" in answer.body
    assert answer.header("Content-Language") == "en"


def test_taps_on_the_stream_are_recorded_once_when_their_batch_is_written(
    voting_hall: Hall, settings: Any
) -> None:
    settings.SECRET_VOTE_BATCH = 2
    vote = voting_hall.electronic
    phones = [Phone(voting_hall, voting_hall.delegates[i]) for i in range(4)]
    answers = [
        p.stream(vote, c)
        for p, c in zip(phones, ["agree", "agree", "abstain", "disagree"], strict=True)
    ]
    assert {a.status for a in answers} <= {200, 202}
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (2, 1, 1)
    assert VoteCast.objects.filter(vote=vote).count() == 4


def test_the_phones_page_sends_its_taps_to_the_stream_only_on_its_own_port(
    voting_hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    from daihoi.congresses import stream

    phone = Phone(voting_hall, voting_hall.delegates[7])
    url = reverse("ballot_pass", args=[phone.token])
    monkeypatch.setenv(stream.PORT_ENV, "8001")
    page = phone.client.get(url).content.decode()
    assert 'data-taps="http://testserver:8001"' in page
    monkeypatch.setenv(stream.URL_ENV, "")  # a proxy routes the stream on the site's origin
    assert "data-taps" not in phone.client.get(url).content.decode()
    monkeypatch.delenv(stream.URL_ENV)
    monkeypatch.delenv(stream.PORT_ENV)
    assert "data-taps" not in phone.client.get(url).content.decode()


# --- real taps over TCP -----------------------------------------------------------------


@pytest.fixture
def live_port() -> Iterator[int]:
    sock = stream_server.listen("127.0.0.1", 0)
    running = stream_server.run_in_thread(sock, SITE_PORT)
    try:
        yield int(sock.getsockname()[1])
    finally:
        running.stop()  # and its database sessions closed, for the test database's teardown
        assert not running.thread.is_alive()


def send(port: int, head: str, body: bytes = b"") -> Answer:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(head.encode() + body)
    return parse(_read(sock))


@pytest.mark.django_db(transaction=True)
def test_phones_tap_on_the_running_stream_and_are_counted_once(
    hall: Hall, live_port: int, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three taps at once, batches of one: two wait for each other's batch on the loop and
    are told "recorded"; the last, kept back for the close, is told "sent" after the wait."""
    settings.SECRET_VOTE_BATCH = 1
    monkeypatch.setattr(stream_server, "WAIT_SECONDS", 5.0)  # a slow machine still meets it
    check_in_all(hall, range(3))
    services.vote_open(actor=None, vote=hall.electronic)
    socks = []
    for i in range(3):
        phone = Phone(hall, hall.delegates[i])
        body = urlencode(phone.form("agree")).encode()
        cookie = "; ".join(f"{k}={v}" for k, v in phone.cookies.items())
        sock = socket.create_connection(("127.0.0.1", live_port), timeout=10)
        sock.sendall(
            (
                f"POST /v/{phone.token}/votes/{hall.electronic.pk}/ HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{live_port}\r\nOrigin: http://127.0.0.1:{SITE_PORT}\r\n"
                f"Content-Type: {stream_cast.FORM}\r\nContent-Length: {len(body)}\r\n"
                f"Cookie: {cookie}\r\n\r\n"
            ).encode()
            + body
        )
        socks.append(sock)
    answers = [parse(_read(sock)) for sock in socks]
    assert sorted(a.status for a in answers) == [200, 200, 202]
    origin = f"http://127.0.0.1:{SITE_PORT}"
    assert all(a.header("Access-Control-Allow-Origin") == origin for a in answers)
    services.vote_close(actor=None, vote=hall.electronic)
    vote = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert (vote.agree, vote.disagree, vote.abstain) == (3, 0, 0)
    assert VoteCast.objects.filter(vote=vote).count() == 3


def _read(sock: socket.socket) -> bytes:
    raw = b""
    with sock:
        while chunk := sock.recv(65536):
            raw += chunk
    return raw


@pytest.mark.django_db(transaction=True)
def test_the_running_stream_refuses_what_is_not_a_pages_tap(hall: Hall, live_port: int) -> None:
    path = f"/v/1.1.abc/votes/{hall.electronic.pk}/"
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{live_port}\r\n"
    assert (
        send(
            live_port, head + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n", b"hi"
        ).status
        == 400
    )
    form = f"Content-Type: {stream_cast.FORM}\r\n"
    too_long = "x" * (stream_cast.MAX_BODY + 1)
    assert (
        send(
            live_port, head + form + f"Content-Length: {len(too_long)}\r\n\r\n", too_long.encode()
        ).status
        == 400
    )
    assert send(live_port, head + form + "Content-Length: 9\r\n\r\n", b"choice=no").status == 403
    assert send(live_port, f"PUT {path} HTTP/1.1\r\nHost: x\r\n\r\n").status == 405
    assert not AuditEntry.objects.filter(action="vote.refused").exists()


@pytest.mark.parametrize("read", [True, False])
def test_a_batch_refused_after_the_wait_is_not_left_as_an_error_nobody_read(
    read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A choice whose request stopped waiting, then refused by its batch (written by
    another process's box): asyncio would report the loop's copy of the outcome as
    an exception never retrieved. Without reading it (``read`` False) it does."""
    import asyncio
    import gc
    from concurrent.futures import Future

    if not read:
        monkeypatch.setattr(stream_server, "_retrieved", lambda outcome: None)
    reported: list[dict[str, Any]] = []

    async def burst() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _l, c: reported.append(c))
        written: Future[bool] = Future()
        await stream_server.batch_written(written, 0.01)
        written.set_exception(voting.VoteRefused("twice"))
        await asyncio.sleep(0.05)  # the loop copies the outcome
        del written
        gc.collect()

    asyncio.run(burst())
    assert (reported == []) is read
