"""Pages of the personnel introduction steps: the cadre pool, the run, each step's entry,
seal and result, the list handed to the election (docs/nomination.md).

Confidential: only the personnel role on the congress's unit or a unit above
it (``congress_access(Perm.PERSONNEL)``) reaches them; reading a sealed step's
result writes an audit entry. Thin: reads through ``personnel.nomination``,
writes through ``personnel.services.nomination``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress
from daihoi.core.nomination import NominationError, Step
from daihoi.core.nomination.counting import INVALID_REASONS
from daihoi.core.nomination.model import required_parameters
from daihoi.elections.models import Election
from daihoi.http import (
    HtmxHttpRequest,
    download,
    form_errors,
    query_text,
    run_service,
    submit_form,
)
from daihoi.organizations.models import Member
from daihoi.personnel import nomination as read
from daihoi.personnel import nomination_documents as documents
from daihoi.personnel import selectors
from daihoi.personnel.forms import (
    HandoverForm,
    PoolAddForm,
    PoolReviewForm,
    SealForm,
    SheetForm,
    StepDetailsForm,
    StepSettingsForm,
    TiesForm,
)
from daihoi.personnel.models import CadrePoolEntry, NominationRun, StepRecord, StepState
from daihoi.personnel.pool_importing import HEADERS, pool_import
from daihoi.personnel.services import nomination as services
from daihoi.personnel.views import _base, import_page


def _run(congress: Congress) -> NominationRun:
    run = read.run_of(congress)
    if run is None:
        raise Http404
    return run


def _line(run: NominationRun, code: str) -> tuple[list[read.StepLine], read.StepLine]:
    try:
        lines = read.step_lines(run, read.procedure_of(run))
    except NominationError:
        raise Http404 from None
    for line in lines:
        if line.step.code == code:
            return lines, line
    raise Http404


def _record(run: NominationRun, code: str) -> StepRecord:
    return get_object_or_404(
        StepRecord.objects.select_related("run__congress__unit"), run=run, code=code
    )


# --- the cadre pool ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@congress_access(Perm.PERSONNEL)
def pool_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    if request.method == "POST":
        form = PoolAddForm(request.POST)

        def add(data: dict[str, Any]) -> None:
            member = None
            if data["member"]:
                member = get_object_or_404(Member.objects.select_related("unit"), pk=data["member"])
            services.pool_add(
                actor=request.user,
                congress=congress,
                member=member,
                full_name=data["full_name"],
                birth_year=data["birth_year"],
                posts=data["posts"],
                reviewed_year=data["reviewed_year"],
                note=data["note"],
            )

        submit_form(request, form, add, _("Added to the cadre pool."))
        return redirect("nomination_pool", pk=congress.pk)
    ctx = selectors.context_for(congress)
    q = query_text(request)
    found = selectors.members_in(congress.unit, q) if q else []
    year = timezone.localdate().year
    return render(
        request,
        "personnel/nomination/pool.html",
        _base(
            congress,
            "nomination",
            ctx=ctx,
            rows=read.pool_rows(congress, ctx),
            q=q,
            found=found,
            form=PoolAddForm(initial={"reviewed_year": year}),
            year=year,
            run=read.run_of(congress),
        ),
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.PERSONNEL)
def pool_import_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    return import_page(
        request,
        congress,
        importer=pool_import,
        done=lambda n: _("%d people added to the cadre pool.") % n,
        back="nomination_pool",
        template="personnel/nomination/pool_import.html",
        tab="nomination",
        headers=[vi for vi, _aliases in HEADERS.values()],
    )


@require_POST
@congress_access(Perm.PERSONNEL)
def pool_review_view(request: HttpRequest, congress: Congress, eid: int) -> HttpResponse:
    entry = get_object_or_404(CadrePoolEntry, pk=eid, unit=congress.unit)
    submit_form(
        request,
        PoolReviewForm(request.POST),
        lambda d: services.pool_review(
            actor=request.user, congress=congress, entry=entry, year=d["year"]
        ),
        _("Review recorded."),
    )
    return redirect("nomination_pool", pk=congress.pk)


@require_POST
@congress_access(Perm.PERSONNEL)
def pool_remove_view(request: HttpRequest, congress: Congress, eid: int) -> HttpResponse:
    entry = get_object_or_404(CadrePoolEntry, pk=eid, unit=congress.unit)
    run_service(
        request,
        lambda: services.pool_remove(actor=request.user, congress=congress, entry=entry),
        _("Taken out of the cadre pool."),
    )
    return redirect("nomination_pool", pk=congress.pk)


# --- the run ----------------------------------------------------------------------------


@congress_access(Perm.PERSONNEL)
def run_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    run = read.run_of(congress)
    lines: list[read.StepLine] = []
    problem = ""
    if run is not None:
        try:
            lines = read.step_lines(run, read.procedure_of(run))
        except NominationError:
            problem = _("The procedure of this run cannot be read.")
    last = lines[-1] if lines else None
    surplus = []
    if last is not None and last.record is not None and last.record.handed_on:
        n = len(last.record.handed_on)
        surplus = [
            selectors.list_surplus(e, e.candidates.filter(withdrawn=False).count() + n)
            for e in selectors.list_elections(congress)
        ]
    return render(
        request,
        "personnel/nomination/run.html",
        _base(
            congress,
            "nomination",
            run=run,
            lines=lines,
            problem=problem,
            last=last,
            surplus=surplus,
            pool_size=CadrePoolEntry.objects.filter(unit=congress.unit).count(),
        ),
    )


@require_POST
@congress_access(Perm.PERSONNEL)
def run_start_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    run_service(
        request,
        lambda: services.run_start(actor=request.user, congress=congress),
        _("The introduction procedure has begun."),
    )
    return redirect("nomination_run", pk=congress.pk)


@require_POST
@congress_access(Perm.PERSONNEL)
def handover_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = HandoverForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("nomination_run", pk=congress.pk)
    election = get_object_or_404(Election, pk=form.cleaned_data["election"], congress=congress)
    result: dict[str, services.NamesHanded] = {}

    def hand() -> None:
        result["h"] = services.nomination_handover(
            actor=request.user, congress=congress, election=election
        )

    if run_service(request, hand, ""):
        h = result["h"]
        messages.success(
            request,
            _("%(added)d names handed to the election; its list now has %(total)d names.")
            % {"added": h.added, "total": h.total},
        )
    return redirect("nomination_run", pk=congress.pk)


# --- one step ---------------------------------------------------------------------------


@congress_access(Perm.PERSONNEL)
def step_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    run = _run(congress)
    lines, line = _line(run, code)
    record = line.record
    initial = {k: s.value for k, s in line.step.parameters.items()}
    slots = list(record.slots.select_related("clerk")) if record else []
    return render(
        request,
        "personnel/nomination/step.html",
        _base(
            congress,
            "nomination",
            run=run,
            line=line,
            record=record,
            previous=read.previous_line(lines, code),
            rule=read.step_rule_text(line.step),
            parameters=list(line.step.parameters.items()),
            settings_form=StepSettingsForm(initial=initial, pick=line.step.form == "pick"),
            details_form=StepDetailsForm.of(record) if record else None,
            seal_form=SealForm(),
            slots=slots,
            entered={s.slot: record.entries.filter(slot=s.slot).count() for s in slots}
            if record
            else {},
        ),
    )


@require_POST
@congress_access(Perm.PERSONNEL)
def step_settings_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    run = _run(congress)
    _lines, line = _line(run, code)
    form = StepSettingsForm(request.POST, pick=line.step.form == "pick")
    submit_form(
        request,
        form,
        lambda d: services.step_settings(
            actor=request.user, run=run, code=code, values=_changed(line.step, d)
        ),
        _("The step's values are saved."),
    )
    return redirect("nomination_step", pk=congress.pk, code=code)


def _changed(step: Step, data: dict[str, Any]) -> dict[str, int | str]:
    """The values the form changed, among those the chosen rule uses: a value left as it
    was stays the procedure's own (with its source), one the rule does not use is left out."""
    rule = data.get("rule") or step.rule
    return {
        k: data[k]
        for k in required_parameters(step.form, rule)
        if data.get(k) not in (None, "")
        and (k not in step.parameters or data[k] != step.parameters[k].value)
    }


