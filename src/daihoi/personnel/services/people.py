"""A person's data and the terms they served; every read of them is recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.errors import DomainError
from daihoi.organizations.models import Member, Sex
from daihoi.personnel.models import (
    PersonalRecord,
    ServedTerm,
)

EARLIEST_BIRTH = dt.date(1900, 1, 1)


def check_birth_date(day: dt.date | None, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if day is None:
        return
    if day > today:
        raise DomainError(
            "person.born_in_future",
            gettext_lazy("The date of birth %(d)s is in the future."),
            d=day.strftime("%d/%m/%Y"),
        )
    if day < EARLIEST_BIRTH:
        raise DomainError(
            "person.born_before_1900",
            gettext_lazy("The date of birth %(d)s is before 1900."),
            d=day.strftime("%d/%m/%Y"),
        )


def _check_not_future(day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError(
            "person.date_in_future",
            gettext_lazy("%(field)s %(d)s is in the future."),
            field=label,
            d=day.strftime("%d/%m/%Y"),
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
        raise DomainError("person.sex_unknown", gettext_lazy("Unknown sex “%(sex)s”."), sex=sex)
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
        raise DomainError(
            "served.starts_after_this_year",
            gettext_lazy("A term served cannot start after this year."),
        )
    if end_year is not None and end_year < start_year:
        raise DomainError(
            "served.ends_before_start",
            gettext_lazy("A term cannot end before it starts."),
        )
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


@transaction.atomic
def person_read(*, actor: Actor | None, member: Member, purpose: str = "read") -> None:
    """Log a read of a person's page, or an export of everything kept about them."""
    audit_change(actor, f"personnel.person.{purpose}", member, unit_path=member.unit.path)
