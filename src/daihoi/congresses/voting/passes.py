"""The vote pass: a delegate's link, the phone it is bound to, and its reissue by two members.

Why a request is refused (:class:`VoteRefused`, :data:`REASONS`) is said here too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.congresses.live import (
    PassInfo,
    cached_pass,
    forget_pass,
    one_writer_at_a_time,
    remember_pass,
)
from daihoi.congresses.models import Delegate, PassReissue, ReissueStatus

DEVICE_COOKIE = "dh_pass_%d"


class VoteRefused(Exception):
    """A vote or a pass use refused; ``code`` names why (see :data:`REASONS`)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


#: Why a request was refused; the audit entry carries the code.
REASONS = (
    "forged",  # the link's token is not one the server made, or was voided
    "foreign_device",  # the link is bound to another phone
    "not_bound",  # the phone has not confirmed the link yet
    "no_vote",  # no such vote in this congress
    "not_open",  # the vote has not been opened yet
    "closed",  # the vote is closed
    "absent",  # the delegate is not checked in to the vote's sitting
    "not_voter",  # an alternate not taking an official's place
    "twice",  # the delegate has already voted: a second try or a replayed request
    "bad_choice",  # not agree, disagree or abstain
)


def _mac(delegate_id: int, generation: int) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    message = f"daihoi.vote-pass:{delegate_id}:{generation}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def pass_token(delegate: Delegate) -> str:
    """The secret part of a delegate's vote link."""
    return f"{delegate.pk}.{delegate.pass_generation}.{_mac(delegate.pk, delegate.pass_generation)}"


def pass_delegate(token: str) -> Delegate | None:
    """The delegate a token belongs to, or None for a forged or voided one."""
    parts = token_parts(token)
    if parts is None:
        return None
    delegate_id, generation = parts
    delegate = (
        Delegate.objects.select_related("congress", "congress__unit").filter(pk=delegate_id).first()
    )
    if delegate is None or delegate.pass_generation != generation:
        return None
    return delegate


def token_parts(token: str) -> tuple[int, int] | None:
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    delegate_id, generation = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _mac(delegate_id, generation)):
        return None
    return delegate_id, generation


def poll_pass(token: str, secret: str | None) -> PassInfo | None:
    """The pass of a poll from its own phone, or None; a cached bound pass costs no query."""
    parts = token_parts(token)
    if parts is None:
        return None
    delegate_id, generation = parts
    info = cached_pass(delegate_id)
    if info is None or info.generation != generation or not _same(info.device, secret):
        delegate = Delegate.objects.filter(pk=delegate_id).first()
        if delegate is None:
            return None
        info = PassInfo(
            delegate.pk,
            delegate.congress_id,
            delegate.pass_generation,
            delegate.pass_device,
            delegate.full_name,
            delegate.number,
        )
        remember_pass(info)
    if info.generation != generation or not _same(info.device, secret):
        return None
    return info


def _same(device: str, secret: str | None) -> bool:
    return bool(device and secret) and hmac.compare_digest(device, device_hash(secret or ""))


def device_hash(secret: str) -> str:
    return hashlib.sha256(f"daihoi.device:{secret}".encode()).hexdigest()


def device_matches(delegate: Delegate, secret: str | None) -> bool:
    return _same(delegate.pass_device, secret)


def check_device(delegate: Delegate, secret: str | None) -> None:
    if not delegate.pass_device:
        raise VoteRefused("not_bound")
    if not device_matches(delegate, secret):
        raise VoteRefused("foreign_device")


@one_writer_at_a_time
@transaction.atomic
def pass_bind(*, delegate: Delegate) -> str:
    """Bind the link to the phone confirming it; returns the device secret for its cookie."""
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__unit").get(pk=delegate.pk)
    )
    if delegate.pass_device:
        raise VoteRefused("foreign_device")
    secret = secrets.token_urlsafe(32)
    delegate.pass_device = device_hash(secret)
    delegate.save(update_fields=["pass_device"])
    forget_pass(delegate.pk)
    audit_record(
        actor=None,
        action="vote_pass.bind",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={"delegate": delegate.pk, "generation": delegate.pass_generation},
    )
    return secret