@require_POST
@congress_access(Perm.PERSONNEL)
def step_open_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    run = _run(congress)
    _line(run, code)
    run_service(
        request,
        lambda: services.step_open(actor=request.user, run=run, code=code),
        _("The step is open for entry."),
    )
    return redirect("nomination_step", pk=congress.pk, code=code)


#: The fields of a sheet kept, as typed, when it is refused.
SHEET_FIELDS = ("ticks", "write_ins", "agree", "disagree", "spoiled")


@require_http_methods(["GET", "POST"])
@congress_access(Perm.PERSONNEL)
def entry_view(request: HtmxHttpRequest, congress: Congress, code: str) -> HttpResponse:
    """One sheet a post. From the page's own form (htmx) the answer is the
    entry's part of the page alone, the field ready for the next sheet, as
    in the counting room; a refused sheet keeps what was typed."""
    run = _run(congress)
    _lines, line = _line(run, code)
    record = _record(run, code)
    form = SheetForm(initial={"code": code})
    if request.method == "POST":
        posted = SheetForm(request.POST)

        def add(d: dict[str, Any]) -> None:
            sheet = services.Sheet(
                code=d["code"],
                ticks=d["ticks"],
                write_ins=tuple(d["write_ins"].splitlines()),
                agree=d["agree"],
                disagree=d["disagree"],
                spoiled=d["spoiled"],
            )
            services.entry_add(actor=request.user, record=record, sheet=sheet)

        saved = submit_form(request, posted, add, _("Sheet entered."))
        if not request.htmx:
            return redirect("nomination_entry", pk=congress.pk, code=code)
        record.refresh_from_db()
        if not saved:
            # What was typed stays to be corrected; the step stays this one's
            # (a sheet of another step is put aside, the next is this step's).
            typed = {k: request.POST.get(k, "")[:2000] for k in SHEET_FIELDS}
            form = SheetForm(initial={**typed, "code": code})
    slot = record.slots.filter(clerk_id=request.user.pk).first()
    mine = list(record.entries.filter(clerk_id=request.user.pk).order_by("-pk"))
    names = {n["id"]: (i, n["name"]) for i, n in enumerate(record.names, start=1)}
    template = "entry_sheets" if request.htmx else "entry"
    return render(
        request,
        f"personnel/nomination/{template}.html",
        _base(
            congress,
            "nomination",
            run=run,
            line=line,
            record=record,
            slot=slot,
            mine=[(e, _sheet_text(e.ballot, names)) for e in mine],
            form=form,
            differences=[(d, _sheet_text(d.ballot, names)) for d in services.differences(record)]
            if record.state == StepState.OPEN and record.slots.filter(closed=True).exists()
            else [],
        ),
    )


