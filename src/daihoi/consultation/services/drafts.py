"""Drafts and their versions: a version is read whole from a file or a typed text, and
the comments of the version before it move on with its paragraphs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Term
from daihoi.consultation.models import (
    Anchor,
    Comment,
    Draft,
    DraftKind,
    Paragraph,
    ParagraphChange,
    Section,
    Version,
    VersionSource,
)
from daihoi.core import bounded
from daihoi.core.texts import diff
from daihoi.core.texts.paragraphs import DraftText, TextError, read_docx, read_markdown
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit

MAX_FILE_BYTES = 20 * 1024 * 1024


def text_error_message(exc: TextError, name: str) -> str:
    """The user's message for a draft text that cannot be read."""
    if exc.code == "not_docx":
        return _("“%s” is not a Word (.docx) file.") % name
    if exc.code == "empty":
        return _("“%s” has no paragraph of text.") % name
    if exc.code == "paragraph_too_long":
        return _("“%(name)s”: paragraph %(n)s is longer than 20,000 characters.") % {
            "name": name,
            "n": exc.detail,
        }
    if exc.code == "too_many_paragraphs":
        return _("“%s” has more than 10,000 paragraphs.") % name
    return _("“%s” cannot be read.") % name


# --- drafts and versions ----------------------------------------------------------------


@transaction.atomic
def draft_create(*, unit: Unit, term: Term, kind: str, title: str, user: Actor | None) -> Draft:
    title = title.strip()
    if not title:
        raise DomainError(
            "draft.title_missing",
            gettext_lazy("A draft needs a title."),
        )
    if kind not in DraftKind.values:
        raise DomainError(
            "draft.kind_unknown",
            gettext_lazy("Unknown kind of draft."),
        )
    if not unit.is_active:
        raise DomainError(
            "draft.unit_dissolved",
            gettext_lazy("A dissolved unit has no new drafts."),
        )
    draft = Draft.objects.create(unit=unit, term=term, kind=kind, title=title)
    audit_record(
        actor=user,
        action="consultation.draft_create",
        object_type="consultation.draft",
        object_id=draft.pk,
        unit_path=unit.path,
        after={"kind": kind, "title": title, "term": str(term)},
    )
    return draft


def read_version_text(
    *, file_name: str = "", data: bytes | None = None, markdown: str = ""
) -> tuple[DraftText, str]:
    """The text of a new version and its source, or a ValidationError naming the file."""
    if data is not None:
        name = file_name or "?"
        if not name.lower().endswith(".docx"):
            raise DomainError(
                "version.not_docx",
                gettext_lazy("“%(file)s”: only Word (.docx) files are accepted."),
                file=name,
            )
        if len(data) > MAX_FILE_BYTES:
            raise DomainError(
                "version.too_large", gettext_lazy("“%(file)s” is larger than 20 MB."), file=name
            )
        problem = bounded.check_zip(data)
        if problem is not None and problem.code == "too_large":
            raise DomainError(
                "version.unpacks_too_large",
                gettext_lazy("“%(file)s” unpacks to more than %(size)s."),
                file=name,
                size=problem.detail,
            )
        try:
            return _without_controls(read_docx(data), name), VersionSource.DOCX
        except TextError as exc:
            raise ValidationError(text_error_message(exc, name)) from exc
    try:
        return _without_controls(read_markdown(markdown), _("the text")), VersionSource.MARKDOWN
    except TextError as exc:
        raise ValidationError(text_error_message(exc, _("the text"))) from exc


def _without_controls(text: DraftText, name: str) -> DraftText:
    """Refuse NUL and other control characters, naming the paragraph (PostgreSQL
    cannot store NUL; the others are never text a reader meant)."""
    for section in text.sections:
        if (char := bounded.bad_character(section.title)) is not None:
            raise DomainError(
                "version.heading_control_character",
                gettext_lazy(
                    "“%(file)s”, heading of section %(n)d: a control character (%(char)s)."
                ),
                file=name,
                n=section.number,
                char=char,
            )
    for paragraph in text.paragraphs:
        if (char := bounded.bad_character(paragraph.text)) is not None:
            raise DomainError(
                "version.paragraph_control_character",
                gettext_lazy("“%(file)s”, paragraph %(n)d: a control character (%(char)s)."),
                file=name,
                n=paragraph.number,
                char=char,
            )
    return text


@transaction.atomic
def version_create(
    *,
    draft: Draft,
    user: Actor | None,
    markdown: str = "",
    file_name: str = "",
    data: bytes | None = None,
    note: str = "",
) -> Version:
    text, source = read_version_text(file_name=file_name, data=data, markdown=markdown)
    Draft.objects.select_for_update().filter(pk=draft.pk).first()  # one new version at a time
    previous = draft.versions.order_by("-number").first()
    version = Version.objects.create(
        draft=draft,
        number=(previous.number + 1) if previous else 1,
        source=source,
        file_name=file_name[:255],
        note=note[:500],
        created_by=stored_user(user),
    )
    sections = {
        s.number: s
        for s in Section.objects.bulk_create(
            [Section(version=version, number=s.number, title=s.title[:1000]) for s in text.sections]
        )
    }
    old = list(previous.paragraphs.order_by("number")) if previous else []
    links = diff.align([p.text for p in old], [p.text for p in text.paragraphs]) if old else []
    new_link = {link.new: link for link in links if link.new is not None}
    paragraphs = Paragraph.objects.bulk_create(
        [
            Paragraph(
                version=version,
                section=sections[p.section],
                number=p.number,
                text=p.text,
                previous=old[link.old]
                if (link := new_link.get(i)) and link.old is not None
                else None,
                change=(
                    ParagraphChange.NEW
                    if not old
                    else ParagraphChange.ADDED
                    if link is None or link.old is None
                    else ParagraphChange.SAME
                    if link.change is diff.Change.SAME
                    else ParagraphChange.CHANGED
                ),
            )
            for i, p in enumerate(text.paragraphs)
        ]
    )
    if previous is None:
        moved = {"same": 0, "changed": 0, "removed": 0}
    else:
        moved = _carry_comments(old, paragraphs, links)
    audit_record(
        actor=user,
        action="consultation.version_create",
        object_type="consultation.version",
        object_id=version.pk,
        unit_path=draft.unit.path,
        after={
            "draft": draft.pk,
            "number": version.number,
            "source": source,
            "file_name": file_name,
            "sections": len(text.sections),
            "paragraphs": len(text.paragraphs),
            "comments_moved": moved,
        },
    )
    return version


def _carry_comments(
    old: Sequence[Paragraph], new: Sequence[Paragraph], links: Iterable[diff.Link]
) -> dict[str, int]:
    """Move the comments attached to ``old`` paragraphs to their matches in ``new``."""
    moved = {"same": 0, "changed": 0, "removed": 0}
    for link in links:
        if link.old is None:
            continue
        attached = Comment.objects.filter(current_paragraph=old[link.old])
        if link.change is diff.Change.SAME:
            assert link.new is not None
            moved["same"] += attached.update(current_paragraph=new[link.new])
        elif link.change is diff.Change.CHANGED:
            assert link.new is not None
            moved["changed"] += attached.exclude(anchor=Anchor.ON_REMOVED).update(
                current_paragraph=new[link.new], anchor=Anchor.ON_CHANGED
            )
        else:
            moved["removed"] += attached.update(current_paragraph=None, anchor=Anchor.ON_REMOVED)
    return moved
