"""Dissemination conferences (hội nghị quán triệt): recording one, and who has held it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.organizations.models import Unit
from daihoi.planning import selectors, services
from daihoi.planning.models import Dissemination, Document
from tests.planning.conftest import D, Plan


def record(plan: Plan, unit: Unit, **kw) -> Dissemination:  # type: ignore[no-untyped-def]
    return services.dissemination_record(
        actor=kw.pop("actor", None),
        document=kw.pop("document", plan.document),
        unit=unit,
        held_on=kw.pop("held_on", D(2025, 2, 3)),
        summoned=kw.pop("summoned", 40),
        attended=kw.pop("attended", 38),
        **kw,
    )


def state() -> list[object]:
    return [
        list(Dissemination.objects.order_by("pk").values_list()),
        AuditEntry.objects.count(),
    ]


def test_a_unit_records_its_conference_and_the_audit_keeps_it(plan: Plan) -> None:
    t = plan.tree
    d = record(plan, t.A, actor=t.commune_officer, note="  Hội trường   xã ")
    assert (d.held_on, d.summoned, d.attended, d.note) == (D(2025, 2, 3), 40, 38, "Hội trường xã")
    assert d.recorded_by == t.commune_officer
    entry = AuditEntry.objects.get(action="dissemination.record")
    assert entry.before is None
    assert entry.after["attended"] == 38 and entry.unit_path == t.A.path
    assert entry.actor == t.commune_officer


def test_recording_again_corrects_it_with_before_and_after(plan: Plan) -> None:
    t = plan.tree
    first = record(plan, t.A)
    again = record(plan, t.A, held_on=D(2025, 2, 5), summoned=42, attended=40)
    assert again.pk == first.pk and Dissemination.objects.count() == 1
    entry = AuditEntry.objects.get(action="dissemination.correct")
    assert (entry.before["summoned"], entry.before["attended"]) == (40, 38)
    assert (entry.after["summoned"], entry.after["attended"]) == (42, 40)
    assert entry.before["held_on"] == "2025-02-03" and entry.after["held_on"] == "2025-02-05"


@pytest.mark.parametrize(
    ("kw", "code", "words"),
    [
        ({"summoned": 0, "attended": 0}, "dissemination.summoned", "Số được triệu tập"),
        ({"summoned": 10, "attended": 11}, "dissemination.attended_over", "Số dự"),
        ({"attended": -1}, "dissemination.attended_negative", "Số dự"),
        ({"held_on": D(2025, 1, 9)}, "dissemination.before_document", "Ngày tổ chức"),
        ({"note": "x" * 301}, "dissemination.note_long", "Ghi chú"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_naming_the_field_and_nothing_is_saved(
    plan: Plan, kw: dict[str, object], code: str, words: str
) -> None:
    record(plan, plan.tree.A1)
    before = state()
    with pytest.raises(ValidationError) as exc:
        record(plan, plan.tree.A, **kw)
    assert exc.value.code == code
    assert words in " ".join(exc.value.messages)
    assert state() == before


def test_a_day_in_the_future_is_refused(plan: Plan) -> None:
    before = state()
    with pytest.raises(ValidationError, match="Ngày tổ chức") as exc:
        record(plan, plan.tree.A, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.code == "dissemination.future"
    assert state() == before
    # today itself is fine
    record(plan, plan.tree.A, held_on=timezone.localdate())


def test_a_unit_outside_the_issuers_subtree_is_refused(plan: Plan) -> None:
    t = plan.tree
    own = services.document_create(
        actor=None,
        issuer=t.A,
        term=plan.term,
        kind="plan",
        number="12-KH/ĐU",
        issued_on=D(2025, 2, 1),
        title="Kế hoạch của xã A",
    )
    before = state()
    for unit in (t.B, t.B1, t.P):
        with pytest.raises(ValidationError, match="Đơn vị") as exc:
            record(plan, unit, document=own)
        assert exc.value.code == "dissemination.unit_outside"
    assert state() == before
    record(plan, t.A, document=own)  # the issuer itself holds it too
    record(plan, t.A2, document=own)


def test_a_dissolved_unit_is_refused(plan: Plan) -> None:
    Unit.objects.filter(pk=plan.tree.A2.pk).update(end_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        record(plan, Unit.objects.get(pk=plan.tree.A2.pk))
    assert exc.value.code == "dissemination.unit_dissolved"
    assert not Dissemination.objects.exists()


def _cover(plan: Plan) -> None:
    t = plan.tree
    record(plan, t.A, summoned=40, attended=38)
    record(plan, t.A1, summoned=25, attended=25)
    record(plan, t.B1, summoned=30, attended=27)


def test_coverage_by_level_from_the_issuer(plan: Plan, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _cover(plan)
    t = plan.tree
    with django_assert_num_queries(4):
        c = selectors.dissemination_coverage(plan.document, t.P)
    rows = [(r.level.rank, r.expected, r.held, r.attended, r.summoned) for r in c.levels]  # type: ignore[union-attr]
    assert rows == [(0, 1, 0, 0, 0), (1, 2, 1, 38, 40), (2, 3, 2, 52, 55)]
    assert [r.share for r in c.levels] == [0.0, 50.0, pytest.approx(200 / 3)]
    assert c.levels[0].attendance is None
    assert c.levels[2].attendance == pytest.approx(100 * 52 / 55)
    assert (c.total.expected, c.total.held, c.total.missing) == (6, 3, 3)
    assert c.total.attendance == pytest.approx(100 * 90 / 95)
    assert c.own is None
    with django_assert_num_queries(1):
        missing = list(selectors.units_without_dissemination(plan.document, t.P)[:100])
    assert [u.code for u in missing] == ["P", "A2", "B"]


def test_coverage_from_a_unit_below_counts_its_subtree_only(plan: Plan) -> None:
    _cover(plan)
    t = plan.tree
    c = selectors.dissemination_coverage(plan.document, t.A)
    assert [(r.expected, r.held) for r in c.levels] == [(1, 1), (2, 1)]
    assert c.own is not None and c.own.unit_id == t.A.pk
    assert [u.code for u in selectors.units_without_dissemination(plan.document, t.A)] == ["A2"]


def test_a_dissolved_unit_is_neither_expected_nor_counted(plan: Plan) -> None:
    _cover(plan)
    Unit.objects.filter(pk=plan.tree.B1.pk).update(end_date=D(2025, 3, 1))
    c = selectors.dissemination_coverage(plan.document, plan.tree.P)
    assert (c.total.expected, c.total.held, c.total.summoned) == (5, 2, 65)


def test_the_chain_coverage_lists_the_documents_above_with_their_share(plan: Plan) -> None:
    _cover(plan)
    t = plan.tree
    own = services.document_create(
        actor=None,
        issuer=t.A,
        term=plan.term,
        kind="plan",
        number="12-KH/ĐU",
        issued_on=D(2025, 2, 1),
        title="Kế hoạch của xã A",
    )
    record(plan, t.A2, document=own)
    rows = selectors.chain_coverage(t.A, plan.term)
    assert [(r.document.number, r.held, r.expected, r.own) for r in rows] == [
        ("153-KH/TU", 2, 3, True),
        ("12-KH/ĐU", 1, 3, False),
    ]
    assert [r.document.number for r in selectors.chain_coverage(t.B, plan.term)] == ["153-KH/TU"]


# --- pages ------------------------------------------------------------------------------


def test_the_commune_office_records_from_the_document_page(plan: Plan) -> None:
    t = plan.tree
    client = t.client_for(t.commune_officer)
    page = client.get(reverse("planning_document", args=[plan.document.pk])).content.decode()
    url = reverse("planning_dissemination_record", args=[plan.document.pk, "A"])
    assert url in page and "Ghi nhận hội nghị quán triệt" in page
    response = client.post(
        url, {"held_on": "03/02/2025", "summoned": "40", "attended": "38", "note": ""}
    )
    assert response.status_code == 302
    d = Dissemination.objects.get()
    assert (d.unit, d.summoned, d.attended, d.held_on) == (t.A, 40, 38, D(2025, 2, 3))
    page = client.get(reverse("planning_document", args=[plan.document.pk])).content.decode()
    assert "38" in page and "03/02/2025" in page


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"held_on": "03/02/2025", "summoned": "40", "attended": "41"}, "Số dự"),
        ({"held_on": "03/02/2025", "summoned": "0", "attended": "0"}, "Số được triệu tập"),
        ({"held_on": "01/01/2025", "summoned": "40", "attended": "30"}, "Ngày tổ chức"),
        ({"held_on": "31/02/2025", "summoned": "40", "attended": "30"}, "Ngày tổ chức"),
        ({"held_on": "03/02/2025", "summoned": "bốn mươi", "attended": "30"}, "Số được triệu tập"),
        ({}, "Ngày tổ chức"),
    ],
)
def test_a_bad_form_is_refused_in_vietnamese_and_nothing_is_saved(
    plan: Plan, data: dict[str, str], words: str
) -> None:
    t = plan.tree
    before = state()
    response = t.client_for(t.commune_officer).post(
        reverse("planning_dissemination_record", args=[plan.document.pk, "A"]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    shown = re.findall(r'class="error">([^<]*)<|role="alert">(.*?)</div>', page, re.S)
    assert any(words in a + b for a, b in shown), shown
    assert state() == before


def test_the_province_sees_the_coverage_and_who_has_not_held_it(plan: Plan) -> None:
    _cover(plan)
    t = plan.tree
    client = t.client_for(t.province_officer)
    doc_page = client.get(reverse("planning_document", args=[plan.document.pk])).content.decode()
    url = reverse("planning_dissemination_coverage", args=[plan.document.pk, "P"])
    assert url in doc_page and "3/6 đơn vị trong Đảng bộ tỉnh P đã tổ chức" in doc_page
    page = client.get(url).content.decode()
    assert "3/6" in page
    for code in ("P", "A2", "B"):
        assert reverse("unit_detail", args=[code]) in page
    assert reverse("unit_detail", args=["A1"]) not in page
    dash = client.get(reverse("planning_dashboard", args=["P"])).content.decode()
    assert url in dash and "3/6" in dash


def test_a_unit_outside_the_issuers_subtree_has_no_such_page(plan: Plan) -> None:
    t = plan.tree
    own = Document.objects.create(
        issuer=t.A,
        term=plan.term,
        kind="plan",
        number="1-KH",
        issued_on=D(2025, 2, 1),
        title="x",
    )
    client = t.client_for(t.province_officer)
    for name in ("planning_dissemination_record", "planning_dissemination_coverage"):
        assert client.get(reverse(name, args=[own.pk, "B"])).status_code == 404
        assert client.get(reverse(name, args=[own.pk, "P"])).status_code == 404
        assert client.get(reverse(name, args=[own.pk, "A1"])).status_code == 200
