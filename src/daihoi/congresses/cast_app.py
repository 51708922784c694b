"""The phones' cast, answered before Django's general request path.

When the question appears on the screen, 2,000 phones post their choice
within three seconds, on a server of two cores. A cast itself is a few
indexed reads and, in a secret vote, a place in the ballot box; most of a
request's time went to the rest of the request path: thirteen middleware
(sessions, accounts, two-factor, messages…), none of which a phone uses,
the URL resolver, and the context processors of the answer's template.
At the burst that cost, queueing behind itself, set how long the hall
waited (docs/BENCHMARKS.md, issue 20).

So :class:`CastDoor` wraps the WSGI application and answers the one request
``POST /v/<token>/votes/<vote>/`` (a form body) itself; every other
request, and a cast it cannot take as it is (another body, a redirect to
HTTPS), goes on to Django. It answers exactly as the view
(``ballot_views.ballot_cast``) does, by the same code:

- the request is Django's own ``WSGIRequest``: its host checked against
  ``ALLOWED_HOSTS``, its cookies and form parsed as everywhere else;
- Django's CSRF middleware checks it, the language is the switch's
  (``middleware.language_for``);
- the cast and its answer are ``ballot_views.cast_answer``;
- the answer's headers come from the same middleware that adds them to
  every page (security, frame options, the content security policy, the
  CSRF cookie) and the view's ``never_cache``;
- Django's request signals are sent, so the database connection is looked
  after as for any request.

What it leaves out are the middleware that do nothing for a phone:
sessions, accounts, two-factor, messages, htmx, static files and the
trailing-slash redirect (a path without its slash is not this door's).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.template.context_processors import csrf
from django.template.loader import render_to_string
from django.urls import set_script_prefix
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from daihoi.middleware import language_for

log = logging.getLogger("django.request")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

CAST = re.compile(r"/v/([A-Za-z0-9._=-]{1,200})/votes/([0-9]{1,12})/")
#: A cast's form is a choice and a flag; anything longer is not the page's.
MAX_BODY = 4096
FORM = "application/x-www-form-urlencoded"


def _unused(request: Any) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError("the door's middleware are asked only for their hooks")


class CastDoor:
    """A WSGI application: the phones' cast here, everything else to ``app``."""

    def __init__(self, app: WsgiApp) -> None:
        from csp.middleware import CSPMiddleware

        from daihoi.congresses.ballot_views import ballot_cast

        self.app = app
        self.view = ballot_cast
        self.security = SecurityMiddleware(_unused)
        self.csrf = CsrfViewMiddleware(_unused)
        self.policy = CSPMiddleware(_unused)
        self.frames = XFrameOptionsMiddleware(_unused)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        match = self._ours(environ)
        if match is None:
            return self.app(environ, start_response)
        set_script_prefix(environ.get("SCRIPT_NAME", "") or "/")
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            request = WSGIRequest(environ)
            response = self._answer(request, match.group(1), int(match.group(2)))
        except Exception:
            # As Django's handler would: logged, a plain 500, the connection looked after.
            log.exception("Internal Server Error: %s", environ.get("PATH_INFO", ""))
            response = HttpResponse("500", status=500, content_type="text/plain")
        status = f"{response.status_code} {response.reason_phrase}"
        headers = [
            *response.items(),
            *(("Set-Cookie", c.output(header="")) for c in response.cookies.values()),
        ]
        start_response(status, headers)
        return response  # the server closes it: request_finished, as for any response

    @staticmethod
    def _ours(environ: dict[str, Any]) -> re.Match[str] | None:
        if environ.get("REQUEST_METHOD") != "POST":
            return None
        kind = str(environ.get("CONTENT_TYPE", "")).split(";", 1)[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if kind != FORM or not 0 < length <= MAX_BODY:
            return None
        return CAST.fullmatch(str(environ.get("PATH_INFO", "")))

    def _answer(self, request: WSGIRequest, token: str, vote_id: int) -> HttpResponse:
        from daihoi.congresses.ballot_views import cast_answer_to, sent_cookie

        redirect = self.security.process_request(request)
        if redirect is not None:
            return self._finish(request, redirect)
        try:
            request.get_host()
        except DisallowedHost:
            return HttpResponseBadRequest("400", content_type="text/plain")
        language = language_for(request.COOKIES)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        self.csrf.process_request(request)
        refused = self.csrf.process_view(request, self.view, (token, vote_id), {})
        if refused is not None:
            return self._finish(request, refused)
        answer = cast_answer_to(request, token, vote_id)
        # The CSRF context processor alone: the token only if the page asks for it.
        context = {**answer.context, **csrf(request)}
        response = HttpResponse(render_to_string(answer.template, context), status=answer.status)
        sent_cookie(response, answer, token)
        add_never_cache_headers(response)
        return self._finish(request, response)

    def _finish(self, request: WSGIRequest, response: HttpResponse) -> HttpResponse:
        """The response hooks of the middleware that add a header to every answer, in
        the order Django runs them (the reverse of ``settings.MIDDLEWARE``); each
        sets its headers on the response itself."""
        self.policy.process_response(request, response)
        self.frames.process_response(request, response)
        self.csrf.process_response(request, response)
        # The locale middleware's part: the language the answer is in.
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        self.security.process_response(request, response)
        return response


def wrap(app: WsgiApp) -> WsgiApp:
    """The hall's door in front of ``app`` (``daihoi.wsgi.application``)."""
    return CastDoor(app)
