"""The one check that keeps a half-signed-in account to the two-factor pages.

After ``OTPMiddleware`` (which tells whether this session's code was
checked): an account signed in with its password only, that has a device or
whose roles need two factors (``twofactor.two_factor_enforced``), reaches the
two-factor pages, logout and the language switch and nothing else. A page
request is sent to the code page (or the enrolment page); the browser-session
API answers as to a visitor who is not signed in. API tokens (their own
factor) and the delegates' vote links (no account) are not concerned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from daihoi.accounts.twofactor import has_two_factors, two_factor_enforced

#: What a half-signed-in account may still open.
OPEN_URL_NAMES = frozenset(
    {
        "two_factor_verify",
        "two_factor_enrol",
        "logout",
        "login",
        "set_language",
        "ballot_pass",
        "ballot_live",
        "ballot_cast",
    }
)


def two_factor_missing(request: HttpRequest) -> str:
    """'' when this session may go on; else the page it must pass first."""
    user: Any = request.user
    # Right after ``login()`` the user is not yet wrapped by OTPMiddleware.
    verified = getattr(user, "is_verified", None)
    if not user.is_authenticated or (verified is not None and verified()):
        return ""
    if has_two_factors(user):
        return "two_factor_verify"
    if two_factor_enforced(user):
        return "two_factor_enrol"
    return ""


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        needed = two_factor_missing(request)
        if not needed:
            return None
        if request.path_info.startswith("/api/"):
            # A token still opens the API; the unverified session does not.
            request.user = AnonymousUser()
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        target = redirect(needed)
        if query:
            target["Location"] += "?" + query
        return target