def _sheet_text(ballot: dict[str, Any], names: dict[str, tuple[int, str]]) -> str:
    """A stored sheet as the clerk typed it: numbers, written names, marks, invalid."""
    parts = [str(names[i][0]) for i in ballot.get("t", [])]
    parts += [f"“{w}”" for w in ballot.get("w", [])]
    parts += [
        f"{names[i][0]}:{_('agree') if m == 'agree' else _('disagree')}"
        for i, m in ballot.get("m", [])
    ]
    text = " ".join(parts) or _("blank sheet")
    if ballot.get("s"):
        text += " — " + _("invalid: %s") % ballot["s"]
    return text


@require_POST
@congress_access(Perm.PERSONNEL)
def entry_remove_view(
    request: HttpRequest, congress: Congress, code: str, eid: int
) -> HttpResponse:
    record = _record(_run(congress), code)
    run_service(
        request,
        lambda: services.entry_remove(actor=request.user, record=record, entry_id=eid),
        _("Sheet taken back."),
    )
    return redirect("nomination_entry", pk=congress.pk, code=code)


@require_POST
@congress_access(Perm.PERSONNEL)
def entry_close_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    record = _record(_run(congress), code)
    run_service(
        request,
        lambda: services.slot_close(actor=request.user, record=record),
        _("Your entry is closed."),
    )
    return redirect("nomination_entry", pk=congress.pk, code=code)


@require_POST
@congress_access(Perm.PERSONNEL)
def entry_reopen_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    record = _record(_run(congress), code)
    run_service(
        request,
        lambda: services.slot_reopen(actor=request.user, record=record),
        _("Your entry is open again."),
    )
    return redirect("nomination_entry", pk=congress.pk, code=code)


@require_POST
@congress_access(Perm.PERSONNEL)
def step_seal_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    record = _record(_run(congress), code)
    if submit_form(
        request,
        SealForm(request.POST),
        lambda d: services.step_seal(actor=request.user, record=record, collected=d["collected"]),
        _("The step is sealed."),
    ):
        return redirect("nomination_result", pk=congress.pk, code=code)
    return redirect("nomination_step", pk=congress.pk, code=code)


@require_POST
@congress_access(Perm.PERSONNEL)
def step_ties_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    record = _record(_run(congress), code)
    tied = [
        (o["id"], o["name"])
        for o in (record.decision or {}).get("outcomes", [])
        if o["status"] == "needs_decision"
    ]
    form = TiesForm(request.POST, tied=tied)
    submit_form(
        request,
        form,
        lambda d: services.step_decide_ties(
            actor=request.user,
            record=record,
            decided=form.decided(),
            decision_text=d["decision_text"],
        ),
        _("The body's decision is recorded."),
    )
    return redirect("nomination_result", pk=congress.pk, code=code)


