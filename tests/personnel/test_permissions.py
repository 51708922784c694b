"""Every personnel page, for every persona (registered in tests/test_permissions.py).

Personal data is the personnel subcommittee's: the personnel role on the unit
or a unit above it. The office and the viewer see the unit but not the data
(403); the administrator too; a sibling's personnel role sees nothing of A (404).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.personnel import services
from daihoi.personnel.models import Dossier
from tests.permissions import Case, assert_allowed, assert_login_required
from tests.personnel.conftest import D, People

PERSONAS = [
    "province_officer",
    "province_viewer",
    "commune_officer",
    "sibling_officer",
    "clerk",
    "outsider",
    "personnel_A",
    "personnel_P",
    "personnel_B",
    "admin",
]


SEES = {"province_officer": 403, "province_viewer": 403, "commune_officer": 403, "admin": 403}
READ = {**SEES, "personnel_A": 200, "personnel_P": 200}
WRITE = {**SEES, "personnel_A": 302, "personnel_P": 302}
# The congress's counting clerk sees the congress, not its dossiers.
C_READ = {**READ, "clerk": 403}
C_WRITE = {**WRITE, "clerk": 403}


def dossier(p: People) -> Dossier:
    return Dossier.objects.get(member=p.members[0])


def c(name: str) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[p.congress.pk])


def d(name: str, *extra: Callable[[People], object]) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[dossier(p).pk, *(f(p) for f in extra)])


def m(name: str, *extra: Callable[[People], object]) -> Callable[[People], str]:
    return lambda p: reverse(name, args=[p.members[0].pk, *(f(p) for f in extra)])


def a_document(p: People) -> int:
    return dossier(p).documents.get().pk


def a_term(p: People) -> int:
    return p.members[0].personnel_terms.get().pk


CASES = [
    Case("personnel_dossiers", c("personnel_dossiers"), "get", C_READ),
    Case("personnel_dossier_add", c("personnel_dossier_add"), "get", C_READ),
    Case("personnel_import", c("personnel_import"), "get", C_READ),
    Case("personnel_structure", c("personnel_structure"), "get", C_READ),
    Case("personnel_handover", c("personnel_handover"), "post", C_WRITE),
    Case("personnel_dossier", d("personnel_dossier"), "get", C_READ),
    Case("personnel_dossier_edit", d("personnel_dossier_edit"), "post", C_WRITE),
    Case("personnel_dossier_remove", d("personnel_dossier_remove"), "post", C_WRITE),
    Case("personnel_document_add", d("personnel_document_add"), "post", C_WRITE),
    Case(
        "personnel_document_remove",
        d("personnel_document_remove", a_document),
        "post",
        C_WRITE,
    ),
    Case("personnel_person", m("personnel_person"), "get", READ),
    Case("personnel_term_add", m("personnel_term_add"), "post", WRITE),
    Case("personnel_term_remove", m("personnel_term_remove", a_term), "post", WRITE),
    Case("personnel_person_export", m("personnel_person_export"), "get", READ),
    Case(
        "personnel_rules",
        lambda p: reverse("personnel_rules", args=[p.tree.A.code]),
        "get",
        READ,
    ),
]


@pytest.fixture
def world(people: People) -> People:
    first = services.dossier_create(actor=None, congress=people.congress, member=people.members[0])
    services.document_add(
        actor=None, dossier=first, kind="cv", issuer="Chi bộ thôn 1", issued_on=D(2025, 5, 1)
    )
    services.served_term_add(
        actor=None,
        member=people.members[0],
        post="committee",
        body="Đảng ủy xã A",
        start_year=2020,
        end_year=2025,
    )
    return people


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(world: People, case: Case, persona: str) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert_allowed(client, case, world, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(world: People, case: Case) -> None:
    assert_login_required(case, world)
