"""The delegate's phone: a personal vote link, no login.

``/v/<token>/`` asks the delegate to confirm the phone once; from then on the
link works on that phone only (a device cookie whose hash the server keeps).
The page polls for the open vote and posts the choice. Every refusal of a
forged, voided, foreign, replayed or late request is logged in the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
    status = 404 if code == "forged" else 409 if code == "twice" else 403
    template = "congresses/_ballot_refused.html" if fragment else "congresses/ballot_refused.html"
    return render(request, template, {"code": code, "delegate": delegate}, status=status)


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


@never_cache
@require_POST
def ballot_cast(request: HttpRequest, token: str, vid: int) -> HttpResponse:
    parts = voting.token_parts(token)
    if parts is None:
        return _refused(request, "forged", None, vid, fragment=True)
    delegate_id, generation = parts
    choice = request.POST.get("choice", "")
    try:
        done = voting.cast_vote(
            delegate_id=delegate_id,
            generation=generation,
            device_secret=request.COOKIES.get(DEVICE_COOKIE % delegate_id),
            vote_id=vid,
            choice=choice,
            again=request.POST.get("again") == "1",
        )
    except VoteRefused as refused:
        delegate = Delegate.objects.select_related("congress__unit").filter(pk=delegate_id).first()
        return _refused(request, refused.code, delegate, vid, fragment=True)
    if not done.recorded:
        # A secret vote's choice waiting for its batch: 202, and the page sends it again.
        response = render(
            request,
            "congresses/_ballot_sent.html",
            {
                "token": token,
                "vote_id": vid,
                "title": done.title,
                "choice": choice,
                "label": VoteChoice(choice).label,
                "batch": voting.batch_size(),
            },
            status=202,
        )
        response.set_cookie(
            SENT_COOKIE % delegate_id,
            f"{vid}:{choice}",
            max_age=24 * 3600,
            path="/v/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )
        return response
    response = render(
        request,
        "congresses/_ballot_done.html",
        {"title": done.title, "choice": VoteChoice(choice).label},
    )
    if SENT_COOKIE % delegate_id in request.COOKIES:
        response.delete_cookie(SENT_COOKIE % delegate_id, path="/v/", samesite="Strict")
    return response
