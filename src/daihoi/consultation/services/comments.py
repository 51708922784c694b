"""Comments in an open round, one by one or in bulk, and the answers the drafters give."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.consultation.models import (
    Anchor,
    Comment,
    CommentSource,
    Handling,
    Paragraph,
    ParagraphChange,
    Round,
    Version,
)
from daihoi.consultation.services.rounds import check_open
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit

MAX_COMMENT_CHARS = 10_000


def clean_comment_text(text: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise DomainError(
            "comment.empty",
            gettext_lazy("The comment is empty."),
        )
    if len(text) > MAX_COMMENT_CHARS:
        raise DomainError(
            "comment.too_long",
            gettext_lazy("A comment is at most 10,000 characters."),
        )
    return text


@transaction.atomic
def comment_create(
    *,
    round_: Round,
    paragraph: Paragraph,
    text: str,
    unit: Unit,
    on_behalf: bool,
    user: Actor | None,
) -> Comment:
    check_open(round_)
    if paragraph.version_id != round_.version_id:
        raise DomainError(
            "comment.paragraph_not_in_version",
            gettext_lazy("The paragraph is not in the version open for comment."),
        )
    if not unit.path.startswith(round_.scope.path):
        raise DomainError(
            "comment.unit_not_invited",
            gettext_lazy("The unit is not among those invited to comment."),
        )
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
        author=stored_user(user),
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
    *, round_: Round, rows: Sequence[dict[str, Any]], user: Actor | None, file_name: str
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
            author=stored_user(user),
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
    user: Actor | None,
) -> Comment:
    comment = (
        Comment.objects.select_for_update()
        .select_related("round__draft__unit", "paragraph__version")
        .get(pk=comment.pk)
    )
    if handling not in Handling.values or handling == Handling.PENDING:
        raise DomainError(
            "answer.handling_missing",
            gettext_lazy("Choose how the comment was handled."),
        )
    answer = answer.strip()
    if handling in (Handling.EXPLAINED, Handling.PARTLY) and not answer:
        raise DomainError(
            "answer.text_missing",
            gettext_lazy("An explanation or a partial acceptance needs an answer."),
        )
    if len(answer) > MAX_COMMENT_CHARS:
        raise DomainError(
            "answer.too_long",
            gettext_lazy("An answer is at most 10,000 characters."),
        )
    if change is not None and (
        change.version.draft_id != comment.round.draft_id
        or change.version.number <= comment.paragraph.version.number
    ):
        raise DomainError(
            "answer.change_not_later",
            gettext_lazy("The change must be a paragraph of a later version of the same draft."),
        )
    before = {"handling": comment.handling, "answer": comment.answer, "change": comment.change_id}
    comment.handling = handling
    comment.answer = answer
    comment.change = change
    comment.answered_at = timezone.now()
    comment.answered_by = stored_user(user)
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
