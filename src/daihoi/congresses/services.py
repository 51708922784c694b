"""Writes to terms, congresses and the congress in session. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.congresses.live import forget_open_vote, forget_presence, one_writer_at_a_time
from daihoi.congresses.models import (
    STATUS_MOVES,
    AgendaItem,
    Attendance,
    BaseDeduction,
    Congress,
    CongressStatus,
    Delegate,
    DelegateKind,
    ItemStatus,
    Presence,
    ProceduralVote,
    Sitting,
    SittingStatus,
    Speaker,
    SpeakerStatus,
    Term,
    VoteMethod,
    VoteStatus,
    VoteSubject,
    new_checkin_code,
)
from daihoi.core.elections.model import Deduction as EngineDeduction
from daihoi.core.elections.model import Electorate, Rules
from daihoi.core.elections.rules import BUILTIN_PROFILES, builtin_profile
from daihoi.core.elections.votes import procedural_vote_base, procedural_vote_passes
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.services import (
    definition_or_refusal,
    election_list_vote_record,
    list_checks,
    list_vote_decision,
)
from daihoi.organizations.models import Member, Unit
from daihoi.organizations.paths import subtree_upper_bound

CONGRESS_FIELDS = (
    "unit_id",
    "term_id",
    "number",
    "kind",
    "is_pilot",
    "planned_date",
    "held_from",
    "held_to",
    "status",
    "summoned",
)


def congress_snapshot(congress: Congress) -> dict[str, Any]:
    return {f: getattr(congress, f) for f in CONGRESS_FIELDS}


@transaction.atomic
def term_create(*, actor: Any, start_year: int, end_year: int) -> Term:
    term = Term(start_year=start_year, end_year=end_year)
    term.full_clean()
    term.save()
    audit_record(
        actor=actor,
        action="term.create",
        object_type="term",
        object_id=term.pk,
        after={"start_year": start_year, "end_year": end_year},
    )
    return term


@transaction.atomic
def congress_create(
    *,
    actor: Any,
    unit: Unit,
    term: Term,
    kind: str,
    number: str = "",
    is_pilot: bool = False,
    planned_date: dt.date | None = None,
    summoned: int = 0,
) -> Congress:
    if not unit.is_active:
        raise ValidationError(_("A dissolved unit holds no congress."))
    if Congress.objects.filter(unit=unit, term=term).exists():
        raise ValidationError(_("This unit already has a congress for the term %s.") % term)
    congress = Congress(
        unit=unit,
        term=term,
        kind=kind,
        number=number,
        is_pilot=is_pilot,
        planned_date=planned_date,
        summoned=summoned,
    )
    congress.full_clean()
    congress.save()
    audit_record(
        actor=actor,
        action="congress.create",
        object_type="congress",
        object_id=congress.pk,
        unit_path=unit.path,
        after=congress_snapshot(congress),
    )
    return congress


@transaction.atomic
def congress_update(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    number: str,
    is_pilot: bool,
    planned_date: dt.date | None,
    held_from: dt.date | None,
    held_to: dt.date | None,
    summoned: int,
) -> Congress:
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    before = congress_snapshot(congress)
    congress.kind, congress.number, congress.is_pilot = kind, number, is_pilot
    congress.planned_date, congress.held_from, congress.held_to = planned_date, held_from, held_to
    congress.summoned = summoned
    congress.full_clean()
    congress.save()
    audit_record(
        actor=actor,
        action="congress.update",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        before=before,
        after=congress_snapshot(congress),
    )
    return congress


@transaction.atomic
def congress_set_status(*, actor: Any, congress: Congress, status: str) -> Congress:
    """Move a congress one step along planned → preparing → held → results approved."""
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    if status not in STATUS_MOVES.get(congress.status, ()):
        raise ValidationError(
            _("A congress cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": CongressStatus(congress.status).label,
                "new": CongressStatus(status).label if status in CongressStatus.values else status,
            }
        )
    if status == CongressStatus.HELD and congress.held_from is None:
        raise ValidationError(_("Enter the date the congress was held first."))
    before = congress_snapshot(congress)
    congress.status = status
    congress.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="congress.status",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        before=before,
        after=congress_snapshot(congress),
    )
    return congress


# Rows locked and updated per statement: below SQLite's limit of bound parameters.
_HELD_CHUNK = 900


@transaction.atomic
def congresses_mark_held(*, actor: Any, days: dict[int, dt.date]) -> list[Congress]:
    """Record many congresses as held, each on its day (congress id → day), all or none.

    The batch form of ``congress_update`` (the dates) followed by ``congress_set_status``
    (planned → preparing → held), for imports of thousands of results: the rows are
    locked, every congress must be planned or preparing, ``held_to`` moves to the day
    when it was empty or earlier, and each congress gets **one** audit entry,
    ``congress.status``, whose ``before`` and ``after`` are its full snapshots (the
    status and dates before and after). The statuses and dates are written in bulk.
    """
    ids = sorted(days)
    congresses: list[Congress] = []
    for i in range(0, len(ids), _HELD_CHUNK):
        congresses += (
            Congress.objects.select_for_update()
            .select_related("unit")
            .filter(pk__in=ids[i : i + _HELD_CHUNK])
            .order_by("pk")
        )
    if len(congresses) != len(ids):
        raise ValidationError(_("A congress to record as held no longer exists."))
    before = {}
    # One UPDATE per distinct (day, end day): a batch has a few dozen days, not thousands.
    same_days: dict[tuple[dt.date, dt.date], list[int]] = {}
    for congress in congresses:
        if congress.status not in (CongressStatus.PLANNED, CongressStatus.PREPARING):
            raise ValidationError(
                _("A congress cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": CongressStatus(congress.status).label,
                    "new": CongressStatus.HELD.label,
                }
            )
        before[congress.pk] = congress_snapshot(congress)
        day = days[congress.pk]
        congress.held_from = day
        if congress.held_to is None or congress.held_to < day:
            congress.held_to = day
        congress.status = CongressStatus.HELD
        same_days.setdefault((day, congress.held_to), []).append(congress.pk)
    for (day, end), pks in same_days.items():
        for i in range(0, len(pks), _HELD_CHUNK):
            Congress.objects.filter(pk__in=pks[i : i + _HELD_CHUNK]).update(
                held_from=day, held_to=end, status=CongressStatus.HELD
            )
    for congress in congresses:
        audit_record(
            actor=actor,
            action="congress.status",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            before=before[congress.pk],
            after=congress_snapshot(congress),
        )
    return congresses


# --- the congress in session ------------------------------------------------------
#
# Delegates and their credentials, the deductions from the base, the sittings and
# who attended each, the agenda and its speakers, the procedural votes counted by
# hand. Electronic voting (the vote pass and the cast) is in ``voting.py``.


def hall_rules(congress: Congress) -> Rules:
    """The rules profile the congress's quorum and vote base follow."""
    return builtin_profile(congress.profile).rules


