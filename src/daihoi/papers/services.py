"""The writes of congress papers: publish, add a version, withdraw, publish again, a read.

Each runs in one transaction with its audit entry; a refusal (a
:class:`daihoi.errors.DomainError` naming the field) leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress, Delegate
from daihoi.consultation.models import Version
from daihoi.core import paper_files
from daihoi.core.texts.paragraphs import TextError
from daihoi.errors import DomainError
from daihoi.papers.models import Paper, PaperKind, PaperRead, PaperVersion, VersionFormat
from daihoi.papers.selectors import draft_versions_for

TITLE_MAX = 300


def _audit(actor: Actor | None, action: str, paper: Paper, **data: Any) -> None:
    congress = paper.congress
    audit_change(
        actor, action, paper, unit_path=congress.unit.path, after={"congress": congress.pk, **data}
    )


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise DomainError("paper.title_empty", gettext_lazy("Title: enter the paper's title."))
    if len(title) > TITLE_MAX:
        raise DomainError(
            "paper.title_long",
            gettext_lazy("Title: at most %(max)d characters."),
            max=TITLE_MAX,
        )
    return title


def _check_kind(kind: str) -> None:
    if kind not in PaperKind.values:
        raise DomainError("paper.kind", gettext_lazy("Kind: choose one of the list."))


def _file_version(file_name: str, data: bytes) -> dict[str, Any]:
    """The fields of a version made from an uploaded file, or a refusal naming the file."""
    if not data:
        raise DomainError("paper.file_empty", gettext_lazy("File: the file is empty."))
    if len(data) > paper_files.MAX_BYTES:
        raise DomainError(
            "paper.file_too_large",
            gettext_lazy("File: “%(file)s” is larger than 20 MB."),
            file=file_name,
        )
    kind = paper_files.kind_of(data)
    if kind is None:
        raise DomainError(
            "paper.file_type",
            gettext_lazy("File: “%(file)s” is neither a PDF nor a Word (.docx) file."),
            file=file_name,
        )
    body: list[dict[str, Any]] = []
    if kind == paper_files.DOCX:
        try:
            body = [asdict(b) for b in paper_files.docx_blocks(data)]
        except TextError as error:
            raise DomainError(
                "paper.docx_unreadable",
                gettext_lazy("File: “%(file)s” cannot be read as a Word file."),
                file=file_name,
            ) from error
    return {
        "format": kind,
        "file_name": file_name[-255:],
        "data": data,
        "size": len(data),
        "body": body,
    }


def _draft_version(congress: Congress, version: Version) -> dict[str, Any]:
    """The fields of a version copied from a consultation draft's version of this congress."""
    if version.pk not in {v.pk for v in draft_versions_for(congress)}:
        raise DomainError(
            "paper.draft_foreign",
            gettext_lazy("Draft: this draft is not one of this congress's drafts."),
        )
    sections = {s.pk: s.title for s in version.sections.all()}
    blocks: dict[int, dict[str, Any]] = {}
    for p in version.paragraphs.order_by("number"):
        block = blocks.setdefault(
            p.section_id, {"title": sections.get(p.section_id, ""), "paragraphs": []}
        )
        block["paragraphs"].append(p.text)
    return {
        "format": VersionFormat.DRAFT,
        "draft_version": version,
        "body": list(blocks.values()),
    }


def _source(
    congress: Congress, file_name: str, data: bytes | None, draft: Version | None
) -> dict[str, Any]:
    if (data is None) == (draft is None):
        raise DomainError(
            "paper.source",
            gettext_lazy("File: upload a PDF or DOCX file, or choose a draft (one of the two)."),
        )
    if draft is not None:
        return _draft_version(congress, draft)
    return _file_version(file_name, data or b"")


def _add_version(
    actor: Actor | None, paper: Paper, source: dict[str, Any], note: str
) -> PaperVersion:
    number = (paper.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PaperVersion.objects.create(
        paper=paper,
        number=number,
        note=" ".join(note.split())[:300],
        created_by=stored_user(actor),
        **source,
    )


@transaction.atomic
def paper_publish(
    *,
    actor: Actor | None,
    congress: Congress,
    title: str,
    kind: str,
    file_name: str = "",
    data: bytes | None = None,
    draft: Version | None = None,
    note: str = "",
) -> Paper:
    """A new paper with its first version, published to the congress's delegates."""
    title = _clean_title(title)
    _check_kind(kind)
    source = _source(congress, file_name, data, draft)
    paper = Paper.objects.create(congress=congress, title=title, kind=kind)
    version = _add_version(actor, paper, source, note)
    _audit(actor, "paper.publish", paper, title=title, kind=kind, version=version.number)
    return paper


@transaction.atomic
def paper_version_add(
    *,
    actor: Actor | None,
    paper: Paper,
    file_name: str = "",
    data: bytes | None = None,
    draft: Version | None = None,
    note: str = "",
) -> PaperVersion:
    """A new version of ``paper``: it becomes the current one, the others stay marked older."""
    paper = Paper.objects.select_for_update().select_related("congress__unit").get(pk=paper.pk)
    source = _source(paper.congress, file_name, data, draft)
    version = _add_version(actor, paper, source, note)
    _audit(actor, "paper.version", paper, version=version.number, format=version.format)
    return version


@transaction.atomic
def paper_withdraw(*, actor: Actor | None, paper: Paper) -> Paper:
    """The delegates no longer see ``paper``; the secretariat still does."""
    paper = Paper.objects.select_for_update().select_related("congress__unit").get(pk=paper.pk)
    if not paper.published:
        raise DomainError("paper.withdrawn", gettext_lazy("This paper is already withdrawn."))
    paper.published, paper.withdrawn_at = False, timezone.now()
    paper.save(update_fields=["published", "withdrawn_at"])
    _audit(actor, "paper.withdraw", paper, title=paper.title)
    return paper


@transaction.atomic
def paper_republish(*, actor: Actor | None, paper: Paper) -> Paper:
    paper = Paper.objects.select_for_update().select_related("congress__unit").get(pk=paper.pk)
    if paper.published:
        raise DomainError("paper.published", gettext_lazy("This paper is already published."))
    paper.published, paper.withdrawn_at = True, None
    paper.save(update_fields=["published", "withdrawn_at"])
    _audit(actor, "paper.republish", paper, title=paper.title)
    return paper


def paper_read(*, delegate: Delegate, version: PaperVersion) -> bool:
    """Count ``version`` as opened by ``delegate``, once: True the first time.

    Not audited: a reading changes nothing of the congress, and the audit chain
    would grow by one entry a delegate a paper. The count is what the
    secretariat sees.
    """
    if PaperRead.objects.filter(version=version, delegate=delegate).exists():
        return False
    try:
        with transaction.atomic():
            PaperRead.objects.create(version=version, delegate=delegate)
    except IntegrityError:  # the same phone opened it twice at once
        return False
    return True
