"""Reported results: those of a subtree, their import and approval; one congress's report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, unit_perms
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress, CongressStatus
from daihoi.congresses.selectors import term_current
from daihoi.core.package import PackageError
from daihoi.elections.models import ReceivedResult
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import service_call
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import levels_all
from daihoi.planning import selectors, services
from daihoi.planning.access import can_approve
from daihoi.planning.forms import (
    COUNT_LABELS,
    NoteForm,
    PackageForm,
    PersonForm,
    ReturnForm,
    UploadForm,
)
from daihoi.planning.importing import reports_import
from daihoi.planning.models import ReportPerson, ReportStatus, ResultReport
from daihoi.planning.views.common import PAGE_SIZE, _context, _crumbs
from daihoi.tables import ImportRefused

# --- reports of a subtree ---------------------------------------------------------------


@unit_access(Perm.VIEW)
def reports_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        return render(request, "planning/reports.html", _context(unit, "reports", term=None))
    status = request.GET.get("status", ReportStatus.SUBMITTED)
    if status not in ReportStatus.values and status != "all":
        status = ReportStatus.SUBMITTED
    level_text = request.GET.get("level", "")
    level_id = int(level_text) if level_text.isdigit() else None
    below = request.GET.get("below") == "1"
    targets, _doc = selectors.targets_for(unit, term)
    qs = selectors.reports_list(
        unit,
        term,
        status="" if status == "all" or below else status,
        level_id=level_id,
        below=targets if below and targets else None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = {k: v for k, v in (("status", status), ("level", level_text)) if v}
    if below:
        keep["below"] = "1"
    can_manage = Perm.MANAGE in unit_perms(request.user, unit)
    return render(
        request,
        "planning/reports.html",
        _context(
            unit,
            "reports",
            term=term,
            page=page,
            status=status,
            level_id=level_id,
            below=below,
            targets=targets,
            statuses=ReportStatus.choices,
            levels=levels_all(),
            query=urlencode(keep),
            can_approve=can_manage and status == ReportStatus.SUBMITTED and not below,
            can_import=can_manage,
        ),
    )


@require_POST
@unit_access(Perm.MANAGE)
def reports_approve_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    ids = [int(i) for i in request.POST.getlist("report") if i.isascii() and i.isdigit()][:1000]
    ids = [i for i in ids if i < 2**63]
    if term is None or not ids:
        messages.error(request, _("Choose the reports to approve."))
        return redirect("planning_reports", code=unit.code)
    # Only reports of units below this one: a unit's own results are approved above it.
    reports = list(
        selectors.reports_in_subtree(unit, term)
        .filter(pk__in=ids, status=ReportStatus.SUBMITTED)
        .exclude(congress__unit=unit)
        .select_related("congress", "congress__unit")
    )
    with service_call(request, _("%d reports approved.") % len(reports)):
        services.reports_approve(actor=request.user, reports=reports)
    return redirect("planning_reports", code=unit.code)


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def reports_import_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = None
    status = 200
    if request.method == "POST" and term is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = reports_import(
                actor=request.user, under=unit, term=term, file_name=upload.name, data=upload.read()
            )
        except ImportRefused as refused:
            errors = refused.errors
            status = 400
        else:
            messages.success(
                request,
                _("%(n)d results imported; %(held)d congresses recorded as held.")
                % {"n": result.reports, "held": result.marked_held},
            )
            return redirect("planning_reports", code=unit.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "planning/reports_import.html",
        _context(unit, "reports", form=form, errors=errors, term=term),
        status=status,
    )


# --- one congress's report ----------------------------------------------------------------


def _report(congress: Congress) -> ResultReport | None:
    return (
        ResultReport.objects.filter(congress=congress)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


def _back(congress: Congress) -> HttpResponse:
    return redirect("planning_report", pk=congress.pk)


@congress_access(Perm.VIEW)
def report_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    report = _report(congress)
    perms = unit_perms(request.user, congress.unit)
    held = congress.status in (CongressStatus.HELD, CongressStatus.RESULTS_APPROVED)
    can_edit = Perm.MANAGE in perms and (report.editable if report else held)
    people = selectors.report_people(report) if report else []
    figures = None
    if report and people and report.editable:
        figures, _extra = services.figures_from_people(
            people, congress.held_from or timezone.localdate()
        )
    term = congress.term
    targets, _doc = selectors.targets_for(congress.unit, term)
    return render(
        request,
        "planning/report.html",
        {
            "congress": congress,
            "unit": congress.unit,
            "ancestors": _crumbs(congress.unit),
            "tab": "reports",
            "report": report,
            "people": people,
            "draft_figures": figures,
            "problems": services.report_problems(report, people) if report and can_edit else [],
            "targets": targets,
            "shortfalls": targets.shortfalls(selectors.report_figures(report))
            if report and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
            else [],
            "count_labels": COUNT_LABELS,
            "history": selectors.report_history(report) if report else [],
            "packages": list(report.packages.defer("package")) if report else [],
            "unlinked": selectors.received_unlinked(congress.unit) if can_edit else [],
            "station_keys": selectors.station_keys_of(congress.unit) if can_edit else [],
            "open_disputes": selectors.open_disputes_of(congress.unit),
            "upper": congress.unit.parent,
            "can_register": congress.unit.parent is not None
            and Perm.MANAGE in unit_perms(request.user, congress.unit.parent),
            "can_manage": Perm.MANAGE in perms,
            "can_edit": can_edit,
            "held": held,
            "can_review": report is not None
            and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
            and can_approve(request.user, congress),
            "person_form": PersonForm(),
            "note_form": NoteForm(initial={"note": report.note if report else ""}),
            "return_form": ReturnForm(),
            "package_form": PackageForm(),
        },
    )


@require_POST
@congress_access(Perm.MANAGE)
def report_start_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    _write(request, lambda: services.report_start(actor=request.user, congress=congress), "")
    return _back(congress)


def _editable_report(congress: Congress) -> ResultReport:
    report = _report(congress)
    if report is None:
        raise ValidationError(_("Start the report first."))
    return report


@require_POST
@congress_access(Perm.MANAGE)
def report_note_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = NoteForm(request.POST)
    if form.is_valid():
        _write(
            request,
            lambda: services.report_set_note(
                actor=request.user,
                report=_editable_report(congress),
                note=form.cleaned_data["note"],
            ),
            _("Saved."),
        )
    return _back(congress)


@require_POST
@congress_access(Perm.MANAGE)
def person_add_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = PersonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(congress)
    _write(
        request,
        lambda: services.person_add(
            actor=request.user,
            report=services.report_start(actor=request.user, congress=congress),
            **form.cleaned_data,
        ),
        _("%s added.") % form.cleaned_data["full_name"],
    )
    return _back(congress)


def _person(congress: Congress, pid: int) -> ReportPerson:
    return get_object_or_404(
        ReportPerson.objects.select_related("report"), pk=pid, report__congress=congress
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.MANAGE)
def person_edit_view(request: HttpRequest, congress: Congress, pid: int) -> HttpResponse:
    person = _person(congress, pid)
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS if f != "member_id"}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return _back(congress)
    return render(
        request,
        "planning/person_form.html",
        {
            "congress": congress,
            "unit": congress.unit,
            "ancestors": _crumbs(congress.unit),
            "form": form,
            "person": person,
            "title": _("Edit %s") % person.full_name,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@congress_access(Perm.MANAGE)
def person_remove_view(request: HttpRequest, congress: Congress, pid: int) -> HttpResponse:
    person = _person(congress, pid)
    _write(
        request,
        lambda: services.person_remove(actor=request.user, person=person),
        _("%s removed.") % person.full_name,
    )
    return _back(congress)


@require_POST
@congress_access(Perm.MANAGE)
def report_package_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = PackageForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(congress)
    data = form.cleaned_data["file"].read()
    try:
        with service_call(request):
            _report_obj, done = services.report_from_package(
                actor=request.user, congress=congress, data=data
            )
            if done is None:
                messages.warning(
                    request,
                    _(
                        "Another package of this election and round was received before: this "
                        "one is kept as a dispute, and the office above the unit decides which "
                        "stands."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Package verified: %(n)d elected, %(added)d added to the report.")
                    % {"n": done["elected"], "added": done["added"]},
                )
    except PackageError as exc:
        messages.error(
            request,
            _("The package is refused, nothing was kept: %s")
            % exc.message("en" if request.LANGUAGE_CODE == "en" else "vi"),
        )
    return _back(congress)


@require_POST
@congress_access(Perm.MANAGE)
def report_attach_view(request: HttpRequest, congress: Congress, rid: int) -> HttpResponse:
    received = get_object_or_404(
        ReceivedResult.objects.defer("package"), pk=rid, unit=congress.unit
    )
    _write(
        request,
        lambda: services.report_attach_package(
            actor=request.user,
            report=services.report_start(actor=request.user, congress=congress),
            received=received,
        ),
        _("The package's elected were added to the report."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.MANAGE)
def report_submit_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    _write(
        request,
        lambda: services.report_submit(actor=request.user, report=_editable_report(congress)),
        _("Results reported to the upper committee."),
    )
    return _back(congress)


def _require_approver(request: HttpRequest, congress: Congress) -> ResultReport | None:
    if not can_approve(request.user, congress):
        raise PermissionDenied
    report = _report(congress)
    if report is None:
        messages.error(request, _("Nothing has been reported yet."))
    return report


@require_POST
@congress_access(Perm.VIEW)
def report_approve_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    report = _require_approver(request, congress)
    if report is not None:
        _write(
            request,
            lambda: services.report_approve(actor=request.user, report=report),
            _("Results approved."),
        )
    return _back(congress)


@require_POST
@congress_access(Perm.VIEW)
def report_return_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    report = _require_approver(request, congress)
    if report is None:
        return _back(congress)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(congress)
    _write(
        request,
        lambda: services.report_return(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]
        ),
        _("Report sent back to the unit."),
    )
    return _back(congress)