def hall_electorate(congress: Congress) -> Electorate:
    """Those summoned and the deductions from the base of "more than half" (RULES.md §3)."""
    return Electorate(
        congress=congress.kind,  # type: ignore[arg-type]
        summoned=congress.summoned,
        deductions=tuple(
            EngineDeduction(reason=d.reason, count=d.count) for d in congress.deductions.all()
        ),
    )


def _hall_audit(actor: Any, action: str, congress: Congress, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        after=data or None,
    )


def _locked_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)


@transaction.atomic
def congress_hall_settings(*, actor: Any, congress: Congress, profile: str, venue: str) -> Congress:
    if profile not in BUILTIN_PROFILES:
        raise ValidationError(_("Unknown rules profile: %s") % profile)
    congress = _locked_congress(congress)
    congress.profile, congress.venue = profile, venue.strip()
    congress.save(update_fields=["profile", "venue"])
    _hall_audit(actor, "congress.hall_settings", congress, profile=profile, venue=congress.venue)
    return congress


def _sync_summoned(congress: Congress) -> None:
    """Those summoned are the official delegates (or members) on the list."""
    official = congress.delegates.filter(kind=DelegateKind.OFFICIAL).count()
    if congress.summoned != official:
        congress.summoned = official
        congress.save(update_fields=["summoned"])


