"""Writes of drafts, versions, rounds, comments and answers; the aggregation.

Each write is atomic and leaves its audit entry in the same transaction. A
new version is read whole before anything is written; its paragraphs are
matched with the version before it (``core.texts.diff.align``) and every
comment still attached to a paragraph of that version moves on with it,
marked when the text it was written on changed or was removed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.congresses.models import Term
from daihoi.consultation.models import (
    Anchor,
    Comment,
    CommentGroup,
    CommentSource,
    Draft,
    DraftKind,
    GroupKind,
    Handling,
    Paragraph,
    ParagraphChange,
    Round,
    Section,
    Version,
    VersionSource,
)
from daihoi.core import bounded
from daihoi.core.texts import aggregate as agg
from daihoi.core.texts import diff
from daihoi.core.texts.paragraphs import DraftText, TextError, read_docx, read_markdown
from daihoi.organizations.models import Unit

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COMMENT_CHARS = 10_000
UNITS_KEPT = 20  # units listed with a group
UPDATE_CHUNK = 5000


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


def round_is_open(round_: Round, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return round_.closed_at is None and round_.opens_on <= today <= round_.closes_on


# --- drafts and versions ----------------------------------------------------------------


@transaction.atomic
def draft_create(*, unit: Unit, term: Term, kind: str, title: str, user: Any) -> Draft:
    title = title.strip()
    if not title:
        raise ValidationError(_("A draft needs a title."))
    if kind not in DraftKind.values:
        raise ValidationError(_("Unknown kind of draft."))
    if not unit.is_active:
        raise ValidationError(_("A dissolved unit has no new drafts."))
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
            raise ValidationError(_("“%s”: only Word (.docx) files are accepted.") % name)
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(_("“%s” is larger than 20 MB.") % name)
        problem = bounded.check_zip(data)
        if problem is not None and problem.code == "too_large":
            raise ValidationError(
                _("“%(file)s” unpacks to more than %(size)s.")
                % {"file": name, "size": problem.detail}
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
            raise ValidationError(
                _("“%(file)s”, heading of section %(n)d: a control character (%(char)s).")
                % {"file": name, "n": section.number, "char": char}
            )
    for paragraph in text.paragraphs:
        if (char := bounded.bad_character(paragraph.text)) is not None:
            raise ValidationError(
                _("“%(file)s”, paragraph %(n)d: a control character (%(char)s).")
                % {"file": name, "n": paragraph.number, "char": char}
            )
    return text


@transaction.atomic
def version_create(
    *,
    draft: Draft,
    user: Any,
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
        created_by=user if getattr(user, "pk", None) else None,
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


# --- rounds -----------------------------------------------------------------------------


def _check_round(
    draft: Draft, version: Version, scope: Unit, opens_on: dt.date, closes_on: dt.date
) -> None:
    if version.draft_id != draft.pk:
        raise ValidationError(_("The version is not one of this draft's."))
    if not scope.path.startswith(draft.unit.path):
        raise ValidationError(_("The units that comment are the draft's unit or units below it."))
    if closes_on < opens_on:
        raise ValidationError(_("A round closes on or after the day it opens."))


@transaction.atomic
def round_create(
    *,
    draft: Draft,
    version: Version,
    title: str,
    scope: Unit,
    opens_on: dt.date,
    closes_on: dt.date,
    members_may_comment: bool,
    user: Any,
) -> Round:
    title = title.strip()
    if not title:
        raise ValidationError(_("A round needs a title."))
    _check_round(draft, version, scope, opens_on, closes_on)
    round_ = Round.objects.create(
        draft=draft,
        version=version,
        title=title,
        scope=scope,
        opens_on=opens_on,
        closes_on=closes_on,
        members_may_comment=members_may_comment,
    )
    audit_record(
        actor=user,
        action="consultation.round_create",
        object_type="consultation.round",
        object_id=round_.pk,
        unit_path=draft.unit.path,
        after={
            "version": version.number,
            "scope": scope.code,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "members_may_comment": members_may_comment,
        },
    )
    return round_


@transaction.atomic
def round_close(*, round_: Round, user: Any) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at is not None:
        raise ValidationError(_("The round is already closed."))
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at"])
    audit_record(
        actor=user,
        action="consultation.round_close",
        object_type="consultation.round",
        object_id=round_.pk,
        unit_path=round_.draft.unit.path,
    )
    return round_


# --- comments ---------------------------------------------------------------------------


def check_open(round_: Round) -> None:
    if round_.closed_at is not None:
        raise ValidationError(
            _("The round is closed (since %s): comments are no longer taken.")
            % timezone.localtime(round_.closed_at).strftime("%d/%m/%Y")
        )
    today = timezone.localdate()
    if today < round_.opens_on:
        raise ValidationError(
            _("The round opens on %s: comments are not taken yet.")
            % round_.opens_on.strftime("%d/%m/%Y")
        )
    if today > round_.closes_on:
        raise ValidationError(
            _("The round closed on %s: comments are no longer taken.")
            % round_.closes_on.strftime("%d/%m/%Y")
        )


def clean_comment_text(text: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError(_("The comment is empty."))
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError(_("A comment is at most 10,000 characters."))
    return text


@transaction.atomic
def comment_create(
    *,
    round_: Round,
    paragraph: Paragraph,
    text: str,
    unit: Unit,
    on_behalf: bool,
    user: Any,
) -> Comment:
    check_open(round_)
    if paragraph.version_id != round_.version_id:
        raise ValidationError(_("The paragraph is not in the version open for comment."))
    if not unit.path.startswith(round_.scope.path):
        raise ValidationError(_("The unit is not among those invited to comment."))
    text = clean_comment_text(text)
    latest = _latest_match(paragraph)
    comment = Comment.objects.create(
        round=round_,
        paragraph=paragraph,
        section_number=paragraph.section.number,
        current_paragraph=latest[0],
        anchor=latest[1],
        unit=unit,
        on_behalf=on_behalf,
        author=user if getattr(user, "pk", None) else None,
        author_name=unit.name if on_behalf else (getattr(user, "full_name", "") or str(user)),
        text=text,
        source=CommentSource.WEB,
    )
    audit_record(
        actor=user,
        action="consultation.comment_create",
        object_type="consultation.comment",
        object_id=comment.pk,
        unit_path=round_.draft.unit.path,
        after={"round": round_.pk, "paragraph": paragraph.number, "unit": unit.code},
    )
    return comment


def _latest_match(paragraph: Paragraph) -> tuple[Paragraph | None, str]:
    """Where a comment written now on ``paragraph`` stands in the draft's latest version."""
    current: Paragraph | None = paragraph
    anchor = Anchor.ON_TEXT
    while current is not None:
        nxt = current.next_versions.order_by("version__number").first()
        if nxt is None:
            later = Version.objects.filter(
                draft_id=current.version.draft_id, number__gt=current.version.number
            ).exists()
            return (None, Anchor.ON_REMOVED) if later else (current, anchor)
        if nxt.change == ParagraphChange.CHANGED:
            anchor = Anchor.ON_CHANGED
        current = nxt
    return None, Anchor.ON_REMOVED


