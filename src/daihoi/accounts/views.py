"""Login with a throttle, logout, and the start page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_access, root_paths, unit_access
from daihoi.accounts.forms import CongressGrantForm, UnitGrantForm
from daihoi.accounts.models import CongressGrant, UnitGrant
from daihoi.accounts.selectors import congress_desks
from daihoi.accounts.services import (
    congress_role_grant,
    congress_role_revoke,
    login_failure_record,
    login_is_throttled,
    unit_role_grant,
    unit_role_revoke,
)
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors, units_visible


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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser:
        roots = list(Unit.objects.filter(parent__isnull=True).select_related("level"))
    else:
        roots = list(units_visible(root_paths(user)))
    congresses = congress_desks(user)
    if len(roots) == 1 and not congresses:
        return redirect("unit_detail", code=roots[0].code)
    return render(request, "home.html", {"roots": roots, "congresses": congresses})


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def unit_roles(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Who holds which role on this unit; grant a role (it covers the whole subtree)."""
    form = UnitGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit_role_grant(
            actor=request.user,
            user=form.cleaned_data["username"],
            unit=unit,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Role granted."))
        return redirect("unit_roles", code=unit.code)
    grants = UnitGrant.objects.filter(unit=unit).select_related("user").order_by("user__username")
    return render(
        request,
        "accounts/unit_roles.html",
        {
            "unit": unit,
            "grants": grants,
            "form": form,
            "ancestors": [*unit_ancestors(unit), unit],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@unit_access(Perm.MANAGE)
def unit_role_revoke_view(request: HttpRequest, unit: Unit, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(UnitGrant, pk=grant_id, unit=unit)
    unit_role_revoke(actor=request.user, user=grant.user, unit=unit, role=grant.role)
    messages.success(request, _("Role withdrawn."))
    return redirect("unit_roles", code=unit.code)


@require_http_methods(["GET", "POST"])
@congress_access(Perm.MANAGE)
def congress_roles(request: HttpRequest, congress: Congress) -> HttpResponse:
    """Who holds which role in this congress: presidium, secretariat, counting, delegates."""
    form = CongressGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        congress_role_grant(
            actor=request.user,
            user=form.cleaned_data["username"],
            congress=congress,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Role granted."))
        return redirect("congress_roles", pk=congress.pk)
    grants = (
        CongressGrant.objects.filter(congress=congress)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return render(
        request,
        "accounts/congress_roles.html",
        {
            "congress": congress,
            "unit": congress.unit,
            "grants": grants,
            "form": form,
            "ancestors": [*unit_ancestors(congress.unit), congress.unit],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@congress_access(Perm.MANAGE)
def congress_role_revoke_view(
    request: HttpRequest, congress: Congress, grant_id: int
) -> HttpResponse:
    grant = get_object_or_404(CongressGrant, pk=grant_id, congress=congress)
    congress_role_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Role withdrawn."))
    return redirect("congress_roles", pk=congress.pk)
