"""The congress's speeches (tham luận): registered, accepted or declined, ordered, timed.

Each write locks the congress, checks with the rules of
:mod:`daihoi.core.speeches`, and writes its audit entry in the same
transaction; a refusal names the field and leaves nothing behind.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.actor import Actor
from daihoi.congresses.models import Congress, Delegate, Speech, SpeechSource, SpeechStatus
from daihoi.congresses.services.common import _hall_audit, _locked_congress
from daihoi.core import bounded
from daihoi.core import speeches as rules
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit


def _speech_text(*, text: str, file_name: str, data: bytes | None) -> tuple[str, str]:
    """The speech's text and its source: from the Word file if one came, else as typed."""
    if data is not None:
        name = file_name or "?"
        if len(data) > rules.MAX_FILE_BYTES:
            raise DomainError(
                "speech.file_too_large",
                _("Word file: “%(file)s” is larger than %(mb)d MB."),
                file=name,
                mb=rules.MAX_FILE_BYTES // (1024 * 1024),
            )
        try:
            read = rules.text_from_docx(data)
        except rules.SpeechTextError as exc:
            if exc.code == "empty":
                raise DomainError(
                    "speech.file_empty", _("Word file: “%(file)s” has no text."), file=name
                ) from exc
            if exc.code == "too_large":
                raise DomainError(
                    "speech.file_unpacks_too_large",
                    _("Word file: “%(file)s” unpacks to more than 50 MB."),
                    file=name,
                ) from exc
            raise DomainError(
                "speech.not_docx",
                _("Word file: “%(file)s” is not a Word (.docx) document."),
                file=name,
            ) from exc
        return read, SpeechSource.DOCX
    typed = rules.tidy(text)
    if not typed:
        raise DomainError(
            "speech.text_missing", _("Text: type the speech's text or upload its Word file.")
        )
    return typed, SpeechSource.TYPED


def _check_text(text: str) -> None:
    if len(text) > rules.MAX_TEXT_CHARS:
        raise DomainError(
            "speech.text_too_long",
            _("Text: longer than %(n)s characters."),
            n="100.000",
        )
    if (char := bounded.bad_character(text)) is not None:
        raise DomainError(
            "speech.text_control_character",
            _("Text: a control character (%(char)s) that is not text."),
            char=char,
        )


def _check_minutes(minutes: int) -> None:
    if not rules.MIN_MINUTES <= minutes <= rules.MAX_MINUTES:
        raise DomainError(
            "speech.minutes_out_of_range",
            _("Minutes allotted: between %(least)d and %(most)d."),
            least=rules.MIN_MINUTES,
            most=rules.MAX_MINUTES,
        )


@transaction.atomic
def speech_register(
    *,
    actor: Actor | None,
    congress: Congress,
    delegate: Delegate | None,
    title: str,
    text: str = "",
    file_name: str = "",
    data: bytes | None = None,
    unit: Unit | None = None,
    minutes: int = rules.DEFAULT_MINUTES,
    via: str = "secretariat",
) -> Speech:
    """Register a speech given by ``delegate``, in their name or on behalf of ``unit``.

    The text is typed, or read from a Word file (``data``) whose content must
    be a Word document within the size limit.
    """
    congress = _locked_congress(congress)
    title = " ".join(title.split())
    if not title:
        raise DomainError("speech.title_missing", _("Title: a speech needs a title."))
    if len(title) > 300:
        raise DomainError("speech.title_too_long", _("Title: at most 300 characters."))
    if delegate is None or delegate.congress_id != congress.pk:
        raise DomainError(
            "speech.not_a_delegate", _("Speaker: choose a delegate of this congress.")
        )
    if unit is not None and (unit.pk == congress.unit_id or not congress.unit.contains(unit)):
        raise DomainError(
            "speech.unit_outside",
            _("On behalf of: “%(unit)s” is not a party organisation of %(congress_unit)s."),
            unit=unit.name,
            congress_unit=congress.unit.name,
        )
    _check_minutes(minutes)
    body, source = _speech_text(text=text, file_name=file_name, data=data)
    _check_text(body)
    speech = Speech.objects.create(
        congress=congress,
        title=title,
        delegate=delegate,
        unit=unit,
        text=body,
        source=source,
        file_name=file_name[:200] if source == SpeechSource.DOCX else "",
        minutes=minutes,
        registered_at=timezone.now(),
    )
    _hall_audit(
        actor,
        "speech.register",
        congress,
        speech=speech.pk,
        title=title,
        delegate=delegate.pk,
        unit=unit.code if unit is not None else None,
        source=source,
        minutes=minutes,
        via=via,
    )
    return speech


def _locked(speech: Speech) -> tuple[Congress, Speech]:
    congress = _locked_congress(speech.congress)
    return congress, Speech.objects.select_for_update().get(pk=speech.pk)


def _accepted(congress: Congress) -> list[Speech]:
    return list(
        Speech.objects.select_for_update()
        .filter(congress=congress, status=SpeechStatus.ACCEPTED)
        .order_by("position", "pk")
    )


def _renumber(speeches: list[Speech]) -> None:
    """Number the accepted speeches 1, 2, 3 … in the order given."""
    for n, s in enumerate(speeches, start=1):
        if s.position != n:
            s.position = n
            s.save(update_fields=["position"])


