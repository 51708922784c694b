"""The working groups' pages: thin, each checked by its access decorator, writes by
the services (a refusal is shown on the form, nothing saved)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, unit_perms
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.workgroups import selectors, services
from daihoi.workgroups.access import (
    can_answer,
    group_access,
    group_perms,
    recommendation_access,
)
from daihoi.workgroups.forms import (
    AnswerForm,
    AttendanceForm,
    FollowForm,
    GroupForm,
    MemberForm,
    RecommendationForm,
    VisitForm,
)
from daihoi.workgroups.models import FollowedUnit, GroupMember, Recommendation, Visit, WorkGroup
from daihoi.workgroups.report import group_report_docx


def _ctx(unit: Unit, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "ancestors": [*unit_ancestors(unit), unit], **extra}


def _form_page(
    request: HttpRequest, unit: Unit, form: Any, title: str, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "workgroups/form.html",
        _ctx(unit, form=form, title=title, back=back, **extra),
        status=400 if request.method == "POST" else 200,
    )


# --- a committee's groups ---------------------------------------------------------------


@unit_access(Perm.VIEW)
def groups_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The committee's working groups (and the groups of the portal following this unit)."""
    following = (
        WorkGroup.objects.filter(followed__unit=unit).select_related("unit").order_by("name")
    )
    return render(
        request,
        "workgroups/groups.html",
        _ctx(
            unit,
            groups=selectors.groups_of_unit(unit),
            following=[g for g in following if Perm.VIEW in group_perms(request.user, g)],
            can_manage=Perm.MANAGE in unit_perms(request.user, unit) and unit.is_active,
        ),
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def group_create_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user,
                unit=unit,
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The working group %(name)s is set up.") % {"name": group.name}
            )
            return redirect("workgroup_detail", group.pk)
    back = reverse("workgroups_of_unit", args=[unit.code])
    return _form_page(request, unit, form, _("New working group"), back)


@unit_access(Perm.VIEW)
def unit_recommendations_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The working groups' recommendations to this unit, for its office to answer."""
    today = timezone.localdate()
    recs = selectors.recommendations_to_unit(unit)
    return render(
        request,
        "workgroups/unit_recommendations.html",
        _ctx(
            unit,
            today=today,
            rows=[(r, r.is_overdue(today), can_answer(request.user, r)) for r in recs],
        ),
    )


# --- a group ------------------------------------------------------------------------------


@group_access(Perm.VIEW)
def group_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    perms = group_perms(request.user, group)
    today = timezone.localdate()
    recs = selectors.recommendations(group)
    return render(
        request,
        "workgroups/group.html",
        _ctx(
            group.unit,
            group=group,
            members=selectors.members(group),
            units=selectors.followed_units(group),
            visits=selectors.visits(group),
            recs=[(r, r.is_overdue(today)) for r in recs],
            attendance=selectors.attendance(group),
            can_manage=Perm.MANAGE in perms,
            can_visit=Perm.VISIT in perms,
        ),
    )


