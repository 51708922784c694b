"""The phones' cast taken by the stream's loop: the Django side.

When the question appears on the screen, 2,000 phones post their choice
within three seconds, on a server of two cores. Through the web server a
tap paid for waitress's single I/O thread (reading every request's head,
polling every channel), a thread held while a secret choice waited for its
batch, and Django's general request path; the loop that already holds every
phone's stream reads the tap itself, runs the cast in a small pool of
threads, and waits for the batch holding no thread (``stream_server``;
docs/BENCHMARKS.md, issue 20).

It answers exactly as the view (``ballot_views.ballot_cast``) does, by the
same code:

- the request is Django's own ``WSGIRequest``, its host checked against
  ``ALLOWED_HOSTS``, cookies and form parsed as everywhere else;
- Django's CSRF middleware checks it (the token, and the origin), the
  language is the switch's (``middleware.language_for``);
- the cast and its answer are ``ballot_views.cast_begin`` and ``cast_end``,
  every refusal logged in the audit chain as there;
- the answer's headers come from the middleware that add them to every page
  (security, frame options, the content security policy, the CSRF cookie)
  and the view's ``never_cache``.

**The origin.** The page is on the site's port and the stream on its own,
so the tap is a cross-origin request: the browser sends it without a
preflight (a form body, no header of its own) with an ``Origin``, and reads
the answer only if it names that origin. The stream takes a tap only from a
page of the same host on the site's port (or from its own origin, behind a
proxy that routes both) and reads it as addressed to that page's origin,
so that Django's CSRF check compares the origin with the host as it does for
the view; a tap without ``Origin``, or from anywhere else, is refused before
anything is read from the database. The device cookie is ``SameSite=Strict``
and ports do not make another site, so the browser sends it.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.template.context_processors import csrf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date

from daihoi.congresses.ballot_views import (
    CastAnswer,
    PendingCast,
    ballot_cast,
    cast_begin,
    cast_end,
    sent_cookie,
)
from daihoi.middleware import language_for

log = logging.getLogger("django.request")
csrf_log = logging.getLogger("django.security.csrf")

CAST = re.compile(r"/v/([A-Za-z0-9._=-]{1,200})/votes/([0-9]{1,12})/")
#: A cast's form is a choice, a flag and the CSRF token; anything longer is not the page's.
MAX_BODY = 4096
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Tap:
    """A cast as the loop read it off the socket."""

    token: str
    vote_id: int
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    peer: str | None


@dataclass
class Begun:
    """A tap whose secret choice waits for its batch: the loop awaits ``written``."""

    request: WSGIRequest
    pending: PendingCast
    origin: str


def page_origin(headers: dict[str, str], site_port: int | None) -> str | None:
    """The origin of the page that sent this tap, if the stream takes taps from it:
    the same host as the one the tap was sent to, on the site's port, or the very
    origin the tap was sent to (a proxy routing site and stream on one origin)."""
    origin = headers.get("origin", "")
    try:
        page = urlsplit(origin)
        here = urlsplit("//" + headers.get("host", ""))
        page_port = page.port or (443 if page.scheme == "https" else 80)
    except ValueError:
        return None
    if page.scheme not in ("http", "https") or not page.hostname or page.path:
        return None
    if page.hostname != here.hostname:
        return None
    if page.netloc == here.netloc or page_port == site_port:
        return f"{page.scheme}://{page.netloc}"
    return None


def cors(origin: str) -> bytes:
    return (
        f"Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Credentials: true\r\n"
    ).encode("latin-1")


def _unused(request: Any) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError("only the middleware's hooks are asked")


class Caster:
    """Answers taps in the pool's threads: :meth:`begin`, then, for a choice waiting
    for its batch, :meth:`end` once the loop has waited."""

    def __init__(self, site_port: int | None) -> None:
        from csp.middleware import CSPMiddleware

        self.site_port = site_port
        self.security = SecurityMiddleware(_unused)
        self.csrf = CsrfViewMiddleware(_unused)
        self.policy = CSPMiddleware(_unused)
        self.frames = XFrameOptionsMiddleware(_unused)
        self._fixed: dict[str, list[tuple[str, str]]] = {}

    def begin(self, tap: Tap) -> bytes | Begun:
        """The whole answer, or the cast waiting for its batch."""
        origin = page_origin(tap.headers, self.site_port)
        if origin is None:
            csrf_log.warning("Forbidden (the tap's origin is not this site's): %s", tap.path)
            return _plain(403, b"")
        request = _request(tap, origin)
        # Django's request signals, as for any request: the database connection looked
        # after. A tap waiting for its batch is one request until ``end`` answers it.
        signals.request_started.send(sender=WSGIHandler, environ=request.META)
        answered = True
        try:
            begun = self._begin(request, tap)
            if isinstance(begun, PendingCast):
                answered = False
                return Begun(request, begun, origin)
            return _serialized(begun, origin)
        except Exception:
            log.exception("Internal Server Error: %s", tap.path)
            return _plain(500, cors(origin))
        finally:
            if answered:
                signals.request_finished.send(sender=WSGIHandler)

    def end(self, begun: Begun) -> bytes:
        """The answer once the batch is written, or the wait is over."""
        request = begun.request
        try:
            translation.activate(request.LANGUAGE_CODE)
            return _serialized(self._respond(request, cast_end(begun.pending)), begun.origin)
        except Exception:
            log.exception("Internal Server Error: %s", request.path)
            return _plain(500, cors(begun.origin))
        finally:
            signals.request_finished.send(sender=WSGIHandler)

    def _begin(self, request: WSGIRequest, tap: Tap) -> HttpResponse | PendingCast:
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
        refused = self.csrf.process_view(request, ballot_cast, (tap.token, tap.vote_id), {})
        if refused is not None:
            return self._finish(request, refused)
        begun = cast_begin(
            token=tap.token,
            vote_id=tap.vote_id,
            choice=request.POST.get("choice", ""),
            again=request.POST.get("again") == "1",
            cookies=request.COOKIES,
            address=tap.peer,
            path=request.path,
            hold=True,
        )
        if isinstance(begun, PendingCast):
            return begun
        return self._respond(request, begun)

    def _respond(self, request: WSGIRequest, answer: CastAnswer) -> HttpResponse:
        # The CSRF context processor alone: the token, for the page that sends again.
        context = {**answer.context, **csrf(request)}
        response = HttpResponse(render_to_string(answer.template, context), status=answer.status)
        sent_cookie(response, answer, _token(request))
        return self._finish(request, response)

    def _finish(self, request: WSGIRequest, response: HttpResponse) -> HttpResponse:
        """The headers the middleware add to every answer, and the CSRF cookie.

        Those headers (security, frame options, the content security policy, the
        language, ``never_cache``) are the same on every answer in a language: they
        are taken from the middleware's own hooks once per language and copied onto
        each answer, only the date of ``Expires`` renewed. The CSRF middleware, which
        may renew the cookie, runs on each answer."""
        language = translation.get_language()
        fixed = self._fixed.get(language)
        if fixed is None:
            fixed = self._fixed[language] = self._headers_of(request)
        for name, value in fixed:
            response.headers[name] = value
        response.headers["Expires"] = http_date()
        self.csrf.process_response(request, response)
        return response

    def _headers_of(self, request: WSGIRequest) -> list[tuple[str, str]]:
        """The middleware's headers on a blank answer, in the order Django runs their
        hooks (the reverse of ``settings.MIDDLEWARE``), the CSRF cookie's aside."""
        blank = HttpResponse()
        add_never_cache_headers(blank)
        self.policy.process_response(request, blank)
        self.frames.process_response(request, blank)
        # The locale middleware's part: the language the answer is in.
        patch_vary_headers(blank, ("Accept-Language",))
        blank.headers.setdefault("Content-Language", translation.get_language())
        self.security.process_response(request, blank)
        return [(k, v) for k, v in blank.items() if k not in ("Content-Type", "Expires")]