@transaction.atomic
def comments_bulk_create(
    *, round_: Round, rows: Sequence[dict[str, Any]], user: Any, file_name: str
) -> int:
    """Write comments already checked whole (see ``importing``); all or nothing."""
    check_open(round_)
    paragraphs = {p.number: p for p in round_.version.paragraphs.select_related("section")}
    latest = {n: _latest_match(p) for n, p in paragraphs.items()}
    objs = [
        Comment(
            round=round_,
            paragraph=paragraphs[r["paragraph"]],
            section_number=paragraphs[r["paragraph"]].section.number,
            current_paragraph=latest[r["paragraph"]][0],
            anchor=latest[r["paragraph"]][1],
            unit=r["unit"],
            on_behalf=True,
            author=user if getattr(user, "pk", None) else None,
            author_name=r.get("author") or r["unit"].name,
            text=r["text"],
            source=CommentSource.IMPORT,
        )
        for r in rows
    ]
    Comment.objects.bulk_create(objs, batch_size=2000)
    audit_record(
        actor=user,
        action="consultation.comments_import",
        object_type="consultation.round",
        object_id=round_.pk,
        unit_path=round_.draft.unit.path,
        after={"file_name": file_name, "comments": len(objs)},
    )
    return len(objs)


@transaction.atomic
def comment_answer(
    *,
    comment: Comment,
    handling: str,
    answer: str,
    change: Paragraph | None,
    user: Any,
) -> Comment:
    comment = (
        Comment.objects.select_for_update()
        .select_related("round__draft__unit", "paragraph__version")
        .get(pk=comment.pk)
    )
    if handling not in Handling.values or handling == Handling.PENDING:
        raise ValidationError(_("Choose how the comment was handled."))
    answer = answer.strip()
    if handling in (Handling.EXPLAINED, Handling.PARTLY) and not answer:
        raise ValidationError(_("An explanation or a partial acceptance needs an answer."))
    if len(answer) > MAX_COMMENT_CHARS:
        raise ValidationError(_("An answer is at most 10,000 characters."))
    if change is not None and (
        change.version.draft_id != comment.round.draft_id
        or change.version.number <= comment.paragraph.version.number
    ):
        raise ValidationError(
            _("The change must be a paragraph of a later version of the same draft.")
        )
    before = {"handling": comment.handling, "answer": comment.answer, "change": comment.change_id}
    comment.handling = handling
    comment.answer = answer
    comment.change = change
    comment.answered_at = timezone.now()
    comment.answered_by = user if getattr(user, "pk", None) else None
    comment.save(update_fields=["handling", "answer", "change", "answered_at", "answered_by"])
    audit_record(
        actor=user,
        action="consultation.comment_answer",
        object_type="consultation.comment",
        object_id=comment.pk,
        unit_path=comment.round.draft.unit.path,
        before=before,
        after={"handling": handling, "answer": answer, "change": comment.change_id},
    )
    return comment


