"""Pages of a congress's drafts, a draft, its versions and what changed between them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.accounts.access import Perm, unit_perms
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress
from daihoi.consultation import selectors, services
from daihoi.consultation.access import (
    draft_access,
    version_access,
)
from daihoi.consultation.forms import (
    DraftForm,
    VersionForm,
)
from daihoi.consultation.models import Draft, Version
from daihoi.consultation.views.common import _can_manage, _crumbs
from daihoi.http import form_errors as _form_errors
from daihoi.http import service_call

# --- drafts of a congress ---------------------------------------------------------------


@congress_access(Perm.VIEW)
def congress_drafts(request: HttpRequest, congress: Congress) -> HttpResponse:
    own, upper = selectors.drafts_of_congress(congress)
    return render(
        request,
        "consultation/congress_drafts.html",
        {
            "congress": congress,
            "unit": congress.unit,
            "ancestors": _crumbs(congress.unit),
            "own": own,
            "upper": upper,
            "can_manage": Perm.MANAGE in unit_perms(request.user, congress.unit),
        },
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.MANAGE)
def draft_create_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request):
            draft = services.draft_create(
                unit=congress.unit,
                term=congress.term,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
            messages.success(request, _("The draft was created. Add its first version."))
            return redirect("consultation_version_create", pk=draft.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("New draft document"), "congress": congress},
        status=400 if request.method == "POST" else 200,
    )


# --- a draft and its versions -----------------------------------------------------------


@draft_access(Perm.VIEW)
def draft_view(request: HttpRequest, draft: Draft) -> HttpResponse:
    versions = list(draft.versions.all())
    rounds = list(draft.rounds.select_related("version", "scope"))
    for r in rounds:
        r.is_open = selectors.round_is_open(r)  # type: ignore[attr-defined]
    return render(
        request,
        "consultation/draft.html",
        {
            "draft": draft,
            "ancestors": _crumbs(draft.unit),
            "versions": versions,
            "rounds": rounds,
            "congress": Congress.objects.filter(unit=draft.unit, term=draft.term).first(),
            "can_manage": _can_manage(request, draft),
        },
    )


@require_http_methods(["GET", "POST"])
@draft_access(Perm.MANAGE)
def version_create_view(request: HttpRequest, draft: Draft) -> HttpResponse:
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            with service_call(request):
                version = services.version_create(
                    draft=draft,
                    user=request.user,
                    markdown=form.cleaned_data.get("text") or "",
                    file_name=upload.name if upload else "",
                    data=upload.read() if upload else None,
                    note=form.cleaned_data.get("note") or "",
                )
                messages.success(
                    request,
                    _("Version %(n)d: %(p)d paragraphs in %(s)d sections.")
                    % {
                        "n": version.number,
                        "p": version.paragraphs.count(),
                        "s": version.sections.count(),
                    },
                )
                return redirect("consultation_version", pk=version.pk)
        else:
            _form_errors(request, form)
    return render(
        request,
        "consultation/version_form.html",
        {"draft": draft, "ancestors": _crumbs(draft.unit), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@version_access(Perm.VIEW)
def version_view(request: HttpRequest, version: Version) -> HttpResponse:
    sections = list(version.sections.prefetch_related("paragraphs"))
    return render(
        request,
        "consultation/version.html",
        {
            "version": version,
            "draft": version.draft,
            "ancestors": _crumbs(version.draft.unit),
            "sections": sections,
            "previous": version.draft.versions.filter(number__lt=version.number).last(),
        },
    )


@version_access(Perm.VIEW)
def version_diff_view(request: HttpRequest, version: Version) -> HttpResponse:
    others = version.draft.versions.exclude(pk=version.pk)
    try:
        number = int(request.GET.get("from", version.number - 1))
    except ValueError:
        number = version.number - 1
    old = others.filter(number=number).first()
    if old is None:
        messages.error(request, _("There is no earlier version to compare with."))
        return redirect("consultation_version", pk=version.pk)
    rows = selectors.version_diff(old, version)
    return render(
        request,
        "consultation/diff.html",
        {
            "version": version,
            "old": old,
            "draft": version.draft,
            "ancestors": _crumbs(version.draft.unit),
            "rows": rows,
            "counts": {
                c: sum(1 for r in rows if r.change == c) for c in ("changed", "added", "removed")
            },
            "others": others,
        },
    )
