"""What the v1 API's tests share: tokens, a bearer client, a snapshot that ignores the token's
own ``last_used_at``."""

from __future__ import annotations

from typing import Any

from django.test import Client

from daihoi.accounts.models import ApiScope, User
from daihoi.accounts.tokens import api_token_create
from tests.permissions import assert_nothing_changed, db_snapshot

ALL = list(ApiScope.values)


def token_for(user: User, scopes: list[str] | None = None, days: int = 30) -> str:
    _row, token = api_token_create(
        actor=None, user=user, name="test", scopes=ALL if scopes is None else scopes, days=days
    )
    return token


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def snapshot() -> dict[str, Any]:
    """Every table but the tokens' (a request brings ``last_used_at`` up to date)."""
    state = db_snapshot()
    state.pop("accounts_apitoken", None)
    return state


def nothing_written(before: dict[str, Any], label: object) -> None:
    after_tokens_ignored = dict(before)
    after_tokens_ignored["accounts_apitoken"] = db_snapshot()["accounts_apitoken"]
    assert_nothing_changed(after_tokens_ignored, label)
