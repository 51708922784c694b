"""A unit's conference disseminating a document (quán triệt), and who has held it below."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.accounts.access import Perm, root_paths, unit_perms
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.planning import selectors, services
from daihoi.planning.access import document_access
from daihoi.planning.forms import DisseminationForm
from daihoi.planning.models import Dissemination, Document
from daihoi.planning.views.common import PAGE_SIZE, _context


def _below_issuer(document: Document, unit: Unit) -> None:
    if not document.issuer.contains(unit):
        raise Http404


@require_http_methods(["GET", "POST"])
@document_access(Perm.VIEW)
@unit_access(Perm.MANAGE)
def dissemination_record_view(request: HttpRequest, unit: Unit, document: Document) -> HttpResponse:
    """The unit's office records (or corrects) its conference on the document."""
    _below_issuer(document, unit)
    existing = Dissemination.objects.filter(document=document, unit=unit).first()
    initial = (
        {
            "held_on": existing.held_on,
            "summoned": existing.summoned,
            "attended": existing.attended,
            "note": existing.note,
        }
        if existing
        else {}
    )
    form = DisseminationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dissemination_record(
                actor=request.user,
                document=document,
                unit=unit,
                held_on=data["held_on"],
                summoned=data["summoned"],
                attended=data["attended"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The conference of %(unit)s on %(number)s is recorded.")
                % {"unit": unit.name, "number": document.number},
            )
            return redirect("planning_document", pk=document.pk)
    return render(
        request,
        "planning/dissemination_form.html",
        _context(
            document.issuer,
            "documents",
            document=document,
            target=unit,
            form=form,
            existing=existing,
        ),
        status=400 if request.method == "POST" else 200,
    )


class _Counted:
    """The units not yet held, with their number already known: the paginator takes
    one page of them and counts nothing again."""

    def __init__(self, queryset: QuerySet[Unit], n: int) -> None:
        self.queryset, self.n = queryset, n

    def count(self) -> int:
        return self.n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: slice) -> list[Unit]:
        return list(self.queryset[i])


@document_access(Perm.VIEW)
@unit_access(Perm.VIEW)
def dissemination_coverage_view(
    request: HttpRequest, unit: Unit, document: Document
) -> HttpResponse:
    """Who, in the unit's subtree, has held the conference: by level, and who has not."""
    _below_issuer(document, unit)
    coverage = selectors.dissemination_coverage(document, unit)
    missing = _Counted(
        selectors.units_without_dissemination(document, unit), coverage.total.missing
    )
    page: Page[Unit] = Paginator(cast(Any, missing), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/dissemination_coverage.html",
        _context(
            unit,
            "documents",
            document=document,
            coverage=coverage,
            page=page,
            can_record=Perm.MANAGE in unit_perms(request.user, unit),
        ),
    )


def document_dissemination(user: Any, document: Document) -> dict[str, Any]:
    """What the document's page shows of its conferences to ``user``: the units whose
    conference they record (their own units inside the issuer's subtree, with their
    record), and the units they follow the coverage from, with the figures of the first."""
    issuer = document.issuer
    if Perm.VIEW in unit_perms(user, issuer):
        follow = [issuer]
        own = [issuer] if Perm.MANAGE in unit_perms(user, issuer) else []
    else:
        inside = [p for p in root_paths(user) if p.startswith(issuer.path)]
        follow = list(Unit.objects.filter(path__in=inside).order_by("path"))
        own = [u for u in follow if u.is_active and Perm.MANAGE in unit_perms(user, u)]
    records = {
        d.unit_id: d
        for d in Dissemination.objects.filter(document=document, unit__in=[u.pk for u in own])
    }
    summary = selectors.documents_coverage(follow[0], [document])[0] if follow else None
    return {
        "record_units": [(u, records.get(u.pk)) for u in own],
        "coverage_units": follow,
        "coverage_summary": summary,
        "coverage_summary_unit": follow[0] if follow else None,
    }
