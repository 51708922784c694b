"""No page answers 500: every URL, as every demo account, with every form posted badly.

The demo is built once for the module (as `daihoi demo` builds it), plus the
states the demo never reaches on its own (a result package received, a
scanned ballot waiting for review, a batch open for entry), each made through
the services a person's clicks would call. Then:

- every URL pattern is filled with real ids and fetched by every account
  and by a visitor who is not signed in, once plain and once with hostile
  query parameters;
- every form found on those pages is posted empty, with the wrong types,
  with huge values and with hostile text, and once with plausible values;
- no answer is a 500; a refusal is in Vietnamese; a refused POST leaves
  every table as it was (row count and checksum). Each POST is rolled back,
  so every request sees the same demo.
"""

from __future__ import annotations

import copy
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.messages import constants as levels
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve, reverse

import daihoi
from daihoi.accounts.models import User
from tests.crawl import world
from tests.crawl.checks import (
    Form,
    Writes,
    changed_tables,
    english_msgids,
    english_on_page,
    forms_of,
    snapshot,
    visible_text,
)
from tests.crawl.payloads import HOSTILE, HUGE_NUMBER, VARIANTS, payload

pytestmark = pytest.mark.django_db

#: The whole crawl must finish within this (seconds), on a busy two-core machine.
BUDGET = 900
#: Accounts that act first: the most local role before the wider ones.
ORDER = [
    "kiemphieu",
    "kiemphieu2",
    "truongban",
    "anphu-truongban",
    "thuky",
    "chutich",
    "nhansu",
    "xahoabinh",
    "tocongtac",
    "tinhuy-nhansu",
    "tinhuy",
    "admin",
]
REFUSED = {400, 403, 404, 405, 409, 413}
#: What a refusal itself records, on purpose: a failed login (or two-factor code) counts
#: towards the throttle, a refused phone (forged link, another device) is written to the
#: audit chain.
KEPT = {
    "login": ("accounts_loginfailure",),
    # a wrong two-factor code is a login failure, and the device counts it too
    "two_factor": ("accounts_loginfailure", "otp_totp_totpdevice", "otp_static_staticdevice"),
    "two_factor_enrol": ("accounts_loginfailure",),
    "two_factor_verify": (
        "accounts_loginfailure",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
    ),
    "ballot_pass": ("audit_auditentry", "audit_audithead"),
    "ballot_cast": ("audit_auditentry", "audit_audithead"),
    "ballot_speech": ("audit_auditentry", "audit_audithead"),
}


@dataclass
class Crawl:
    """What the GET pass saw: the pages' forms, who may open what, and what went wrong."""

    urls: list[tuple[world.Pattern, str]] = field(default_factory=list)
    forms: dict[str, list[Form]] = field(default_factory=lambda: defaultdict(list))
    opens: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    unfillable: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    slowest: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def _build_world() -> None:
    """The demo, then the states it does not reach, through the services."""
    from daihoi.demo import demo_build
    from tests.crawl.extra import add_missing_states

    demo_build()
    add_missing_states()


