"""Rounds of comments on a version: opened for a subtree, closed; whether one is open."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.consultation.models import (
    Draft,
    Round,
    Version,
)
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit

# --- rounds -----------------------------------------------------------------------------


def _check_round(
    draft: Draft, version: Version, scope: Unit, opens_on: dt.date, closes_on: dt.date
) -> None:
    if version.draft_id != draft.pk:
        raise DomainError(
            "round.version_of_another_draft",
            gettext_lazy("The version is not one of this draft's."),
        )
    if not scope.path.startswith(draft.unit.path):
        raise DomainError(
            "round.scope_outside_draft_unit",
            gettext_lazy("The units that comment are the draft's unit or units below it."),
        )
    if closes_on < opens_on:
        raise DomainError(
            "round.closes_before_opening",
            gettext_lazy("A round closes on or after the day it opens."),
        )


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
    user: Actor | None,
) -> Round:
    title = title.strip()
    if not title:
        raise DomainError(
            "round.title_missing",
            gettext_lazy("A round needs a title."),
        )
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
def round_close(*, round_: Round, user: Actor | None) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at is not None:
        raise DomainError(
            "round.already_closed",
            gettext_lazy("The round is already closed."),
        )
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
        raise DomainError(
            "round.closed",
            gettext_lazy("The round is closed (since %(since)s): comments are no longer taken."),
            since=timezone.localtime(round_.closed_at).strftime("%d/%m/%Y"),
        )
    today = timezone.localdate()
    if today < round_.opens_on:
        raise DomainError(
            "round.not_open_yet",
            gettext_lazy("The round opens on %(day)s: comments are not taken yet."),
            day=round_.opens_on.strftime("%d/%m/%Y"),
        )
    if today > round_.closes_on:
        raise DomainError(
            "round.past_closing_day",
            gettext_lazy("The round closed on %(day)s: comments are no longer taken."),
            day=round_.closes_on.strftime("%d/%m/%Y"),
        )