DELEGATE_FIELDS = (
    "full_name",
    "kind",
    "is_ex_officio",
    "sex",
    "birth_date",
    "ethnicity",
    "joined_on",
    "education",
    "political_theory",
    "position",
)


@transaction.atomic
def delegates_add_many(
    *, actor: Any, congress: Congress, rows: Sequence[dict[str, Any]], source: str = "form"
) -> list[Delegate]:
    """Add delegates (typed, imported, or the unit's members): all of them or none.

    Each gets the next delegate number and a check-in code of its own; those
    summoned become the number of official delegates on the list.
    """
    congress = _locked_congress(congress)
    if congress.votes.filter(status=VoteStatus.OPEN).exists():
        raise ValidationError(_("Not while a vote is open."))
    number = (congress.delegates.aggregate(n=Max("number"))["n"] or 0) + 1
    taken = set(congress.delegates.values_list("code", flat=True))
    members = set(congress.delegates.exclude(member=None).values_list("member_id", flat=True))
    created: list[Delegate] = []
    for row in rows:
        member_id = row.get("member_id")
        if member_id is not None and member_id in members:
            raise ValidationError(
                _("%s is already on the list of delegates.") % row.get("full_name", "")
            )
        code = new_checkin_code()
        while code in taken:
            code = new_checkin_code()
        taken.add(code)
        delegate = Delegate(
            congress=congress,
            member_id=member_id,
            number=number,
            code=code,
            **{f: row[f] for f in DELEGATE_FIELDS if f in row},
        )
        delegate.full_name = " ".join(delegate.full_name.split())
        if not delegate.full_name:
            raise ValidationError(_("A delegate needs a full name."))
        delegate.full_clean(exclude=["congress", "member", "replaces"])
        created.append(delegate)
        number += 1
        if member_id is not None:
            members.add(member_id)
    Delegate.objects.bulk_create(created)
    _sync_summoned(congress)
    _hall_audit(
        actor,
        "delegates.add",
        congress,
        source=source,
        count=len(created),
        names=[d.full_name for d in created[:50]],
        summoned=congress.summoned,
    )
    return created


def member_row(m: Member) -> dict[str, Any]:
    return {
        "full_name": m.full_name,
        "member_id": m.pk,
        "sex": m.sex,
        "birth_date": m.birth_date,
        "ethnicity": m.ethnicity,
        "joined_on": m.joined_on,
        "position": m.unit.name,
    }


@transaction.atomic
def delegates_from_members(*, actor: Any, congress: Congress) -> list[Delegate]:
    """A congress of members: every official member of the unit and below is summoned."""
    on_list = set(congress.delegates.exclude(member=None).values_list("member_id", flat=True))
    members = (
        Member.objects.filter(
            unit__path__gte=congress.unit.path,
            unit__path__lt=subtree_upper_bound(congress.unit.path),
            unit__end_date__isnull=True,
            is_official=True,
        )
        .exclude(pk__in=on_list)
        .select_related("unit")
        .order_by("unit__path", "name_order", "pk")
    )
    return delegates_add_many(
        actor=actor, congress=congress, rows=[member_row(m) for m in members], source="members"
    )


