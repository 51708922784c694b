"""The agenda and its speakers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.congresses.models import (
    AgendaItem,
    Congress,
    Delegate,
    ItemStatus,
    Speaker,
    SpeakerStatus,
)
from daihoi.congresses.services.common import _hall_audit, _locked_congress


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor | None,
    congress: Congress,
    title: str,
    planned_at: dt.datetime | None = None,
    minutes: int | None = None,
) -> AgendaItem:
    congress = _locked_congress(congress)
    position = (congress.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem(
        congress=congress, position=position, title=title.strip(), planned_at=planned_at
    )
    item.minutes = minutes
    item.full_clean()
    item.save()
    _hall_audit(actor, "agenda.add", congress, item=item.pk, title=item.title, position=position)
    return item


@transaction.atomic
def agenda_item_start(*, actor: Actor | None, item: AgendaItem) -> AgendaItem:
    """Make ``item`` the current one; the one before it is done."""
    congress = _locked_congress(item.congress)
    now = timezone.now()
    for current in congress.agenda.filter(status=ItemStatus.CURRENT).exclude(pk=item.pk):
        current.status, current.ended_at = ItemStatus.DONE, now
        current.save(update_fields=["status", "ended_at"])
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.started_at, item.ended_at = ItemStatus.CURRENT, now, None
    item.save(update_fields=["status", "started_at", "ended_at"])
    _hall_audit(actor, "agenda.start", congress, item=item.pk, title=item.title)
    return item


@transaction.atomic
def agenda_item_finish(*, actor: Actor | None, item: AgendaItem) -> AgendaItem:
    congress = _locked_congress(item.congress)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.ended_at = ItemStatus.DONE, timezone.now()
    item.save(update_fields=["status", "ended_at"])
    _hall_audit(actor, "agenda.finish", congress, item=item.pk, title=item.title)
    return item


@transaction.atomic
def speaker_add(
    *,
    actor: Actor | None,
    item: AgendaItem,
    delegate: Delegate | None = None,
    name: str = "",
    topic: str = "",
) -> Speaker:
    """Register a speaker on an item: a delegate, or a guest named by hand."""
    congress = _locked_congress(item.congress)
    if delegate is not None and delegate.congress_id != congress.pk:
        raise ValidationError(_("Not a delegate of this congress."))
    shown = delegate.full_name if delegate is not None else " ".join(name.split())
    if not shown:
        raise ValidationError(_("Choose a delegate or type the speaker's name."))
    position = (item.speakers.aggregate(n=Max("position"))["n"] or 0) + 1
    speaker = Speaker.objects.create(
        item=item, delegate=delegate, name=shown, topic=topic.strip(), position=position
    )
    _hall_audit(actor, "speaker.add", congress, item=item.pk, name=shown, topic=speaker.topic)
    return speaker


SPEAKER_MOVES: dict[str, tuple[str, ...]] = {
    SpeakerStatus.WAITING: (SpeakerStatus.SPEAKING, SpeakerStatus.WITHDRAWN),
    SpeakerStatus.SPEAKING: (SpeakerStatus.DONE,),
    SpeakerStatus.DONE: (),
    SpeakerStatus.WITHDRAWN: (SpeakerStatus.WAITING,),
}


@transaction.atomic
def speaker_set(*, actor: Actor | None, speaker: Speaker, status: str) -> Speaker:
    congress = _locked_congress(speaker.item.congress)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if status not in SPEAKER_MOVES.get(speaker.status, ()):
        raise ValidationError(_("Not possible for this speaker now."))
    if status == SpeakerStatus.SPEAKING:
        Speaker.objects.filter(item__congress=congress, status=SpeakerStatus.SPEAKING).update(
            status=SpeakerStatus.DONE
        )
    speaker.status = status
    speaker.save(update_fields=["status"])
    _hall_audit(actor, "speaker.status", congress, speaker=speaker.pk, status=status)
    return speaker
