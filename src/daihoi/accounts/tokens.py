"""API tokens: made, checked and revoked here; the JSON API reads them (``daihoi.api``).

A token is ``dh_`` followed by 32 random bytes in URL-safe base64. The
database keeps the SHA-256 of the token, never the token: whoever reads the
database cannot use the API. The token's access is the intersection of its
scopes and its account's roles (the API checks both).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.accounts.models import ApiScope, ApiToken, User
from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.errors import DomainError

TOKEN_PREFIX = "dh_"
#: The longest a token may live; the shortest is one day.
MAX_DAYS = 366
#: ``last_used_at`` is written at most this often per token (seconds), not on every request.
LAST_USED_EVERY = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    known = set(ApiScope.values)
    chosen = [s.strip() for s in scopes if s.strip()]
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise DomainError(
            "api_token.unknown_scope",
            gettext_lazy("Unknown scope %(scope)s; the scopes are %(known)s."),
            scope=", ".join(unknown),
            known=", ".join(ApiScope.values),
        )
    if not chosen:
        raise DomainError("api_token.no_scope", gettext_lazy("Choose at least one scope."))
    return [s for s in ApiScope.values if s in chosen]


@transaction.atomic
def api_token_create(
    *, actor: Actor | None, user: User, name: str, scopes: Iterable[str], days: int
) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns the row and the token, which is never shown again."""
    name = " ".join(name.replace("\x00", "").split())
    if not name:
        raise DomainError("api_token.no_name", gettext_lazy("Give the token a name."))
    if len(name) > 100:
        raise DomainError(
            "api_token.name_too_long", gettext_lazy("A token's name is at most 100 characters.")
        )
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(
            "api_token.days",
            gettext_lazy("A token lives from 1 to %(max)d days."),
            max=MAX_DAYS,
        )
    if not user.is_active:
        raise DomainError("api_token.inactive", gettext_lazy("The account is not active."))
    chosen = clean_scopes(scopes)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[:10],
        key_hash=token_hash(token),
        scopes=chosen,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        object_type="user",
        object_id=user.pk,
        after={"token": row.pk, "name": name, "scopes": chosen, "expires_at": row.expires_at},
    )
    return row, token


@transaction.atomic
def api_token_revoke(*, actor: Actor | None, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("api_token.revoked", gettext_lazy("The token was already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        object_type="user",
        object_id=token.user_id,
        before={"token": token.pk, "name": token.name},
    )
    return token


@dataclass(frozen=True)
class TokenCheck:
    """What a presented token is: the token (usable or not) and why it is refused, if it is."""

    token: ApiToken | None
    refusal: str = ""  # "unknown", "expired", "revoked", "inactive"


def api_token_check(presented: str) -> TokenCheck:
    """Find the token presented to the API and say whether it may be used now.

    A usable token's ``last_used_at`` is brought up to date (at most once a minute).
    """
    if not presented.startswith(TOKEN_PREFIX) or len(presented) > 200:
        return TokenCheck(None, "unknown")
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(presented)).first()
    if token is None:
        return TokenCheck(None, "unknown")
    now = timezone.now()
    if token.revoked_at is not None:
        return TokenCheck(token, "revoked")
    if token.expires_at <= now:
        return TokenCheck(token, "expired")
    if not token.user.is_active:
        return TokenCheck(token, "inactive")
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return TokenCheck(token)


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