@congress_access(Perm.PERSONNEL)
def result_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    run = _run(congress)
    _lines, line = _line(run, code)
    record = _record(run, code)
    if record.state != StepState.SEALED:
        messages.error(request, _("Step %s is not sealed yet.") % code)
        return redirect("nomination_step", pk=congress.pk, code=code)
    run_service(request, lambda: services.step_result_read(actor=request.user, record=record), "")
    tally = record.tally or {}
    decision = record.decision or {}
    tied = [
        (o["id"], o["name"])
        for o in decision.get("outcomes", [])
        if o["status"] == "needs_decision"
    ]
    ctx = selectors.context_for(congress)
    return render(
        request,
        "personnel/nomination/result.html",
        _base(
            congress,
            "nomination",
            run=run,
            line=line,
            record=record,
            tally=tally,
            decision=decision,
            invalid={
                reason: sum(1 for _i, r in tally.get("invalid", []) if r == reason)
                for reason in INVALID_REASONS
            },
            invalid_labels=INVALID_REASONS,
            ties_form=TiesForm(tied=tied) if tied and record.handed_on is None else None,
            structure=read.structure_of_step(record, ctx),
            ctx=ctx,
        ),
    )


# --- the printed ballot and the counting minutes -------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _confidential(content: bytes, content_type: str, name: str) -> HttpResponse:
    """A confidential file: downloaded, never kept by a browser or a proxy."""
    response = download(content, content_type, name)
    response["Cache-Control"] = "no-store, private"
    return response


def _file_name(kind: str, congress: Congress, code: str, ext: str) -> str:
    """ASCII only: the kind, the congress and the step code (``phieu-dh12-buoc-2.pdf``)."""
    return f"{kind}-dh{congress.pk}-buoc-{slugify(code) or 'x'}.{ext}"


@require_POST
@congress_access(Perm.PERSONNEL)
def step_details_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    record = _record(_run(congress), code)
    form = StepDetailsForm(request.POST)
    submit_form(
        request,
        form,
        lambda d: services.step_minutes_details(
            actor=request.user,
            record=record,
            place=d["place"],
            held_on=d["held_on"],
            committee=form.committee(),
            present=d["present"],
            issued=d["issued"],
        ),
        _("Saved for the ballot and the minutes."),
    )
    return redirect("nomination_step", pk=congress.pk, code=code)


@congress_access(Perm.PERSONNEL)
def step_ballot_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    run = _run(congress)
    _line(run, code)
    record = StepRecord.objects.filter(run=run, code=code).select_related("run__congress").first()
    if record is None:
        messages.error(
            request, _("Step %s is not open yet: its ballot's names are not fixed.") % code
        )
        return redirect("nomination_step", pk=congress.pk, code=code)
    content = documents.ballot_pdf(record)
    return _confidential(content, "application/pdf", _file_name("phieu", congress, code, "pdf"))


def _minutes(request: HttpRequest, congress: Congress, code: str, ext: str) -> HttpResponse:
    run = _run(congress)
    _line(run, code)
    record = _record(run, code)
    if record.state != StepState.SEALED:
        messages.error(request, _("Step %s is not sealed yet: it has no minutes.") % code)
        return redirect("nomination_step", pk=congress.pk, code=code)
    if not record.counting_committee:
        messages.error(
            request,
            _("Record the counting committee of step %s first: the minutes name it.") % code,
        )
        return redirect("nomination_step", pk=congress.pk, code=code)
    if not run_service(
        request,
        lambda: services.step_minutes_read(actor=request.user, record=record, file_format=ext),
        "",
    ):
        return redirect("nomination_result", pk=congress.pk, code=code)
    if ext == "pdf":
        content, content_type = documents.minutes_pdf(record), "application/pdf"
    else:
        content, content_type = documents.minutes_docx(record), DOCX
    return _confidential(content, content_type, _file_name("bien-ban", congress, code, ext))


@congress_access(Perm.PERSONNEL)
def minutes_pdf_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    return _minutes(request, congress, code, "pdf")


@congress_access(Perm.PERSONNEL)
def minutes_docx_view(request: HttpRequest, congress: Congress, code: str) -> HttpResponse:
    return _minutes(request, congress, code, "docx")
