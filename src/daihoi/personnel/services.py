"""Writes of the personnel app: atomic, validated whole, each with its audit entry.

The audit chain cannot be edited or cut, while personal data must be erasable
after the congress: so the entries here name the objects by id and the fields
that changed, never a name, a birth date or a document's content. Reading a
dossier or exporting a person's data is recorded too (``dossier_read``,
``person_export_read``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_change, audit_record
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.core.elections.lists import check_surplus
from daihoi.core.elections.rules import apply_overrides, builtin_profile
from daihoi.elections.models import Election, ElectionKind, ElectionStatus
from daihoi.elections.services import candidates_add_many
from daihoi.organizations.models import Level, Member, Sex, Unit
from daihoi.personnel.models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    Nomination,
    PersonalRecord,
    Post,
    ReferenceDate,
    RuleSet,
    ServedTerm,
)
from daihoi.personnel.selectors import LIST_KINDS

EARLIEST_BIRTH = dt.date(1900, 1, 1)


def check_birth_date(day: dt.date | None, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if day is None:
        return
    if day > today:
        raise ValidationError(
            _("The date of birth %(d)s is in the future.") % {"d": day.strftime("%d/%m/%Y")}
        )
    if day < EARLIEST_BIRTH:
        raise ValidationError(
            _("The date of birth %(d)s is before 1900.") % {"d": day.strftime("%d/%m/%Y")}
        )


def _check_not_future(day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(
            _("%(field)s %(d)s is in the future.") % {"field": label, "d": day.strftime("%d/%m/%Y")}
        )


# --- a person's data --------------------------------------------------------------------


@transaction.atomic
def person_update(
    *,
    actor: Actor | None,
    member: Member,
    sex: str,
    birth_date: dt.date | None,
    ethnicity: str,
    education: str,
    political_theory: str,
    current_post: str,
) -> PersonalRecord:
    """Correct the member's personal data and the record personnel work keeps beside it."""
    if sex not in Sex.values:
        raise ValidationError(_("Unknown sex “%s”.") % sex)
    check_birth_date(birth_date)
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    changed = [
        name
        for name, value in (("sex", sex), ("birth_date", birth_date), ("ethnicity", ethnicity))
        if getattr(member, name) != value
    ]
    member.sex, member.birth_date, member.ethnicity = sex, birth_date, ethnicity.strip()
    member.save(update_fields=["sex", "birth_date", "ethnicity"])
    record, _created = PersonalRecord.objects.get_or_create(member=member)
    for name, value in (
        ("education", education),
        ("political_theory", political_theory),
        ("current_post", current_post),
    ):
        if getattr(record, name) != value.strip():
            changed.append(name)
            setattr(record, name, value.strip())
    record.full_clean()
    record.save()
    audit_change(
        actor, "personnel.person.update", member, unit_path=member.unit.path, fields=changed
    )
    return record


@transaction.atomic
def served_term_add(
    *,
    actor: Actor | None,
    member: Member,
    post: str,
    body: str,
    start_year: int,
    end_year: int | None,
) -> ServedTerm:
    this_year = timezone.localdate().year
    if start_year > this_year:
        raise ValidationError(_("A term served cannot start after this year."))
    if end_year is not None and end_year < start_year:
        raise ValidationError(_("A term cannot end before it starts."))
    served = ServedTerm(
        member=member, post=post, body=body.strip(), start_year=start_year, end_year=end_year
    )
    served.full_clean()
    served.save()
    audit_change(
        actor, "personnel.term.add", member, unit_path=member.unit.path, term=served.pk, post=post
    )
    return served


@transaction.atomic
def served_term_remove(*, actor: Actor | None, served: ServedTerm) -> None:
    member = served.member
    audit_change(actor, "personnel.term.remove", member, unit_path=member.unit.path, term=served.pk)
    served.delete()


# --- dossiers ---------------------------------------------------------------------------


def _check_member_of(congress: Congress, member: Member) -> None:
    if not congress.unit.contains(member.unit):
        raise ValidationError(
            _(
                "%(name)s is a member of %(unit)s, not of %(congress)s or a unit below it: "
                "a dossier is made by the unit the person belongs to."
            )
            % {"name": member.full_name, "unit": member.unit.name, "congress": congress.unit.name}
        )


def _check_dossier(
    congress: Congress, member: Member, nomination: str, filed_on: dt.date | None
) -> None:
    _check_member_of(congress, member)
    if nomination not in Nomination.values:
        raise ValidationError(_("Unknown nomination “%s”.") % nomination)
    _check_not_future(filed_on, _("The filing date"))


@transaction.atomic
def dossier_create(
    *,
    actor: Actor | None,
    congress: Congress,
    member: Member,
    post: str = Post.COMMITTEE,
    nomination: str = Nomination.PROPOSED,
    reelection: bool = False,
    filed_on: dt.date | None = None,
    on_list: bool = True,
    note: str = "",
) -> Dossier:
    _check_dossier(congress, member, nomination, filed_on)
    if Dossier.objects.filter(congress=congress, member=member).exists():
        raise ValidationError(
            _("%(name)s already has a dossier for this congress.") % {"name": member.full_name}
        )
    dossier = Dossier(
        congress=congress,
        member=member,
        post=post,
        nomination=nomination,
        reelection=reelection,
        filed_on=filed_on,
        on_list=on_list,
        note=note.strip(),
    )
    dossier.full_clean()
    dossier.save()
    audit_change(
        actor,
        "personnel.dossier.create",
        dossier,
        unit_path=congress.unit.path,
        member=member.pk,
        post=post,
    )
    return dossier


