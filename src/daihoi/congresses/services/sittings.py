"""Sittings, and who attended each: check-in at the desk, its undo, absences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.live import forget_presence, hall_changed, one_writer_at_a_time
from daihoi.congresses.models import (
    Attendance,
    Congress,
    Delegate,
    Presence,
    Sitting,
    SittingStatus,
    VoteStatus,
)
from daihoi.congresses.services.common import _hall_audit, _locked_congress


@transaction.atomic
def sitting_add(*, actor: Actor | None, congress: Congress, title: str, date: dt.date) -> Sitting:
    congress = _locked_congress(congress)
    number = (congress.sittings.aggregate(n=Max("number"))["n"] or 0) + 1
    sitting = Sitting(congress=congress, number=number, title=title.strip(), date=date)
    sitting.full_clean()
    sitting.save()
    _hall_audit(actor, "sitting.add", congress, sitting=number, title=sitting.title, date=date)
    return sitting


@transaction.atomic
def sitting_open(*, actor: Actor | None, sitting: Sitting) -> Sitting:
    congress = _locked_congress(sitting.congress)
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != SittingStatus.PLANNED:
        raise ValidationError(_("This sitting has already been opened."))
    other = congress.sittings.filter(status=SittingStatus.OPEN).first()
    if other is not None:
        raise ValidationError(_("Close “%s” first.") % other.title)
    sitting.status, sitting.opened_at = SittingStatus.OPEN, timezone.now()
    sitting.save(update_fields=["status", "opened_at"])
    _hall_audit(actor, "sitting.open", congress, sitting=sitting.number)
    hall_changed(congress.pk)
    return sitting


@transaction.atomic
def sitting_close(*, actor: Actor | None, sitting: Sitting) -> Sitting:
    """Close a sitting; whoever did not check in is recorded absent (with no reason yet)."""
    congress = _locked_congress(sitting.congress)
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != SittingStatus.OPEN:
        raise ValidationError(_("This sitting is not in session."))
    if congress.votes.filter(sitting=sitting, status=VoteStatus.OPEN).exists():
        raise ValidationError(_("Close the open vote first."))
    now = timezone.now()
    seen = set(sitting.attendance.values_list("delegate_id", flat=True))
    missing = [
        Attendance(sitting=sitting, delegate=d, status=Presence.ABSENT, at=now, via="close")
        for d in congress.delegates.exclude(pk__in=seen)
    ]
    Attendance.objects.bulk_create(missing)
    sitting.status, sitting.closed_at = SittingStatus.CLOSED, now
    sitting.save(update_fields=["status", "closed_at"])
    _hall_audit(actor, "sitting.close", congress, sitting=sitting.number, absent=len(missing))
    hall_changed(congress.pk)
    return sitting


def normalise_code(text: str) -> str:
    """What a scanner or a person typed, as a code: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass(frozen=True)
class CheckIn:
    delegate: Delegate
    attendance: Attendance
    already: bool


@one_writer_at_a_time
@transaction.atomic
def checkin(
    *,
    actor: Actor | None,
    congress: Congress,
    code: str = "",
    delegate_id: int | None = None,
    via: str = "code",
) -> CheckIn:
    """Record a delegate present at the open sitting, by the card's code or a chosen name.

    Checking in twice is not an error: the second time says when the first was.
    """
    sitting = Sitting.objects.filter(congress=congress, status=SittingStatus.OPEN).first()
    if sitting is None:
        raise ValidationError(_("No sitting is in session: open one first."))
    # The delegate's row locked for the transaction: two desks (or two servers, where
    # the SQLite writer lock does not reach) checking in the same card at once take
    # turns here, and the second finds the first's attendance instead of inserting a
    # second one that the unique constraint would refuse with an error.
    qs = Delegate.objects.select_for_update().filter(congress=congress)
    if delegate_id is not None:
        delegate = qs.filter(pk=delegate_id).first()
    else:
        cleaned = normalise_code(code)
        delegate = qs.filter(code=cleaned).first() if cleaned else None
    if delegate is None:
        raise ValidationError(_("No delegate of this congress has the code “%s”.") % code.strip())
    existing = (
        Attendance.objects.select_for_update().filter(sitting=sitting, delegate=delegate).first()
    )
    if existing is not None and existing.status == Presence.PRESENT:
        return CheckIn(delegate, existing, already=True)
    now = timezone.now()
    if existing is None:
        attendance = Attendance.objects.create(
            sitting=sitting, delegate=delegate, status=Presence.PRESENT, at=now, via=via
        )
    else:
        existing.status, existing.at, existing.via, existing.reason = Presence.PRESENT, now, via, ""
        existing.save(update_fields=["status", "at", "via", "reason"])
        attendance = existing
    audit_record(
        actor=actor,
        action="attendance.checkin",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        after={"sitting": sitting.number, "delegate": delegate.pk, "via": via},
    )
    return CheckIn(delegate, attendance, already=False)


@transaction.atomic
def checkin_undo(*, actor: Actor | None, congress: Congress, delegate: Delegate) -> None:
    """Take back a check-in made by mistake (the wrong name chosen)."""
    sitting = Sitting.objects.filter(congress=congress, status=SittingStatus.OPEN).first()
    if sitting is None:
        raise ValidationError(_("No sitting is in session: open one first."))
    if delegate.casts.filter(vote__sitting=sitting).exists():
        raise ValidationError(_("This delegate has already voted in this sitting."))
    deleted, _n = Attendance.objects.filter(
        sitting=sitting, delegate=delegate, status=Presence.PRESENT
    ).delete()
    forget_presence(sitting.pk, delegate.pk)
    if deleted:
        _hall_audit(
            actor, "attendance.undo", congress, sitting=sitting.number, delegate=delegate.pk
        )


@transaction.atomic
def absence_record(
    *, actor: Actor | None, sitting: Sitting, delegate: Delegate, excused: bool, reason: str
) -> Attendance:
    """A delegate absent from a sitting, with the reason given (or none)."""
    congress = sitting.congress
    if delegate.congress_id != congress.pk:
        raise ValidationError(_("Not a delegate of this congress."))
    if excused and not reason.strip():
        raise ValidationError(_("Give the reason for the absence."))
    row = Attendance.objects.select_for_update().filter(sitting=sitting, delegate=delegate).first()
    if row is not None and row.status == Presence.PRESENT:
        raise ValidationError(_("%s is checked in to this sitting.") % delegate.full_name)
    status = Presence.EXCUSED if excused else Presence.ABSENT
    if row is None:
        row = Attendance(sitting=sitting, delegate=delegate)
    row.status, row.reason, row.at, row.via = status, reason.strip(), timezone.now(), "absence"
    row.save()
    _hall_audit(
        actor,
        "attendance.absence",
        congress,
        sitting=sitting.number,
        delegate=delegate.pk,
        status=status,
        reason=row.reason,
    )
    return row
