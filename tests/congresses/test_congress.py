from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.congresses.models import CongressStatus
from daihoi.congresses.services import congress_set_status, congress_update
from daihoi.elections.models import Candidate, Election, ElectionKind
from tests.conftest import Tree
from tests.factories import make_congress


def test_a_congress_moves_along_its_statuses_one_step_at_a_time(tree: Tree) -> None:
    c = congress_set_status(actor=None, congress=tree.congress_A, status=CongressStatus.PREPARING)
    with pytest.raises(ValidationError):
        congress_set_status(actor=None, congress=c, status=CongressStatus.RESULTS_APPROVED)


def test_it_cannot_be_held_without_a_date(tree: Tree) -> None:
    c = congress_set_status(actor=None, congress=tree.congress_A, status=CongressStatus.PREPARING)
    with pytest.raises(ValidationError, match="ngày tổ chức"):
        congress_set_status(actor=None, congress=c, status=CongressStatus.HELD)


def test_it_refuses_a_congress_that_ends_before_it_starts(tree: Tree) -> None:
    c = tree.congress_A
    with pytest.raises(ValidationError):
        congress_update(
            actor=None,
            congress=c,
            kind=c.kind,
            number="I",
            is_pilot=False,
            planned_date=None,
            held_from=dt.date(2025, 7, 2),
            held_to=dt.date(2025, 7, 1),
            summoned=100,
        )


def test_one_unit_holds_one_congress_a_term(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        make_congress(tree.A)


def test_the_congress_page_shows_the_four_contents_and_the_list_in_ballot_order(tree: Tree) -> None:
    election = Election.objects.create(
        congress=tree.congress_A, kind=ElectionKind.COMMITTEE, seats=2, title="Bầu BCH"
    )
    for name in ("Trần Văn Bình", "Nguyễn Thị Án", "Lê Văn An"):
        Candidate.objects.create(election=election, full_name=name)
    text = (
        tree.client_for(tree.commune_officer)
        .get(reverse("congress_detail", args=[tree.congress_A.pk]))
        .content.decode()
    )
    for heading in ("Tổng kết", "Góp ý", "Bầu Ban Chấp hành", "Bầu đoàn đại biểu"):
        assert heading in text
    assert text.index("Lê Văn An") < text.index("Nguyễn Thị Án") < text.index("Trần Văn Bình")


def test_the_status_button_moves_the_congress_and_records_who(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    client.post(reverse("congress_status", args=[tree.congress_A.pk]), {"status": "preparing"})
    tree.congress_A.refresh_from_db()
    assert tree.congress_A.status == CongressStatus.PREPARING
    from daihoi.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="congress.status", actor_name="commune_officer"
    ).exists()


def test_the_unit_congress_list_filters_by_status(tree: Tree) -> None:
    congress_set_status(actor=None, congress=tree.congress_A1, status=CongressStatus.PREPARING)
    client = tree.client_for(tree.province_officer)
    text = client.get(reverse("unit_congresses", args=["P"]) + "?status=preparing").content.decode()
    assert "Chi bộ thôn 1" in text and "Đảng bộ xã B" not in text
