"""The start page and a unit's page: where a user finds the units and congresses they work on.

Both show the congresses of the term beside the unit tree, so they are the
congresses app's, which sits above ``organizations``; the unit tree's other
pages (search, edit, import, dissolve) are ``organizations.views``. URLs and
templates are unchanged.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from daihoi.accounts.access import Perm, root_paths, unit_perms
from daihoi.congresses.desks import congress_desks
from daihoi.congresses.models import CongressStatus
from daihoi.congresses.selectors import (
    congress_of_unit,
    congress_status_counts,
    congresses_in_subtree,
    term_current,
)
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import (
    levels_all,
    subtree_summary,
    unit_ancestors,
    unit_children,
    units_moved_out,
    units_visible,
)

#: Units below, and congresses of the subtree, shown a page at a time.
PAGE_SIZE = 100


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


@unit_access(Perm.VIEW)
def unit_detail(request: HttpRequest, unit: Unit) -> HttpResponse:
    page = Paginator(unit_children(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    term = term_current()
    counts = congress_status_counts(unit, term) if term else {}
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit),
        "children": page,
        "summary": subtree_summary(unit),
        "moved_out": units_moved_out(unit) if unit.end_date else [],
        "term": term,
        "congress": congress_of_unit(unit, term),
        "status_rows": [(v, label, counts.get(v, 0)) for v, label in CongressStatus.choices],
        "can_manage": Perm.MANAGE in unit_perms(request.user, unit),
        "can_manage_parent": unit.parent is not None
        and Perm.MANAGE in unit_perms(request.user, unit.parent),
    }
    return render(request, "organizations/unit_detail.html", context)


@unit_access(Perm.VIEW)
def unit_congresses(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    status = request.GET.get("status", "")
    if status not in CongressStatus.values:
        status = ""
    level_text = request.GET.get("level", "")
    level_id = int(level_text) if level_text.isdigit() else None
    congresses = (
        congresses_in_subtree(unit, term, status=status, level_id=level_id) if term else None
    )
    page = (
        Paginator(congresses, PAGE_SIZE).get_page(request.GET.get("page"))
        if congresses is not None
        else None
    )
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit),
        "term": term,
        "congresses": page,
        "status": status,
        "level_id": level_id,
        "statuses": CongressStatus.choices,
        "levels": levels_all(),
    }
    return render(request, "organizations/unit_congresses.html", context)
