"""Who holds which role on a unit: the unit's roles page, grant and withdraw.

A unit role covers the unit's whole subtree; the grants are ``accounts``'
(its models and services), the page is the unit's.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.accounts.forms import UnitGrantForm
from daihoi.accounts.models import UnitGrant
from daihoi.accounts.services import unit_role_grant, unit_role_revoke
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors


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
