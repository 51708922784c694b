"""A person's data exported on request; dossiers erased after the retention period."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.congresses.services import congress_set_status, congress_update
from daihoi.personnel import services
from daihoi.personnel.models import Dossier, DossierDocument, PersonalRecord, ServedTerm
from tests.personnel.conftest import D, People, open_dossiers


def test_the_export_holds_everything_kept_about_the_person_and_is_logged(people: People) -> None:
    member = people.members[0]
    dossier = open_dossiers(people)[0]
    services.document_add(
        actor=None, dossier=dossier, kind="health", issuer="Trạm Y tế xã", issued_on=D(2025, 6, 2)
    )
    services.served_term_add(
        actor=None,
        member=member,
        post="secretary",
        body="Chi bộ thôn 1",
        start_year=2020,
        end_year=2025,
    )
    client = people.tree.client_for(people.personnel_A)
    response = client.get(reverse("personnel_person_export", args=[member.pk]))
    data = json.loads(response.content)
    assert data["format"] == "daihoi/person@1"
    assert data["member"]["full_name"] == "Nguyễn Văn An"
    assert data["member"]["birth_date"] == "1975-03-15"
    assert data["terms_served"] == [
        {"post": "secretary", "body": "Chi bộ thôn 1", "from": 2020, "to": 2025}
    ]
    [d] = data["dossiers"]
    assert d["documents"][0]["issuer"] == "Trạm Y tế xã"
    assert d["checks"][0]["rule"] == "working_time_first"
    entry = AuditEntry.objects.get(action="personnel.person.export")
    assert entry.object_id == str(member.pk) and entry.actor_name == "personnel_A"


def approve(people: People) -> None:
    c = people.congress
    congress_update(
        actor=None,
        congress=c,
        kind=c.kind,
        number="I",
        is_pilot=False,
        planned_date=D(2025, 10, 1),
        held_from=D(2025, 10, 1),
        held_to=D(2025, 10, 2),
        summoned=100,
    )
    for status in ("preparing", "held", "results_approved"):
        congress_set_status(actor=None, congress=c, status=status)


def test_dossiers_are_kept_until_the_retention_period_has_passed(people: People) -> None:
    open_dossiers(people)
    approve(people)
    today = timezone.localdate()
    assert (
        services.dossiers_erase_expired(actor=None, today=today + dt.timedelta(days=30), days=30)
        == []
    )
    assert Dossier.objects.count() == 5


def test_past_retention_dossiers_documents_and_records_are_erased(people: People) -> None:
    dossier = open_dossiers(people)[0]
    services.document_add(
        actor=None, dossier=dossier, kind="cv", issuer="Chi bộ", issued_on=D(2025, 6, 2)
    )
    services.served_term_add(
        actor=None,
        member=people.members[0],
        post="committee",
        body="Đảng ủy xã",
        start_year=2020,
        end_year=2025,
    )
    PersonalRecord.objects.create(member=people.members[0], education="Đại học")
    approve(people)
    later = timezone.localdate() + dt.timedelta(days=31)
    erased = services.dossiers_erase_expired(actor=None, today=later, days=30)
    assert [(e.dossiers, e.documents, e.records) for e in erased] == [(5, 1, 1)]
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()
    assert not PersonalRecord.objects.exists() and not ServedTerm.objects.exists()
    people.members[0].refresh_from_db()  # the unit's member list stays
    entry = AuditEntry.objects.get(action="personnel.erase")
    assert entry.after["dossiers"] == 5


def test_a_congress_not_yet_approved_keeps_its_dossiers(people: People) -> None:
    open_dossiers(people)
    later = timezone.localdate() + dt.timedelta(days=3650)
    assert services.dossiers_erase_expired(actor=None, today=later, days=0) == []


def test_the_command_says_what_it_erased_and_a_dry_run_erases_nothing(people: People) -> None:
    open_dossiers(people)
    approve(people)
    later = (timezone.localdate() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    out = io.StringIO()
    call_command("personnel_purge", "--days", "30", "--today", later, "--dry-run", stdout=out)
    assert "would erase 5 dossiers" in out.getvalue()
    assert Dossier.objects.count() == 5
    out = io.StringIO()
    call_command("personnel_purge", "--days", "30", "--today", later, stdout=out)
    assert "erased 5 dossiers" in out.getvalue() and people.tree.A.code in out.getvalue()
    assert not Dossier.objects.exists()
