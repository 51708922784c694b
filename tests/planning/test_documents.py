"""Directives and plans: numbers, the chain from the top, deadlines, files, who reads them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.planning import services
from daihoi.planning.models import Document, Milestone
from tests.planning.conftest import D, Plan


def lower_plan(plan: Plan, **kw) -> Document:  # type: ignore[no-untyped-def]
    return services.document_create(
        actor=None,
        issuer=plan.tree.A,
        term=plan.term,
        kind="plan",
        number=kw.pop("number", "12-KH/ĐU"),
        issued_on=D(2025, 2, 1),
        title="Kế hoạch đại hội các chi bộ trực thuộc",
        implements=kw.pop("implements", plan.document),
        **kw,
    )


def test_a_plan_implements_a_document_of_a_unit_above_it(plan: Plan) -> None:
    lower = lower_plan(plan)
    assert lower.implements == plan.document
    sibling_doc = services.document_create(
        actor=None,
        issuer=plan.tree.B,
        term=plan.term,
        kind="plan",
        number="1-KH/ĐU",
        issued_on=D(2025, 2, 1),
        title="Kế hoạch của xã B",
    )
    with pytest.raises(ValidationError, match="cấp trên"):
        lower_plan(plan, number="13-KH/ĐU", implements=sibling_doc)


def test_a_number_is_unique_per_issuer_and_term(plan: Plan) -> None:
    with pytest.raises(ValidationError):
        services.document_create(
            actor=None,
            issuer=plan.tree.P,
            term=plan.term,
            kind="plan",
            number=" 153-KH/TU ",
            issued_on=D(2025, 1, 10),
            title="Trùng số",
        )


def test_deadlines_are_for_levels_at_or_below_the_issuer_or_units_below_it(plan: Plan) -> None:
    lower = lower_plan(plan)
    t = plan.tree
    with pytest.raises(ValidationError, match="cấp trên mình"):
        services.milestone_add(actor=None, document=lower, level=t.P.level, due=D(2025, 7, 1))
    with pytest.raises(ValidationError, match="không trực thuộc"):
        services.milestone_add(actor=None, document=lower, unit=t.B1, due=D(2025, 7, 1))
    services.milestone_add(actor=None, document=lower, unit=t.A2, due=D(2025, 5, 20))
    with pytest.raises(ValidationError, match="đã có thời hạn"):
        services.milestone_add(actor=None, document=lower, unit=t.A2, due=D(2025, 5, 21))
    with pytest.raises(ValidationError):
        services.milestone_add(
            actor=None, document=plan.document, level=t.A1.level, due=D(2025, 1, 1)
        )
    services.milestone_add(
        actor=None, document=plan.document, level=t.A1.level, pilot=True, due=D(2025, 5, 1)
    )
    assert AuditEntry.objects.filter(action="milestone.add").count() == 5


def test_the_chain_page_shows_every_document_from_the_top_to_the_unit(plan: Plan) -> None:
    lower = lower_plan(plan)
    services.milestone_add(actor=None, document=lower, level=plan.tree.A1.level, due=D(2025, 5, 31))
    client = plan.tree.client_for(plan.tree.commune_officer)
    html = client.get(reverse("planning_documents", args=["A1"])).content.decode()
    chain = html.split('<ol class="chain">')[1]
    assert chain.index("153-KH/TU") < chain.index("12-KH/ĐU")
    assert "31/05/2025" in html


def test_a_directive_of_a_body_above_the_tree_heads_the_chain_under_its_own_name(
    plan: Plan,
) -> None:
    client = plan.tree.client_for(plan.tree.province_officer)
    response = client.post(
        reverse("planning_document_create", args=["P"]),
        {
            "kind": "directive",
            "number": "35-CT/TW",
            "issued_by": "  Ban Chấp hành Trung ương ",
            "issued_on": "14/06/2024",
            "title": "Về đại hội đảng bộ các cấp tiến tới Đại hội XIV của Đảng",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    directive = Document.objects.get(number="35-CT/TW")
    assert (directive.issuer, directive.issued_by) == (plan.tree.P, "Ban Chấp hành Trung ương")
    services.document_update(
        actor=None,
        document=plan.document,
        kind=plan.document.kind,
        number=plan.document.number,
        issued_on=plan.document.issued_on,
        title=plan.document.title,
        implements=directive,
        report_days=plan.document.report_days,
        targets={},
    )
    lower_plan(plan)
    html = plan.tree.client_for(plan.tree.commune_officer).get(
        reverse("planning_documents", args=["A1"])
    )
    chain = html.content.decode().split('<ol class="chain">')[1]
    assert chain.index("35-CT/TW") < chain.index("153-KH/TU") < chain.index("12-KH/ĐU")
    assert "Ban Chấp hành Trung ương" in chain
    page = client.get(reverse("planning_document", args=[directive.pk])).content.decode()
    assert "Ban Chấp hành Trung ương" in page


def test_a_unit_below_reads_the_upper_plan_but_not_a_siblings(plan: Plan) -> None:
    t = plan.tree
    lower = lower_plan(plan)
    commune = t.client_for(t.commune_officer)
    sibling = t.client_for(t.sibling_officer)
    assert commune.get(reverse("planning_document", args=[plan.document.pk])).status_code == 200
    assert sibling.get(reverse("planning_document", args=[plan.document.pk])).status_code == 200
    assert sibling.get(reverse("planning_document", args=[lower.pk])).status_code == 404
    assert (
        commune.get(reverse("planning_document_edit", args=[plan.document.pk])).status_code == 403
    )
    # The province's page of its plan lists the commune's implementing plan; the sibling's does not.
    province_html = t.client_for(t.province_viewer).get(
        reverse("planning_document", args=[plan.document.pk])
    )
    assert "12-KH/ĐU" in province_html.content.decode()
    assert (
        "12-KH/ĐU"
        not in sibling.get(reverse("planning_document", args=[plan.document.pk])).content.decode()
    )


def test_an_office_creates_a_plan_with_its_file_and_reads_it_back(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.commune_officer)
    pdf = SimpleUploadedFile("KH-12.pdf", b"%PDF-1.4 fictional plan", "application/pdf")
    response = client.post(
        reverse("planning_document_create", args=["A"]),
        {
            "kind": "plan",
            "number": "12-KH/ĐU",
            "issued_on": "01/02/2025",
            "title": "Kế hoạch đại hội chi bộ",
            "implements": plan.document.pk,
            "report_days": "10",
            "target_women": "20",
            "file": pdf,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(number="12-KH/ĐU")
    assert document.implements == plan.document and document.target_women == 20
    download = client.get(reverse("planning_document_file", args=[document.pk]))
    assert download.content == b"%PDF-1.4 fictional plan"
    assert "attachment" in download["Content-Disposition"]


def test_a_file_of_another_kind_is_refused(plan: Plan) -> None:
    with pytest.raises(ValidationError):
        lower_plan(plan, file_name="virus.exe", file_data=b"MZ")


def test_a_document_others_implement_cannot_be_deleted(plan: Plan) -> None:
    lower = lower_plan(plan)
    with pytest.raises(ValidationError):
        services.document_delete(actor=None, document=plan.document)
    services.document_delete(actor=None, document=lower)
    assert not Document.objects.filter(pk=lower.pk).exists()
    assert AuditEntry.objects.filter(action="document.delete").exists()


def test_a_chain_of_implements_never_loops(plan: Plan) -> None:
    own = services.document_create(
        actor=None,
        issuer=plan.tree.P,
        term=plan.term,
        kind="guidance",
        number="05-HD/TU",
        issued_on=D(2025, 1, 20),
        title="Hướng dẫn",
        implements=plan.document,
    )
    with pytest.raises(ValidationError, match="thành vòng"):
        services.document_update(
            actor=None,
            document=plan.document,
            kind="plan",
            number="153-KH/TU",
            issued_on=D(2025, 1, 10),
            title="x",
            implements=own,
            report_days=None,
            targets={},
        )


def test_milestones_are_added_and_removed_from_the_page(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.province_officer)
    url = reverse("planning_milestone_add", args=[plan.document.pk])
    client.post(url, {"unit_code": "B1", "due": "15/05/2025", "note": "Đại hội điểm"})
    milestone = Milestone.objects.get(unit=plan.tree.B1)
    client.post(url, {"unit_code": "NOPE", "due": "15/05/2025"})
    assert Milestone.objects.filter(unit__isnull=False).count() == 1
    client.post(reverse("planning_milestone_remove", args=[plan.document.pk, milestone.pk]))
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
