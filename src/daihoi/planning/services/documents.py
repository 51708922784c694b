"""Directives and plans: the document, its file, its structure targets and its deadlines."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Term
from daihoi.errors import DomainError
from daihoi.organizations.models import Level, Unit
from daihoi.planning.models import (
    Document,
    Milestone,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
TARGET_FIELDS = ("target_women", "target_young", "target_minority", "target_renewal")
DOCUMENT_FIELDS = (
    "issuer_id",
    "issued_by",
    "term_id",
    "kind",
    "number",
    "issued_on",
    "title",
    "implements_id",
    "report_days",
    *TARGET_FIELDS,
    "file_name",
    "file_sha256",
)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


# --- documents and milestones -----------------------------------------------------------


def _check_implements(issuer: Unit, term: Term, implements: Document | None) -> None:
    if implements is None:
        return
    if implements.term_id != term.pk:
        raise DomainError(
            "document.implements_other_term",
            gettext_lazy("A document implements a document of the same term."),
        )
    if not issuer.path.startswith(implements.issuer.path):
        raise DomainError(
            "document.implements_below",
            gettext_lazy("A document implements a document of its own unit or of a unit above it."),
        )


def _check_file(file_name: str, data: bytes) -> str:
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise DomainError(
            "document.file_type",
            gettext_lazy("Only these files are accepted: %(types)s."),
            types=", ".join(sorted(FILE_TYPES)),
        )
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("document.file_too_large", gettext_lazy("The file is larger than 10 MB."))
    if not data:
        raise DomainError("document.file_empty", gettext_lazy("The file is empty."))
    return FILE_TYPES[suffix]


def _check_targets(values: dict[str, Decimal | None]) -> None:
    for name, value in values.items():
        if value is not None and not (0 <= value <= 100):
            raise DomainError(
                "document.target_share",
                gettext_lazy("A target share is between 0 and 100 percent."),
            )
        if name not in TARGET_FIELDS:
            raise ValueError(name)


@transaction.atomic
def document_create(
    *,
    actor: Actor | None,
    issuer: Unit,
    term: Term,
    kind: str,
    number: str,
    issued_on: dt.date,
    title: str,
    implements: Document | None = None,
    report_days: int | None = None,
    targets: dict[str, Decimal | None] | None = None,
    file_name: str = "",
    file_data: bytes | None = None,
    issued_by: str = "",
) -> Document:
    number = " ".join(number.split())
    _check_implements(issuer, term, implements)
    _check_targets(targets or {})
    if Document.objects.filter(issuer=issuer, term=term, number=number).exists():
        raise DomainError(
            "document.number_taken",
            gettext_lazy("%(unit)s already has a document numbered %(number)s in this term."),
            unit=issuer.name,
            number=number,
        )
    document = Document(
        issuer=issuer,
        issued_by=" ".join(issued_by.split()),
        term=term,
        kind=kind,
        number=number,
        issued_on=issued_on,
        title=title.strip(),
        implements=implements,
        report_days=report_days,
        **(targets or {}),
    )
    if file_data is not None:
        document.file_type = _check_file(file_name, file_data)
        document.file_name = PurePath(file_name).name[:255]
        document.file_data = file_data
        document.file_sha256 = hashlib.sha256(file_data).hexdigest()
    document.full_clean(exclude=["file_data"])
    document.save()
    audit_record(
        actor=actor,
        action="document.create",
        object_type="document",
        object_id=document.pk,
        unit_path=issuer.path,
        after=_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def document_update(
    *,
    actor: Actor | None,
    document: Document,
    kind: str,
    number: str,
    issued_on: dt.date,
    title: str,
    implements: Document | None,
    report_days: int | None,
    targets: dict[str, Decimal | None],
    file_name: str = "",
    file_data: bytes | None = None,
    issued_by: str = "",
) -> Document:
    document = (
        Document.objects.select_for_update()
        .select_related("issuer", "term")
        .defer("file_data")
        .get(pk=document.pk)
    )
    before = _snapshot(document, DOCUMENT_FIELDS)
    number = " ".join(number.split())
    if implements is not None and implements.pk == document.pk:
        raise DomainError(
            "document.implements_itself", gettext_lazy("A document cannot implement itself.")
        )
    _check_implements(document.issuer, document.term, implements)
    _check_targets(targets)
    # A chain of "implements" never loops: walk up from the new upper document.
    seen, up = {document.pk}, implements
    while up is not None:
        if up.pk in seen:
            raise DomainError(
                "document.implements_loop",
                gettext_lazy("The documents would implement each other in a loop."),
            )
        seen.add(up.pk)
        up = up.implements
    if (
        Document.objects.filter(issuer=document.issuer, term=document.term, number=number)
        .exclude(pk=document.pk)
        .exists()
    ):
        raise DomainError(
            "document.number_taken",
            gettext_lazy("%(unit)s already has a document numbered %(number)s in this term."),
            unit=document.issuer.name,
            number=number,
        )
    document.kind, document.number, document.issued_on = kind, number, issued_on
    document.issued_by = " ".join(issued_by.split())
    document.title, document.implements, document.report_days = (
        title.strip(),
        implements,
        report_days,
    )
    for name, value in targets.items():
        setattr(document, name, value)
    fields = [
        "kind",
        "number",
        "issued_on",
        "issued_by",
        "title",
        "implements",
        "report_days",
        *TARGET_FIELDS,
    ]
    if file_data is not None:
        document.file_type = _check_file(file_name, file_data)
        document.file_name = PurePath(file_name).name[:255]
        document.file_data = file_data
        document.file_sha256 = hashlib.sha256(file_data).hexdigest()
        fields += ["file_type", "file_name", "file_data", "file_sha256"]
    document.full_clean(exclude=["file_data", "issuer", "term", "implements"])
    document.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="document.update",
        object_type="document",
        object_id=document.pk,
        unit_path=document.issuer.path,
        before=before,
        after=_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor | None, document: Document) -> None:
    document = (
        Document.objects.select_for_update()
        .select_related("issuer")
        .defer("file_data")
        .get(pk=document.pk)
    )
    if document.implemented_by.exists():
        raise DomainError(
            "document.implemented",
            gettext_lazy("Other documents implement %(number)s: it cannot be deleted."),
            number=document.number,
        )
    before = _snapshot(document, DOCUMENT_FIELDS)
    before["milestones"] = list(document.milestones.values("level_id", "unit_id", "pilot", "due"))
    pk, path = document.pk, document.issuer.path
    document.delete()
    audit_record(
        actor=actor,
        action="document.delete",
        object_type="document",
        object_id=pk,
        unit_path=path,
        before=before,
    )


@transaction.atomic
def milestone_add(
    *,
    actor: Actor | None,
    document: Document,
    due: dt.date,
    level: Level | None = None,
    unit: Unit | None = None,
    pilot: bool = False,
    note: str = "",
) -> Milestone:
    """A deadline for the congresses of a level (or its pilot congresses), or of one unit."""
    issuer = document.issuer
    if (level is None) == (unit is None):
        raise DomainError(
            "milestone.level_or_unit", gettext_lazy("Choose a level or a unit, not both.")
        )
    if unit is not None:
        if pilot:
            raise DomainError(
                "milestone.pilot_with_unit",
                gettext_lazy("“Pilot congresses only” goes with a level, not a unit."),
            )
        if not issuer.contains(unit):
            raise DomainError(
                "milestone.unit_not_below_issuer",
                gettext_lazy("%(unit)s is not below %(issuer)s."),
                unit=unit.name,
                issuer=issuer.name,
            )
        if document.milestones.filter(unit=unit).exists():
            raise DomainError(
                "milestone.already_set",
                gettext_lazy("This document already has a deadline for %(whom)s."),
                whom=unit.name,
            )
    if level is not None:
        if level.rank < issuer.level.rank:
            raise DomainError(
                "milestone.level_above_issuer",
                gettext_lazy("%(issuer)s sets no deadline for the level above it (%(level)s)."),
                issuer=issuer.name,
                level=level.name,
            )
        if document.milestones.filter(level=level, pilot=pilot).exists():
            raise DomainError(
                "milestone.already_set",
                gettext_lazy("This document already has a deadline for %(whom)s."),
                whom=level.name + (" (" + _("pilot congresses") + ")" if pilot else ""),
            )
    milestone = Milestone.objects.create(
        document=document, level=level, unit=unit, pilot=pilot, due=due, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="milestone.add",
        object_type="document",
        object_id=document.pk,
        unit_path=issuer.path,
        after={
            "milestone": milestone.pk,
            "level_id": milestone.level_id,
            "unit_id": milestone.unit_id,
            "pilot": pilot,
            "due": due,
            "note": milestone.note,
        },
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Actor | None, milestone: Milestone) -> None:
    document = milestone.document
    before = {
        "milestone": milestone.pk,
        "level_id": milestone.level_id,
        "unit_id": milestone.unit_id,
        "pilot": milestone.pilot,
        "due": milestone.due,
        "note": milestone.note,
    }
    milestone.delete()
    audit_record(
        actor=actor,
        action="milestone.remove",
        object_type="document",
        object_id=document.pk,
        unit_path=document.issuer.path,
        before=before,
    )
