"""What the hall's push stream sends, and who may follow it (the Django side).

The stream (``congresses.stream_server``, started by ``daihoi serve``) sends
every phone and projector of a congress the same small document: the
sitting in session and the open vote (its id, question and whether it is
secret). It is built here from two short queries, once per congress each
time it is checked, never per phone: the server keeps the bytes and writes
them to every connection. It never says who voted, nor how many: what a
phone does is not in it.

Who may connect is checked once, on connecting: a phone by its vote link
(the token's HMAC, the pass not voided since) and the device cookie of the
phone that confirmed it, as the poll checks; the projector by a signed
ticket that its page (which checked the user's access) hands it.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from daihoi.congresses.models import (
    Delegate,
    ProceduralVote,
    Sitting,
    SittingStatus,
    VoteMethod,
    VoteStatus,
)
from daihoi.congresses.voting.passes import DEVICE_COOKIE, device_hash, token_parts

#: The projector's ticket is good for a day of sittings.
TICKET_SECONDS = 24 * 3600
_TICKET_SALT = "daihoi.hall-stream.screen"

#: Where ``daihoi serve`` says the stream listens (set by it, read by the pages).
PORT_ENV = "DAIHOI_LIVE_PORT"
#: Set by whoever runs a reverse proxy that routes the stream on the site's own origin.
URL_ENV = "DAIHOI_LIVE_URL"


def document(congress_id: int) -> bytes:
    """The congress's state as the phones need it: the same bytes for everyone."""
    sitting = (
        Sitting.objects.filter(congress_id=congress_id, status=SittingStatus.OPEN)
        .values_list("pk", flat=True)
        .first()
    )
    row = (
        ProceduralVote.objects.filter(
            congress_id=congress_id, status=VoteStatus.OPEN, method=VoteMethod.ELECTRONIC
        )
        .values_list("pk", "title", "secret", "closed_at")
        .first()
    )
    vote = (
        None
        if row is None
        else {"id": row[0], "title": row[1], "secret": row[2], "closing": row[3] is not None}
    )
    state: dict[str, object] = {"congress": congress_id, "sitting": sitting, "vote": vote}
    body = json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    state["version"] = hashlib.sha256(body.encode()).hexdigest()[:12]
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Follower:
    """Who a stream connection is: the congress it follows, and whether it may."""

    congress_id: int | None
    status: int  # 200, or the refusal: 404 (forged, voided), 403 (another phone)


def phone_follower(token: str, cookies: dict[str, str]) -> Follower:
    """A phone's connection: the link's HMAC (no query), then one query for its pass."""
    parts = token_parts(token)
    if parts is None:
        return Follower(None, 404)
    delegate_id, generation = parts
    row = (
        Delegate.objects.filter(pk=delegate_id)
        .values_list("pass_generation", "pass_device", "congress_id")
        .first()
    )
    if row is None or row[0] != generation:
        return Follower(None, 404)
    secret = cookies.get(DEVICE_COOKIE % delegate_id, "")
    if not row[1] or not secret or device_hash(secret) != row[1]:
        return Follower(None, 403)
    return Follower(row[2], 200)


def screen_ticket(congress_id: int) -> str:
    """The projector page's ticket to follow its congress (that page checked the access)."""
    return signing.dumps(congress_id, salt=_TICKET_SALT)


def screen_follower(ticket: str) -> Follower:
    try:
        congress_id = signing.loads(ticket, salt=_TICKET_SALT, max_age=TICKET_SECONDS)
    except signing.BadSignature:
        return Follower(None, 404)
    return Follower(int(congress_id), 200) if isinstance(congress_id, int) else Follower(None, 404)


def stream_origin(request: HttpRequest) -> str | None:
    """Where the pages open the stream: ``""`` for the site's own origin (a reverse
    proxy routes it), an origin for the stream's own port, None when there is none."""
    url = os.environ.get(URL_ENV)
    if url is not None:
        return url.rstrip("/")
    port = os.environ.get(PORT_ENV, "")
    if not port.isdigit():
        return None
    host, _port = split_domain_port(request.get_host())
    return f"{request.scheme}://{host}:{port}"


def allow_stream(response: HttpResponse, origin: str | None) -> HttpResponse:
    """Let the page's script connect to the stream's origin (the CSP allows 'self' only)."""
    if origin:
        response._csp_update = {"connect-src": [origin]}  # type: ignore[attr-defined]
    return response


def poke(congress_id: int) -> None:
    """Tell the stream on this machine that the congress changed (after the commit).

    One datagram to 127.0.0.1, lost without harm: the stream checks every
    congress it serves a few times a second anyway (other machines, a lost
    datagram)."""
    port = os.environ.get(PORT_ENV, "")
    if not port.isdigit():
        return
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(str(congress_id).encode(), ("127.0.0.1", int(port)))
    except OSError:
        pass
