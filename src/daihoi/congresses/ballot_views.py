"""The delegate's phone: a personal vote link, no login.

``/v/<token>/`` asks the delegate to confirm the phone once; from then on the
link works on that phone only (a device cookie whose hash the server keeps).
The page polls for the open vote and posts the choice. Every refusal of a
forged, voided, foreign, replayed or late request is logged in the audit chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.congresses import stream, voting
from daihoi.congresses.models import Delegate, VoteChoice
from daihoi.congresses.voting import DEVICE_COOKIE, VoteRefused

COOKIE_AGE = 14 * 24 * 3600
#: The phone's note of a secret choice sent and not recorded yet: ``<vote id>:<choice>``.
SENT_COOKIE = "dh_sent_%d"


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _refused(
    request: HttpRequest,
    code: str,
    delegate: Delegate | None,
    vote_id: int | None = None,
    *,
    log: bool = True,
    fragment: bool = False,
) -> HttpResponse:
    if log:
        voting.refusal_log(
            code=code,
            delegate=delegate,
            vote_id=vote_id,
            address=_address(request),
            path=request.path,
        )
    status = _status(code)
    template = "congresses/_ballot_refused.html" if fragment else "congresses/ballot_refused.html"
    return render(request, template, {"code": code, "delegate": delegate}, status=status)


def _status(code: str) -> int:
    return 404 if code == "forged" else 409 if code == "twice" else 403


def _secret(request: HttpRequest, delegate: Delegate) -> str | None:
    return request.COOKIES.get(DEVICE_COOKIE % delegate.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_pass(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm the phone (first time), then the delegate's voting page."""
    delegate = voting.pass_delegate(token)
    if delegate is None:
        return _refused(request, "forged", None)
    if request.method == "POST":
        if delegate.pass_device:
            if voting.device_matches(delegate, _secret(request, delegate)):
                return redirect("ballot_pass", token=token)
            return _refused(request, "foreign_device", delegate)
        try:
            secret = voting.pass_bind(delegate=delegate)
        except VoteRefused as refused:
            return _refused(request, refused.code, delegate)
        response = redirect("ballot_pass", token=token)
        response.set_cookie(
            DEVICE_COOKIE % delegate.pk,
            secret,
            max_age=COOKIE_AGE,
            path="/v/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )
        return response
    if not delegate.pass_device:
        return render(request, "congresses/ballot_confirm.html", {"delegate": delegate})
    if not voting.device_matches(delegate, _secret(request, delegate)):
        return _refused(request, "foreign_device", delegate)
    origin = stream.stream_origin(request)
    page = render(
        request,
        "congresses/ballot.html",
        {
            "delegate": delegate,
            "token": token,
            "ballot": voting.ballot_for(
                delegate.pk,
                delegate.congress_id,
                request.COOKIES.get(SENT_COOKIE % delegate.pk, ""),
            ),
            # The push stream, if the server runs one; the page polls without it.
            "events": None if origin is None else f"{origin}/v/{token}/events",
            # The stream on its own port takes the taps too (``stream_cast``); behind a
            # proxy that routes the stream on the site's origin they go to the site.
            "taps": origin or None,
        },
    )
    return stream.allow_stream(page, origin)


@never_cache
@require_GET
def ballot_live(request: HttpRequest, token: str) -> HttpResponse:
    """The open vote for this delegate (polled); refusals here are shown, not logged."""
    parts = token.split(".", 1)
    secret = request.COOKIES.get(DEVICE_COOKIE % int(parts[0])) if parts[0].isdigit() else None
    info = voting.poll_pass(token, secret)
    if info is None:
        code = "forged" if voting.pass_delegate(token) is None else "foreign_device"
        return _refused(request, code, None, log=False, fragment=True)
    return render(
        request,
        "congresses/_ballot.html",
        {
            "token": token,
            "ballot": voting.ballot_for(
                info.delegate_id,
                info.congress_id,
                request.COOKIES.get(SENT_COOKIE % info.delegate_id, ""),
            ),
        },
    )


@dataclass(frozen=True)
class CastAnswer:
    """The answer to a cast, whichever server took it (this view, the stream's loop).

    ``sent``: the phone's note of a choice sent and not recorded yet, to set
    (``<vote id>:<choice>``); ``forget``: delete that note.
    """

    status: int
    template: str
    context: dict[str, Any]
    sent: str = ""
    forget: bool = False


@dataclass(frozen=True)
class PendingCast:
    """A secret choice in the ballot box whose request waits for its batch elsewhere
    (the stream's loop, holding no thread): :func:`cast_end` answers it."""

    cast: voting.Cast
    token: str
    choice: str
    forget: bool
    address: str | None
    path: str

    @property
    def written(self) -> Future[bool]:
        """Done when its batch is written (or refused: the vote closed meanwhile)."""
        return self.cast.pending.done  # type: ignore[no-any-return]


def cast_begin(
    *,
    token: str,
    vote_id: int,
    choice: str,
    again: bool,
    cookies: Mapping[str, str],
    address: str | None,
    path: str,
    hold: bool = False,
) -> CastAnswer | PendingCast:
    """A phone's cast: recorded, sent (waiting for its batch), or refused and logged.

    With ``hold`` a secret choice whose batch is not written at once is returned
    pending: the caller waits for ``written`` itself, then calls :func:`cast_end`."""
    parts = voting.token_parts(token)
    if parts is None:
        return _refusal("forged", None, vote_id, address, path)
    delegate_id, generation = parts
    try:
        done = voting.cast_vote(
            delegate_id=delegate_id,
            generation=generation,
            device_secret=cookies.get(DEVICE_COOKIE % delegate_id),
            vote_id=vote_id,
            choice=choice,
            again=again,
            hold=hold,
        )
    except VoteRefused as refused:
        return _refusal_of(refused.code, delegate_id, vote_id, address, path)
    forget = SENT_COOKIE % delegate_id in cookies
    if done.pending is not None:
        return PendingCast(done, token, choice, forget, address, path)
    return _answer(done, token, choice, forget)


def cast_end(pending: PendingCast) -> CastAnswer:
    """The answer to a held cast once its batch is written or its wait is over."""
    try:
        done = voting.settle(pending.cast)
    except VoteRefused as refused:
        delegate_id = pending.cast.pending.delegate_id
        return _refusal_of(
            refused.code, delegate_id, pending.cast.vote_id, pending.address, pending.path
        )
    return _answer(done, pending.token, pending.choice, pending.forget)


def _answer(done: voting.Cast, token: str, choice: str, forget: bool) -> CastAnswer:
    if not done.recorded:
        # A secret vote's choice waiting for its batch: 202, and the page sends it again.
        return CastAnswer(
            202,
            "congresses/_ballot_sent.html",
            {
                "token": token,
                "vote_id": done.vote_id,
                "title": done.title,
                "choice": choice,
                "label": VoteChoice(choice).label,
                "batch": voting.batch_size(),
            },
            sent=f"{done.vote_id}:{choice}",
        )
    return CastAnswer(
        200,
        "congresses/_ballot_done.html",
        {"title": done.title, "choice": VoteChoice(choice).label},
        forget=forget,
    )


def _refusal_of(
    code: str, delegate_id: int, vote_id: int, address: str | None, path: str
) -> CastAnswer:
    delegate = Delegate.objects.select_related("congress__unit").filter(pk=delegate_id).first()
    return _refusal(code, delegate, vote_id, address, path)


def _refusal(
    code: str, delegate: Delegate | None, vote_id: int, address: str | None, path: str
) -> CastAnswer:
    voting.refusal_log(code=code, delegate=delegate, vote_id=vote_id, address=address, path=path)
    context = {"code": code, "delegate": delegate}
    return CastAnswer(_status(code), "congresses/_ballot_refused.html", context)


def sent_cookie(response: HttpResponseBase, answer: CastAnswer, token: str) -> None:
    """Set or delete the phone's note of a choice not recorded yet, as the answer says."""
    parts = voting.token_parts(token)
    if parts is None:
        return
    name = SENT_COOKIE % parts[0]
    if answer.sent:
        response.set_cookie(
            name,
            answer.sent,
            max_age=24 * 3600,
            path="/v/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )
    elif answer.forget:
        response.delete_cookie(name, path="/v/", samesite="Strict")


@never_cache
@require_POST
def ballot_cast(request: HttpRequest, token: str, vid: int) -> HttpResponse:
    """The cast through the web server; the stream's loop takes it too (``stream_cast``)."""
    begun = cast_begin(
        token=token,
        vote_id=vid,
        choice=request.POST.get("choice", ""),
        again=request.POST.get("again") == "1",
        cookies=request.COOKIES,
        address=_address(request),
        path=request.path,
    )
    answer = begun if isinstance(begun, CastAnswer) else cast_end(begun)
    response = render(request, answer.template, answer.context, status=answer.status)
    sent_cookie(response, answer, token)
    return response
