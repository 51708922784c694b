"""Every page of the congress papers, for every persona (registered in tests/test_permissions.py).

The secretariat's pages are the hall's (Perm.HALL: the unit's office, the
congress's secretariat and presidium); the QR screen is a projector page
(Perm.VIEW). A delegate's phone pages need no login: the link and the phone's
cookie are the credential, so they answer every logged-in persona alike (and
refuse them all, since none holds the phone's cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congresses import voting
from tests.papers.conftest import Papers
from tests.permissions import REFUSED, assert_nothing_changed, db_snapshot


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[Papers], str]
    method: str
    allowed: dict[str, int]  # persona -> status; others get 404
    public: bool = False  # a phone page: no login, the same answer for everyone


SEES = ["province_officer", "commune_officer", "province_viewer", "clerk", "secretary"]
EVERYONE = [*SEES, "sibling_officer", "outsider"]
HALL = ("province_officer", "commune_officer", "secretary")


def only(status: int, *who: str) -> dict[str, int]:
    return {p: (status if p in who else 403) for p in SEES}


def all_get(status: int) -> dict[str, int]:
    return dict.fromkeys(EVERYONE, status)


def c(
    name: str, paper: Callable[[Papers], int] | None = None, *rest: int
) -> Callable[[Papers], str]:
    def url(p: Papers) -> str:
        args = [p.hall.congress.pk] + ([paper(p)] if paper else []) + list(rest)
        return reverse(name, args=args)

    return url


def report(p: Papers) -> int:
    return p.report.pk


def withdrawn(p: Papers) -> int:
    return p.withdrawn.pk


def token(p: Papers) -> str:
    """The link of delegate 2, confirmed on a phone (not the one the test asks from)."""
    delegate = p.hall.delegates[1]
    delegate.refresh_from_db()
    if not delegate.pass_device:
        voting.pass_bind(delegate=delegate)
    return voting.pass_token(delegate)


def t(name: str, *rest: Callable[[Papers], int] | int) -> Callable[[Papers], str]:
    def url(p: Papers) -> str:
        return reverse(name, args=[token(p), *(r(p) if callable(r) else r for r in rest)])

    return url


CASES = [
    Case("congress_papers", c("congress_papers"), "get", only(200, *HALL)),
    Case("congress_papers (publish)", c("congress_papers"), "post", only(200, *HALL)),
    Case("congress_paper", c("congress_paper", report), "get", only(200, *HALL)),
    Case("congress_paper (new version)", c("congress_paper", report), "post", only(200, *HALL)),
    Case("congress_paper_withdraw", c("congress_paper_withdraw", report), "post", only(302, *HALL)),
    Case(
        "congress_paper_republish",
        c("congress_paper_republish", withdrawn),
        "post",
        only(302, *HALL),
    ),
    Case("congress_paper_file", c("congress_paper_file", report, 2), "get", only(200, *HALL)),
    Case("congress_papers_screen", c("congress_papers_screen"), "get", only(200, *SEES)),
    # The phone's pages: another phone (no device cookie) is refused, whoever is logged in.
    Case("phone_papers", t("phone_papers"), "get", all_get(403), public=True),
    Case("phone_paper", t("phone_paper", report), "get", all_get(403), public=True),
    Case(
        "phone_paper_version", t("phone_paper_version", report, 2), "get", all_get(403), public=True
    ),
    Case("phone_paper_file", t("phone_paper_file", report, 2), "get", all_get(403), public=True),
    Case("phone_papers_worker", t("phone_papers_worker"), "get", all_get(403), public=True),
    Case(
        "phone_papers_find",
        lambda p: reverse("phone_papers_find", args=[p.hall.congress.pk]),
        "get",
        all_get(403),
        public=True,
    ),
]


def persona(p: Papers, name: str):  # type: ignore[no-untyped-def]
    return p.hall.secretary if name == "secretary" else getattr(p.hall.tree, name)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("who", EVERYONE)
def test_each_persona_reaches_only_what_its_role_allows(
    papers: Papers, case: Case, who: str
) -> None:
    client = Client()
    client.force_login(persona(papers, who))
    expected = case.allowed.get(who, 404)
    url = case.url(papers)
    refused_post = case.method == "post" and expected in REFUSED
    before = db_snapshot() if refused_post else None
    response = client.post(url, {}) if case.method == "post" else client.get(url)
    assert response.status_code == expected, (who, case.name)
    if before is not None:
        assert_nothing_changed(before, (who, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_visitors_are_sent_to_log_in_except_on_the_phone(
    papers: Papers, case: Case
) -> None:
    response = getattr(Client(), case.method)(case.url(papers))
    if case.public:
        assert response.status_code == case.allowed["outsider"]
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_delegates_own_phone_reaches_every_phone_page(papers: Papers) -> None:
    phone, _ = papers.phone(papers.hall.delegates[1])
    for case in CASES:
        if case.public:
            response = phone.get(case.url(papers))
            assert response.status_code in (200, 302), case.name
