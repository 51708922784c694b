"""Every target page and action, for every persona (registered in tests/test_permissions.py).

A unit's targets are read by whoever sees the unit — the province's office and
viewer read the commune's — and changed by its office only. A sibling's
officer and the congress's counting clerk see nothing: 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from daihoi.targets import services
from daihoi.targets.models import State, Target
from tests.permissions import (
    MANAGE,
    MANAGE_POST,
    PERSONAS,
    VIEW,
    Case,
    assert_allowed,
    assert_login_required,
)
from tests.targets.conftest import Terms, data, figures, make_target


@dataclass
class World:
    terms: Terms
    target: Target  # of commune A, term 2020–2025, with a figure for 2021
    draft: Target  # of commune A, term 2025–2030


REDIRECT = {"province_officer": 302, "province_viewer": 302, "commune_officer": 302}


def u(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=["A", w.terms.old.pk])


def tg(name: str, *extra: object) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.target.pk, *extra])


CASES = [
    Case("targets_index", lambda w: reverse("targets_index", args=["A"]), "get", VIEW),
    Case("targets_review", u("targets_review"), "get", VIEW),
    Case("target_create", u("target_create"), "get", MANAGE),
    Case("targets_import", u("targets_import"), "get", MANAGE),
    Case("targets_carry", u("targets_carry"), "post", MANAGE_POST),
    Case("targets_docx", u("targets_docx"), "get", VIEW),
    Case("targets_xlsx", u("targets_xlsx"), "get", VIEW),
    Case(
        "targets_congress",
        lambda w: reverse("targets_congress", args=[w.terms.tree.congress_A.pk]),
        "get",
        REDIRECT,
    ),
    Case("target_detail", tg("target_detail"), "get", VIEW),
    Case("target_edit", tg("target_edit"), "get", MANAGE),
    Case("target_delete", tg("target_delete"), "post", MANAGE_POST),
    Case("target_actual_set", tg("target_actual_set"), "post", MANAGE_POST),
    Case("target_actual_remove", tg("target_actual_remove", 2021), "post", MANAGE_POST),
    Case(
        "target_draft_approve",
        lambda w: reverse("target_draft_approve", args=[w.draft.pk]),
        "post",
        MANAGE_POST,
    ),
]


@pytest.fixture
def world(terms: Terms) -> World:
    target = make_target(terms.tree.A, terms.old)
    figures(target, "20")
    draft = services.target_create(
        actor=None,
        unit=terms.tree.A,
        term=terms.new,
        data=data("Kết nạp 2030"),
        state=State.DRAFT,
        previous=target,
    )
    return World(terms, target, draft)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(world: World, case: Case, persona: str) -> None:
    t = world.terms.tree
    assert_allowed(t.client_for(getattr(t, persona)), case, world, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(world: World, case: Case) -> None:
    assert_login_required(case, world)