def _token(request: WSGIRequest) -> str:
    match = CAST.fullmatch(request.path_info)
    return match.group(1) if match else ""


def _request(tap: Tap, origin: str) -> WSGIRequest:
    """Django's request for the tap, as sent to the page's own origin."""
    page = urlsplit(origin)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": tap.path,
        "QUERY_STRING": tap.query,
        "CONTENT_TYPE": tap.headers.get("content-type", ""),
        "CONTENT_LENGTH": str(len(tap.body)),
        "SERVER_NAME": page.hostname or "",
        "SERVER_PORT": str(page.port or (443 if page.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": tap.peer or "",
        "wsgi.url_scheme": page.scheme,
        "wsgi.input": io.BytesIO(tap.body),
        "wsgi.errors": io.StringIO(),
    }
    for name, value in tap.headers.items():
        if name not in ("content-type", "content-length", "host"):
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    environ["HTTP_HOST"] = page.netloc
    return WSGIRequest(environ)


def _serialized(response: HttpResponse, origin: str) -> bytes:
    """The response on the wire, read by the page of ``origin``; the connection closes."""
    patch_vary_headers(response, ("Origin",))
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{name}: {value}" for name, value in response.items()]
    lines += [f"Set-Cookie: {c.output(header='').strip()}" for c in response.cookies.values()]
    lines += [f"Content-Length: {len(response.content)}", "Connection: close"]
    head = ("\r\n".join(lines) + "\r\n").encode("latin-1")
    return head + cors(origin) + b"\r\n" + response.content


def _plain(code: int, cors_lines: bytes) -> bytes:
    reason = {400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error"}[code]
    body = f"{code}\n".encode()
    return (
        (
            f"HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: close\r\n"
        ).encode()
        + cors_lines
        + b"\r\n"
        + body
    )