def is_presidium(user: Any, congress_id: int) -> bool:
    """Whether the user is of the congress's presidium (the other side of a reissue)."""
    from daihoi.accounts.models import CongressRole

    return bool(
        getattr(user, "pk", None)
        and user.congress_grants.filter(
            congress_id=congress_id, role=CongressRole.PRESIDIUM
        ).exists()
    )


@transaction.atomic
def pass_reissue_ask(*, actor: Any, delegate: Delegate, reason: str) -> PassReissue:
    """Ask for a new link for a delegate (a lost or changed phone): another member confirms.

    The link stays as it is until then; one request waits per delegate.
    """
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise ValidationError(_("Say why the delegate needs a new vote link."))
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__unit").get(pk=delegate.pk)
    )
    if PassReissue.objects.filter(delegate=delegate, status=ReissueStatus.ASKED).exists():
        raise ValidationError(_("A new link for this delegate is already awaiting confirmation."))
    reissue = PassReissue.objects.create(
        congress_id=delegate.congress_id,
        delegate=delegate,
        reason=reason,
        asked_by=actor,
        asked_as_presidium=is_presidium(actor, delegate.congress_id),
        asked_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="vote_pass.reissue_ask",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={"delegate": delegate.pk, "request": reissue.pk, "reason": reason},
    )
    return reissue


def _waiting_reissue(reissue: PassReissue) -> PassReissue:
    reissue = (
        PassReissue.objects.select_for_update()
        .select_related("delegate__congress__unit")
        .get(pk=reissue.pk)
    )
    if reissue.status != ReissueStatus.ASKED:
        raise ValidationError(_("This request has already been decided."))
    return reissue


@transaction.atomic
def pass_reissue_confirm(*, actor: Any, reissue: PassReissue) -> Delegate:
    """The second member confirms: the delegate's link is reissued, the old one stops working.

    The second member is another person, of the presidium when the first was
    not, and not of it when the first was.
    """
    reissue = _waiting_reissue(reissue)
    if getattr(actor, "pk", None) == reissue.asked_by_id:
        raise ValidationError(_("Another member must confirm the request, not the one who asked."))
    if is_presidium(actor, reissue.congress_id) == reissue.asked_as_presidium:
        raise ValidationError(
            _(
                "A request of the secretariat is confirmed by the presidium, "
                "and a request of the presidium by the secretariat."
            )
        )
    delegate = (
        Delegate.objects.select_for_update()
        .select_related("congress__unit")
        .get(pk=reissue.delegate_id)
    )
    delegate.pass_generation += 1
    delegate.pass_device = ""
    delegate.save(update_fields=["pass_generation", "pass_device"])
    forget_pass(delegate.pk)
    reissue.status, reissue.decided_by, reissue.decided_at = (
        ReissueStatus.DONE,
        actor,
        timezone.now(),
    )
    reissue.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="vote_pass.reissue",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={
            "delegate": delegate.pk,
            "generation": delegate.pass_generation,
            "request": reissue.pk,
            "asked_by": reissue.asked_by_id,
            "confirmed_by": getattr(actor, "pk", None),
        },
    )
    return delegate


@transaction.atomic
def pass_reissue_cancel(*, actor: Any, reissue: PassReissue) -> PassReissue:
    """Withdraw or refuse a request (either member); the link stays as it is."""
    reissue = _waiting_reissue(reissue)
    reissue.status, reissue.decided_by, reissue.decided_at = (
        ReissueStatus.CANCELLED,
        actor,
        timezone.now(),
    )
    reissue.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="vote_pass.reissue_cancel",
        object_type="congress",
        object_id=reissue.congress_id,
        unit_path=reissue.delegate.congress.unit.path,
        after={"delegate": reissue.delegate_id, "request": reissue.pk},
    )
    return reissue
