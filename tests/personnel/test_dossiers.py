"""Dossiers: opened for members of the unit, checked, flagged not removed, every read logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.personnel import services
from daihoi.personnel.models import Dossier, DossierDocument
from tests.personnel.conftest import D, People, add_member, open_dossiers


def test_a_dossier_for_a_person_of_another_unit_is_refused(people: People) -> None:
    with pytest.raises(ValidationError, match="Đỗ Văn Giang"):
        services.dossier_create(actor=None, congress=people.congress, member=people.stranger)
    assert not Dossier.objects.exists()


def test_the_page_refuses_another_units_person_with_a_message(people: People) -> None:
    client = people.tree.client_for(people.personnel_A)
    response = client.post(
        reverse("personnel_dossier_add", args=[people.congress.pk]),
        {"member": people.stranger.pk, "post": "committee", "nomination": "proposed"},
        follow=True,
    )
    assert "Đỗ Văn Giang" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_birth_date_in_the_future_is_refused_and_nothing_changes(people: People) -> None:
    member = people.members[0]
    client = people.tree.client_for(people.personnel_A)
    response = client.post(
        reverse("personnel_person", args=[member.pk]),
        {"sex": "M", "birth_date": "01/01/2999", "ethnicity": "Kinh", "education": "Đại học"},
        follow=True,
    )
    assert "01/01/2999" in response.content.decode()
    member.refresh_from_db()
    assert member.birth_date == D(1975, 3, 15)
    assert not hasattr(member, "personnel_record") or member.personnel_record is None


def test_a_person_page_saves_the_personal_record(people: People) -> None:
    member = people.members[4]
    client = people.tree.client_for(people.personnel_A)
    client.post(
        reverse("personnel_person", args=[member.pk]),
        {"sex": "M", "birth_date": "02/09/1979", "ethnicity": "Nùng", "education": "Thạc sĩ"},
    )
    member.refresh_from_db()
    assert member.birth_date == D(1979, 9, 2)
    assert member.personnel_record.education == "Thạc sĩ"
    entry = AuditEntry.objects.filter(action="personnel.person.update").get()
    assert "Thạc sĩ" not in str(entry.after) and "1979" not in str(entry.after)


def test_a_failing_candidate_is_flagged_and_stays_on_the_list(people: People) -> None:
    # Lê Văn Cường, born 1/1964, reaches 61y9m… in 2025-2026: far less than 60 months left.
    open_dossiers(people)
    client = people.tree.client_for(people.personnel_A)
    page = client.get(reverse("personnel_dossiers", args=[people.congress.pk])).content.decode()
    assert "Lê Văn Cường" in page
    assert Dossier.objects.filter(on_list=True).count() == 5
    dossier = Dossier.objects.get(member=people.members[2])
    detail = client.get(reverse("personnel_dossier", args=[dossier.pk])).content.decode()
    assert "45-CT/TW" in detail
    assert "flag-overdue" in detail


def test_reading_a_dossier_is_logged_and_the_list_is_not(people: People) -> None:
    dossier = open_dossiers(people)[0]
    client = people.tree.client_for(people.personnel_P)
    client.get(reverse("personnel_dossiers", args=[people.congress.pk]))
    assert not AuditEntry.objects.filter(action="personnel.dossier.read").exists()
    client.get(reverse("personnel_dossier", args=[dossier.pk]))
    entry = AuditEntry.objects.get(action="personnel.dossier.read")
    assert (entry.actor_name, entry.object_id) == ("personnel_P", str(dossier.pk))


def test_the_list_page_does_not_grow_with_the_dossiers(
    people: People, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    open_dossiers(people)
    client = people.tree.client_for(people.personnel_A)
    url = reverse("personnel_dossiers", args=[people.congress.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(20):
        m = add_member(people.tree.A2, f"Vũ Văn Số {i}", "M", D(1980, 1, 1 + i))
        services.dossier_create(actor=None, congress=people.congress, member=m)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_documents_make_a_dossier_complete(people: People) -> None:
    dossier = open_dossiers(people)[0]
    for kind in ("application", "cv", "assets", "health"):
        services.document_add(
            actor=None, dossier=dossier, kind=kind, issuer="Chi bộ thôn 1", issued_on=D(2025, 6, 1)
        )
    client = people.tree.client_for(people.personnel_A)
    client.post(reverse("set_language"), {"language": "en"})
    url = reverse("personnel_dossier", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "The dossier is complete." not in page
    assert "Missing" in page
    services.document_add(
        actor=None,
        dossier=dossier,
        kind="conclusion",
        title="Kết luận tiêu chuẩn chính trị",
        issuer="Ban Tổ chức Đảng ủy xã",
        issued_on=D(2025, 7, 1),
        number="12-KL/ĐU",
    )
    assert "The dossier is complete." in client.get(url).content.decode()


def test_a_document_dated_in_the_future_is_refused(people: People) -> None:
    dossier = open_dossiers(people)[0]
    with pytest.raises(ValidationError):
        services.document_add(
            actor=None, dossier=dossier, kind="cv", issuer="Chi bộ", issued_on=D(2999, 1, 1)
        )
    assert not DossierDocument.objects.exists()


def test_one_dossier_per_person_and_congress(people: People) -> None:
    open_dossiers(people)
    with translation.override("en"), pytest.raises(ValidationError, match="already has a dossier"):
        services.dossier_create(actor=None, congress=people.congress, member=people.members[0])
