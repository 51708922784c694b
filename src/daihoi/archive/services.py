"""Gathering a congress's dossier and writing it as one signed archive.

What goes in is what the portal already produces for the congress (each
file as its own page offers it):

- ``dai-hoi/``: the congress minutes and resolution (PDF, DOCX) once a sitting
  exists; the credentials report (PDF, DOCX) once delegates exist;
- ``bau-cu/<id>-<kind>-vong-<round>/``: each election's ``election.json``
  (``daihoi/election@1``) and ballot paper (when it can be drawn); once sealed,
  its ``result.json`` (``daihoi/result@1``), ``ballots.jsonl``
  (``daihoi/ballots@1``, sorted, without refs: nothing tells the counting
  order or any ballot's origin), the counting minutes (PDF, DOCX) and the
  signed result package ``goi-ket-qua.json`` (``daihoi/package@1``);
- ``chi-tieu/``: the review of the closing term's resolution (DOCX, XLSX),
  when the unit has targets for that term;
- ``gop-y/``: the report of comments of each consultation round on the
  unit's drafts of the term (PDF, DOCX);
- ``nhat-ky/audit.jsonl``: the audit entries on the congress and its
  elections, in chain order, each with its hash.

Left out on purpose: everything of the personnel app (dossiers, the cadre
pool, the introduction steps and their results, and their audit entries),
and a hall vote's individual choices (``choice`` is removed from ``vote.cast``
entries, which say so in ``redacted``). No file links a ballot to a voter.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import daihoi
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_record
from daihoi.congresses import documents as congress_documents
from daihoi.congresses.models import Congress
from daihoi.consultation.exports import report_data, report_place
from daihoi.consultation.models import Draft
from daihoi.core.ballots.layout import LayoutError
from daihoi.core.congress_archive import (
    ArchiveError,
    ArchiveMeta,
    Part,
    VerifiedArchive,
    build_archive,
    verify_archive,
    write_archive,
)
from daihoi.core.elections import InvalidInput
from daihoi.core.package import PackageError, ballots_part
from daihoi.documents.comment_report import render_comment_report_docx, render_comment_report_pdf
from daihoi.elections import documents as election_documents
from daihoi.elections.definition import election_json
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.packages import package_build, station_key
from daihoi.elections.selectors import counted_ballots
from daihoi.elections.services import refuse_while_testing
from daihoi.targets import exports as target_exports
from daihoi.targets import selectors as target_selectors
from daihoi.targets.models import State, Target

#: Audit actions whose entries are not the congress's to hand over.
_LEFT_OUT_ACTIONS = "personnel."
#: Fields removed from an audit entry's ``after`` before it goes in, by action.
_REDACTED = {"vote.cast": ("choice",)}


def _pretty(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _congress_parts(congress: Congress) -> list[Part]:
    parts = []
    if congress.sittings.exists():
        parts += [
            Part("dai-hoi/bien-ban-dai-hoi.pdf", congress_documents.minutes_pdf(congress)),
            Part("dai-hoi/bien-ban-dai-hoi.docx", congress_documents.minutes_docx(congress)),
            Part("dai-hoi/nghi-quyet.pdf", congress_documents.resolution_pdf(congress)),
            Part("dai-hoi/nghi-quyet.docx", congress_documents.resolution_docx(congress)),
        ]
    if congress.delegates.exists():
        parts += [
            Part(
                "dai-hoi/bao-cao-tham-tra-tu-cach.pdf", congress_documents.credentials_pdf(congress)
            ),
            Part(
                "dai-hoi/bao-cao-tham-tra-tu-cach.docx",
                congress_documents.credentials_docx(congress),
            ),
        ]
    return parts


def _election_parts(election: Election) -> list[Part]:
    folder = f"bau-cu/{election.pk}-{election.kind.replace('_', '-')}-vong-{election.round}/"
    parts = [Part(folder + "election.json", _pretty(election_json(election)))]
    # No list to print yet: the election's page refuses the ballot the same way.
    with contextlib.suppress(InvalidInput, LayoutError):
        parts.append(Part(folder + "phieu-bau.pdf", election_documents.ballot_pdf(election)))
    if election.status != ElectionStatus.FINALISED or election.result is None:
        return parts
    try:
        package, _fingerprint = package_build(election=election)
    except PackageError as exc:
        raise ValidationError(
            _("The signed result package of %(title)s cannot be built: %(reason)s")
            % {
                "title": election.title,
                "reason": exc.message("en" if get_language() == "en" else "vi"),
            }
        ) from None
    return [
        *parts,
        Part(folder + "result.json", _pretty(election.result)),
        Part(folder + "ballots.jsonl", ballots_part(f"e{election.pk}", counted_ballots(election))),
        Part(folder + "bien-ban-kiem-phieu.pdf", election_documents.minutes_pdf(election)),
        Part(folder + "bien-ban-kiem-phieu.docx", election_documents.minutes_docx(election)),
        Part(folder + "goi-ket-qua.json", package),
    ]


def _target_parts(congress: Congress) -> list[Part]:
    closing = target_selectors.previous_term(congress.term)
    adopted = Target.objects.filter(unit=congress.unit, term=closing, state=State.ADOPTED)
    if closing is None or not adopted.exists():
        return []
    review = target_selectors.review(congress.unit, closing)
    name = f"chi-tieu/danh-gia-chi-tieu-{congress.unit.code}-{closing.start_year}"
    return [
        Part(name + ".docx", target_exports.review_docx(review, timezone.localdate())),
        Part(name + ".xlsx", target_exports.review_xlsx(review)),
    ]


def _consultation_parts(congress: Congress) -> list[Part]:
    parts = []
    drafts = Draft.objects.filter(unit=congress.unit, term=congress.term).order_by("pk")
    for draft in drafts.select_related("unit__parent"):
        for round_ in draft.rounds.order_by("pk"):
            # The requester holds a role on the draft's unit: the whole round is theirs to read.
            report = report_data(round_, place=report_place(draft.unit))
            name = f"gop-y/bao-cao-tong-hop-y-kien-{draft.pk}-{round_.pk}"
            parts += [
                Part(name + ".pdf", render_comment_report_pdf(report)),
                Part(name + ".docx", render_comment_report_docx(report)),
            ]
    return parts


def audit_extract(congress: Congress, election_ids: list[int]) -> bytes:
    """The audit entries on the congress and its elections, one JSON object a line."""
    entries = (
        AuditEntry.objects.filter(
            Q(object_type="congress", object_id=str(congress.pk))
            | Q(object_type="election", object_id__in=[str(i) for i in election_ids])
        )
        .exclude(action__startswith=_LEFT_OUT_ACTIONS)
        .order_by("seq")
    )
    lines = []
    for e in entries.iterator(chunk_size=2000):
        record: dict[str, Any] = {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "unit_path": e.unit_path,
            "before": e.before,
            "after": e.after,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        after = e.after if isinstance(e.after, dict) else {}
        hidden = [f for f in _REDACTED.get(e.action, ()) if f in after]
        if hidden:
            record["after"] = {k: v for k, v in after.items() if k not in hidden}
            record["redacted"] = [f"after.{f}" for f in hidden]
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder))
    return "".join(line + "\n" for line in lines).encode("utf-8")


def archive_parts(congress: Congress) -> list[Part]:
    """Every file of the congress's dossier, in the archive's order."""
    elections = list(Election.objects.filter(congress=congress).order_by("pk"))
    for election in elections:
        refuse_while_testing(election)  # a test's data is not the congress's record
    parts = _congress_parts(congress)
    for election in elections:
        parts += _election_parts(election)
    parts += _target_parts(congress)
    parts += _consultation_parts(congress)
    parts.append(Part("nhat-ky/audit.jsonl", audit_extract(congress, [e.pk for e in elections])))
    return parts


def archive_meta(congress: Congress) -> ArchiveMeta:
    return ArchiveMeta(
        congress_id=congress.pk,
        congress=str(congress),
        unit_code=congress.unit.code,
        unit_name=congress.unit.name,
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        software=f"daihoi {daihoi.__version__}",
    )


def _audit(actor: Any, congress: Congress, archive: VerifiedArchive) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="congress.archive",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            after={
                "files": len(archive.files),
                "bytes": sum(f.size for f in archive.files),
                "created_at": archive.meta.created_at,
                "fingerprint": archive.fingerprint,
            },
        )


def _signing_key() -> Ed25519PrivateKey:
    """The station key, opened with its passphrase when one is set; a key that
    cannot be opened refuses the archive before anything is written."""
    try:
        return station_key()
    except PackageError as exc:
        raise ValidationError(
            _("The archive cannot be signed: %(reason)s")
            % {"reason": exc.message("en" if get_language() == "en" else "vi")}
        ) from None


def archive_write(*, actor: Any, congress: Congress, stream: IO[bytes]) -> VerifiedArchive:
    """The archive into ``stream`` (seekable, empty), read back, and its making audited.

    The caller checked that ``actor`` may take the whole dossier (Perm.AUDIT).
    """
    parts = archive_parts(congress)
    key = _signing_key()
    build_archive(stream, parts, archive_meta(congress), key)
    stream.seek(0)
    try:
        archive = verify_archive(stream)
    except ArchiveError as exc:  # a bug, not an input: say so rather than hand it out
        raise ValidationError(str(exc)) from None
    stream.seek(0)
    _audit(actor, congress, archive)
    return archive


def archive_to_file(*, actor: Any, congress: Congress, path: Path) -> VerifiedArchive:
    """The archive written to ``path`` whole or not at all (``ArchiveError`` otherwise)."""
    parts = archive_parts(congress)
    key = _signing_key()
    archive = write_archive(path, parts, archive_meta(congress), key)
    _audit(actor, congress, archive)
    return archive
