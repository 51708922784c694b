"""Pages of a round of comments: opening, reading, closing it, and its groups and topics."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from daihoi.accounts.access import Perm
from daihoi.consultation import access, selectors, services
from daihoi.consultation.access import (
    draft_access,
    round_access,
)
from daihoi.consultation.forms import (
    RoundForm,
)
from daihoi.consultation.models import Draft, GroupingJob, GroupingState, Round
from daihoi.consultation.views.common import _can_manage, _crumbs
from daihoi.http import HtmxHttpRequest
from daihoi.http import run_service as _write
from daihoi.organizations.models import Unit

# --- rounds -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@draft_access(Perm.MANAGE)
def round_create_view(request: HttpRequest, draft: Draft) -> HttpResponse:
    versions = list(draft.versions.all())
    if not versions:
        messages.error(request, _("Add a version of the draft first."))
        return redirect("consultation_draft", pk=draft.pk)
    form = RoundForm(request.POST or None, initial={"version": versions[-1].number})
    cast(Any, form.fields["version"]).choices = [
        (v.number, _("version %d") % v.number) for v in versions
    ]
    cast(Any, form.fields["scope"]).queryset = (
        Unit.objects.subtree(draft.unit).active().filter(depth__lte=draft.unit.depth + 1)
    )
    form.fields["scope"].initial = draft.unit.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = next(v for v in versions if v.number == data["version"])
        if _write(
            request,
            lambda: services.round_create(
                draft=draft,
                version=version,
                title=data["title"],
                scope=data["scope"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                members_may_comment=data["members_may_comment"],
                user=request.user,
            ),
            _("The consultation round was created."),
        ):
            return redirect("consultation_draft", pk=draft.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("New consultation round"), "unit": draft.unit},
        status=400 if request.method == "POST" else 200,
    )


@round_access(Perm.VIEW)
def round_view(request: HttpRequest, round_: Round) -> HttpResponse:
    return render(
        request,
        "consultation/round.html",
        {
            "round": round_,
            "draft": round_.draft,
            "ancestors": _crumbs(round_.draft.unit),
            "progress": selectors.round_progress(round_),
            "is_open": selectors.round_is_open(round_),
            "can_manage": _can_manage(request, round_.draft),
            "may_comment": access.may_comment(request.user, round_),
            "may_import": bool(access.office_units(request.user, round_)),
        },
    )


@require_POST
@round_access(Perm.MANAGE)
def round_close_view(request: HttpRequest, round_: Round) -> HttpResponse:
    _write(
        request,
        lambda: services.round_close(round_=round_, user=request.user),
        _("The round is closed."),
    )
    return redirect("consultation_round", pk=round_.pk)


@require_POST
@round_access(Perm.MANAGE)
def round_aggregate_view(request: HttpRequest, round_: Round) -> HttpResponse:
    """Queue the grouping (a worker does it); the groups page follows its progress."""
    services.grouping_start(actor=request.user, round_=round_)
    return redirect("consultation_groups", pk=round_.pk)


def _grouping_context(request: HttpRequest, round_: Round) -> dict[str, object]:
    job = services.grouping_current(round_)
    return {
        "round": round_,
        "job": job,
        "waiting_long": job is not None and job.waiting_long,
        "can_manage": _can_manage(request, round_.draft),
    }


@round_access(Perm.VIEW)
def round_grouping_status_view(request: HtmxHttpRequest, round_: Round) -> HttpResponse:
    """The grouping's progress alone, asked for every second while it runs; once it is
    done, the groups page is loaded again to show the new groups."""
    context = _grouping_context(request, round_)
    job = context["job"]
    if request.htmx and isinstance(job, GroupingJob) and job.state == GroupingState.DONE:
        return HttpResponseClientRefresh()
    return render(request, "consultation/_grouping_status.html", context)


@round_access(Perm.VIEW)
def round_groups_view(request: HttpRequest, round_: Round) -> HttpResponse:
    progress = [p for p in selectors.round_progress(round_) if p.total]
    by_section = []
    rep_ids: list[int] = []
    for p in progress:
        topics = selectors.groups_of_section(round_, p.section.number)
        for t in topics:
            t.dups = list(t.duplicate_groups.all())[:3]  # type: ignore[attr-defined]
            rep_ids += list(t.representatives)
            rep_ids += [d.representatives[0] for d in t.dups if d.representatives]  # type: ignore[attr-defined]
        by_section.append((p, topics))
    readable = access.visible_comments(request.user, round_)
    reps = selectors.comments_by_id(rep_ids, readable)
    # A reader of their own units' comments sees the topics' figures, and the
    # quotes and unit names of those comments only.
    names = (
        None
        if access.reads_all_comments(request.user, round_.draft)
        else selectors.commenting_unit_names(readable)
    )
    for _p, topics in by_section:
        for t in topics:
            t.rep_comments = [reps[i] for i in t.representatives if i in reps]  # type: ignore[attr-defined]
            if names is not None:
                t.units = [u for u in t.units if u[0] in names]
            for d in t.dups:  # type: ignore[attr-defined]
                d.rep_comment = reps.get(d.representatives[0]) if d.representatives else None
                if names is not None:
                    d.units = [u for u in d.units if u[0] in names]
    return render(
        request,
        "consultation/groups.html",
        {
            "round": round_,
            "draft": round_.draft,
            "ancestors": _crumbs(round_.draft.unit),
            "by_section": by_section,
            **_grouping_context(request, round_),
        },
    )