@transaction.atomic
def delegate_update(
    *,
    actor: Any,
    delegate: Delegate,
    kind: str,
    is_ex_officio: bool,
    credential: str,
    credential_note: str,
    replaces: Delegate | None,
    position: str = "",
    education: str = "",
    political_theory: str = "",
) -> Delegate:
    """Credentials, kind, and an alternate taking an absent official's place."""
    congress = _locked_congress(delegate.congress)
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk, congress=congress)
    before = {
        "kind": delegate.kind,
        "credential": delegate.credential,
        "replaces": delegate.replaces_id,
    }
    if replaces is not None:
        if kind != DelegateKind.ALTERNATE:
            raise ValidationError(_("Only an alternate delegate takes another's place."))
        if replaces.congress_id != congress.pk or replaces.kind != DelegateKind.OFFICIAL:
            raise ValidationError(_("An alternate takes the place of an official delegate."))
        taken = Delegate.objects.filter(replaces=replaces).exclude(pk=delegate.pk).first()
        if taken is not None:
            raise ValidationError(
                _("%(alt)s already takes the place of %(name)s.")
                % {"alt": taken.full_name, "name": replaces.full_name}
            )
    if kind != DelegateKind.OFFICIAL and Delegate.objects.filter(replaces=delegate).exists():
        raise ValidationError(_("An alternate takes this delegate's place: undo that first."))
    delegate.kind, delegate.is_ex_officio = kind, is_ex_officio
    delegate.credential, delegate.credential_note = credential, credential_note.strip()
    delegate.replaces = replaces
    delegate.position = position.strip()
    delegate.education, delegate.political_theory = education.strip(), political_theory.strip()
    delegate.full_clean(exclude=["congress", "member", "replaces", "code"])
    delegate.save()
    _sync_summoned(congress)
    _hall_audit(
        actor,
        "delegate.update",
        congress,
        delegate=delegate.pk,
        name=delegate.full_name,
        before=before,
        kind=kind,
        credential=credential,
        note=delegate.credential_note,
        replaces=delegate.replaces_id,
    )
    return delegate


@transaction.atomic
def base_deduction_add(*, actor: Any, congress: Congress, reason: str, count: int) -> BaseDeduction:
    congress = _locked_congress(congress)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the deduction."))
    deducted = sum(congress.deductions.values_list("count", flat=True))
    if count < 1:
        raise ValidationError(_("A deduction counts at least one person."))
    refuse_impossible(summoned=congress.summoned, deducted=deducted + count)
    deduction = BaseDeduction.objects.create(congress=congress, reason=reason.strip(), count=count)
    _hall_audit(actor, "congress.deduction_add", congress, reason=deduction.reason, count=count)
    return deduction


@transaction.atomic
def base_deduction_remove(*, actor: Any, deduction: BaseDeduction) -> None:
    congress = _locked_congress(deduction.congress)
    _hall_audit(
        actor,
        "congress.deduction_remove",
        congress,
        reason=deduction.reason,
        count=deduction.count,
    )
    deduction.delete()


# --- sittings and attendance ------------------------------------------------------


@transaction.atomic
def sitting_add(*, actor: Any, congress: Congress, title: str, date: dt.date) -> Sitting:
    congress = _locked_congress(congress)
    number = (congress.sittings.aggregate(n=Max("number"))["n"] or 0) + 1
    sitting = Sitting(congress=congress, number=number, title=title.strip(), date=date)
    sitting.full_clean()
    sitting.save()
    _hall_audit(actor, "sitting.add", congress, sitting=number, title=sitting.title, date=date)
    return sitting


@transaction.atomic
def sitting_open(*, actor: Any, sitting: Sitting) -> Sitting:
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
    return sitting


@transaction.atomic
def sitting_close(*, actor: Any, sitting: Sitting) -> Sitting:
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
    actor: Any,
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
    qs = Delegate.objects.filter(congress=congress)
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
def checkin_undo(*, actor: Any, congress: Congress, delegate: Delegate) -> None:
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
    *, actor: Any, sitting: Sitting, delegate: Delegate, excused: bool, reason: str
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


