"""Every planning page and action, for every persona (registered in tests/test_permissions.py).

A unit's pages need the view role on it; a document is also read by the units
below its issuer; changes need the office role; approving a report needs the
office role on the unit above the one reporting. A sibling's officer sees
nothing of A: 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from daihoi.elections.models import ReceivedResult, ResultDispute, StationKey
from daihoi.elections.packages import station_key_register
from daihoi.planning import services
from daihoi.planning.models import Document
from daihoi.planning.services.exports import export_run, export_start
from tests.conftest import Tree
from tests.permissions import (
    MANAGE,
    MANAGE_POST,
    PERSONAS,
    VIEW,
    Case,
    assert_allowed,
    assert_login_required,
)
from tests.planning.conftest import D, Plan, fill_report, hold


@dataclass
class World:
    plan: Plan
    own_document: Document  # issued by commune A

    @property
    def t(self) -> Tree:
        return self.plan.tree


# The congress of A: its counting clerk sees it, and may change nothing.
C_VIEW = {**VIEW, "clerk": 200}
C_MANAGE = {**MANAGE, "clerk": 403}
C_MANAGE_POST = {**MANAGE_POST, "clerk": 403}
# Approval is the upper unit's: the province, not the commune itself.
APPROVE = {**C_MANAGE_POST, "commune_officer": 403}


def u(name: str, *extra: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=["A", *(f(w) for f in extra)])


def d(name: str, *extra: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.own_document.pk, *(f(w) for f in extra)])


def c(name: str, *extra: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.t.congress_A.pk, *(f(w) for f in extra)])


def first_person(w: World) -> int:
    return w.t.congress_A.result_report.people.first().pk  # type: ignore[union-attr]


def a_package(w: World) -> int:
    return ReceivedResult.objects.get(unit=w.t.A).pk


def a_key(w: World) -> int:
    return StationKey.objects.get(unit=w.t.A1).pk


def a_dispute(w: World) -> int:
    return ResultDispute.objects.get(unit=w.t.A1).pk


# A station key is registered, and a dispute resolved, by an office above the unit:
# on A's pages, for the units below A (here the branch A1).
FINGERPRINT = "3F2A-91C0-7B1E-D4A8-0C55-E9F1-2B6D-8A03"


def a_milestone(w: World) -> int:
    return w.own_document.milestones.get().pk


def an_export(w: World) -> int:
    """A finished export of A's calendar, asked for by the province's viewer: theirs alone."""
    job = export_start(
        actor=w.t.province_viewer, unit=w.t.A, term=w.plan.term, as_of=D(2025, 9, 1), filters={}
    )
    export_run(job.pk)
    return job.pk


def e(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[an_export(w)])


# Asking for the export is reading: whoever sees the unit may, and follows the job.
EXPORT_POST = {"province_officer": 302, "province_viewer": 302, "commune_officer": 302}
# A job, its progress and its file: the one who asked only (everyone else: not found).
OWN = {"province_viewer": 200}

CASES = [
    Case("planning_documents", u("planning_documents"), "get", VIEW),
    Case("planning_document_create", u("planning_document_create"), "get", MANAGE),
    Case("planning_calendar", u("planning_calendar"), "get", VIEW),
    Case("planning_calendar_export", u("planning_calendar_export"), "post", EXPORT_POST),
    Case("planning_export", e("planning_export"), "get", OWN),
    Case("planning_export_status", e("planning_export_status"), "get", OWN),
    Case("planning_export_file", e("planning_export_file"), "get", OWN),
    Case("planning_dashboard", u("planning_dashboard"), "get", VIEW),
    Case("planning_reports", u("planning_reports"), "get", VIEW),
    Case("planning_reports_approve", u("planning_reports_approve"), "post", MANAGE_POST),
    Case("planning_reports_import", u("planning_reports_import"), "get", MANAGE),
    Case("planning_document", d("planning_document"), "get", VIEW),
    # The province's plan is read by every unit below the province, the sibling too.
    Case(
        "planning_document (upper)",
        lambda w: reverse("planning_document", args=[w.plan.document.pk]),
        "get",
        {**VIEW, "sibling_officer": 200},
    ),
    Case(
        "planning_document_edit (upper)",
        lambda w: reverse("planning_document_edit", args=[w.plan.document.pk]),
        "get",
        {**MANAGE, "commune_officer": 403, "sibling_officer": 403},
    ),
    Case("planning_document_edit", d("planning_document_edit"), "get", MANAGE),
    Case("planning_document_delete", d("planning_document_delete"), "post", MANAGE_POST),
    Case("planning_document_file", d("planning_document_file"), "get", VIEW),
    Case("planning_milestone_add", d("planning_milestone_add"), "post", MANAGE_POST),
    Case(
        "planning_milestone_remove",
        d("planning_milestone_remove", a_milestone),
        "post",
        MANAGE_POST,
    ),
    # A unit's conference on a document: its office (or one above) records it; whoever
    # reads the unit follows the coverage below it. A unit outside the issuer's subtree
    # has no such page (A's own plan is not disseminated in P).
    Case(
        "planning_dissemination_record",
        d("planning_dissemination_record", lambda w: "A"),
        "get",
        MANAGE,
    ),
    Case(
        "planning_dissemination_record (post)",
        d("planning_dissemination_record", lambda w: "A1"),
        "post",
        MANAGE_POST,
        {"held_on": "03/02/2025", "summoned": "20", "attended": "19"},
    ),
    Case(
        "planning_dissemination_record (upper plan)",
        lambda w: reverse("planning_dissemination_record", args=[w.plan.document.pk, "A"]),
        "get",
        MANAGE,
    ),
    Case(
        "planning_dissemination_record (issuer above)",
        lambda w: reverse("planning_dissemination_record", args=[w.plan.document.pk, "P"]),
        "get",
        {"province_officer": 200, "province_viewer": 403},
    ),
    Case(
        "planning_dissemination_record (outside)",
        d("planning_dissemination_record", lambda w: "P"),
        "get",
        {"province_viewer": 403},  # may record nothing in P anyway
    ),
    Case(
        "planning_dissemination_coverage",
        d("planning_dissemination_coverage", lambda w: "A"),
        "get",
        VIEW,
    ),
    Case(
        "planning_dissemination_coverage (upper plan)",
        lambda w: reverse("planning_dissemination_coverage", args=[w.plan.document.pk, "P"]),
        "get",
        {"province_officer": 200, "province_viewer": 200},
    ),
    Case(
        "planning_dissemination_coverage (upper plan, from the sibling)",
        lambda w: reverse("planning_dissemination_coverage", args=[w.plan.document.pk, "B"]),
        "get",
        {"province_officer": 200, "province_viewer": 200, "sibling_officer": 200},
    ),
    Case("planning_report", c("planning_report"), "get", C_VIEW),
    Case("planning_report_start", c("planning_report_start"), "post", C_MANAGE_POST),
    Case("planning_report_note", c("planning_report_note"), "post", C_MANAGE_POST),
    Case("planning_person_add", c("planning_person_add"), "post", C_MANAGE_POST),
    Case("planning_person_edit", c("planning_person_edit", first_person), "get", C_MANAGE),
    Case(
        "planning_person_remove", c("planning_person_remove", first_person), "post", C_MANAGE_POST
    ),
    Case("planning_report_package", c("planning_report_package"), "post", C_MANAGE_POST),
    Case("planning_report_attach", c("planning_report_attach", a_package), "post", C_MANAGE_POST),
    Case("planning_report_submit", c("planning_report_submit"), "post", C_MANAGE_POST),
    Case("planning_stations", u("planning_stations"), "get", MANAGE),
    Case(
        "planning_station_register",
        u("planning_station_register"),
        "post",
        MANAGE_POST,
        {"unit": "A1", "fingerprint": FINGERPRINT},
    ),
    Case("planning_station_withdraw", u("planning_station_withdraw", a_key), "post", MANAGE_POST),
    Case("planning_dispute", u("planning_dispute", a_dispute), "get", MANAGE),
    Case(
        "planning_dispute_resolve",
        u("planning_dispute_resolve", a_dispute),
        "post",
        MANAGE_POST,
        {"keep": "0", "reason": "x"},
    ),
    Case("planning_report_approve", c("planning_report_approve"), "post", APPROVE),
    Case("planning_report_return", c("planning_report_return"), "post", APPROVE),
]


@pytest.fixture
def world(plan: Plan) -> World:
    t = plan.tree
    own = services.document_create(
        actor=None,
        issuer=t.A,
        term=plan.term,
        kind="plan",
        number="12-KH/ĐU",
        issued_on=D(2025, 2, 1),
        title="Kế hoạch của xã A",
        implements=plan.document,
        file_name="kh.pdf",
        file_data=b"%PDF-1.4",
    )
    services.milestone_add(actor=None, document=own, level=t.A1.level, due=D(2025, 6, 15))
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    fill_report(report)
    services.report_submit(actor=None, report=report)
    ReceivedResult.objects.create(
        unit=t.A,
        election_ref="e1",
        title="Bầu BCH",
        kind="committee",
        round=1,
        outcome="complete",
        result={},
        station="x",
        fingerprint="F",
        seal_hash="0" * 64,
        sealed_at=timezone.now(),
        sha256="1" * 64,
        package=b"",
    )
    station_key_register(actor=None, unit=t.A1, fingerprint="00" * 16)
    dispute = ResultDispute.objects.create(
        unit=t.A1, congress_label="Đại hội chi bộ thôn 1", kind="committee", round=1, title="Bầu"
    )
    for n in (2, 3):
        ReceivedResult.objects.create(
            unit=t.A1,
            election_ref="e2",
            title="Bầu",
            kind="committee",
            round=1,
            outcome="complete",
            result={},
            station="x",
            fingerprint="F",
            seal_hash="0" * 64,
            sealed_at=timezone.now(),
            sha256=str(n) * 64,
            package=b"",
            congress_label="Đại hội chi bộ thôn 1",
            standing="standing" if n == 2 else "disputed",
            dispute=dispute,
        )
    return World(plan, own)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(world: World, case: Case, persona: str) -> None:
    assert_allowed(world.t.client_for(getattr(world.t, persona)), case, world, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(world: World, case: Case) -> None:
    assert_login_required(case, world)


def _trust_state() -> list[object]:
    """Everything a key registration, a withdrawal or a resolution could change."""
    return [
        sorted(StationKey.objects.values_list("unit_id", "fingerprint", "withdrawn_at")),
        sorted(ResultDispute.objects.values_list("pk", "resolved_at", "reason", "kept_id")),
        sorted(ReceivedResult.objects.values_list("pk", "standing")),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_refused_station_or_dispute_post_changes_nothing(world: World, persona: str) -> None:
    t = world.t
    dispute = ResultDispute.objects.get(unit=t.A1)
    other = dispute.results.get(standing="disputed")
    posts = [
        (
            reverse("planning_station_register", args=["A"]),
            {"unit": "A1", "fingerprint": "11" * 16},
        ),
        (reverse("planning_station_register", args=["P"]), {"unit": "A", "fingerprint": "22" * 16}),
        (reverse("planning_station_withdraw", args=["A", a_key(world)]), {}),
        (
            reverse("planning_dispute_resolve", args=["A", dispute.pk]),
            {"keep": str(other.pk), "reason": "Trạm chính thức"},
        ),
    ]
    client = t.client_for(getattr(t, persona))
    for url, data in posts:
        before = _trust_state()
        status = client.post(url, data).status_code
        if status != 302:
            assert status in (403, 404), (persona, url)
            assert _trust_state() == before, (persona, url)