# --- aggregation ------------------------------------------------------------------------


def _in_chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), UPDATE_CHUNK):
        yield ids[i : i + UPDATE_CHUNK]


@transaction.atomic
def round_aggregate(*, round_: Round, user: Any, progress: Any = None) -> dict[str, int]:
    """Group the round's comments section by section and store the groups and topics.

    Replaces the round's previous groups. ``progress`` (optional) is called with
    each section number as it is done, for the command line.
    """
    round_ = Round.objects.select_for_update().select_related("draft__unit").get(pk=round_.pk)
    round_.comments.update(duplicate_group=None, topic=None)
    round_.groups.all().delete()
    unit_names: dict[int, str] = {}
    totals = {"comments": 0, "groups": 0, "topics": 0}
    sections = sorted(set(round_.comments.values_list("section_number", flat=True).distinct()))
    for number in sections:
        rows = list(
            round_.comments.filter(section_number=number)
            .order_by("pk")
            .values_list("pk", "text", "unit_id")
        )
        result = agg.aggregate([agg.CommentText(pk, text, unit) for pk, text, unit in rows])
        missing = {u for g in result.topics for u, _n in g.units} - unit_names.keys()
        if missing:
            unit_names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))

        def named(units: Sequence[tuple[int, int]]) -> list[list[Any]]:
            return [[unit_names.get(u, "?"), n] for u, n in units[:UNITS_KEPT]]

        topics = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    round=round_,
                    section_number=number,
                    kind=GroupKind.TOPIC,
                    rank=rank,
                    label=t.label[:300],
                    size=t.count,
                    wordings=sum(result.groups[g].wordings for g in t.groups),
                    representatives=list(t.representatives),
                    units=named(t.units),
                    units_count=len(t.units),
                )
                for rank, t in enumerate(result.topics)
            ]
        )
        topic_of_group = {g: topics[rank] for rank, t in enumerate(result.topics) for g in t.groups}
        shared = [(i, g) for i, g in enumerate(result.groups) if len(g.members) > 1]
        missing = {u for _i, g in shared for u, _n in g.units} - unit_names.keys()
        if missing:
            unit_names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
        duplicates = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    round=round_,
                    section_number=number,
                    kind=GroupKind.DUPLICATES,
                    rank=rank,
                    label="",
                    size=len(g.members),
                    wordings=g.wordings,
                    topic=topic_of_group[i],
                    representatives=[g.representative],
                    units=named(g.units),
                    units_count=len(g.units),
                )
                for rank, (i, g) in enumerate(shared)
            ]
        )
        for group, (_i, g) in zip(duplicates, shared, strict=True):
            for chunk in _in_chunks(g.members):
                Comment.objects.filter(pk__in=chunk).update(duplicate_group=group)
        members_of_topic: dict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(result.groups):
            members_of_topic[topic_of_group[i].pk].extend(g.members)
        for topic_pk, members in members_of_topic.items():
            for chunk in _in_chunks(members):
                Comment.objects.filter(pk__in=chunk).update(topic_id=topic_pk)
        totals["comments"] += len(rows)
        totals["groups"] += len(duplicates)
        totals["topics"] += len(topics)
        if progress is not None:
            progress(number)
    round_.aggregated_at = timezone.now()
    round_.save(update_fields=["aggregated_at"])
    audit_record(
        actor=user,
        action="consultation.round_aggregate",
        object_type="consultation.round",
        object_id=round_.pk,
        unit_path=round_.draft.unit.path,
        after=totals,
    )
    return totals


def latest_version_number(draft: Draft) -> int:
    return draft.versions.aggregate(n=Max("number"))["n"] or 0