@transaction.atomic
def dossier_update(
    *,
    actor: Actor | None,
    dossier: Dossier,
    post: str,
    nomination: str,
    reelection: bool,
    filed_on: dt.date | None,
    on_list: bool,
    note: str,
) -> Dossier:
    _check_dossier(dossier.congress, dossier.member, nomination, filed_on)
    values = {
        "post": post,
        "nomination": nomination,
        "reelection": reelection,
        "filed_on": filed_on,
        "on_list": on_list,
        "note": note.strip(),
    }
    changed = [k for k, v in values.items() if getattr(dossier, k) != v]
    for k, v in values.items():
        setattr(dossier, k, v)
    dossier.full_clean()
    dossier.save()
    audit_change(
        actor,
        "personnel.dossier.update",
        dossier,
        unit_path=dossier.congress.unit.path,
        fields=changed,
    )
    return dossier


@transaction.atomic
def dossier_remove(*, actor: Actor | None, dossier: Dossier) -> None:
    audit_change(actor, "personnel.dossier.remove", dossier, unit_path=dossier.congress.unit.path)
    dossier.delete()


@transaction.atomic
def document_add(
    *,
    actor: Actor | None,
    dossier: Dossier,
    kind: str,
    issuer: str,
    issued_on: dt.date,
    title: str = "",
    number: str = "",
) -> DossierDocument:
    """Record a document of the dossier as issued (a conclusion is recorded, never scored)."""
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown kind of document “%s”.") % kind)
    _check_not_future(issued_on, _("The document's date"))
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        issuer=issuer.strip(),
        issued_on=issued_on,
        title=title.strip(),
        number=number.strip(),
    )
    document.full_clean()
    document.save()
    audit_change(
        actor,
        "personnel.document.add",
        dossier,
        unit_path=dossier.congress.unit.path,
        document=document.pk,
        kind=kind,
    )
    return document


@transaction.atomic
def document_remove(*, actor: Actor | None, document: DossierDocument) -> None:
    dossier = document.dossier
    audit_change(
        actor,
        "personnel.document.remove",
        dossier,
        unit_path=dossier.congress.unit.path,
        document=document.pk,
    )
    document.delete()


@transaction.atomic
def dossier_read(*, actor: Actor | None, dossier: Dossier, purpose: str = "read") -> None:
    """Log that ``actor`` read (or exported) the dossier: every read of personal data is kept."""
    audit_change(
        actor, f"personnel.dossier.{purpose}", dossier, unit_path=dossier.congress.unit.path
    )


@transaction.atomic
def person_read(*, actor: Actor | None, member: Member, purpose: str = "read") -> None:
    """Log a read of a person's page, or an export of everything kept about them."""
    audit_change(actor, f"personnel.person.{purpose}", member, unit_path=member.unit.path)


# --- the term's rules -------------------------------------------------------------------


RULE_FIELDS = (
    "first_time_months",
    "first_time_source",
    "reelection_months",
    "reelection_source",
    "secretary_max_terms",
    "term_limit_source",
    "self_nominee_deadline",
    "filing_source",
    "reference_source",
    "young_age",
    "target_women",
    "target_young",
    "target_minority",
    "target_renewal",
    "targets_source",
)


@transaction.atomic
def ruleset_save(
    *,
    actor: Actor | None,
    unit: Unit,
    term: Term,
    values: Mapping[str, Any],
    reference_dates: Mapping[int, dt.date | None],
) -> RuleSet:
    """Set the unit's rules for the term and its age reference date per level (all or none)."""
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown rule: %s") % ", ".join(sorted(unknown)))
    for name in ("target_women", "target_young", "target_minority", "target_renewal"):
        v = values.get(name)
        if v is not None and not Decimal(0) <= Decimal(v) <= Decimal(100):
            raise ValidationError(_("A target is a share between 0 and 100%."))
    levels = {lv.pk: lv for lv in Level.objects.filter(pk__in=list(reference_dates))}
    if len(levels) != len(reference_dates):
        raise ValidationError(_("Unknown level."))
    ruleset, _created = RuleSet.objects.select_for_update().get_or_create(unit=unit, term=term)
    changed = [k for k, v in values.items() if getattr(ruleset, k) != v]
    for k, v in values.items():
        setattr(ruleset, k, v)
    ruleset.full_clean()
    ruleset.save()
    for level_id, on in reference_dates.items():
        current = ReferenceDate.objects.filter(rules=ruleset, level_id=level_id).first()
        if on is None:
            if current is not None:
                current.delete()
                changed.append(f"reference:{levels[level_id].code}")
        elif current is None or current.on != on:
            ReferenceDate.objects.update_or_create(
                rules=ruleset, level_id=level_id, defaults={"on": on}
            )
            changed.append(f"reference:{levels[level_id].code}")
    audit_record(
        actor=actor,
        action="personnel.rules.save",
        object_type="personnel_rules",
        object_id=ruleset.pk,
        unit_path=unit.path,
        after={
            "term": str(term),
            "changed": changed,
            **{k: values[k] for k in changed if k in values},
        },
    )
    return ruleset


