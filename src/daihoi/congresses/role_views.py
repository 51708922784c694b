"""Who holds which role in a congress: the congress's roles page, grant and withdraw.

The presidium, the secretariat, the counting committee and the delegates hold
roles on one congress; the grants are ``accounts``' (its models and
services), the page is the congress's.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.accounts.forms import CongressGrantForm
from daihoi.accounts.models import CongressGrant
from daihoi.accounts.services import congress_role_grant, congress_role_revoke
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress
from daihoi.organizations.selectors import unit_ancestors


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
