"""Pages of a resolution's targets: the review table, one target, figures, drafts, exports.

Thin: load through the access layer, read through selectors, write through
services. A unit's targets are read by whoever sees the unit (an upper unit's
office and viewers too) and changed by its office.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, unit_perms
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress, Term
from daihoi.core import targets as core
from daihoi.http import download, form_errors, query_id, run_service
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import ImportRefused
from daihoi.targets import charts, exports, selectors, services
from daihoi.targets.access import target_access
from daihoi.targets.forms import ActualForm, TargetForm, UploadForm
from daihoi.targets.importing import targets_import
from daihoi.targets.models import State, Target
from daihoi.targets.wording import STATUS_CLASS, STATUS_LABELS, num, reason_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(unit: Unit, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "ancestors": [*unit_ancestors(unit), unit], **extra}


def _term(term_id: int) -> Term:
    return get_object_or_404(Term, pk=term_id)


@unit_access(Perm.VIEW)
def targets_index(request: HttpRequest, unit: Unit) -> HttpResponse:
    terms = selectors.terms_with_targets(unit)
    return render(
        request,
        "targets/index.html",
        _context(
            unit,
            terms=terms,
            all_terms=Term.objects.all(),
            can_manage=Perm.MANAGE in unit_perms(request.user, unit),
        ),
    )


@congress_access(Perm.VIEW)
def targets_congress(request: HttpRequest, congress: Congress) -> HttpResponse:
    """A congress's first content: the review of the resolution of the term it closes."""
    if Perm.VIEW not in unit_perms(request.user, congress.unit):
        raise Http404
    closing = selectors.previous_term(congress.term)
    if closing is None:
        return redirect("targets_index", code=congress.unit.code)
    return redirect("targets_review", code=congress.unit.code, term=closing.pk)