@pytest.fixture(scope="module", autouse=True)
def _quiet_refusals() -> Iterator[None]:
    """Thousands of 403/404 answers are expected: log only what is worth reading (500s)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def demo_db(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The demo for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        _build_world()
        yield
        transaction.set_rollback(True)


def _personas() -> list[str]:
    users = list(User.objects.filter(is_active=True).values_list("username", flat=True))
    ordered = [u for u in ORDER if u in users]
    return ordered + sorted(set(users) - set(ordered))


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _failure(kind: str, url: str, who: str | None, response: HttpResponse, note: str = "") -> str:
    exc = getattr(response, "exc_info", None)
    where = ""
    if exc and exc[2] is not None:
        tb = exc[2]
        while tb.tb_next is not None:
            tb = tb.tb_next
        where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        note = f"{exc[0].__name__}: {str(exc[1])[:160]}{where} {note}"
    return f"{response.status_code} {kind} {url[:120]} as {who or 'anonymous'} {note}".strip()


def _queued(response: HttpResponse) -> list[tuple[int, str]]:
    storage = getattr(response.wsgi_request, "_messages", None)
    return [(m.level, str(m.message)) for m in getattr(storage, "_queued_messages", [])]


def _html(response: HttpResponse) -> str:
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", "replace")


def _own_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


@pytest.fixture(scope="module")
def msgids() -> frozenset[str]:
    return english_msgids(Path(daihoi.__file__).parent)


@pytest.fixture(scope="module")
def crawl(demo_db: None, msgids: frozenset[str]) -> Crawl:
    """Every URL as every account and as a visitor; plain, then with hostile parameters."""
    result = Crawl()
    start = time.monotonic()
    for pattern in world.patterns():
        try:
            for kwargs in world.fill(pattern):
                result.urls.append((pattern, reverse(pattern.name, kwargs=kwargs)))
        except world.Unfillable as exc:
            result.unfillable.append(str(exc))
    hostile = urlencode(
        {
            "q": HOSTILE,
            "page": HUGE_NUMBER,
            "term": "x",
            "year": HUGE_NUMBER,
            "sort": HOSTILE,
            "status": HOSTILE,
            "unit": HOSTILE,
            "kind": HOSTILE,
            "level": "-1",
            "next": "//evil.example/",
            "from": HUGE_NUMBER,
            "on": HOSTILE,
            "topic": "x",
            "state": HOSTILE,
            "sitting": HOSTILE,
            "draft": HOSTILE,
            "below": HOSTILE,
        }
    )
    seen_refusals: set[bytes] = set()
    for who in [*_personas(), None]:
        client = _client(who)
        for pattern, url in result.urls:
            began = time.monotonic()
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            result.requests += 1
            result.slowest[pattern.name] += time.monotonic() - began
            if response.status_code >= 500:
                result.failures.append(_failure("GET", url, who, response))
                continue
            html = _html(response)
            if response.status_code in REFUSED and html and response.content not in seen_refusals:
                seen_refusals.add(response.content)
                english = english_on_page(visible_text(html), msgids)
                if english:
                    result.failures.append(
                        _failure("GET", url, who, response, f"English: {english}")
                    )
            if response.status_code != 200 or who is None:
                continue
            result.opens[url].append(who)
            for form in forms_of(html):
                action = form.action or url
                name = _own_name(action)
                if name is not None and form.method == "post":
                    result.forms[name].append(form)
            if len(result.opens[url]) == 1:  # the first account that opens it
                with transaction.atomic():
                    response = client.get(f"{url}?{hostile}", HTTP_HX_REQUEST="true")
                    transaction.set_rollback(True)
                result.requests += 1
                if response.status_code >= 500:
                    result.failures.append(_failure("GET (hostile query)", url, who, response))
    result.seconds = time.monotonic() - start
    top = sorted(result.slowest.items(), key=lambda kv: -kv[1])[:8]
    print(f"crawl: {result.requests} GETs in {result.seconds:.0f} s; slowest {top}")
    return result


def test_every_url_pattern_is_filled_with_real_ids(crawl: Crawl) -> None:
    assert not crawl.unfillable, crawl.unfillable
    assert len({p.name for p, _u in crawl.urls}) == len(world.patterns())


def test_no_page_answers_500_to_any_account_or_visitor(crawl: Crawl) -> None:
    assert not crawl.failures, "\n".join(crawl.failures)
    assert crawl.seconds < BUDGET


def _merged(forms: list[Form]) -> Form:
    merged = Form(action="", method="post")
    for form in forms:
        for name, kind in form.fields.items():
            merged.fields.setdefault(name, kind)
        for name, values in form.choices.items():
            merged.choices.setdefault(name, values)
        for name, value in form.values.items():
            merged.values.setdefault(name, value)
    return merged


def _refused(response: HttpResponse) -> bool:
    if response.status_code in REFUSED:
        return True
    if any(level >= levels.ERROR for level, _m in _queued(response)):
        return True
    return response.status_code == 200 and "errorlist" in _html(response)


@dataclass
class Poster:
    """Posts one URL's form and judges the answer."""

    before: dict[str, tuple[int, str]]
    msgids: frozenset[str]
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def post(self, client: Client, who: str | None, url: str, form: Form, variant: str) -> bool:
        """Post and judge; True when the view let this account through its door."""
        writes = Writes()
        jar = copy.deepcopy(client.cookies)  # a POST to /logout/ must not log the account out
        with transaction.atomic(), connection.execute_wrapper(writes):
            response = client.post(url, payload(form, variant))
            refused = _refused(response)
            at_door = response.status_code in (403, 404, 405) or _to_login(response)
            after = snapshot() if refused and writes.count else None
            transaction.set_rollback(True)
        client.cookies = jar
        self.requests += 1
        self.statuses[response.status_code] += 1
        label = f"POST {variant}"
        if response.status_code >= 500:
            self.failures.append(_failure(label, url, who, response))
            return True
        name = _own_name(url) or ""
        if after is not None and (
            changed := [
                t for t in changed_tables(self.before, after) if t not in KEPT.get(name, ())
            ]
        ):
            self.failures.append(_failure(label, url, who, response, f"refused, wrote {changed}"))
        if refused and who is not None:
            texts = [m for level, m in _queued(response) if level >= levels.WARNING]
            if response.status_code in (200, 400):
                texts += visible_text(_html(response))
            if english := english_on_page(texts, self.msgids):
                self.failures.append(_failure(label, url, who, response, f"English: {english}"))
        return not at_door


def _to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_no_form_answers_500_and_a_refused_post_changes_no_row(
    crawl: Crawl, msgids: frozenset[str]
) -> None:
    start = time.monotonic()
    personas = _personas()
    clients = {who: _client(who) for who in [*personas, None]}  # logging in writes last_login
    poster = Poster(before=snapshot(), msgids=msgids)
    knocked: set[str] = set()
    for pattern, url in crawl.urls:
        form = _merged(crawl.forms.get(pattern.name, []))
        # Every account and the visitor post it empty (at one URL of each pattern); the
        # first account that may act here (it opens the page, or its empty POST gets past
        # the door) posts the rest.
        actor = next((w for w in personas if w in crawl.opens.get(url, [])), None)
        everyone = pattern.name not in knocked
        knocked.add(pattern.name)
        for who, client in clients.items():
            if not everyone and who != actor and actor is not None:
                continue
            through = poster.post(client, who, url, form, "empty")
            if who is not None and (who == actor or (actor is None and through)):
                actor = who
                for variant in VARIANTS[1:]:
                    poster.post(client, who, url, form, variant)
    seconds = time.monotonic() - start
    print(f"crawl: {poster.requests} POSTs in {seconds:.0f} s: {dict(poster.statuses)}")
    assert not poster.failures, "\n".join(sorted(set(poster.failures)))
    assert seconds < BUDGET