@require_http_methods(["GET", "POST"])
@group_access(Perm.MANAGE)
def group_edit_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    form = GroupForm(request.POST or None, initial={"name": group.name, "note": group.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(
                actor=request.user,
                group=group,
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("workgroup_detail", group.pk)
    return _form_page(request, group.unit, form, _("Edit the working group"), _back(group))


def _back(group: WorkGroup) -> str:
    return reverse("workgroup_detail", args=[group.pk])


@require_http_methods(["GET", "POST"])
@group_access(Perm.MANAGE)
def member_add_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                actor=request.user,
                group=group,
                user=data["username"],
                name=data["name"],
                post=data["post"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(name)s is a member of the group.") % {"name": member.name}
            )
            return redirect("workgroup_detail", group.pk)
    return _form_page(request, group.unit, form, _("Add a member"), _back(group), group=group)


@require_POST
@group_access(Perm.MANAGE)
def member_remove_view(request: HttpRequest, group: WorkGroup, mid: int) -> HttpResponse:
    member = get_object_or_404(GroupMember, pk=mid, group=group)
    services.member_remove(actor=request.user, member=member)
    messages.success(
        request, _("%(name)s is no longer a member of the group.") % {"name": member.name}
    )
    return redirect("workgroup_detail", group.pk)


@require_http_methods(["GET", "POST"])
@group_access(Perm.MANAGE)
def follow_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            services.unit_follow(actor=request.user, group=group, unit=unit)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The group follows %(unit)s.") % {"unit": unit.name})
            return redirect("workgroup_detail", group.pk)
    return _form_page(request, group.unit, form, _("Follow a unit"), _back(group), group=group)


@require_POST
@group_access(Perm.MANAGE)
def unfollow_view(request: HttpRequest, group: WorkGroup, uid: int) -> HttpResponse:
    followed = get_object_or_404(
        FollowedUnit.objects.select_related("unit"), group=group, unit_id=uid
    )
    try:
        services.unit_unfollow(actor=request.user, group=group, unit=followed.unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The group no longer follows %(unit)s.") % {"unit": followed.unit.name}
        )
    return redirect("workgroup_detail", group.pk)


@require_http_methods(["GET", "POST"])
@group_access(Perm.VISIT)
def visit_create_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    units = selectors.followed_units(group)
    form = VisitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(
                actor=request.user,
                group=group,
                unit=data["unit"],
                visited_on=data["visited_on"],
                notes=data["notes"],
                findings=data["findings"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The visit to %(unit)s is recorded.") % {"unit": visit.unit.name}
            )
            return redirect("workgroup_visit", group.pk, visit.pk)
    return _form_page(request, group.unit, form, _("Record a visit"), _back(group), group=group)


def _visit(group: WorkGroup, vid: int) -> Visit:
    return get_object_or_404(Visit.objects.select_related("unit"), pk=vid, group=group)


@require_http_methods(["GET", "POST"])
@group_access(Perm.VIEW)
def visit_view(request: HttpRequest, group: WorkGroup, vid: int) -> HttpResponse:
    """A visit, its recommendations, and (for the group) the form for a new one."""
    visit = _visit(group, vid)
    can_visit = Perm.VISIT in group_perms(request.user, group)
    units = selectors.followed_units(group)
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"unit": visit.unit.code},
    )
    status = 200
    if request.method == "POST":
        if not can_visit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.recommendation_add(
                    actor=request.user,
                    visit=visit,
                    unit=data["unit"],
                    text=data["text"],
                    deadline=data["deadline"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The recommendation is recorded."))
                return redirect("workgroup_visit", group.pk, visit.pk)
        status = 400
    today = timezone.localdate()
    return render(
        request,
        "workgroups/visit.html",
        _ctx(
            group.unit,
            group=group,
            visit=visit,
            recs=[(r, r.is_overdue(today)) for r in visit.recommendations.select_related("unit")],
            form=form,
            can_visit=can_visit,
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@group_access(Perm.MANAGE)
def attendance_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    """Who of the group attends which followed unit's congress, pilot congresses first."""
    members = selectors.members(group)
    rows = selectors.attendance(group)
    if request.method == "POST":
        congress = next(
            (r.congress for r in rows if str(r.congress.pk) == request.POST.get("congress")), None
        )
        if congress is None:
            messages.error(
                request, _("Congress: choose one of the congresses of the units the group follows.")
            )
            return redirect("workgroup_attendance", group.pk)
        form = AttendanceForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.attendance_set(
                    actor=request.user,
                    group=group,
                    congress=congress,
                    members=form.cleaned_data["members"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Attendance at the congress of %(unit)s saved.")
                    % {"unit": congress.unit.name},
                )
        else:
            messages.error(request, _("Members attending: choose among the group's members."))
        return redirect("workgroup_attendance", group.pk)
    forms = [
        (
            r,
            AttendanceForm(
                members=members, initial={"members": [m.pk for m in r.members]}, prefix=None
            ),
        )
        for r in rows
    ]
    return render(request, "workgroups/attendance.html", _ctx(group.unit, group=group, forms=forms))


@group_access(Perm.VIEW)
def report_view(request: HttpRequest, group: WorkGroup) -> HttpResponse:
    data = group_report_docx(group, timezone.localdate())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-doan-cong-tac-{group.pk}.docx"'
    )
    return response


# --- a recommendation ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@recommendation_access(Perm.MANAGE)
def answer_view(request: HttpRequest, rec: Recommendation) -> HttpResponse:
    """The addressed unit's office answers the recommendation."""
    initial = {"answer": rec.answer, "answered_on": rec.answered_on or timezone.localdate()}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_answer(
                actor=request.user,
                recommendation=rec,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The answer is sent to %(group)s.") % {"group": rec.group.name}
            )
            return redirect("workgroups_unit_recommendations", rec.unit.code)
    return render(
        request,
        "workgroups/answer.html",
        _ctx(rec.unit, rec=rec, form=form, today=timezone.localdate()),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@recommendation_access(Perm.VISIT)
def close_view(request: HttpRequest, rec: Recommendation) -> HttpResponse:
    """The group marks the recommendation done (``done=1``) or reopens it (``done=0``)."""
    done = request.POST.get("done") == "1"
    try:
        services.recommendation_close(actor=request.user, recommendation=rec, done=done)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The recommendation is marked done.")
            if done
            else _("The recommendation is reopened."),
        )
    return redirect(reverse("workgroup_detail", args=[rec.group_id]) + "#recommendations")
