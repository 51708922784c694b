"""Login with a throttle, and logout.

The signed-in account's API tokens are listed, made and revoked on its own
page (``api_tokens``); the token is shown once, on the page that made it.

The pages that grant roles are the pages of what the role is on: a unit's
roles in ``organizations.role_views``, a congress's in
``congresses.role_views``; the start page is ``congresses.unit_views.home``.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.forms import ApiTokenForm
from daihoi.accounts.middleware import two_factor_missing
from daihoi.accounts.models import ApiToken
from daihoi.accounts.services import login_failure_record, login_is_throttled
from daihoi.accounts.tokens import api_token_create, api_token_revoke, tokens_of
from daihoi.http import run_service, service_call


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = AuthenticationForm(request, data=request.POST or None)
    status = 200
    throttled = False
    if request.method == "POST":
        # A NUL cannot be in a name and cannot be stored in PostgreSQL text; the
        # throttle normalizes the name before it cuts it to the stored length.
        username = request.POST.get("username", "").replace("\x00", "")
        if login_is_throttled(username=username, address=_address(request)):
            form = AuthenticationForm(request)
            throttled = True
            status = 429
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            # The second step, if this account has a device or its roles need one.
            step = two_factor_missing(request)
            if step:
                query = f"?{urlencode({'next': next_url})}" if next_url else ""
                return redirect(reverse(step) + query)
            return redirect(next_url or "home")
        else:
            login_failure_record(username=username, address=_address(request))
            status = 400
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": next_url, "throttled": throttled},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens_view(request: HttpRequest) -> HttpResponse:
    """The account's API tokens; a new one is shown once, here, and never again."""
    form = ApiTokenForm(request.POST or None)
    created = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, quiet=True) as call:
                _row, created = api_token_create(
                    actor=request.user,
                    user=request.user,  # type: ignore[arg-type]
                    name=data["name"],
                    scopes=data["scopes"],
                    days=data["days"],
                )
            if call.refused:
                form.add_error(None, call.text)
                status = 400
            else:
                form = ApiTokenForm()
        else:
            status = 400
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "created": created},  # type: ignore[arg-type]
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, tid: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=tid, user=request.user).first()  # type: ignore[misc]
    if token is None:
        raise Http404
    run_service(
        request,
        lambda: api_token_revoke(actor=request.user, token=token),
        _("Token %s revoked: it no longer opens the API.") % token.name,
    )
    return redirect("api_tokens")
