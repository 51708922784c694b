"""The calendar of a subtree's congresses and the dashboard of its progress."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses.models import Term
from daihoi.congresses.selectors import term_current
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.planning import charts, selectors
from daihoi.planning.forms import (
    FLAG_LABELS,
    STAGE_LABELS,
    TARGET_LABELS,
    CalendarFilterForm,
)
from daihoi.planning.progress import ATTENTION, Stage
from daihoi.planning.services.exports import export_start
from daihoi.planning.views.common import PAGE_SIZE, _context, _today
from daihoi.workgroups.selectors import overdue_units

# --- calendar ---------------------------------------------------------------------------


def _calendar_rows(request: HttpRequest, unit: Unit, term: Term) -> tuple[list[Any], Any, dt.date]:
    form = CalendarFilterForm(request.GET or None)
    today = _today(request)
    rows = selectors.subtree_rows(unit, term, today)
    if form.is_valid():
        data = form.cleaned_data
        rows = selectors.filter_rows(
            rows,
            level_id=data["level"].pk if data.get("level") else None,
            stage=data.get("stage") or "",
            flag=data.get("flag") or "",
        )
    return selectors.calendar_order(rows), form, today


def _filters_query(request: HttpRequest) -> str:
    keep = {k: v for k, v in request.GET.items() if k in ("level", "stage", "flag", "on") and v}
    return urlencode(keep)


@unit_access(Perm.VIEW)
def calendar_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        return render(request, "planning/calendar.html", _context(unit, "calendar", term=None))
    rows, form, today = _calendar_rows(request, unit, term)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/calendar.html",
        _context(
            unit,
            "calendar",
            term=term,
            form=form,
            page=page,
            entries=selectors.calendar_entries(list(page.object_list)),
            total=len(rows),
            today=today,
            query=_filters_query(request),
            stage_labels=STAGE_LABELS,
            flag_labels=FLAG_LABELS,
        ),
    )


@require_POST
@unit_access(Perm.VIEW)
def calendar_export_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Queue the Excel export of the calendar as filtered (``?level=…&on=…``), then follow it."""
    term = term_current()
    if term is None:
        raise Http404
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    job = export_start(
        actor=request.user,
        unit=unit,
        term=term,
        as_of=_today(request),
        filters={
            "level": data["level"].pk if data.get("level") else None,
            "stage": data.get("stage") or "",
            "flag": data.get("flag") or "",
        },
    )
    return redirect("planning_export", job.pk)


# --- dashboard --------------------------------------------------------------------------


@unit_access(Perm.VIEW)
def dashboard_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        return render(request, "planning/dashboard.html", _context(unit, "dashboard", term=None))
    today = _today(request)
    board = selectors.dashboard(unit, term, today)
    stage_labels = {s: str(label) for s, label in STAGE_LABELS.items()}
    target_labels = {k: str(v) for k, v in TARGET_LABELS.items()}
    figures = board.structure_total.figures
    return render(
        request,
        "planning/dashboard.html",
        _context(
            unit,
            "dashboard",
            term=term,
            board=board,
            disseminations=selectors.chain_coverage(unit, term),
            overdue=overdue_units(unit, today),
            today=today,
            on=request.GET.get("on", ""),
            stages=[(s.value, STAGE_LABELS[s]) for s in Stage],
            attention=[
                (f.value, FLAG_LABELS[f], board.attention_counts[f.value], board.attention[f.value])
                for f in ATTENTION
            ],
            flag_labels=FLAG_LABELS,
            target_rows=[
                (
                    target_labels[name],
                    part,
                    figures.share(part) if name != "renewal" else figures.renewal,
                    getattr(board.targets, name),
                )
                for name, part in (
                    ("women", figures.women),
                    ("young", figures.young),
                    ("minority", figures.minority),
                    ("renewal", figures.first_time),
                )
            ],
            status_svg=charts.data_uri(charts.status_chart(board.levels, stage_labels))
            if board.levels
            else "",
            progress_svg=charts.data_uri(
                charts.progress_chart(board.levels, board.held_by_day, today)
            )
            if board.levels
            else "",
            structure_svg=charts.data_uri(
                charts.structure_chart(figures, board.targets, target_labels)
            )
            if figures.size
            else "",
        ),
    )