# --- agenda and speakers ----------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    congress: Congress,
    title: str,
    planned_at: dt.datetime | None = None,
    minutes: int | None = None,
) -> AgendaItem:
    congress = _locked_congress(congress)
    position = (congress.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem(
        congress=congress, position=position, title=title.strip(), planned_at=planned_at
    )
    item.minutes = minutes
    item.full_clean()
    item.save()
    _hall_audit(actor, "agenda.add", congress, item=item.pk, title=item.title, position=position)
    return item


@transaction.atomic
def agenda_item_start(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """Make ``item`` the current one; the one before it is done."""
    congress = _locked_congress(item.congress)
    now = timezone.now()
    for current in congress.agenda.filter(status=ItemStatus.CURRENT).exclude(pk=item.pk):
        current.status, current.ended_at = ItemStatus.DONE, now
        current.save(update_fields=["status", "ended_at"])
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.started_at, item.ended_at = ItemStatus.CURRENT, now, None
    item.save(update_fields=["status", "started_at", "ended_at"])
    _hall_audit(actor, "agenda.start", congress, item=item.pk, title=item.title)
    return item


@transaction.atomic
def agenda_item_finish(*, actor: Any, item: AgendaItem) -> AgendaItem:
    congress = _locked_congress(item.congress)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.ended_at = ItemStatus.DONE, timezone.now()
    item.save(update_fields=["status", "ended_at"])
    _hall_audit(actor, "agenda.finish", congress, item=item.pk, title=item.title)
    return item


@transaction.atomic
def speaker_add(
    *,
    actor: Any,
    item: AgendaItem,
    delegate: Delegate | None = None,
    name: str = "",
    topic: str = "",
) -> Speaker:
    """Register a speaker on an item: a delegate, or a guest named by hand."""
    congress = _locked_congress(item.congress)
    if delegate is not None and delegate.congress_id != congress.pk:
        raise ValidationError(_("Not a delegate of this congress."))
    shown = delegate.full_name if delegate is not None else " ".join(name.split())
    if not shown:
        raise ValidationError(_("Choose a delegate or type the speaker's name."))
    position = (item.speakers.aggregate(n=Max("position"))["n"] or 0) + 1
    speaker = Speaker.objects.create(
        item=item, delegate=delegate, name=shown, topic=topic.strip(), position=position
    )
    _hall_audit(actor, "speaker.add", congress, item=item.pk, name=shown, topic=speaker.topic)
    return speaker


SPEAKER_MOVES: dict[str, tuple[str, ...]] = {
    SpeakerStatus.WAITING: (SpeakerStatus.SPEAKING, SpeakerStatus.WITHDRAWN),
    SpeakerStatus.SPEAKING: (SpeakerStatus.DONE,),
    SpeakerStatus.DONE: (),
    SpeakerStatus.WITHDRAWN: (SpeakerStatus.WAITING,),
}


@transaction.atomic
def speaker_set(*, actor: Any, speaker: Speaker, status: str) -> Speaker:
    congress = _locked_congress(speaker.item.congress)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if status not in SPEAKER_MOVES.get(speaker.status, ()):
        raise ValidationError(_("Not possible for this speaker now."))
    if status == SpeakerStatus.SPEAKING:
        Speaker.objects.filter(item__congress=congress, status=SpeakerStatus.SPEAKING).update(
            status=SpeakerStatus.DONE
        )
    speaker.status = status
    speaker.save(update_fields=["status"])
    _hall_audit(actor, "speaker.status", congress, speaker=speaker.pk, status=status)
    return speaker


# --- procedural votes -------------------------------------------------------------


@dataclass(frozen=True)
class PresenceCount:
    voting: int  # officials, and alternates in the place of an official who is not there
    everyone: int


def presence_count(sitting: Sitting | None) -> PresenceCount:
    """Who is checked in to a sitting, in one query."""
    if sitting is None:
        return PresenceCount(0, 0)
    present = Attendance.objects.filter(sitting=sitting, status=Presence.PRESENT)
    counts = present.aggregate(
        officials=Count("pk", filter=Q(delegate__kind=DelegateKind.OFFICIAL)),
        alternates=Count(
            "pk",
            filter=Q(delegate__replaces__isnull=False)
            & ~Q(delegate__replaces__in=present.values("delegate_id")),
        ),
        everyone=Count("pk"),
    )
    return PresenceCount(counts["officials"] + counts["alternates"], counts["everyone"])


def eligible_present(sitting: Sitting | None) -> int:
    """Present at the sitting and voting: officials, and alternates in an official's place."""
    return presence_count(sitting).voting


@transaction.atomic
def vote_create(
    *,
    actor: Any,
    congress: Congress,
    subject: str,
    title: str,
    method: str,
    secret: bool = False,
    item: AgendaItem | None = None,
    election: Election | None = None,
) -> ProceduralVote:
    congress = _locked_congress(congress)
    if item is not None and item.congress_id != congress.pk:
        raise ValidationError(_("That item is not on this congress's agenda."))
    if election is not None:
        _check_list_vote(congress, subject, election)
    vote = ProceduralVote(
        congress=congress,
        subject=subject,
        title=title.strip(),
        method=method,
        secret=secret,
        item=item,
        election=election,
    )
    vote.full_clean()
    vote.save()
    _hall_audit(
        actor,
        "vote.create",
        congress,
        vote=vote.pk,
        title=vote.title,
        subject=subject,
        method=method,
        secret=secret,
        election=None if election is None else election.pk,
    )
    return vote


def _check_list_vote(congress: Congress, subject: str, election: Election) -> None:
    """A hall vote may stand for an election's list vote: this congress's, still a draft."""
    if subject != VoteSubject.CANDIDATE_LIST:
        raise ValidationError(_("Only a vote on the candidate list is linked to an election."))
    if election.congress_id != congress.pk:
        raise ValidationError(_("That election is not this congress's."))
    if Election.objects.get(pk=election.pk).status != ElectionStatus.DRAFT:
        raise ValidationError(_("That election's list has already been voted on."))


def _decide_list_vote(actor: Any, vote: ProceduralVote, *, strict: bool) -> bool:
    """A hall vote on an election's list is decided by the elections app, once (RULES.md §4–5).

    The hall's figures become the election's list vote, recorded and decided with the
    election's definition; the hall vote keeps that base and result. ``strict`` (counts
    typed by the counters): a list that cannot take the vote refuses the counts.
    Otherwise (an electronic vote being closed, which must close): the vote closes and
    the list vote is not recorded; False says so. Such a vote is still decided by the
    election's definition, or by the congress's rules when the election has none.
    """
    figures = {"present": vote.present or 0, "agree": vote.agree, "disagree": vote.disagree}
    try:
        _check_list_ready(vote)
        with transaction.atomic():
            decision = election_list_vote_record(
                actor=actor, election_id=vote.election_id or 0, **figures
            )
    except ValidationError:
        if strict:
            raise
        try:
            election = Election.objects.get(pk=vote.election_id or 0)
            decision = list_vote_decision(election, **figures)
        except ValidationError:
            _decide(vote)
            return False
        vote.base, vote.passed = decision.base, decision.passed
        return False
    vote.base, vote.passed = decision.base, decision.passed
    return True


def _check_list_ready(vote: ProceduralVote) -> None:
    election = Election.objects.get(pk=vote.election.pk) if vote.election else None
    if election is None:
        return
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("That election's list has already been voted on."))
    if any(
        level == "error" for level, _m in list_checks(election, definition_or_refusal(election))
    ):
        raise ValidationError(
            _("The election's list does not meet the rules yet: see the election's page.")
        )


def _locked_vote(vote: ProceduralVote) -> ProceduralVote:
    return (
        ProceduralVote.objects.select_for_update()
        .select_related("congress", "congress__unit")
        .get(pk=vote.pk)
    )


def _settle(actor: Any, vote: ProceduralVote, *, strict: bool) -> bool:
    """Decide a vote whose figures are in; True when it was recorded as a list vote."""
    if vote.election_id is None:
        _decide(vote)
        return False
    return _decide_list_vote(actor, vote, strict=strict)


def _decide(vote: ProceduralVote) -> None:
    """The base and "passed" of a hall vote, by the engine and the congress's rules (RULES.md §5).

    Not for a vote on an election's list: the elections app decides that one.
    """
    congress = vote.congress
    base = procedural_vote_base(
        hall_rules(congress),
        hall_electorate(congress),
        present=vote.present or 0,
        votes_cast=vote.agree + vote.disagree,
    )
    vote.base = base
    vote.passed = procedural_vote_passes(vote.agree, base)


@transaction.atomic
def vote_open(*, actor: Any, vote: ProceduralVote) -> ProceduralVote:
    """Open an electronic vote in the sitting in session: present delegates may vote once."""
    vote = _locked_vote(vote)
    if vote.method != VoteMethod.ELECTRONIC:
        raise ValidationError(_("A show of hands is not opened: enter its counts."))
    if vote.status != VoteStatus.DRAFT:
        raise ValidationError(_("This vote has already been opened."))
    sitting = Sitting.objects.filter(congress=vote.congress, status=SittingStatus.OPEN).first()
    if sitting is None:
        raise ValidationError(_("No sitting is in session: open one first."))
    if vote.congress.votes.filter(status=VoteStatus.OPEN).exists():
        raise ValidationError(_("Another vote is open: close it first."))
    if vote.election_id is not None:
        _check_list_ready(vote)
    vote.status, vote.sitting, vote.opened_at = VoteStatus.OPEN, sitting, timezone.now()
    vote.present = eligible_present(sitting)
    vote.save(update_fields=["status", "sitting", "opened_at", "present"])
    forget_open_vote(vote.congress_id)
    _hall_audit(
        actor,
        "vote.open",
        vote.congress,
        vote=vote.pk,
        sitting=sitting.number,
        present=vote.present,
    )
    return vote


def vote_close(*, actor: Any, vote: ProceduralVote) -> ProceduralVote:
    """Close an electronic vote; its counts, base and result are fixed and shown from now on.

    A secret vote first has every ballot box write the choices it still holds
    (``voting.vote_closing``), then closes with the counters complete.
    """
    if vote.method == VoteMethod.ELECTRONIC and vote.secret:
        from daihoi.congresses import voting

        voting.vote_closing(vote_id=vote.pk)
    return _vote_close_counted(actor=actor, vote=vote)


@transaction.atomic
def _vote_close_counted(*, actor: Any, vote: ProceduralVote) -> ProceduralVote:
    vote = _locked_vote(vote)
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("This vote is not open."))
    vote.present = max(eligible_present(vote.sitting), vote.cast)
    cast = vote.casts.count()
    if cast != vote.cast:  # the counters and who has voted were written together
        raise ValidationError(_("The vote's counts do not match who has voted."))
    recorded = _settle(actor, vote, strict=False)
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save()
    forget_open_vote(vote.congress_id)
    _hall_audit(
        actor,
        "vote.close",
        vote.congress,
        vote=vote.pk,
        present=vote.present,
        agree=vote.agree,
        disagree=vote.disagree,
        abstain=vote.abstain,
        base=vote.base,
        passed=vote.passed,
        list_vote_recorded=recorded if vote.election_id else None,
    )
    return vote


