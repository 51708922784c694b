"""The phones' cast answered in front of Django (``cast_app.CastDoor``): the same
answers, refusals, cookies and headers as the view, and nothing else taken.

The door is what ``daihoi serve`` runs (``daihoi.wsgi.application``); the test
client goes round it to the view, so each case here is played through both.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.congresses import cast_app, services, voting
from daihoi.congresses.models import Delegate, ProceduralVote, VoteCast
from daihoi.wsgi import application
from tests.congresses.conftest import Hall, check_in_all
from tests.wsgi import connection_kept


def _not_django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise AssertionError(f"the door let {environ['PATH_INFO']} go on to Django")


#: The door alone: a cast it does not answer itself fails the test.
DOOR = cast_app.CastDoor(_not_django)

#: Headers whose values differ from one answer to the next whatever door it took.
OWN = {"Date", "Content-Length", "Set-Cookie"}


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
            if name == "Set-Cookie":
                jar.load(value)
        return jar


def through_door(
    app: Any,
    path: str,
    data: dict[str, str],
    cookies: dict[str, str],
    *,
    content_type: str = cast_app.FORM,
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> Answer:
    body = urlencode(data).encode()
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(len(body)),
        HTTP_HOST="testserver",
        HTTP_COOKIE="; ".join(f"{k}={v}" for k, v in cookies.items()),
        REMOTE_ADDR="10.0.0.7",
    )
    environ["wsgi.input"] = io.BytesIO(body)
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = response_headers

    with connection_kept():
        result = app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
    return Answer(seen["status"], seen["headers"], content.decode())


class Phone:
    """A bound phone that opened its page (so it holds the CSRF cookie), and its two doors."""

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

    def door(self, vote: ProceduralVote, choice: str, *, again: bool = False) -> Answer:
        path = reverse("ballot_cast", args=[self.token, vote.pk])
        answer = through_door(DOOR, path, self.form(choice, again), self.cookies)
        for name, morsel in answer.cookies.items():  # keep what the door set, as a browser
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


def _same_answer(door: Answer, view: Answer, door_token: str, view_token: str) -> None:
    """The same status and page (each phone's own link and CSRF token aside), the same
    headers, and the same cookies with the same attributes."""
    assert door.status == view.status
    assert _page(door.body, door_token) == _page(view.body, view_token)
    assert {(k, v) for k, v in door.headers if k not in OWN} == {
        (k, v) for k, v in view.headers if k not in OWN
    }
    mine, theirs = _jar(door), _jar(view)
    assert set(mine) == set(theirs)
    for name, morsel in mine.items():
        for attribute in ("path", "max-age", "secure", "httponly", "samesite"):
            assert str(morsel[attribute]) == str(theirs[name][attribute]), (name, attribute)


def _jar(answer: Answer) -> dict[str, Any]:
    """The cookies set, by name with the delegate's number left out (``dh_sent_<id>``)."""
    return {re.sub(r"_[0-9]+$", "_<id>", name): m for name, m in answer.cookies.items()}


def test_a_cast_through_the_door_is_answered_as_the_view_answers_it(voting_hall: Hall) -> None:
    vote = voting_hall.electronic
    by_door = Phone(voting_hall, voting_hall.delegates[0])
    by_view = Phone(voting_hall, voting_hall.delegates[1])
    # Sent: waiting for its batch (202), the phone's note of it set.
    door, view = by_door.door(vote, "agree"), by_view.view(vote, "agree")
    assert door.status == 202 and "Đã gửi: Tán thành" in door.body
    _same_answer(door, view, by_door.token, by_view.token)
    assert by_door.cookies.get(f"dh_sent_{voting_hall.delegates[0].pk}") == f"{vote.pk}:agree"
    # A second choice of the same delegate: twice, 409, logged.
    door, view = by_door.door(vote, "disagree"), by_view.view(vote, "disagree")
    assert door.status == 409 and "đã biểu quyết" in door.body
    _same_answer(door, view, by_door.token, by_view.token)
    # The close writes the box; sent again, the choice is recorded (200), the note deleted.
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    door = by_door.door(vote, "agree", again=True)
    view = by_view.view(vote, "agree", again=True)
    assert door.status == 200 and "Đã ghi nhận" in door.body
    _same_answer(door, view, by_door.token, by_view.token)
    assert f"dh_sent_{voting_hall.delegates[0].pk}" not in by_door.cookies
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (2, 0, 0)
    twice = [e.after for e in AuditEntry.objects.filter(action="vote.refused")]
    assert [(e["reason"], e["delegate"]) for e in twice] == [
        ("twice", voting_hall.delegates[0].pk),
        ("twice", voting_hall.delegates[1].pk),
    ]
    assert twice[0]["address"] == "10.0.0.7"


@pytest.mark.parametrize("case", ["forged", "foreign_device", "bad_choice", "closed"])
def test_every_refusal_through_the_door_is_the_views_and_is_logged(
    voting_hall: Hall, case: str
) -> None:
    vote = voting_hall.electronic
    by_door = Phone(voting_hall, voting_hall.delegates[2])
    by_view = Phone(voting_hall, voting_hall.delegates[3])
    choice = "maybe" if case == "bad_choice" else "agree"
    if case == "forged":
        for phone in (by_door, by_view):
            pk, generation, mac = phone.token.split(".")
            phone.token = f"{pk}.{generation}.{'A' * len(mac)}"
    if case == "foreign_device":
        for phone in (by_door, by_view):
            delegate_id = phone.token.split(".")[0]
            phone.client.cookies[voting.DEVICE_COOKIE % int(delegate_id)] = "guessed"
    if case == "closed":
        services.vote_close(actor=voting_hall.secretary, vote=vote)
    door, view = by_door.door(vote, choice), by_view.view(vote, choice)
    assert door.status == {"forged": 404, "foreign_device": 403}.get(case, 403)
    _same_answer(door, view, by_door.token, by_view.token)
    logged = [e.after["reason"] for e in AuditEntry.objects.filter(action="vote.refused")]
    assert logged == [case, case]
    assert VoteCast.objects.filter(vote=vote).count() == 0


def test_the_door_refuses_a_cast_without_its_csrf_token_and_counts_nothing(
    voting_hall: Hall,
) -> None:
    vote = voting_hall.electronic
    phone = Phone(voting_hall, voting_hall.delegates[4])
    path = reverse("ballot_cast", args=[phone.token, vote.pk])
    answer = through_door(DOOR, path, {"choice": "agree"}, phone.cookies)
    assert answer.status == 403
    other_site = through_door(
        DOOR,
        path,
        phone.form("agree"),
        phone.cookies,
        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/"},
    )
    assert other_site.status == 403
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (0, 0, 0)
    assert not voting.BOX.sent(vote.pk, voting_hall.delegates[4].pk)


def test_the_door_refuses_a_host_not_allowed(voting_hall: Hall) -> None:
    phone = Phone(voting_hall, voting_hall.delegates[5])
    path = reverse("ballot_cast", args=[phone.token, voting_hall.electronic.pk])
    answer = through_door(
        DOOR, path, phone.form("agree"), phone.cookies, headers={"Host": "evil.example"}
    )
    assert answer.status == 400
    assert not voting.BOX.sent(voting_hall.electronic.pk, voting_hall.delegates[5].pk)


def test_the_door_speaks_english_when_the_phone_chose_it(voting_hall: Hall) -> None:
    phone = Phone(voting_hall, voting_hall.delegates[6])
    phone.client.cookies["django_language"] = "en"
    answer = phone.door(voting_hall.electronic, "agree")
    assert answer.status == 202 and "Not recorded yet" in answer.body
    assert answer.header("Content-Language") == "en"


def test_the_server_runs_the_door_in_front_of_django() -> None:
    assert isinstance(application, cast_app.CastDoor)
    assert isinstance(application.app, WSGIHandler)


def test_every_other_request_goes_on_to_django() -> None:
    """The door takes only a form posted to a cast's path, with its slash."""
    taken: list[str] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        taken.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        start_response("204 No Content", [])
        return []

    door = cast_app.CastDoor(app)
    token = "12.1.abc"
    for method, path, kind, data in [
        ("GET", f"/v/{token}/votes/3/", cast_app.FORM, {"choice": "agree"}),
        ("POST", f"/v/{token}/votes/3", cast_app.FORM, {"choice": "agree"}),
        ("POST", f"/v/{token}/", cast_app.FORM, {"choice": "agree"}),
        ("POST", f"/v/{token}/votes/3/", "multipart/form-data; boundary=x", {"choice": "a"}),
        ("POST", f"/v/{token}/votes/3/", cast_app.FORM, {"choice": "a" * cast_app.MAX_BODY}),
        ("POST", f"/v/{token}/votes/3/", cast_app.FORM, {}),
        ("POST", "/congresses/1/hall/votes/3/", cast_app.FORM, {"choice": "agree"}),
    ]:
        answer = through_door(door, path, data, {}, content_type=kind, method=method)
        assert answer.status == 204, (method, path, kind)
    assert len(taken) == 7


def test_a_vote_through_the_door_is_recorded_once_when_its_batch_is_written(
    voting_hall: Hall, settings: Any
) -> None:
    settings.SECRET_VOTE_BATCH = 2
    vote = voting_hall.electronic
    phones = [Phone(voting_hall, voting_hall.delegates[i]) for i in range(4)]
    answers = [
        p.door(vote, c)
        for p, c in zip(phones, ["agree", "agree", "abstain", "disagree"], strict=True)
    ]
    assert {a.status for a in answers} <= {200, 202}
    services.vote_close(actor=voting_hall.secretary, vote=vote)
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (2, 1, 1)
    assert VoteCast.objects.filter(vote=vote).count() == 4
