"""Pages of directives and plans: the list, one document, its file and deadlines."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, root_paths, unit_perms
from daihoi.congresses.selectors import term_current
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.planning import selectors, services
from daihoi.planning.access import document_access, document_perms
from daihoi.planning.forms import (
    DocumentForm,
    MilestoneForm,
)
from daihoi.planning.models import Document, Milestone
from daihoi.planning.views.common import _context, _term_or_redirect
from daihoi.planning.views.disseminations import document_dissemination

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
            **document_dissemination(request.user, document),
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
