"""The two-factor pages: the code after the password, enrolment, reset.

The check that sends a password-only session here is
``accounts.middleware.TwoFactorMiddleware``; what the factors are and who
needs them is ``accounts.twofactor``. A wrong code is a login failure of the
account (``services.login_failure_record``): the same throttle refuses
further tries, passwords and codes alike.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from daihoi.accounts.forms import TwoFactorCodeForm, UnitGrantForm
from daihoi.accounts.models import User
from daihoi.accounts.services import login_failure_record, login_is_throttled
from daihoi.accounts.twofactor import (
    code_verify,
    has_two_factors,
    new_totp_key,
    recovery_codes_left,
    totp_confirm,
    totp_device_of,
    totp_pending,
    two_factor_enforced,
    two_factor_reset,
)
from daihoi.documents.qr import qr_svg


def _wrong_code() -> str:
    return _(
        "The code is wrong or already used: check your phone's clock and type the current code."
    )


#: The secret shown on the enrolment page, kept in the session until a code confirms it.
PENDING_KEY = "daihoi_totp_pending"


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _next(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return ""
    return url


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _check_code(request: HttpRequest, form: TwoFactorCodeForm) -> tuple[Any, int]:
    """(the device that took the code, or None; the status to answer with)."""
    user: Any = request.user
    if login_is_throttled(username=user.username, address=_address(request)):
        form.add_error(None, _("Too many failed attempts. Wait a few minutes and try again."))
        return None, 429
    if not form.is_valid():
        return None, 400
    device = code_verify(user, form.cleaned_data["code"])
    if device is None:
        login_failure_record(username=user.username, address=_address(request))
        form.add_error(
            "code",
            _wrong_code(),
        )
        return None, 400
    return device, 200


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user: Any = request.user
    next_url = _next(request)
    if user.is_verified():
        return redirect(next_url or "home")
    if not has_two_factors(user):
        return redirect("two_factor_enrol")
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device, status = _check_code(request, form)
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(next_url or "home")
    return _no_store(
        render(
            request,
            "accounts/two_factor_verify.html",
            {"form": form, "next": next_url},
            status=status,
        )
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR (or type the secret), confirm one code, see the recovery codes once."""
    user: Any = request.user
    if has_two_factors(user):
        if not user.is_verified():
            return redirect("two_factor_verify")
        return redirect("two_factor")
    key = request.session.get(PENDING_KEY) or ""
    if len(key) != 40:
        key = new_totp_key()
        request.session[PENDING_KEY] = key
    device = totp_pending(user, key)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if login_is_throttled(username=user.username, address=_address(request)):
            form.add_error(None, _("Too many failed attempts. Wait a few minutes and try again."))
            status = 429
        elif form.is_valid():
            codes = totp_confirm(actor=user, user=user, key=key, code=form.cleaned_data["code"])
            if codes is not None:
                request.session.pop(PENDING_KEY, None)
                request.session.cycle_key()
                django_otp.login(request, totp_device_of(user))
                return _no_store(
                    render(request, "accounts/two_factor_codes.html", {"codes": codes})
                )
            login_failure_record(username=user.username, address=_address(request))
            form.add_error(
                "code",
                _wrong_code(),
            )
            status = 400
        else:
            status = 400
    secret = _spaced(device.config_url.split("secret=", 1)[1].split("&", 1)[0])
    return _no_store(
        render(
            request,
            "accounts/two_factor_enrol.html",
            {
                "form": form,
                "qr": qr_svg(device.config_url),
                "secret": secret,
                "required": two_factor_enforced(user),
            },
            status=status,
        )
    )


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """The account's two factors: enrol, or reset them with a current code."""
    user: Any = request.user
    enrolled = has_two_factors(user)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not enrolled:
            return redirect("two_factor_enrol")
        device, status = _check_code(request, form)
        if device is not None:
            two_factor_reset(actor=user, user=user)
            messages.success(request, _("Your two factors were removed: set up a new app now."))
            return redirect("two_factor_enrol")
    return _no_store(
        render(
            request,
            "accounts/two_factor.html",
            {
                "form": form,
                "enrolled": enrolled,
                "codes_left": recovery_codes_left(user) if enrolled else 0,
                "required": two_factor_enforced(user),
            },
            status=status,
        )
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_admin_reset(request: HttpRequest) -> HttpResponse:
    """An administrator removes another account's two factors (a lost phone); audited."""
    if not request.user.is_superuser:
        raise Http404
    form = UnitGrantForm.base_fields["username"]
    status = 200
    error = ""
    name = ""
    if request.method == "POST":
        name = request.POST.get("username", "").replace("\x00", "").strip()[:150]
        target = User.objects.filter(username=name).first() if name else None
        if target is None:
            error = _("No active account is called %s.") % name
            status = 400
        elif two_factor_reset(actor=request.user, user=target):
            messages.success(
                request,
                _("The two factors of %s were removed: they set up a new app at their next login.")
                % target.username,
            )
            return redirect("two_factor_admin_reset")
        else:
            error = _("%s has no two factors to remove.") % target.username
            status = 400
    return render(
        request,
        "accounts/two_factor_admin_reset.html",
        {"error": error, "username": name, "label": form.label},
        status=status,
    )
