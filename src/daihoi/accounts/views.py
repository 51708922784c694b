"""Login with a throttle, and logout.

The pages that grant roles are the pages of what the role is on: a unit's
roles in ``organizations.role_views``, a congress's in
``congresses.role_views``; the start page is ``congresses.unit_views.home``.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from daihoi.accounts.services import login_failure_record, login_is_throttled


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
