"""Delegates, their credentials, and the deductions from the base of the congress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.congresses.models import (
    BaseDeduction,
    Congress,
    Delegate,
    DelegateKind,
    VoteStatus,
    new_checkin_code,
)
from daihoi.congresses.services.common import _hall_audit, _locked_congress
from daihoi.elections.problems import refuse_impossible
from daihoi.organizations.models import Member
from daihoi.organizations.paths import subtree_upper_bound


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
    *, actor: Actor | None, congress: Congress, rows: Sequence[dict[str, Any]], source: str = "form"
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
def delegates_from_members(*, actor: Actor | None, congress: Congress) -> list[Delegate]:
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
    actor: Actor | None,
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
def base_deduction_add(
    *, actor: Actor | None, congress: Congress, reason: str, count: int
) -> BaseDeduction:
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
def base_deduction_remove(*, actor: Actor | None, deduction: BaseDeduction) -> None:
    congress = _locked_congress(deduction.congress)
    _hall_audit(
        actor,
        "congress.deduction_remove",
        congress,
        reason=deduction.reason,
        count=deduction.count,
    )
    deduction.delete()
