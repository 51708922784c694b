"""Pages of plans, the calendar, reported results and the dashboard.

Thin: load through the access layer, read through selectors, write through
services. A unit's pages need the view role on it; a document is also read
from below its issuer; approving a report needs the office role on the unit
above the one reporting (chuẩn y is the upper committee's).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_access, root_paths, unit_access, unit_perms
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.congresses.selectors import term_current
from daihoi.core.package import PackageError
from daihoi.elections.models import ReceivedResult
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import service_call
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import levels_all, unit_ancestors
from daihoi.planning import charts, selectors, services
from daihoi.planning.access import document_access, document_perms
from daihoi.planning.exports import calendar_xlsx
from daihoi.planning.forms import (
    COUNT_LABELS,
    FLAG_LABELS,
    STAGE_LABELS,
    TARGET_LABELS,
    CalendarFilterForm,
    DocumentForm,
    MilestoneForm,
    NoteForm,
    PackageForm,
    PersonForm,
    ReturnForm,
    UploadForm,
)
from daihoi.planning.importing import reports_import
from daihoi.planning.models import Document, Milestone, ReportPerson, ReportStatus, ResultReport
from daihoi.planning.progress import ATTENTION, Stage
from daihoi.tables import ImportRefused, parse_date

PAGE_SIZE = 100


def _crumbs(unit: Unit) -> list[Unit]:
    return [*unit_ancestors(unit), unit]


def _today(request: HttpRequest) -> dt.date:
    """Today, or the day given as ``?on=`` (to see the situation as of a past day)."""
    text = request.GET.get("on", "")
    if text:
        try:
            return parse_date(text)
        except ValueError:
            pass
    return timezone.localdate()


def _term_or_redirect(request: HttpRequest, unit: Unit) -> Term | None:
    term = term_current()
    if term is None:
        messages.error(request, _("No term has been set up yet."))
    return term


def _context(unit: Unit, tab: str, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "ancestors": _crumbs(unit), "tab": tab, **extra}


# --- documents --------------------------------------------------------------------------


@unit_access(Perm.VIEW)
def documents_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    chain: list[Document] = selectors.documents_chain(unit, term) if term else []
    below, below_count = selectors.documents_below(unit, term) if term else ([], 0)
    own = selectors.unit_deadline(unit, term) if term else None
    by_issuer: list[tuple[Unit, list[Document]]] = []
    for d in chain:
        if by_issuer and by_issuer[-1][0].pk == d.issuer_id:
            by_issuer[-1][1].append(d)
        else:
            by_issuer.append((d.issuer, [d]))
    return render(
        request,
        "planning/documents.html",
        _context(
            unit,
            "documents",
            term=term,
            by_issuer=by_issuer,
            below=below,
            below_count=below_count,
            own=own,
            can_manage=Perm.MANAGE in unit_perms(request.user, unit),
        ),
    )


def _document_form_page(
    request: HttpRequest, unit: Unit, form: DocumentForm, title: str, document: Document | None
) -> HttpResponse:
    return render(
        request,
        "planning/document_form.html",
        _context(unit, "documents", form=form, title=title, document=document),
        status=400 if request.method == "POST" else 200,
    )


def _document_data(form: DocumentForm) -> dict[str, Any]:
    data = form.cleaned_data
    upload = data.get("file")
    return {
        "kind": data["kind"],
        "number": data["number"],
        "issued_by": data["issued_by"],
        "issued_on": data["issued_on"],
        "title": data["title"],
        "implements": data["implements"],
        "report_days": data["report_days"],
        "targets": {
            name: data[name]
            for name in ("target_women", "target_young", "target_minority", "target_renewal")
        },
        "file_name": upload.name if upload else "",
        "file_data": upload.read() if upload else None,
    }


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def document_create_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = _term_or_redirect(request, unit)
    if term is None:
        return redirect("planning_documents", code=unit.code)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        implementable=selectors.implementable_documents(unit, term),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user, issuer=unit, term=term, **_document_data(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("planning_document", pk=document.pk)
    title = _("New directive or plan of %s") % unit.name
    return _document_form_page(request, unit, form, title, None)


@document_access(Perm.VIEW)
def document_view(request: HttpRequest, document: Document) -> HttpResponse:
    perms = document_perms(request.user, document)
    visible = None if request.user.is_superuser else root_paths(request.user)
    return render(
        request,
        "planning/document_detail.html",
        _context(
            document.issuer,
            "documents",
            document=document,
            milestones=selectors.document_milestones(document),
            implementations=selectors.document_implementations(document, visible),
            implements_visible=document.implements is not None
            and Perm.VIEW in document_perms(request.user, document.implements),
            can_manage=Perm.MANAGE in perms,
            milestone_form=MilestoneForm(),
        ),
    )


@require_http_methods(["GET", "POST"])
@document_access(Perm.MANAGE)
def document_edit_view(request: HttpRequest, document: Document) -> HttpResponse:
    unit = document.issuer
    initial = {
        f: getattr(document, f)
        for f in (
            "kind",
            "number",
            "issued_on",
            "issued_by",
            "title",
            "report_days",
            "target_women",
            "target_young",
            "target_minority",
            "target_renewal",
        )
    }
    initial["implements"] = document.implements_id
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        implementable=selectors.implementable_documents(unit, document.term).exclude(
            pk=document.pk
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **_document_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("planning_document", pk=document.pk)
    title = _("Edit %s") % document.number
    return _document_form_page(request, unit, form, title, document)


@require_POST
@document_access(Perm.MANAGE)
def document_delete_view(request: HttpRequest, document: Document) -> HttpResponse:
    code = document.issuer.code
    if _write(
        request,
        lambda: services.document_delete(actor=request.user, document=document),
        _("Document %s deleted.") % document.number,
    ):
        return redirect("planning_documents", code=code)
    return redirect("planning_document", pk=document.pk)


@document_access(Perm.VIEW)
def document_file_view(request: HttpRequest, document: Document) -> HttpResponse:
    data = Document.objects.filter(pk=document.pk).values_list("file_data", flat=True).first()
    if not data:
        return HttpResponse(status=404)
    response = HttpResponse(
        bytes(data), content_type=document.file_type or "application/octet-stream"
    )
    response["Content-Disposition"] = _attachment(document.file_name or f"{document.pk}.bin")
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode("ascii").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@require_POST
@document_access(Perm.MANAGE)
def milestone_add_view(request: HttpRequest, document: Document) -> HttpResponse:
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("planning_document", pk=document.pk)
    data = form.cleaned_data
    unit = None
    if data["unit_code"]:
        unit = Unit.objects.filter(code=data["unit_code"].strip()).first()
        if unit is None or not document.issuer.contains(unit):
            messages.error(
                request,
                _("No unit with the code %(code)s below %(issuer)s.")
                % {"code": data["unit_code"], "issuer": document.issuer.name},
            )
            return redirect("planning_document", pk=document.pk)
    _write(
        request,
        lambda: services.milestone_add(
            actor=request.user,
            document=document,
            due=data["due"],
            level=data["level"],
            unit=unit,
            pilot=data["pilot"],
            note=data["note"],
        ),
        _("Deadline added."),
    )
    return redirect("planning_document", pk=document.pk)


@require_POST
@document_access(Perm.MANAGE)
def milestone_remove_view(request: HttpRequest, document: Document, mid: int) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.select_related("document__issuer"), pk=mid, document=document
    )
    _write(
        request,
        lambda: services.milestone_remove(actor=request.user, milestone=milestone),
        _("Deadline removed."),
    )
    return redirect("planning_document", pk=document.pk)


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


@unit_access(Perm.VIEW)
def calendar_xlsx_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        return HttpResponse(status=404)
    rows, _form, today = _calendar_rows(request, unit, term)
    response = HttpResponse(
        calendar_xlsx(unit, term, rows, today),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _attachment(
        f"lich-dai-hoi-{unit.code}-{today.isoformat()}.xlsx"
    )
    return response


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
    with service_call(request, _("%d reports approved.") % len(reports)), transaction.atomic():
        for report in reports:
            services.report_approve(actor=request.user, report=report)
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


def can_approve(user: Any, congress: Congress) -> bool:
    parent = congress.unit.parent
    if parent is None:
        return bool(user.is_superuser)
    return Perm.MANAGE in unit_perms(user, parent)


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
