"""A congress's dossiers and their documents; every read of one is recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress
from daihoi.errors import DomainError
from daihoi.organizations.models import Member
from daihoi.personnel.models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    Nomination,
    Post,
)
from daihoi.personnel.services.people import _check_not_future

# --- dossiers ---------------------------------------------------------------------------


def _check_member_of(congress: Congress, member: Member) -> None:
    if not congress.unit.contains(member.unit):
        raise DomainError(
            "dossier.member_outside_congress",
            gettext_lazy(
                "%(name)s is a member of %(unit)s, not of %(congress)s or a unit below it: "
                "a dossier is made by the unit the person belongs to."
            ),
            name=member.full_name,
            unit=member.unit.name,
            congress=congress.unit.name,
        )


def _check_dossier(
    congress: Congress, member: Member, nomination: str, filed_on: dt.date | None
) -> None:
    _check_member_of(congress, member)
    if nomination not in Nomination.values:
        raise DomainError(
            "dossier.nomination_unknown",
            gettext_lazy("Unknown nomination “%(nomination)s”."),
            nomination=nomination,
        )
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
        raise DomainError(
            "dossier.already_exists",
            gettext_lazy("%(name)s already has a dossier for this congress."),
            name=member.full_name,
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
        raise DomainError(
            "dossier.document_kind_unknown",
            gettext_lazy("Unknown kind of document “%(kind)s”."),
            kind=kind,
        )
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