def _refuse_move(speech: Speech, to: str) -> None:
    if not rules.may_move(speech.status, to):
        raise DomainError(
            "speech.status_move",
            _("Status: a speech that is “%(now)s” cannot become “%(to)s”."),
            now=speech.get_status_display(),
            to=SpeechStatus(to).label,
        )
    if speech.speaking:
        raise DomainError(
            "speech.speaking", _("Status: stop the speech being given before changing it.")
        )


@transaction.atomic
def speech_accept(*, actor: Actor | None, speech: Speech) -> Speech:
    """Accept the speech into the programme, at its end."""
    congress, speech = _locked(speech)
    _refuse_move(speech, SpeechStatus.ACCEPTED)
    last = Speech.objects.filter(congress=congress, status=SpeechStatus.ACCEPTED).aggregate(
        n=Max("position")
    )["n"]
    speech.status, speech.position, speech.decline_reason = (
        SpeechStatus.ACCEPTED,
        (last or 0) + 1,
        "",
    )
    speech.save(update_fields=["status", "position", "decline_reason"])
    _hall_audit(actor, "speech.accept", congress, speech=speech.pk, position=speech.position)
    return speech


@transaction.atomic
def speech_decline(*, actor: Actor | None, speech: Speech, reason: str) -> Speech:
    """Decline the speech, with the reason; the programme closes up behind it."""
    congress, speech = _locked(speech)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(
            "speech.reason_missing", _("Reason for declining: say why the speech is declined.")
        )
    if len(reason) > 300:
        raise DomainError(
            "speech.reason_too_long", _("Reason for declining: at most 300 characters.")
        )
    _refuse_move(speech, SpeechStatus.DECLINED)
    speech.status, speech.position, speech.decline_reason = SpeechStatus.DECLINED, None, reason
    speech.save(update_fields=["status", "position", "decline_reason"])
    _renumber(_accepted(congress))
    _hall_audit(actor, "speech.decline", congress, speech=speech.pk, reason=reason)
    return speech


@transaction.atomic
def speech_reconsider(*, actor: Actor | None, speech: Speech) -> Speech:
    """Put a speech back to registered: out of the programme, or no longer declined."""
    congress, speech = _locked(speech)
    _refuse_move(speech, SpeechStatus.REGISTERED)
    before = speech.status
    speech.status, speech.position, speech.decline_reason = SpeechStatus.REGISTERED, None, ""
    speech.save(update_fields=["status", "position", "decline_reason"])
    _renumber(_accepted(congress))
    _hall_audit(actor, "speech.reconsider", congress, speech=speech.pk, before=before)
    return speech


@transaction.atomic
def speech_move(*, actor: Actor | None, speech: Speech, position: int) -> Speech:
    """Put an accepted speech at ``position`` in the programme (1 is first; past the end
    is last); the speeches between shift by one."""
    congress, speech = _locked(speech)
    if speech.status != SpeechStatus.ACCEPTED:
        raise DomainError(
            "speech.not_in_programme", _("Order: only an accepted speech has a place.")
        )
    if position < 1:
        raise DomainError("speech.position_invalid", _("Order: a number from 1."))
    accepted = _accepted(congress)
    before = speech.position
    order = rules.moved([s.pk for s in accepted], speech.pk, position)
    by_pk = {s.pk: s for s in accepted}
    _renumber([by_pk[pk] for pk in order])
    speech.refresh_from_db(fields=["position"])
    _hall_audit(
        actor, "speech.move", congress, speech=speech.pk, before=before, position=speech.position
    )
    return speech


@transaction.atomic
def speech_set_minutes(*, actor: Actor | None, speech: Speech, minutes: int) -> Speech:
    congress, speech = _locked(speech)
    _check_minutes(minutes)
    before = speech.minutes
    speech.minutes = minutes
    speech.save(update_fields=["minutes"])
    _hall_audit(actor, "speech.minutes", congress, speech=speech.pk, before=before, minutes=minutes)
    return speech


@transaction.atomic
def speech_start(*, actor: Actor | None, speech: Speech) -> Speech:
    """Give the floor: the speech's clock starts now; the one before it stops."""
    congress, speech = _locked(speech)
    if speech.status != SpeechStatus.ACCEPTED:
        raise DomainError(
            "speech.start_not_accepted", _("Start: only an accepted speech can be given.")
        )
    now = timezone.now()
    Speech.objects.filter(congress=congress, started_at__isnull=False, ended_at=None).exclude(
        pk=speech.pk
    ).update(ended_at=now)
    speech.started_at, speech.ended_at = now, None
    speech.save(update_fields=["started_at", "ended_at"])
    _hall_audit(actor, "speech.start", congress, speech=speech.pk, title=speech.title)
    return speech


@transaction.atomic
def speech_stop(*, actor: Actor | None, speech: Speech) -> Speech:
    """The speech is over: its clock stops and the projector no longer shows it."""
    congress, speech = _locked(speech)
    if not speech.speaking:
        raise DomainError("speech.not_speaking", _("Stop: this speech is not being given."))
    speech.ended_at = timezone.now()
    speech.save(update_fields=["ended_at"])
    seconds = int((speech.ended_at - speech.started_at).total_seconds())  # type: ignore[operator]
    _hall_audit(actor, "speech.stop", congress, speech=speech.pk, seconds=seconds)
    return speech