# --- the candidate list -----------------------------------------------------------------


@dataclass(frozen=True)
class Handover:
    added: int
    already: int
    total: int


def _election_rules(election: Election) -> Any:
    errors: list[Any] = []
    return apply_overrides(builtin_profile(election.profile).rules, election.rules, "rules", errors)


def list_surplus(election: Election, names: int) -> tuple[Any, Any]:
    """The engine's surplus check (RULES.md §4) for ``names`` on the election's list."""
    rules = _election_rules(election)
    common = {"kind": election.kind, "seats": election.seats, "candidates": names, "rules": rules}
    return (
        check_surplus(stage="proposal", **common),
        check_surplus(stage="congress", **common),
    )


def handover_plan(congress: Congress, election: Election) -> tuple[list[Dossier], int, int]:
    """(dossiers to add, dossiers already on the election's list, names the list would have)."""
    dossiers = list(
        Dossier.objects.filter(congress=congress, on_list=True, post__in=_posts_for(election.kind))
        .select_related("member", "member__unit")
        .order_by("member__name_order", "pk")
    )
    present = set(
        election.candidates.filter(withdrawn=False, member__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    kept = election.candidates.filter(withdrawn=False).count()
    new = [d for d in dossiers if d.member_id not in present]
    return new, len(dossiers) - len(new), kept + len(new)


@transaction.atomic
def list_handover(*, actor: Actor | None, congress: Congress, election: Election) -> Handover:
    """Hand the proposed list to a committee election of the congress, through its services.

    Names already on the election's list (the same member) are not added twice.
    A list the engine refuses — not more names than seats, or more than 30%
    over, which needs the congress's poll — is not handed over.
    """
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.congress_id != congress.pk:
        raise ValidationError(_("That election is not of this congress."))
    if election.kind not in LIST_KINDS:
        raise ValidationError(_("Only committee and standing committee lists come from dossiers."))
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("The election's list is no longer in preparation."))
    new, already, total = handover_plan(congress, election)
    if not new and not already:
        raise ValidationError(_("No dossier is on the proposed list."))
    _proposal, at_congress = list_surplus(election, total)
    if at_congress.needs_poll or not at_congress.ok:
        raise ValidationError(
            _(
                "%(n)d names for %(seats)d seats: the list must have between %(least)d and "
                "%(most)d names (190-QĐ/TW Art. 14). Nothing was handed over."
            )
            % {
                "n": total,
                "seats": election.seats,
                "least": at_congress.least,
                "most": at_congress.most if at_congress.most is not None else total,
            }
        )
    rows = [
        {
            "full_name": d.member.full_name,
            "note": ", ".join(
                p
                for p in (
                    str(d.member.birth_date.year) if d.member.birth_date else "",
                    d.member.unit.name,
                )
                if p
            ),
            "born": d.member.birth_date,
            "member_id": d.member_id,
        }
        for d in new
    ]
    candidates_add_many(actor=actor, election=election, rows=rows)
    audit_record(
        actor=actor,
        action="personnel.list.handover",
        object_type="election",
        object_id=election.pk,
        unit_path=congress.unit.path,
        after={"dossiers": [d.pk for d in new], "already": already},
    )
    return Handover(added=len(new), already=already, total=total)


def _posts_for(kind: str) -> Sequence[str]:
    """Every proposed post is a committee seat; the standing committee list takes its posts."""
    if kind == ElectionKind.STANDING_COMMITTEE:
        return [Post.STANDING, Post.SECRETARY, Post.DEPUTY]
    return [Post.COMMITTEE, Post.STANDING, Post.SECRETARY, Post.DEPUTY]


# --- retention --------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    congress: Congress
    approved_on: dt.date
    dossiers: int
    documents: int
    records: int


def approved_on(congress: Congress) -> dt.date | None:
    """The day the congress's results were approved, from the audit chain (the last approval)."""
    entry = (
        AuditEntry.objects.filter(
            action="congress.status",
            object_type="congress",
            object_id=str(congress.pk),
            after__status=CongressStatus.RESULTS_APPROVED,
        )
        .order_by("-seq")
        .first()
    )
    return timezone.localdate(entry.at) if entry else None


def due_for_erasure(today: dt.date, days: int) -> list[tuple[Congress, dt.date]]:
    congresses = (
        Congress.objects.filter(status=CongressStatus.RESULTS_APPROVED, dossiers__isnull=False)
        .distinct()
        .select_related("unit", "term")
    )
    due = []
    for congress in congresses:
        day = approved_on(congress)
        if day is not None and day + dt.timedelta(days=days) < today:
            due.append((congress, day))
    return due


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
