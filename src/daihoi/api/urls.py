"""The JSON API (django-ninja): typed schemas, the same access layer as the pages.

``/api/v1/`` (``daihoi.api.v1``) is the API: tokens, scopes, every endpoint.
``/api/`` keeps its three first read-only endpoints for the signed-in browser
session (units, their children, a congress), as they were before v1.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from daihoi.api.organizations import router as organizations_router
from daihoi.api.v1 import api_v1

__all__ = ["api", "api_v1"]

api = NinjaAPI(
    title="daihoi API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "forbidden"}, status=403)


api.add_router("/", organizations_router)