@unit_access(Perm.VIEW)
def targets_review(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    the_term = _term(term)
    review = selectors.review(unit, the_term)
    rows = [
        {
            "row": r,
            "years": [
                (num(r.by_year[y].value), r.by_year[y].estimate) if y in r.by_year else None
                for y in review.years
            ],
            "status": STATUS_LABELS[r.assessment.status],
            "status_class": STATUS_CLASS[r.assessment.status],
            "reason": reason_text(r.assessment, r.target.measure),
            "target_text": exports.target_text(r),
            "result": exports.result_text(r),
        }
        for r in review.rows
    ]
    return render(
        request,
        "targets/review.html",
        _context(
            unit,
            review=review,
            term=the_term,
            rows=rows,
            year_heads=exports.year_heads(review),
            summary=exports.summary_text(review),
            can_manage=Perm.MANAGE in unit_perms(request.user, unit),
        ),
    )


def _data(form: TargetForm) -> services.TargetData:
    d = form.cleaned_data
    return services.TargetData(
        name=d["name"],
        group=d["group"],
        measure=d["measure"],
        kind=d["kind"],
        direction=d["direction"],
        value=d["value"],
        baseline=d["baseline"],
        baseline_year=d["baseline_year"],
        note=d["note"],
        feeds=d["feeds"],
    )


def _form_page(
    request: HttpRequest, unit: Unit, form: TargetForm, title: str, back: str
) -> HttpResponse:
    return render(
        request,
        "targets/target_form.html",
        _context(unit, form=form, title=title, back=back),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def target_create(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    """A target of ``term``'s resolution; with ``?from=<old target>``, a draft for it."""
    the_term = _term(term)
    previous: Target | None = None
    state = State.ADOPTED
    if request.GET.get("from"):
        from_id = query_id(request, "from")
        if from_id is not None:
            previous = Target.objects.filter(
                pk=from_id, unit=unit, term__end_year=the_term.start_year
            ).first()
        if previous is None:
            raise Http404
    if request.GET.get("draft") or previous is not None:
        state = State.DRAFT
    initial: dict[str, Any] = {}
    if previous is not None:
        initial = {
            f: getattr(previous, f)
            for f in ("name", "group", "measure", "kind", "direction", "value")
        }
    form = TargetForm(
        request.POST or None,
        initial=initial,
        feedable=selectors.feedable_targets(unit, the_term),
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_create(
                actor=request.user,
                unit=unit,
                term=the_term,
                data=_data(form),
                state=state,
                previous=previous,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The target was saved."))
            back_term = previous.term_id if previous else target.term_id
            return redirect("targets_review", code=unit.code, term=back_term)
    title = (
        _("Draft target for the term %s") % the_term
        if state == State.DRAFT
        else _("New target of the resolution, term %s") % the_term
    )
    back = previous.term_id if previous else the_term.pk
    return _form_page(request, unit, form, title, f"{back}")


@target_access(Perm.VIEW)
def target_detail(request: HttpRequest, target: Target) -> HttpResponse:
    actuals = list(target.actuals.select_related("entered_by").order_by("year"))
    assessment = selectors.assessment_of(target, actuals)
    core_actuals = [core.Actual(a.year, a.value, a.estimate) for a in actuals]
    roll = selectors.rollup(target)
    return render(
        request,
        "targets/target_detail.html",
        _context(
            target.unit,
            target=target,
            actuals=actuals,
            assessment=assessment,
            status=STATUS_LABELS[assessment.status],
            status_class=STATUS_CLASS[assessment.status],
            reason=reason_text(assessment, target.measure),
            chart=charts.data_uri(charts.target_chart(target, core_actuals)),
            rollup=roll,
            lower=[
                {
                    "l": x,
                    "status": STATUS_LABELS[x.assessment.status],
                    "meets": STATUS_LABELS[x.meets_upper] if x.meets_upper else "—",
                }
                for x in roll.lower
            ],
            total_status=STATUS_LABELS[roll.total_status] if roll.total_status else "",
            years=services.resolution_years(target.term),
            actual_form=ActualForm(initial={"year": target.term.end_year}),
            can_manage=Perm.MANAGE in unit_perms(request.user, target.unit),
            feeds_visible=target.feeds is not None
            and Perm.VIEW in unit_perms(request.user, target.feeds.unit),
        ),
    )


@require_http_methods(["GET", "POST"])
@target_access(Perm.MANAGE)
def target_edit(request: HttpRequest, target: Target) -> HttpResponse:
    initial = {
        f: getattr(target, f)
        for f in (
            "name",
            "group",
            "measure",
            "kind",
            "direction",
            "value",
            "baseline",
            "baseline_year",
            "note",
            "feeds",
        )
    }
    form = TargetForm(
        request.POST or None,
        initial=initial,
        feedable=selectors.feedable_targets(target.unit, target.term),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(actor=request.user, target=target, data=_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("target_detail", pk=target.pk)
    return _form_page(
        request, target.unit, form, _("Edit the target “%s”") % target.name, str(target.term_id)
    )


@require_POST
@target_access(Perm.MANAGE)
def target_delete(request: HttpRequest, target: Target) -> HttpResponse:
    unit, term = target.unit, target.previous.term_id if target.previous else target.term_id
    run_service(
        request,
        lambda: services.target_delete(actor=request.user, target=target),
        _("The target was removed."),
    )
    return redirect("targets_review", code=unit.code, term=term)


@require_POST
@target_access(Perm.MANAGE)
def actual_set(request: HttpRequest, target: Target) -> HttpResponse:
    form = ActualForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_service(
            request,
            lambda: services.actual_set(
                actor=request.user,
                target=target,
                year=d["year"],
                value=d["value"],
                estimate=d["estimate"],
                source=d["source"],
            ),
            _("The figure for %s was saved.") % d["year"],
        )
    else:
        form_errors(request, form)
    return redirect("target_detail", pk=target.pk)


@require_POST
@target_access(Perm.MANAGE)
def actual_remove(request: HttpRequest, target: Target, year: int) -> HttpResponse:
    run_service(
        request,
        lambda: services.actual_remove(actor=request.user, target=target, year=year),
        _("The figure for %s was removed.") % year,
    )
    return redirect("target_detail", pk=target.pk)


@require_POST
@target_access(Perm.MANAGE)
def draft_approve(request: HttpRequest, target: Target) -> HttpResponse:
    approved = request.POST.get("approved", "1") == "1"
    run_service(
        request,
        lambda: services.draft_set_approved(actor=request.user, target=target, approved=approved),
        _("The draft was approved.") if approved else _("The draft's approval was withdrawn."),
    )
    back = target.previous.term_id if target.previous else target.term_id
    return redirect("targets_review", code=target.unit.code, term=back)


@require_POST
@unit_access(Perm.MANAGE)
def drafts_carry(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    """Carry the approved drafts of the term after ``term`` into its resolution."""
    the_term = _term(term)
    following = services.next_term(the_term)
    if following is None:
        messages.error(request, _("The next term has not been set up."))
        return redirect("targets_review", code=unit.code, term=the_term.pk)
    done: list[services.Carried] = []
    ok = run_service(
        request,
        lambda: done.append(services.drafts_carry(actor=request.user, unit=unit, term=following)),
        "",
    )
    if ok:
        messages.success(
            request,
            _("%(n)s targets were carried into the resolution of %(term)s.")
            % {"n": done[0].adopted, "term": following},
        )
    return redirect("targets_review", code=unit.code, term=the_term.pk)


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def targets_import_view(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    the_term = _term(term)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    file_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            done = targets_import(
                actor=request.user,
                unit=unit,
                term=the_term,
                file_name=upload.name,
                data=upload.read(),
            )
        except ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported: %(created)s new targets, %(figures)s figures.")
                % {"created": done.created, "figures": done.figures},
            )
            return redirect("targets_review", code=unit.code, term=the_term.pk)
    years = services.resolution_years(the_term)
    return render(
        request,
        "targets/import.html",
        _context(unit, form=form, errors=errors, file_name=file_name, term=the_term, years=years),
        status=400 if errors else 200,
    )


@unit_access(Perm.VIEW)
def targets_docx(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    the_term = _term(term)
    data = exports.review_docx(selectors.review(unit, the_term), timezone.localdate())
    return download(data, DOCX, f"danh-gia-chi-tieu-{unit.code}-{the_term.start_year}.docx")


@unit_access(Perm.VIEW)
def targets_xlsx(request: HttpRequest, unit: Unit, term: int) -> HttpResponse:
    the_term = _term(term)
    data = exports.review_xlsx(selectors.review(unit, the_term))
    return download(data, XLSX, f"danh-gia-chi-tieu-{unit.code}-{the_term.start_year}.xlsx")
