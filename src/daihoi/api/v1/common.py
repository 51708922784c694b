"""What every v1 router shares: the token auth, the scope check, the error schemas."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.security import HttpBearer

from daihoi.accounts.models import ApiScope, ApiToken
from daihoi.accounts.tokens import api_token_check


class ErrorOut(Schema):
    """A refusal: what is wrong, in the request's language, and the rule's code if any."""

    detail: str
    code: str = ""


class InvalidOut(Schema):
    """A request whose parameters or body do not fit the schema (django-ninja's own answer)."""

    detail: list[dict[str, Any]]


#: Every operation may answer these.
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


class TokenRefused(Exception):
    """A token that exists but may not be used (expired, revoked), or none that exists."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class ScopeMissing(Exception):
    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dh_…``: the token's account acts, within the token's scopes."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        check = api_token_check(token.strip())
        if check.token is None:
            raise TokenRefused("token.unknown", _("The API token is not valid."))
        if check.refusal == "revoked":
            raise TokenRefused("token.revoked", _("The API token was revoked."))
        if check.refusal == "expired":
            raise TokenRefused(
                "token.expired",
                _("The API token expired on %s; create a new one.")
                % check.token.expires_at.strftime("%d/%m/%Y %H:%M UTC"),
            )
        if check.refusal:
            raise TokenRefused("token.inactive", _("The API token's account is not active."))
        request.user = check.token.user
        return check.token


def need(request: HttpRequest, scope: ApiScope) -> None:
    """A token must carry ``scope``; a signed-in browser session acts with all of them."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken) and scope.value not in auth.scopes:
        raise ScopeMissing(scope.value)
