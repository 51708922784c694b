"""The versioned JSON API, ``/api/v1/``: token or session auth, scopes, the pages' access rules.

A request carries ``Authorization: Bearer dh_…`` (an API token of an
account, see ``accounts.tokens``) or, from a browser, the signed-in session.
The token's access is the intersection of its scopes (each endpoint needs
one) and its account's roles, checked by the same loaders as the pages
(``get_unit``, ``get_congress``, ``get_election``, ``consultation.access``):
who may not see an object gets 404, who sees it but may not act 403.
Writes go through the same services as the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from daihoi.api.v1 import comments, packages, results, units
from daihoi.api.v1.common import ScopeMissing, TokenAuth, TokenRefused
from daihoi.core.package import PackageError

api_v1 = NinjaAPI(
    title="daihoi API",
    version="1",
    description=(
        "Units, congresses and their deadlines; sealed election results; signed result "
        "packages sent up the tree; comments on draft documents. Authenticate with "
        "`Authorization: Bearer <token>` (an API token made on the account's page)."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)


def _error(request: HttpRequest, status: int, detail: str, code: str = "") -> HttpResponse:
    return api_v1.create_response(request, {"detail": detail, "code": code}, status=status)


@api_v1.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        _("Authentication required: send an API token as “Authorization: Bearer …”."),
        "token.missing",
    )


@api_v1.exception_handler(TokenRefused)
def token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return _error(request, 401, exc.detail, exc.code)


@api_v1.exception_handler(ScopeMissing)
def scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return _error(
        request, 403, _("The API token does not carry the scope %s.") % exc.scope, "token.scope"
    )


@api_v1.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Your roles do not allow this."), "forbidden")


@api_v1.exception_handler(packages.PackageRefused)
def package_refused(request: HttpRequest, exc: packages.PackageRefused) -> HttpResponse:
    return _error(request, exc.status, exc.detail, exc.code)


@api_v1.exception_handler(PackageError)
def package_error(request: HttpRequest, exc: PackageError) -> HttpResponse:
    english = getattr(request, "LANGUAGE_CODE", "vi") == "en"
    return _error(
        request,
        400,
        _("The package is refused, nothing was kept: %s") % exc.message("en" if english else "vi"),
        f"package.{exc.code}",
    )


@api_v1.exception_handler(DjangoValidationError)
def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service's refusal (``DomainError`` and the like): its message, its rule's code."""
    return _error(request, 400, " ".join(str(m) for m in exc.messages), exc.code or "refused")


api_v1.add_router("/", units.router)
api_v1.add_router("/", results.router)
api_v1.add_router("/", packages.router)
api_v1.add_router("/", comments.router)
