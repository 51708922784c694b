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

import io
from collections.abc import Callable

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from daihoi.accounts.models import User
from daihoi.consultation.models import Round
from tests.consultation.conftest import A_SAYS, B_SAYS, Consult, ProvinceConsult
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
    Case("consultation_grouping_status", r("consultation_grouping_status"), "get", READ),
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


# --- who reads whose comments: the province's draft, commented by communes A and B ----------

#: persona -> the communes whose comments it reads; a persona not listed gets 404.
READS = {
    "province_officer": {"A", "B"},  # the documents subcommittee
    "province_viewer": {"A", "B"},  # a role above every commenting unit
    "commune_officer": {"A"},  # like xahoabinh: its own commune only
    "sibling_officer": {"B"},
    "clerk": {"A"},  # A's counting clerk: A's unit only
    "clerk_B": {"B"},  # another commune's counting clerk
    "personnel_A": {"A"},  # like nhansu: the personnel role on a commune
}
SAYS = {"A": A_SAYS, "B": B_SAYS}


def _user(world: ProvinceConsult, persona: str) -> User:
    return getattr(world, persona, None) or getattr(world.tree, persona)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = (c.text for table in document.tables for row in table.rows for c in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return " ".join(
        " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
    )


PAGES: dict[str, Callable[[Client, Round], str]] = {
    "section": lambda c, r: c.get(reverse("consultation_section", args=[r.pk, 1])).content.decode(),
    "groups": lambda c, r: c.get(reverse("consultation_groups", args=[r.pk])).content.decode(),
    "report_docx": lambda c, r: _docx_text(
        c.get(reverse("consultation_report_docx", args=[r.pk])).content
    ),
    "report_pdf": lambda c, r: _pdf_text(
        c.get(reverse("consultation_report_pdf", args=[r.pk])).content
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("persona", [*sorted(READS), "outsider"])
def test_each_persona_reads_only_the_comments_its_place_allows(
    province_consult: ProvinceConsult, page: str, persona: str
) -> None:
    client = province_consult.tree.client_for(_user(province_consult, persona))
    round_ = province_consult.round
    if persona not in READS:
        url = reverse("consultation_section", args=[round_.pk, 1])
        assert client.get(url).status_code == 404
        return
    text = PAGES[page](client, round_)
    shown = {unit for unit, says in SAYS.items() if says in text}
    assert shown == READS[persona], (persona, page)


@pytest.mark.parametrize("persona", [*sorted(READS), "outsider"])
def test_only_the_subcommittee_exports_every_comment(
    province_consult: ProvinceConsult, persona: str
) -> None:
    client = province_consult.tree.client_for(_user(province_consult, persona))
    url = reverse("consultation_comments_xlsx", args=[province_consult.round.pk])
    expected = {"province_officer": 200, "outsider": 404}.get(persona, 403)
    assert client.get(url).status_code == expected


def test_a_commune_reads_the_reports_figures_of_the_whole_province(
    province_consult: ProvinceConsult,
) -> None:
    client = province_consult.tree.client_for(province_consult.tree.commune_officer)
    url = reverse("consultation_report_docx", args=[province_consult.round.pk])
    text = _docx_text(client.get(url).content)
    assert "đã nhận 2 ý kiến của 2 đơn vị" in text
    assert "Đảng bộ xã B" not in text and "Đảng bộ xã A" in text
