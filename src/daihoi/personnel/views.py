"""Pages of the personnel subcommittee: dossiers, checks, structure, the list, the rules.

Thin: load through the access layer (the personnel role on the unit or
above; see ``personnel.access``), read through selectors, write through
services. Reading one dossier, a person's page or the export writes an audit
entry; list pages do not (they would flood the chain), and show only what
the list needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress
from daihoi.congresses.selectors import term_current
from daihoi.core.eligibility import LABOUR_CODE_2019, retirement_age
from daihoi.elections.models import Election
from daihoi.http import download, form_errors, query_text, run_service, submit_form
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Level, Member, Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.personnel import nomination, selectors, services
from daihoi.personnel.access import dossier_access, member_access
from daihoi.personnel.exports import person_json_bytes
from daihoi.personnel.forms import (
    DocumentForm,
    DossierAddForm,
    DossierForm,
    HandoverForm,
    PersonForm,
    RulesForm,
    ServedTermForm,
    UploadForm,
)
from daihoi.personnel.importing import HEADERS, dossiers_import
from daihoi.personnel.models import (
    DocumentKind,
    Dossier,
    PersonalRecord,
    ReferenceDate,
    RuleSet,
    ServedTerm,
)
from daihoi.tables import ImportRefused


def _crumbs(unit: Unit) -> list[Unit]:
    return [*unit_ancestors(unit), unit]


def _base(congress: Congress, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "congress": congress,
        "unit": congress.unit,
        "ancestors": _crumbs(congress.unit),
        "tab": tab,
        **extra,
    }


# --- a congress's dossiers ----------------------------------------------------------------


@congress_access(Perm.PERSONNEL)
def dossiers_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    ctx = selectors.context_for(congress)
    rows = selectors.dossier_rows(congress, ctx)
    on_list = [r for r in rows if r.dossier.on_list]
    elections = selectors.list_elections(congress)
    surplus = [
        selectors.list_surplus(e, selectors.handover_plan(congress, e)[2]) for e in elections
    ]
    return render(
        request,
        "personnel/dossiers.html",
        _base(
            congress,
            "dossiers",
            ctx=ctx,
            rows=rows,
            on_list=len(on_list),
            flagged=sum(1 for r in rows if r.flagged),
            incomplete=sum(1 for r in rows if not r.complete),
            structure=selectors.proposed_structure(rows, ctx),
            surplus=surplus,
            document_kinds=dict(DocumentKind.choices),
        ),
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.PERSONNEL)
def dossier_add_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    if request.method == "POST":
        form = DossierAddForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            member = get_object_or_404(Member.objects.select_related("unit"), pk=data["member"])
            result: dict[str, Dossier] = {}

            def create() -> None:
                result["d"] = services.dossier_create(
                    actor=request.user,
                    congress=congress,
                    member=member,
                    post=data["post"],
                    nomination=data["nomination"],
                    reelection=data["reelection"],
                    filed_on=data["filed_on"],
                    on_list=data["on_list"],
                    note=data["note"],
                )

            if run_service(request, create, _("The dossier has been opened.")):
                return redirect("personnel_dossier", pk=result["d"].pk)
        else:
            form_errors(request, form)
        return redirect("personnel_dossier_add", pk=congress.pk)
    q = query_text(request)
    found = selectors.members_in(congress.unit, q) if q else []
    taken = set(
        Dossier.objects.filter(congress=congress, member__in=found).values_list(
            "member_id", flat=True
        )
    )
    return render(
        request,
        "personnel/dossier_add.html",
        _base(congress, "dossiers", q=q, found=found, taken=taken, form=DossierForm()),
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.PERSONNEL)
def dossiers_import_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    return import_page(
        request,
        congress,
        importer=dossiers_import,
        done=lambda n: _("%d dossiers imported.") % n,
        back="personnel_dossiers",
        template="personnel/import.html",
        tab="dossiers",
        headers=[vi for vi, _aliases in HEADERS.values()],
    )


def import_page(
    request: HttpRequest,
    congress: Congress,
    *,
    importer: Callable[..., int],
    done: Callable[[int], str],
    back: str,
    template: str,
    tab: str,
    headers: list[str],
) -> HttpResponse:
    """A spreadsheet uploaded and imported all or nothing: each refused row is
    listed on the page again; once imported, back to ``back``."""
    errors: list[str] = []
    file_name = ""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            file_name = upload.name
            try:
                n = importer(
                    actor=request.user, congress=congress, file_name=upload.name, data=upload.read()
                )
            except ImportRefused as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(request, done(n))
                return redirect(back, pk=congress.pk)
        else:
            form_errors(request, form)
    return render(
        request,
        template,
        _base(
            congress,
            tab,
            form=UploadForm(),
            errors=errors,
            file_name=file_name,
            headers=headers,
        ),
    )


@congress_access(Perm.PERSONNEL)
def structure_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    ctx = selectors.context_for(congress)
    rows = selectors.dossier_rows(congress, ctx)
    return render(
        request,
        "personnel/structure.html",
        _base(
            congress,
            "structure",
            ctx=ctx,
            proposed=selectors.proposed_structure(rows, ctx),
            elected=selectors.elected_structure(congress, ctx),
            steps=nomination.step_structures(congress, ctx),
        ),
    )


@require_POST
@congress_access(Perm.PERSONNEL)
def handover_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = HandoverForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("personnel_dossiers", pk=congress.pk)
    election = get_object_or_404(Election, pk=form.cleaned_data["election"], congress=congress)
    result: dict[str, services.Handover] = {}

    def hand() -> None:
        result["h"] = services.list_handover(
            actor=request.user, congress=congress, election=election
        )

    if run_service(request, hand, ""):
        h = result["h"]
        messages.success(
            request,
            _(
                "%(added)d names handed to the election (%(already)d already on its list); "
                "its list now has %(total)d names."
            )
            % {"added": h.added, "already": h.already, "total": h.total},
        )
    return redirect("personnel_dossiers", pk=congress.pk)


# --- one dossier ------------------------------------------------------------------------


@dossier_access
def dossier_view(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    services.dossier_read(actor=request.user, dossier=dossier)
    congress = dossier.congress
    ctx = selectors.context_for(congress)
    row = selectors.row_of(selectors.dossiers_query(congress).get(pk=dossier.pk), ctx)
    record = PersonalRecord.objects.filter(member=dossier.member).first()
    form = DossierForm(
        initial={
            "post": dossier.post,
            "nomination": dossier.nomination,
            "reelection": dossier.reelection,
            "filed_on": dossier.filed_on,
            "on_list": dossier.on_list,
            "note": dossier.note,
        }
    )
    return render(
        request,
        "personnel/dossier.html",
        _base(
            congress,
            "dossiers",
            dossier=dossier,
            member=dossier.member,
            record=record,
            row=row,
            ctx=ctx,
            served=list(dossier.member.personnel_terms.all()),
            form=form,
            document_form=DocumentForm(),
            document_kinds=dict(DocumentKind.choices),
        ),
    )


@require_POST
@dossier_access
def dossier_edit_view(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    submit_form(
        request,
        DossierForm(request.POST),
        lambda d: services.dossier_update(actor=request.user, dossier=dossier, **d),
        _("Saved."),
    )
    return redirect("personnel_dossier", pk=dossier.pk)


@require_POST
@dossier_access
def dossier_remove_view(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    congress_pk = dossier.congress_id
    run_service(
        request,
        lambda: services.dossier_remove(actor=request.user, dossier=dossier),
        _("The dossier has been removed."),
    )
    return redirect("personnel_dossiers", pk=congress_pk)


@require_POST
@dossier_access
def document_add_view(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    form = DocumentForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.document_add(actor=request.user, dossier=dossier, **data),
        _("The document has been recorded."),
    )
    return redirect("personnel_dossier", pk=dossier.pk)


@require_POST
@dossier_access
def document_remove_view(request: HttpRequest, dossier: Dossier, did: int) -> HttpResponse:
    document = get_object_or_404(dossier.documents, pk=did)
    run_service(
        request,
        lambda: services.document_remove(actor=request.user, document=document),
        _("The document has been removed."),
    )
    return redirect("personnel_dossier", pk=dossier.pk)


# --- a person -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_access
def person_view(request: HttpRequest, member: Member) -> HttpResponse:
    record = PersonalRecord.objects.filter(member=member).first()
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            if run_service(
                request,
                lambda: services.person_update(
                    actor=request.user, member=member, **form.cleaned_data
                ),
                _("Saved."),
            ):
                return redirect("personnel_person", pk=member.pk)
        else:
            form_errors(request, form)
    else:
        services.person_read(actor=request.user, member=member)
        form = PersonForm(
            initial={
                "sex": member.sex,
                "birth_date": member.birth_date,
                "ethnicity": member.ethnicity,
                "education": record.education if record else "",
                "political_theory": record.political_theory if record else "",
                "current_post": record.current_post if record else "",
            }
        )
    return render(
        request,
        "personnel/person.html",
        {
            "member": member,
            "unit": member.unit,
            "ancestors": _crumbs(member.unit),
            "form": form,
            "served": list(ServedTerm.objects.filter(member=member)),
            "term_form": ServedTermForm(),
            "dossiers": selectors.member_dossiers(member),
        },
    )


@require_POST
@member_access
def term_add_view(request: HttpRequest, member: Member) -> HttpResponse:
    form = ServedTermForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.served_term_add(actor=request.user, member=member, **data),
        _("Saved."),
    )
    return redirect("personnel_person", pk=member.pk)


@require_POST
@member_access
def term_remove_view(request: HttpRequest, member: Member, tid: int) -> HttpResponse:
    served = get_object_or_404(ServedTerm, pk=tid, member=member)
    run_service(
        request,
        lambda: services.served_term_remove(actor=request.user, served=served),
        _("Removed."),
    )
    return redirect("personnel_person", pk=member.pk)


@member_access
def person_export_view(request: HttpRequest, member: Member) -> HttpResponse:
    content = person_json_bytes(member)
    services.person_read(actor=request.user, member=member, purpose="export")
    return download(content, "application/json", f"ho-so-{member.pk}.json")


# --- the term's rules ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@unit_access(Perm.PERSONNEL)
def rules_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        messages.error(request, _("No term has been set up yet."))
        return redirect("unit_detail", code=unit.code)
    own = selectors.ruleset_own(unit, term)
    inherited = None if own else selectors.ruleset_for(unit, term)
    base = own or RuleSet(unit=unit, term=term)
    if own is None and inherited is not None:
        for name in services.RULE_FIELDS:
            setattr(base, name, getattr(inherited, name))
    levels = list(Level.objects.filter(active=True, rank__gte=unit.level.rank).order_by("rank"))
    source = own or inherited
    references = (
        {r.level_id: r.on for r in ReferenceDate.objects.filter(rules=source)} if source else {}
    )
    if request.method == "POST":
        form = RulesForm(request.POST, instance=base, levels=levels, references=references)
        if form.is_valid():
            if run_service(
                request,
                lambda: services.ruleset_save(
                    actor=request.user,
                    unit=unit,
                    term=term,
                    values=form.rule_values(),
                    reference_dates=form.reference_dates(),
                ),
                _("The rules have been saved."),
            ):
                return redirect("personnel_rules", code=unit.code)
        else:
            form_errors(request, form)
    else:
        form = RulesForm(instance=base, levels=levels, references=references)
    return render(
        request,
        "personnel/rules.html",
        {
            "unit": unit,
            "ancestors": _crumbs(unit),
            "term": term,
            "form": form,
            "own": own,
            "inherited": inherited,
            "retirement": _retirement_rows(),
        },
    )


def _retirement_rows() -> list[tuple[str, str, str]]:
    def age(sex: Literal["M", "F"], year: int) -> str:
        months = retirement_age(LABOUR_CODE_2019, sex, year)
        return _("%(y)d years %(m)d months") % {"y": months // 12, "m": months % 12}

    rows = [(_("before 2021"), age("M", 2020), age("F", 2020))]
    rows += [(str(y), age("M", y), age("F", y)) for y in range(2021, 2036)]
    return rows
