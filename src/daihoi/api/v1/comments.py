"""Comments on draft documents (scopes ``read:comments``, ``write:comments``), by the
consultation app's own rules: who reads which comments, who comments for which unit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from daihoi.accounts.access import Perm
from daihoi.accounts.models import ApiScope
from daihoi.api.v1.common import ERRORS, ErrorOut, need
from daihoi.api.v1.units import PageParams
from daihoi.consultation import access, selectors, services
from daihoi.consultation.models import Comment
from daihoi.errors import DomainError

router = Router(tags=["comments"])


class RoundOut(Schema):
    id: int
    title: str
    draft: int
    draft_title: str
    draft_unit: str
    version: int
    scope: str = Field(description="the unit whose subtree is invited to comment")
    members_may_comment: bool
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    paragraphs: int
    you_may_comment_for: list[str] = Field(description="units this account comments on behalf of")
    you_may_comment_as_member: bool


class CommentOut(Schema):
    id: int
    paragraph: int
    section: int
    unit: str
    on_behalf: bool
    author_name: str
    text: str
    created_at: dt.datetime
    anchor: str
    handling: str
    answer: str


class CommentPage(Schema):
    count: int
    items: list[CommentOut]


class CommentIn(Schema):
    paragraph: int = Field(ge=1, le=1_000_000, description="the paragraph's number in the version")
    text: str = Field(min_length=1, max_length=10_000)
    as_unit: str | None = Field(
        None,
        max_length=64,
        description="comment on behalf of this unit (its office); else as oneself",
    )


def _comment_out(c: Comment) -> CommentOut:
    return CommentOut(
        id=c.pk,
        paragraph=c.paragraph.number,
        section=c.section_number,
        unit=c.unit.code,
        on_behalf=c.on_behalf,
        author_name=c.author_name,
        text=c.text,
        created_at=c.created_at,
        anchor=c.anchor,
        handling=c.handling,
        answer=c.answer,
    )


@router.get("/rounds/{pk}", response={200: RoundOut, **ERRORS})
def round_get(request: HttpRequest, pk: int) -> RoundOut:
    """A round of comments on a version of a draft: its dates, and whether you may comment."""
    need(request, ApiScope.READ_COMMENTS)
    round_ = access.get_round(request.user, pk, Perm.VIEW)
    return RoundOut(
        id=round_.pk,
        title=round_.title,
        draft=round_.draft_id,
        draft_title=round_.draft.title,
        draft_unit=round_.draft.unit.code,
        version=round_.version.number,
        scope=round_.scope.code,
        members_may_comment=round_.members_may_comment,
        opens_on=round_.opens_on,
        closes_on=round_.closes_on,
        is_open=selectors.round_is_open(round_),
        paragraphs=round_.version.paragraphs.count(),
        you_may_comment_for=[u.code for u in access.office_units(request.user, round_)],
        you_may_comment_as_member=access.member_unit(request.user, round_) is not None,
    )


@router.get("/rounds/{pk}/comments", response={200: CommentPage, **ERRORS})
def round_comments(request: HttpRequest, pk: int, page: Query[PageParams]) -> CommentPage:
    """The round's comments this account may read (a commune reads only its own units')."""
    need(request, ApiScope.READ_COMMENTS)
    round_ = access.get_round(request.user, pk, Perm.VIEW)
    readable = access.visible_comments(request.user, round_)
    items = readable.select_related("paragraph", "unit").order_by("pk")[
        page.offset : page.offset + page.limit
    ]
    return CommentPage(count=readable.count(), items=[_comment_out(c) for c in items])


@router.post("/rounds/{pk}/comments", response={201: CommentOut, 400: ErrorOut, **ERRORS})
def round_comment_create(request: HttpRequest, pk: int, body: CommentIn) -> Status[CommentOut]:
    """Comment on a paragraph, on behalf of a unit (``as_unit``) or as oneself."""
    need(request, ApiScope.WRITE_COMMENTS)
    round_ = access.get_round(request.user, pk, Perm.VIEW)
    units = access.office_units(request.user, round_)
    member_unit = access.member_unit(request.user, round_)
    if not units and member_unit is None:
        raise PermissionDenied(_("You may not comment in this round."))
    if body.as_unit:
        unit = next((u for u in units if u.code == body.as_unit), None)
        if unit is None:
            raise PermissionDenied(
                _("You do not comment on behalf of %s in this round.") % body.as_unit[:64]
            )
        on_behalf = True
    elif member_unit is not None:
        unit, on_behalf = member_unit, False
    else:
        raise DomainError(
            "comment.as_unit_required",
            _("Name the unit you comment for in “as_unit”: %s.") % ", ".join(u.code for u in units),
        )
    paragraph = (
        round_.version.paragraphs.select_related("section", "version")
        .filter(number=body.paragraph)
        .first()
    )
    if paragraph is None:
        raise DomainError(
            "comment.no_paragraph", _("The draft has no paragraph %d.") % body.paragraph
        )
    comment = services.comment_create(
        round_=round_,
        paragraph=paragraph,
        text=body.text,
        unit=unit,
        on_behalf=on_behalf,
        user=request.user,
    )
    comment = Comment.objects.select_related("paragraph", "unit").get(pk=comment.pk)
    return Status(201, _comment_out(comment))
