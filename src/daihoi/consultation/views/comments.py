"""Pages of a section's paragraphs and their comments: commenting, importing, answering."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.consultation import access, selectors, services
from daihoi.consultation.access import (
    comment_access,
    round_access,
)
from daihoi.consultation.forms import (
    AnswerForm,
    CommentForm,
    ImportForm,
)
from daihoi.consultation.importing import comments_import
from daihoi.consultation.models import Comment, Handling, Paragraph, Round
from daihoi.consultation.views.common import PAGE_SIZE, _can_manage, _crumbs
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import service_call
from daihoi.organizations.models import Unit
from daihoi.tables import ImportRefused

# --- a section: its paragraphs and comments -----------------------------------------------


@round_access(Perm.VIEW)
def section_view(request: HttpRequest, round_: Round, number: int) -> HttpResponse:
    section = round_.version.sections.filter(number=number).first()
    if section is None:
        raise Http404
    state = request.GET.get("state", "")
    try:
        topic = int(request.GET["topic"]) if request.GET.get("topic") else None
    except ValueError:
        topic = None
    readable = access.visible_comments(request.user, round_)
    page = Paginator(
        selectors.section_comments(round_, number, state=state, topic=topic, comments=readable),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    paragraphs = list(section.paragraphs.all())
    counts = selectors.paragraph_counts(round_, number)
    for p in paragraphs:
        p.comment_count = counts.get(p.pk, 0)  # type: ignore[attr-defined]
    can_manage = _can_manage(request, round_.draft)
    units = access.office_units(request.user, round_)
    member_unit = access.member_unit(request.user, round_)
    is_open = selectors.round_is_open(round_)
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("topic", topic or "")) if v)
    return render(
        request,
        "consultation/section.html",
        {
            "round": round_,
            "draft": round_.draft,
            "ancestors": _crumbs(round_.draft.unit),
            "section": section,
            "sections": round_.version.sections.all(),
            "paragraphs": paragraphs,
            "page": page,
            "state": state,
            "topic": topic,
            "query": query,
            "states": [("pending", _("not handled yet")), ("handled", _("handled"))]
            + [c for c in Handling.choices if c[0]],
            "can_manage": can_manage,
            "is_open": is_open,
            "comment_units": units if is_open else [],
            "member_unit": member_unit if is_open else None,
            "answer_form": AnswerForm() if can_manage else None,
            "latest": selectors.latest_version_number(round_.draft),
        },
    )


@require_POST
@round_access(Perm.VIEW)
def comment_create_view(request: HttpRequest, round_: Round) -> HttpResponse:
    units = access.office_units(request.user, round_)
    member_unit = access.member_unit(request.user, round_)
    if not units and member_unit is None:
        raise PermissionDenied
    form = CommentForm(request.POST)
    section = 0
    if form.is_valid():
        data = form.cleaned_data
        paragraph = (
            round_.version.paragraphs.select_related("section", "version")
            .filter(number=data["paragraph"])
            .first()
        )
        if data["as_unit"]:
            unit = next((u for u in units if u.code == data["as_unit"]), None)
            on_behalf = True
        else:
            unit, on_behalf = member_unit, False
        if paragraph is None:
            messages.error(request, _("The draft has no paragraph %d.") % data["paragraph"])
        elif unit is None:
            raise PermissionDenied
        else:
            section = paragraph.section.number
            _write(
                request,
                lambda: services.comment_create(
                    round_=round_,
                    paragraph=paragraph,
                    text=data["text"],
                    unit=unit,
                    on_behalf=on_behalf,
                    user=request.user,
                ),
                _("Your comment on paragraph %d was recorded.") % paragraph.number,
            )
    else:
        _form_errors(request, form)
    first = round_.version.sections.order_by("number").values_list("number", flat=True).first()
    return redirect("consultation_section", pk=round_.pk, number=section or first or 0)


@require_http_methods(["GET", "POST"])
@round_access(Perm.VIEW)
def import_view(request: HttpRequest, round_: Round) -> HttpResponse:
    units = access.office_units(request.user, round_)
    if not units:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    cast(Any, form.fields["unit"]).queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
    form.fields["unit"].initial = units[0].pk
    errors: list[Any] = []
    file_name = ""
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            file_name = upload.name
            try:
                with service_call(request):
                    n = comments_import(
                        round_=round_,
                        file_name=upload.name,
                        data=upload.read(),
                        default_unit=form.cleaned_data["unit"],
                        allowed=units,
                        user=request.user,
                    )
                    messages.success(
                        request,
                        _("%(n)d comments imported from %(f)s.") % {"n": n, "f": upload.name},
                    )
                    return redirect("consultation_round", pk=round_.pk)
            except ImportRefused as exc:
                errors = exc.errors
        else:
            _form_errors(request, form)
    return render(
        request,
        "consultation/import.html",
        {
            "round": round_,
            "draft": round_.draft,
            "ancestors": _crumbs(round_.draft.unit),
            "form": form,
            "errors": errors,
            "file_name": file_name,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@comment_access(Perm.MANAGE)
def comment_answer_view(request: HttpRequest, comment: Comment) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        change: Paragraph | None = None
        if data["change_version"] and data["change_paragraph"]:
            change = (
                Paragraph.objects.select_related("version")
                .filter(
                    version__draft_id=comment.round.draft_id,
                    version__number=data["change_version"],
                    number=data["change_paragraph"],
                )
                .first()
            )
            if change is None:
                messages.error(
                    request,
                    _("Version %(v)d has no paragraph %(p)d.")
                    % {"v": data["change_version"], "p": data["change_paragraph"]},
                )
        if change is not None or not (data["change_version"] and data["change_paragraph"]):
            _write(
                request,
                lambda: services.comment_answer(
                    comment=comment,
                    handling=data["handling"],
                    answer=data["answer"],
                    change=change,
                    user=request.user,
                ),
                _("The answer was recorded."),
            )
    else:
        _form_errors(request, form)
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("consultation_section", pk=comment.round_id, number=comment.section_number)
