"""A unit's conference disseminating a directive or plan (hội nghị quán triệt, triển khai)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit
from daihoi.planning.models import Dissemination, Document

DISSEMINATION_FIELDS = ("document_id", "unit_id", "held_on", "summoned", "attended", "note")


def _snapshot(d: Dissemination) -> dict[str, Any]:
    return {f: getattr(d, f) for f in DISSEMINATION_FIELDS}


def _check(document: Document, unit: Unit, held_on: dt.date, summoned: int, attended: int) -> None:
    if not document.issuer.contains(unit):
        raise DomainError(
            "dissemination.unit_outside",
            gettext_lazy(
                "Unit: %(unit)s is not %(issuer)s or a unit below it, "
                "so it does not disseminate %(number)s."
            ),
            unit=unit.name,
            issuer=document.issuer.name,
            number=document.number,
        )
    if not unit.is_active:
        raise DomainError(
            "dissemination.unit_dissolved",
            gettext_lazy("Unit: %(unit)s has been dissolved."),
            unit=unit.name,
        )
    if summoned < 1:
        raise DomainError(
            "dissemination.summoned",
            gettext_lazy("Summoned: at least one person is summoned to a conference."),
        )
    if attended < 0:
        raise DomainError(
            "dissemination.attended_negative",
            gettext_lazy("Attended: the number cannot be negative."),
        )
    if attended > summoned:
        raise DomainError(
            "dissemination.attended_over",
            gettext_lazy("Attended: %(attended)d is more than the %(summoned)d people summoned."),
            attended=attended,
            summoned=summoned,
        )
    if held_on > timezone.localdate():
        raise DomainError(
            "dissemination.future",
            gettext_lazy("Date held: %(day)s is in the future."),
            day=held_on.strftime("%d/%m/%Y"),
        )
    if held_on < document.issued_on:
        raise DomainError(
            "dissemination.before_document",
            gettext_lazy("Date held: %(day)s is before %(number)s was issued (%(issued)s)."),
            day=held_on.strftime("%d/%m/%Y"),
            number=document.number,
            issued=document.issued_on.strftime("%d/%m/%Y"),
        )


@transaction.atomic
def dissemination_record(
    *,
    actor: Actor | None,
    document: Document,
    unit: Unit,
    held_on: dt.date,
    summoned: int,
    attended: int,
    note: str = "",
) -> Dissemination:
    """Record ``unit``'s conference on ``document``; recording it again corrects it.

    Refused, with nothing written, for a unit outside the issuer's subtree, a
    dissolved unit, no one summoned, more attending than summoned, a day in
    the future or before the document's date.
    """
    _check(document, unit, held_on, summoned, attended)
    note = " ".join(note.split())
    if len(note) > 300:
        raise DomainError("dissemination.note_long", gettext_lazy("Note: at most 300 characters."))
    existing = (
        Dissemination.objects.select_for_update().filter(document=document, unit=unit).first()
    )
    before = _snapshot(existing) if existing is not None else None
    record = existing or Dissemination(document=document, unit=unit)
    record.held_on, record.summoned, record.attended, record.note = (
        held_on,
        summoned,
        attended,
        note,
    )
    user_model = get_user_model()
    record.recorded_by = actor if isinstance(actor, user_model) and actor.pk else None
    record.recorded_at = timezone.now()
    record.save()
    audit_record(
        actor=actor,
        action="dissemination.correct" if before is not None else "dissemination.record",
        object_type="document",
        object_id=document.pk,
        unit_path=unit.path,
        before=before,
        after=_snapshot(record),
    )
    return record