@transaction.atomic
def vote_record_hands(
    *,
    actor: Any,
    vote: ProceduralVote,
    present: int,
    agree: int,
    disagree: int,
    abstain: int,
) -> ProceduralVote:
    """The counters' figures of a show of hands; the engine decides whether it passed."""
    vote = _locked_vote(vote)
    if vote.method != VoteMethod.HANDS:
        raise ValidationError(_("An electronic vote is counted by the system."))
    if vote.status == VoteStatus.CLOSED:
        raise ValidationError(_("This vote is closed."))
    if min(present, agree, disagree, abstain) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    refuse_impossible(
        summoned=vote.congress.summoned or None, present=present, agree=agree, disagree=disagree
    )
    if agree + disagree + abstain > present:
        raise ValidationError(_("More votes than delegates present."))
    sitting = Sitting.objects.filter(congress=vote.congress, status=SittingStatus.OPEN).first()
    vote.present, vote.agree, vote.disagree, vote.abstain = present, agree, disagree, abstain
    vote.sitting = vote.sitting or sitting
    recorded = _settle(actor, vote, strict=True)
    now = timezone.now()
    vote.status, vote.opened_at, vote.closed_at = VoteStatus.CLOSED, vote.opened_at or now, now
    vote.save()
    _hall_audit(
        actor,
        "vote.hands",
        vote.congress,
        vote=vote.pk,
        present=present,
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        base=vote.base,
        passed=vote.passed,
        list_vote_recorded=recorded if vote.election_id else None,
    )
    return vote
