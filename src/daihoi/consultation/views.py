"""Pages of drafts, versions, rounds, comments and the comment report.

Thin: load through the access layer, read through selectors, write through
services. Reading needs the view role on the draft (``access.draft_perms``);
managing — versions, rounds, answers, aggregation, the Excel export — the
office role of the draft's unit; commenting a place in the round's subtree.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_access, unit_perms
from daihoi.congresses.models import Congress
from daihoi.consultation import access, exports, selectors, services
from daihoi.consultation.access import (
    comment_access,
    draft_access,
    draft_perms,
    round_access,
    version_access,
)
from daihoi.consultation.forms import (
    AnswerForm,
    CommentForm,
    DraftForm,
    ImportForm,
    RoundForm,
    VersionForm,
)
from daihoi.consultation.importing import comments_import
from daihoi.consultation.models import Comment, Draft, Handling, Paragraph, Round, Version
from daihoi.documents.comment_report import (
    CommentReport,
    render_comment_report_docx,
    render_comment_report_pdf,
)
from daihoi.http import download, service_call
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import ImportRefused

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(unit: Unit) -> list[Unit]:
    return [*unit_ancestors(unit), unit]


def _can_manage(request: HttpRequest, draft: Draft) -> bool:
    return Perm.MANAGE in draft_perms(request.user, draft)


def _file_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "du-thao"


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
        r.is_open = services.round_is_open(r)  # type: ignore[attr-defined]
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
            "is_open": services.round_is_open(round_),
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
    with service_call(request):
        totals = services.round_aggregate(round_=round_, user=request.user)
        messages.success(
            request,
            _("%(c)d comments: %(g)d groups of duplicates, %(t)d topics.")
            % {"c": totals["comments"], "g": totals["groups"], "t": totals["topics"]},
        )
    return redirect("consultation_groups", pk=round_.pk)


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
            "can_manage": _can_manage(request, round_.draft),
        },
    )


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
    is_open = services.round_is_open(round_)
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
            "latest": services.latest_version_number(round_.draft),
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


# --- report and export ------------------------------------------------------------------


def _place(unit: Unit) -> str:
    name = unit.name
    for prefix in ("Đảng bộ ", "Chi bộ ", "tỉnh ", "thành phố ", "huyện ", "xã ", "phường "):
        if name.startswith(prefix) or name.lower().startswith(prefix.lower()):
            name = name[len(prefix) :]
    return name


def _report(request: HttpRequest, round_: Round) -> CommentReport:
    """The report as this reader may read it: whole for the subcommittee and the
    units above the draft's, with only their own units' comments for the others."""
    whole = access.reads_all_comments(request.user, round_.draft)
    return exports.report_data(
        round_,
        place=_place(round_.draft.unit),
        comments=None if whole else access.visible_comments(request.user, round_),
    )


@round_access(Perm.VIEW)
def report_docx_view(request: HttpRequest, round_: Round) -> HttpResponse:
    data = _report(request, round_)
    name = f"bao-cao-tong-hop-y-kien-{round_.pk}.docx"
    return download(render_comment_report_docx(data), DOCX, name)


@round_access(Perm.VIEW)
def report_pdf_view(request: HttpRequest, round_: Round) -> HttpResponse:
    data = _report(request, round_)
    name = f"bao-cao-tong-hop-y-kien-{round_.pk}.pdf"
    return download(render_comment_report_pdf(data), "application/pdf", name)


@round_access(Perm.MANAGE)
def comments_xlsx_view(request: HttpRequest, round_: Round) -> HttpResponse:
    return download(exports.comments_xlsx(round_), XLSX, f"y-kien-gop-y-{round_.pk}.xlsx")
