"""Dossiers erased once the time they are kept after the congress is up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress
from daihoi.personnel.models import (
    Dossier,
    DossierDocument,
    PersonalRecord,
    ServedTerm,
)
from daihoi.personnel.selectors import due_for_erasure

# --- retention --------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    congress: Congress
    approved_on: dt.date
    dossiers: int
    documents: int
    records: int


@transaction.atomic
def dossiers_erase_expired(
    *,
    actor: Actor | None,
    today: dt.date | None = None,
    days: int | None = None,
    dry_run: bool = False,
) -> list[Erased]:
    """Erase the dossiers of congresses approved more than ``days`` ago.

    With them go the documents and, for people left with no dossier at all,
    the personal record and the terms served that personnel work kept. The
    unit's member list (name, sex, birth date, ethnicity) is the unit's and
    stays. One audit entry per congress says how many were erased.
    """
    today = today or timezone.localdate()
    days = settings.PERSONNEL_RETENTION_DAYS if days is None else days
    erased: list[Erased] = []
    for congress, day in due_for_erasure(today, days):
        dossiers = Dossier.objects.filter(congress=congress)
        member_ids = list(dossiers.values_list("member_id", flat=True))
        documents = DossierDocument.objects.filter(dossier__congress=congress).count()
        count = len(member_ids)
        orphans = [
            m
            for m in member_ids
            if not Dossier.objects.filter(member_id=m).exclude(congress=congress).exists()
        ]
        records = PersonalRecord.objects.filter(member_id__in=orphans).count()
        erased.append(Erased(congress, day, count, documents, records))
        if dry_run:
            continue
        dossiers.delete()
        PersonalRecord.objects.filter(member_id__in=orphans).delete()
        ServedTerm.objects.filter(member_id__in=orphans).delete()
        audit_record(
            actor=actor,
            action="personnel.erase",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            after={
                "approved_on": day,
                "retention_days": days,
                "dossiers": count,
                "documents": documents,
                "records": records,
            },
        )
    return erased
