"""Every page of the personnel introduction steps, for every persona (registered in
tests/test_permissions.py): the personnel role on the unit or above, nobody else — not
the office, not the viewer, not the administrator, not the congress's counting clerk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.personnel.models import CadrePoolEntry, StepEntry
from daihoi.personnel.services import nomination as s
from tests.permissions import Case, assert_allowed, assert_login_required
from tests.personnel.conftest import People
from tests.personnel.test_permissions import C_READ, C_WRITE, PERSONAS


def c(name: str) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[p.congress.pk])


def step(name: str, code: str, *extra: Callable[[People], object]) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[p.congress.pk, code, *(f(p) for f in extra)])


def an_entry(p: People) -> int:
    return StepEntry.objects.filter(step__code="2").values_list("pk", flat=True).first() or 0


def a_pool_entry(p: People) -> int:
    return CadrePoolEntry.objects.values_list("pk", flat=True).first() or 0


def pool(name: str) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[p.congress.pk, a_pool_entry(p)])


CASES = [
    Case("nomination_run", c("nomination_run"), "get", C_READ),
    Case("nomination_start", c("nomination_start"), "post", C_WRITE),
    Case("nomination_pool", c("nomination_pool"), "get", C_READ),
    Case("nomination_pool add", c("nomination_pool"), "post", C_WRITE, {"full_name": "X"}),
    Case("nomination_pool_import", c("nomination_pool_import"), "get", C_READ),
    Case("nomination_pool_review", pool("nomination_pool_review"), "post", C_WRITE, {"year": 2025}),
    Case("nomination_pool_remove", pool("nomination_pool_remove"), "post", C_WRITE),
    Case("nomination_handover", c("nomination_handover"), "post", C_WRITE),
    Case("nomination_step", step("nomination_step", "2"), "get", C_READ),
    Case(
        "nomination_step_settings",
        step("nomination_step_settings", "3"),
        "post",
        C_WRITE,
        {"summoned": 3},
    ),
    Case("nomination_step_open", step("nomination_step_open", "3"), "post", C_WRITE),
    Case("nomination_entry", step("nomination_entry", "2"), "get", C_READ),
    Case("nomination_entry add", step("nomination_entry", "2"), "post", C_WRITE, {"code": "2"}),
    Case("nomination_entry_close", step("nomination_entry_close", "2"), "post", C_WRITE),
    Case("nomination_entry_reopen", step("nomination_entry_reopen", "2"), "post", C_WRITE),
    Case(
        "nomination_entry_remove",
        step("nomination_entry_remove", "2", an_entry),
        "post",
        C_WRITE,
    ),
    Case("nomination_step_seal", step("nomination_step_seal", "2"), "post", C_WRITE),
    Case("nomination_step_ties", step("nomination_step_ties", "1"), "post", C_WRITE),
    Case("nomination_result", step("nomination_result", "1"), "get", C_READ),
    Case(
        "nomination_step_details",
        step("nomination_step_details", "2"),
        "post",
        C_WRITE,
        {"head": "Trần Văn Kiểm", "present": 2},
    ),
    Case("nomination_step_ballot", step("nomination_step_ballot", "2"), "get", C_READ),
    Case("nomination_minutes_pdf", step("nomination_minutes_pdf", "1"), "get", C_READ),
    Case("nomination_minutes_docx", step("nomination_minutes_docx", "1"), "get", C_READ),
]


def build(p: People) -> Any:
    """A pool of four, step 1 sealed with its counting committee, step 2 open with one
    sheet in the first entry."""
    for m in p.members[:4]:
        s.pool_add(
            actor=None, congress=p.congress, member=m, posts=["committee"], reviewed_year=2025
        )
    run = s.run_start(actor=None, congress=p.congress)
    run = s.step_settings(actor=None, run=run, code="1", values={"summoned": 3, "max_ticks": 4})
    first = s.step_open(actor=None, run=run, code="1")
    for clerk in (p.personnel_A, p.personnel_P):
        for _ in range(2):
            s.entry_add(actor=clerk, record=first, sheet=s.Sheet("1", ticks=(1, 2)))
        s.slot_close(actor=clerk, record=first)
    s.step_seal(actor=None, record=first, collected=2)
    committee = [("Trần Văn Kiểm", "head"), ("Lê Thị Phiếu", "member")]
    s.step_minutes_details(
        actor=None, record=first, place="", held_on=None, committee=committee, present=3, issued=3
    )
    values = {"summoned": 3, "max_ticks": 2, "blank_lines": 1}
    run = s.step_settings(actor=None, run=run, code="2", values=values)
    second = s.step_open(actor=None, run=run, code="2")
    s.entry_add(actor=p.personnel_A, record=second, sheet=s.Sheet("2", ticks=(1,)))
    return run


@pytest.fixture
def world(people: People) -> People:
    build(people)
    return people


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(world: People, case: Case, persona: str) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert_allowed(client, case, world, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_visitor_is_sent_to_sign_in(world: People, case: Case) -> None:
    assert_login_required(case, world)
