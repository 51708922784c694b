"""Delegates, their passes and credentials, the deductions from the base, their cards."""

from __future__ import annotations

from operator import attrgetter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import documents, services, voting
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import DeductionForm, DelegateEditForm, DelegateForm, UploadForm
from daihoi.congresses.hall_views.common import DOCX, _page
from daihoi.congresses.importing import delegate_rows
from daihoi.congresses.models import (
    Attendance,
    BaseDeduction,
    Congress,
    Delegate,
    DelegateKind,
    PassReissue,
    Presence,
)
from daihoi.congresses.selectors import credentials_report, hall_electorate, open_sitting
from daihoi.core.collation import in_name_order
from daihoi.documents.qr import qr_svg
from daihoi.http import download as _download
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import submit_form
from daihoi.tables import ImportRefused


@require_GET
@congress_access(Perm.HALL)
def hall_delegates(request: HttpRequest, congress: Congress) -> HttpResponse:
    sitting = open_sitting(congress)
    present = (
        set(
            Attendance.objects.filter(sitting=sitting, status=Presence.PRESENT).values_list(
                "delegate_id", flat=True
            )
        )
        if sitting
        else set()
    )
    delegates = in_name_order(
        congress.delegates.select_related("replaces", "member").order_by("number", "pk"),
        name=attrgetter("full_name"),
    )
    return _page(
        request,
        congress,
        "hall_delegates.html",
        delegates=delegates,
        present=present,
        sitting=sitting,
        form=DelegateForm(),
        upload=UploadForm(),
        deduction_form=DeductionForm(),
        deductions=list(congress.deductions.all()),
        base=hall_electorate(congress).base,
        officials=sum(1 for d in delegates if d.kind == DelegateKind.OFFICIAL),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_delegate_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = DelegateForm(request.POST)
    if form.is_valid():
        row = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        _write(
            request,
            lambda: services.delegates_add_many(actor=request.user, congress=congress, rows=[row]),
            _("Delegate added."),
        )
    else:
        _form_errors(request, form)
    return redirect("hall_delegates", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_delegates_import(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("hall_delegates", pk=congress.pk)
    upload = form.cleaned_data["file"]
    try:
        rows = delegate_rows(upload.name, upload.read())
    except ImportRefused as refused:
        for error in refused.errors:
            messages.error(request, str(error))
        messages.error(request, _("Nothing was imported."))
        return redirect("hall_delegates", pk=congress.pk)
    _write(
        request,
        lambda: services.delegates_add_many(
            actor=request.user, congress=congress, rows=rows, source=f"file:{upload.name}"
        ),
        _("%d delegates imported.") % len(rows),
    )
    return redirect("hall_delegates", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_delegates_members(request: HttpRequest, congress: Congress) -> HttpResponse:
    added: list[Delegate] = []

    def run() -> None:
        added.extend(services.delegates_from_members(actor=request.user, congress=congress))

    if _write(request, run, ""):
        messages.success(request, _("%d members added to the list.") % len(added))
    return redirect("hall_delegates", pk=congress.pk)


def _delegate(congress: Congress, did: int) -> Delegate:
    return get_object_or_404(
        Delegate.objects.select_related("congress__unit"), pk=did, congress=congress
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.HALL)
def hall_delegate_edit(request: HttpRequest, congress: Congress, did: int) -> HttpResponse:
    delegate = _delegate(congress, did)
    officials = [
        (d.pk, f"{d.number or ''} {d.full_name}".strip())
        for d in in_name_order(
            congress.delegates.filter(kind=DelegateKind.OFFICIAL).exclude(pk=delegate.pk),
            name=attrgetter("full_name"),
        )
    ]
    initial = {
        f: getattr(delegate, f)
        for f in (
            "kind",
            "is_ex_officio",
            "credential",
            "credential_note",
            "position",
            "education",
            "political_theory",
        )
    }
    initial["replaces"] = delegate.replaces_id
    form = DelegateEditForm(request.POST or None, initial=initial, officials=officials)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            rid = data.pop("replaces")
            replaces = congress.delegates.filter(pk=rid).first() if rid else None
            if _write(
                request,
                lambda: services.delegate_update(
                    actor=request.user, delegate=delegate, replaces=replaces, **data
                ),
                _("Saved."),
            ):
                return redirect("hall_delegates", pk=congress.pk)
        else:
            _form_errors(request, form)
    # Until a phone confirms it, the link can be shown here for the delegate to scan.
    link = (
        None
        if delegate.pass_device
        else request.build_absolute_uri(reverse("ballot_pass", args=[voting.pass_token(delegate)]))
    )
    return _page(
        request,
        congress,
        "hall_delegate.html",
        delegate=delegate,
        form=form,
        link=link,
        link_qr=qr_svg(link) if link else "",
        reissue=delegate.reissues.filter(status="asked").select_related("asked_by").first(),
        code_qr=qr_svg(delegate.code, 160),
        attendance=delegate.attendance.select_related("sitting"),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_pass_reissue(request: HttpRequest, congress: Congress, did: int) -> HttpResponse:
    """Ask for a new vote link (a lost or changed phone); a member of the other side confirms."""
    delegate = _delegate(congress, did)
    _write(
        request,
        lambda: voting.pass_reissue_ask(
            actor=request.user, delegate=delegate, reason=request.POST.get("reason", "")
        ),
        _("Asked: a member of the presidium (or of the secretariat) must confirm it."),
    )
    return redirect("hall_delegate_edit", pk=congress.pk, did=delegate.pk)


def _reissue(congress: Congress, rid: int) -> PassReissue:
    return get_object_or_404(PassReissue, pk=rid, congress=congress)


@require_POST
@congress_access(Perm.HALL)
def hall_pass_reissue_confirm(request: HttpRequest, congress: Congress, rid: int) -> HttpResponse:
    reissue = _reissue(congress, rid)
    _write(
        request,
        lambda: voting.pass_reissue_confirm(actor=request.user, reissue=reissue),
        _("A new vote link was issued; the old one no longer works."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_pass_reissue_cancel(request: HttpRequest, congress: Congress, rid: int) -> HttpResponse:
    reissue = _reissue(congress, rid)
    _write(
        request,
        lambda: voting.pass_reissue_cancel(actor=request.user, reissue=reissue),
        _("The request was withdrawn; the link stays as it was."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_deduction_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = DeductionForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.base_deduction_add(actor=request.user, congress=congress, **data),
        _("Deduction recorded."),
    )
    return redirect("hall_delegates", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_deduction_remove(request: HttpRequest, congress: Congress, xid: int) -> HttpResponse:
    deduction = get_object_or_404(BaseDeduction, pk=xid, congress=congress)
    _write(
        request,
        lambda: services.base_deduction_remove(actor=request.user, deduction=deduction),
        _("Deduction removed."),
    )
    return redirect("hall_delegates", pk=congress.pk)


@require_GET
@congress_access(Perm.HALL)
def hall_credentials(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(request, congress, "hall_credentials.html", report=credentials_report(congress))


@require_GET
@congress_access(Perm.HALL)
def hall_credentials_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.credentials_pdf(congress),
        "application/pdf",
        f"tham-tra-tu-cach-{congress.pk}.pdf",
    )


@require_GET
@congress_access(Perm.HALL)
def hall_credentials_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.credentials_docx(congress), DOCX, f"tham-tra-tu-cach-{congress.pk}.docx"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_cards_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.cards_pdf(congress), "application/pdf", f"the-dai-bieu-{congress.pk}.pdf"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_passes_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    content = documents.passes_pdf(congress, request.build_absolute_uri("/"))
    return _download(content, "application/pdf", f"the-bieu-quyet-{congress.pk}.pdf")
