"""``GET /health/``: what a load balancer asks each ``daihoi serve`` process.

It answers 200 while this process can reach the database (one ``SELECT 1``)
and 503 when it cannot, so the balancer stops sending people to a server that
would only fail them. No login, no session, no cookie, nothing written: a
check every few seconds from every balancer leaves no trace in the database
or the audit chain. Never cached, so a proxy cannot answer for a dead server.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

import daihoi

log = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning("health check: the database does not answer: %s", error)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "version": daihoi.__version__})
