"""Every consultation page and action, for every persona (registered in tests/test_permissions.py).

The draft of commune A: whoever sees A reads it, and so does the counting
clerk of A's congress (a congress role in A's subtree for the term). Its
documents subcommittee is the office of A (or of the province above): it adds
versions, opens rounds, answers, groups and exports. Commenting needs a place
inside the round's subtree: the commune's office may, the province's may not
(403), nor the viewer or the clerk. The sibling commune and the outsider get
404, as if the draft did not exist.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.consultation.conftest import Consult
from tests.permissions import PERSONAS, Case, assert_allowed, assert_login_required

READ = {"province_officer": 200, "province_viewer": 200, "commune_officer": 200, "clerk": 200}
MANAGE = {"province_officer": 200, "province_viewer": 403, "commune_officer": 200, "clerk": 403}
MANAGE_POST = {
    "province_officer": 302,
    "province_viewer": 403,
    "commune_officer": 302,
    "clerk": 403,
}
COMMENT = {"province_officer": 403, "province_viewer": 403, "commune_officer": 302, "clerk": 403}
IMPORT = {"province_officer": 403, "province_viewer": 403, "commune_officer": 200, "clerk": 403}


def c(name: str) -> Callable[[Consult], str]:
    return lambda w: reverse(name, args=[w.tree.congress_A.pk])


def d(name: str) -> Callable[[Consult], str]:
    return lambda w: reverse(name, args=[w.draft.pk])


def v(name: str) -> Callable[[Consult], str]:
    return lambda w: reverse(name, args=[w.version.pk])


def r(name: str, *extra: int) -> Callable[[Consult], str]:
    return lambda w: reverse(name, args=[w.round.pk, *extra])


CASES = [
    Case("consultation_drafts", c("consultation_drafts"), "get", READ),
    # The congress page's own rule: the clerk reads A's congress, changes nothing.
    Case("consultation_draft_create", c("consultation_draft_create"), "get", MANAGE),
    Case("consultation_draft", d("consultation_draft"), "get", READ),
    Case("consultation_version_create", d("consultation_version_create"), "get", MANAGE),
    Case("consultation_round_create", d("consultation_round_create"), "get", MANAGE),
    Case("consultation_version", v("consultation_version"), "get", READ),
    # One version only: the page says so and goes back to the version.
    Case(
        "consultation_diff",
        v("consultation_diff"),
        "get",
        {k: 302 for k in READ},
    ),
    Case("consultation_round", r("consultation_round"), "get", READ),
    Case("consultation_section", r("consultation_section", 1), "get", READ),
    Case("consultation_groups", r("consultation_groups"), "get", READ),
    Case("consultation_report_docx", r("consultation_report_docx"), "get", READ),
    Case("consultation_report_pdf", r("consultation_report_pdf"), "get", READ),
    Case("consultation_comments_xlsx", r("consultation_comments_xlsx"), "get", MANAGE),
    Case("consultation_import", r("consultation_import"), "get", IMPORT),
    Case(
        "consultation_comment_create",
        r("consultation_comment_create"),
        "post",
        COMMENT,
        {"paragraph": "1", "text": "Đề nghị làm rõ.", "as_unit": "A"},
    ),
    Case(
        "consultation_comment_answer",
        lambda w: reverse("consultation_comment_answer", args=[w.comment.pk]),
        "post",
        MANAGE_POST,
        {"handling": "noted"},
    ),
    Case("consultation_aggregate", r("consultation_aggregate"), "post", MANAGE_POST),
    Case("consultation_round_close", r("consultation_round_close"), "post", MANAGE_POST),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(consult: Consult, case: Case, persona: str) -> None:
    assert_allowed(consult.tree.client_for(getattr(consult.tree, persona)), case, consult, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(consult: Consult, case: Case) -> None:
    assert_login_required(case, consult)
