"""Pages of the unit tree. Thin: load through the access layer, read through selectors.

The unit's own page and its list of congresses show the congresses of the
term, so they are the congresses app's (``congresses.unit_views``): this app
sits below it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.accounts.access import Perm, unit_perms
from daihoi.http import HtmxHttpRequest, query_text
from daihoi.organizations.access import unit_access
from daihoi.organizations.forms import (
    UnitCreateForm,
    UnitDissolveForm,
    UnitForm,
    UnitImportForm,
)
from daihoi.organizations.importing import units_import
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import (
    unit_ancestors,
    unit_search,
)
from daihoi.organizations.services import unit_create, unit_dissolve, unit_update
from daihoi.tables import ImportRefused


@unit_access(Perm.VIEW)
def unit_search_view(request: HtmxHttpRequest, unit: Unit) -> HttpResponse:
    query = query_text(request)
    results = unit_search(unit, query) if len(query) >= 2 else []
    template = (
        "organizations/_search_results.html" if request.htmx else "organizations/unit_search.html"
    )
    return render(request, template, {"unit": unit, "q": query, "results": results})


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def unit_import(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = UnitImportForm(request.POST or None, request.FILES or None)
    errors = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = units_import(
                actor=request.user, file_name=upload.name, data=upload.read(), under=unit
            )
        except ImportRefused as refused:
            errors = refused.errors
            status = 400
        else:
            messages.success(
                request,
                _("%(n)d units imported under %(unit)s.")
                % {"n": result.created, "unit": unit.name},
            )
            return redirect("unit_detail", code=unit.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "organizations/unit_import.html",
        {"unit": unit, "form": form, "errors": errors, "ancestors": unit_ancestors(unit)},
        status=status,
    )


def _unit_form_initial(unit: Unit) -> dict[str, object]:
    return {
        "name": unit.name,
        "level": unit.level_id,
        "members_count": unit.members_count,
        "start_date": unit.start_date,
        "note": unit.note,
    }


def _form_page(
    request: HttpRequest, unit: Unit, form: object, title: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {"unit": unit, "form": form, "title": title, "ancestors": [*unit_ancestors(unit), unit]},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def unit_edit(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = UnitForm(request.POST or None, initial=_unit_form_initial(unit), parent=unit.parent)
    if request.method == "POST" and form.is_valid():
        try:
            unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("unit_detail", code=unit.code)
    return _form_page(
        request, unit, form, _("Edit %s") % unit.name, 400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def unit_create_child(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = UnitCreateForm(request.POST or None, parent=unit)
    if request.method == "POST" and form.is_valid():
        try:
            child = unit_create(actor=request.user, parent=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Unit %s added.") % child.name)
            return redirect("unit_detail", code=child.code)
    return _form_page(
        request,
        unit,
        form,
        _("Add a unit under %s") % unit.name,
        400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def unit_dissolve_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Dissolving or merging a unit is the upper level's decision: it needs the parent's office."""
    if unit.parent is None or Perm.MANAGE not in unit_perms(request.user, unit.parent):
        raise PermissionDenied
    form = UnitDissolveForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["merged_into"]
        if target is not None and Perm.MANAGE not in unit_perms(request.user, target):
            form.add_error(
                "merged_into", _("unit %s is outside the subtree you manage") % target.code
            )
        else:
            try:
                unit_dissolve(
                    actor=request.user,
                    unit=unit,
                    end_date=form.cleaned_data["end_date"],
                    merged_into=target,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Unit %s dissolved.") % unit.name)
                return redirect("unit_detail", code=unit.code)
    return _form_page(
        request,
        unit,
        form,
        _("Dissolve or merge %s") % unit.name,
        400 if request.method == "POST" else 200,
    )
