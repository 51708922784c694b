"""The congress in session, for the presidium and the secretariat (Perm.HALL).

Thin views: load through the access layer, write through services. The
projector pages need only Perm.VIEW: they show what the hall sees anyway.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_access
from daihoi.congresses import documents, services, voting
from daihoi.congresses.cards import qr_svg
from daihoi.congresses.forms import (
    AbsenceForm,
    CheckinForm,
    DeductionForm,
    DelegateEditForm,
    DelegateForm,
    HallSettingsForm,
    HandsForm,
    ItemForm,
    SittingForm,
    SpeakerForm,
    UploadForm,
    VoteForm,
)
from daihoi.congresses.importing import delegate_rows
from daihoi.congresses.models import (
    AgendaItem,
    Attendance,
    BaseDeduction,
    Congress,
    Delegate,
    DelegateKind,
    PassReissue,
    Presence,
    ProceduralVote,
    Sitting,
    Speaker,
    VoteMethod,
    VoteStatus,
)
from daihoi.congresses.selectors import (
    credentials_report,
    delegate_search,
    desk_state,
    hall_state,
    open_sitting,
    pass_reissues,
)
from daihoi.core.collation import in_name_order
from daihoi.elections.models import ElectionStatus
from daihoi.http import confirm_page, confirmed, query_text, submit_form
from daihoi.http import download as _download
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import ImportRefused


def _crumbs(congress: Congress) -> list[Any]:
    return [*unit_ancestors(congress.unit), congress.unit]


def _page(request: HttpRequest, congress: Congress, template: str, **context: Any) -> HttpResponse:
    return render(
        request,
        f"congresses/{template}",
        {"congress": congress, "unit": congress.unit, "ancestors": _crumbs(congress), **context},
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- the secretariat's desk ---------------------------------------------------------


@require_GET
@congress_access(Perm.HALL)
def hall_home(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(
        request,
        congress,
        "hall_home.html",
        state=hall_state(congress),
        reissues=pass_reissues(congress),
        sittings=list(congress.sittings.all()),
        sitting_form=SittingForm(),
        settings_form=HallSettingsForm(
            initial={"profile": congress.profile, "venue": congress.venue}
        ),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_settings(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = HallSettingsForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.congress_hall_settings(actor=request.user, congress=congress, **data),
        _("Saved."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = SittingForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.sitting_add(actor=request.user, congress=congress, **data),
        _("Sitting added."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_open(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    _write(
        request,
        lambda: services.sitting_open(actor=request.user, sitting=sitting),
        _("“%s” is in session: the desk checks delegates in to it.") % sitting.title,
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_close(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    _write(
        request,
        lambda: services.sitting_close(actor=request.user, sitting=sitting),
        _("“%s” is closed.") % sitting.title,
    )
    return redirect("hall_home", pk=congress.pk)


# --- delegates ----------------------------------------------------------------------


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
        base=services.hall_electorate(congress).base,
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


# --- check-in -----------------------------------------------------------------------


@require_GET
@congress_access(Perm.HALL)
def hall_desk(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(request, congress, "hall_desk.html", state=desk_state(congress))


@require_POST
@congress_access(Perm.HALL)
def hall_checkin(request: HttpRequest, congress: Congress) -> HttpResponse:
    """A code typed or scanned, or a name chosen: answers the desk with a fragment."""
    form = CheckinForm(request.POST)
    result, error = None, ""
    if form.is_valid():
        delegate_id = form.cleaned_data["delegate"]
        try:
            result = services.checkin(
                actor=request.user,
                congress=congress,
                code=form.cleaned_data["code"] or "",
                delegate_id=delegate_id,
                via="search" if delegate_id else "code",
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Type or scan a code.")
    context = {"result": result, "error": error, "state": desk_state(congress)}
    if request.headers.get("HX-Request"):
        return render(request, "congresses/_checkin_result.html", {"congress": congress, **context})
    return _page(request, congress, "hall_desk.html", **context)


@require_GET
@congress_access(Perm.HALL)
def hall_search(request: HttpRequest, congress: Congress) -> HttpResponse:
    query = query_text(request)
    found = delegate_search(congress, query)
    sitting = open_sitting(congress)
    present = (
        set(
            Attendance.objects.filter(
                sitting=sitting, status=Presence.PRESENT, delegate__in=found
            ).values_list("delegate_id", flat=True)
        )
        if sitting
        else set()
    )
    return render(
        request,
        "congresses/_search_results.html",
        {"congress": congress, "found": found, "present": present, "query": query},
    )


@require_POST
@congress_access(Perm.HALL)
def hall_checkin_undo(request: HttpRequest, congress: Congress, did: int) -> HttpResponse:
    delegate = _delegate(congress, did)
    _write(
        request,
        lambda: services.checkin_undo(actor=request.user, congress=congress, delegate=delegate),
        _("Check-in of %s taken back.") % delegate.full_name,
    )
    return redirect("hall_attendance", pk=congress.pk)


@require_GET
@congress_access(Perm.HALL)
def hall_attendance(request: HttpRequest, congress: Congress) -> HttpResponse:
    sittings = list(congress.sittings.all())
    chosen = request.GET.get("sitting")
    sitting = next((s for s in sittings if str(s.pk) == chosen), None) or open_sitting(congress)
    if sitting is None and sittings:
        sitting = sittings[-1]
    rows = {a.delegate_id: a for a in Attendance.objects.filter(sitting=sitting)} if sitting else {}
    delegates = in_name_order(
        congress.delegates.order_by("number", "pk"), name=attrgetter("full_name")
    )
    return _page(
        request,
        congress,
        "hall_attendance.html",
        sittings=sittings,
        sitting=sitting,
        lines=[(d, rows.get(d.pk)) for d in delegates],
        counts={
            status: sum(1 for a in rows.values() if a.status == status)
            for status in Presence.values
        },
    )


@require_POST
@congress_access(Perm.HALL)
def hall_absence(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        delegate = _delegate(congress, form.cleaned_data["delegate"])
        _write(
            request,
            lambda: services.absence_record(
                actor=request.user,
                sitting=sitting,
                delegate=delegate,
                excused=form.cleaned_data["excused"],
                reason=form.cleaned_data["reason"],
            ),
            _("Absence of %s recorded.") % delegate.full_name,
        )
    else:
        _form_errors(request, form)
    return redirect(reverse("hall_attendance", args=[congress.pk]) + f"?sitting={sitting.pk}")


# --- agenda and speakers ------------------------------------------------------------


@require_GET
@congress_access(Perm.HALL)
def hall_agenda(request: HttpRequest, congress: Congress) -> HttpResponse:
    items = list(congress.agenda.prefetch_related("speakers"))
    return _page(
        request,
        congress,
        "hall_agenda.html",
        items=items,
        form=ItemForm(),
        speaker_form=SpeakerForm(),
        delegates=in_name_order(
            congress.delegates.only("pk", "congress_id", "full_name", "number"),
            name=attrgetter("full_name"),
        ),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_item_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = ItemForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.agenda_item_add(actor=request.user, congress=congress, **data),
        _("Item added to the agenda."),
    )
    return redirect("hall_agenda", pk=congress.pk)


def _item(congress: Congress, iid: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("congress__unit"), pk=iid, congress=congress
    )


@require_POST
@congress_access(Perm.HALL)
def hall_item_start(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    _write(request, lambda: services.agenda_item_start(actor=request.user, item=item), "")
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_item_finish(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    _write(request, lambda: services.agenda_item_finish(actor=request.user, item=item), "")
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_speaker_add(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    form = SpeakerForm(request.POST)
    if form.is_valid():
        did = form.cleaned_data["delegate"]
        delegate = congress.delegates.filter(pk=did).first() if did else None
        _write(
            request,
            lambda: services.speaker_add(
                actor=request.user,
                item=item,
                delegate=delegate,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
            ),
            _("Speaker registered."),
        )
    else:
        _form_errors(request, form)
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_speaker_set(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speaker = get_object_or_404(
        Speaker.objects.select_related("item__congress__unit"), pk=spid, item__congress=congress
    )
    status = request.POST.get("status", "")
    _write(
        request,
        lambda: services.speaker_set(actor=request.user, speaker=speaker, status=status),
        "",
    )
    return redirect("hall_agenda", pk=congress.pk)


# --- procedural votes ---------------------------------------------------------------


def _items(congress: Congress) -> list[tuple[int, str]]:
    return [(i.pk, f"{i.position}. {i.title}") for i in congress.agenda.all()]


@require_GET
@congress_access(Perm.HALL)
def hall_votes(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(
        request,
        congress,
        "hall_votes.html",
        votes=list(congress.votes.select_related("item", "election").order_by("-pk")),
        form=VoteForm(items=_items(congress), elections=_draft_elections(congress)),
    )


def _draft_elections(congress: Congress) -> list[tuple[int, str]]:
    """This congress's elections whose list has not been voted on yet."""
    return [
        (e.pk, e.title)
        for e in congress.elections.filter(status=ElectionStatus.DRAFT).order_by("pk")
    ]


@require_POST
@congress_access(Perm.HALL)
def hall_vote_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = VoteForm(request.POST, items=_items(congress), elections=_draft_elections(congress))
    created: list[ProceduralVote] = []
    if form.is_valid():
        data = dict(form.cleaned_data)
        iid, eid = data.pop("item"), data.pop("election")
        item = congress.agenda.filter(pk=iid).first() if iid else None
        election = congress.elections.filter(pk=eid).first() if eid else None

        def run() -> None:
            created.append(
                services.vote_create(
                    actor=request.user, congress=congress, item=item, election=election, **data
                )
            )

        if _write(request, run, _("Vote prepared.")):
            return redirect("hall_vote", pk=congress.pk, vid=created[0].pk)
    else:
        _form_errors(request, form)
    return redirect("hall_votes", pk=congress.pk)


def _vote(congress: Congress, vid: int) -> ProceduralVote:
    return get_object_or_404(
        ProceduralVote.objects.select_related("congress__unit", "item", "sitting", "election"),
        pk=vid,
        congress=congress,
    )


@require_GET
@congress_access(Perm.HALL)
def hall_vote(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    present = services.eligible_present(open_sitting(congress))
    return _page(
        request,
        congress,
        "hall_vote.html",
        vote=vote,
        cast=vote.casts.count(),
        hands=HandsForm(initial={"present": present, "abstain": 0}),
        present=present,
    )


@require_GET
@congress_access(Perm.HALL)
def hall_vote_live(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    """How many have voted (never how) while the vote is open."""
    vote = _vote(congress, vid)
    response = render(
        request,
        "congresses/_vote_live.html",
        {"congress": congress, "vote": vote, "cast": vote.casts.count()},
    )
    if vote.status != VoteStatus.OPEN:
        response.status_code = 286  # htmx: stop polling
    return response


@require_POST
@congress_access(Perm.HALL)
def hall_vote_open(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    _write(
        request,
        lambda: services.vote_open(actor=request.user, vote=vote),
        _("The vote is open on the delegates' phones."),
    )
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_vote_close(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Close the vote"),
            question=_(
                "Close “%s” now? Delegates who have not voted can no longer vote, and the "
                "result is shown at once."
            )
            % vote.title,
            facts=[_("Votes cast so far: %d.") % vote.cast],
            button=_("Yes, close the vote"),
            back=reverse("hall_vote", args=[congress.pk, vote.pk]),
            congress=congress,
        )
    _write(
        request,
        lambda: services.vote_close(actor=request.user, vote=vote),
        _("The vote is closed."),
    )
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_vote_hands(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    form = HandsForm(request.POST)
    if form.is_valid() and vote.method == VoteMethod.HANDS:
        _write(
            request,
            lambda: services.vote_record_hands(actor=request.user, vote=vote, **form.cleaned_data),
            _("The counts are recorded."),
        )
    elif not form.is_valid():
        _form_errors(request, form)
    else:
        messages.error(request, _("An electronic vote is counted by the system."))
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)


# --- the projector ------------------------------------------------------------------


@require_GET
@congress_access(Perm.VIEW)
def hall_screen(request: HttpRequest, congress: Congress) -> HttpResponse:
    return render(
        request,
        "congresses/hall_screen.html",
        {"congress": congress, "state": hall_state(congress)},
    )


@require_GET
@congress_access(Perm.VIEW)
def hall_screen_live(request: HttpRequest, congress: Congress) -> HttpResponse:
    return render(
        request,
        "congresses/_screen.html",
        {"congress": congress, "state": hall_state(congress)},
    )


# --- minutes and resolution ---------------------------------------------------------


@require_GET
@congress_access(Perm.HALL)
def hall_minutes_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.minutes_pdf(congress), "application/pdf", f"bien-ban-dai-hoi-{congress.pk}.pdf"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_minutes_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(documents.minutes_docx(congress), DOCX, f"bien-ban-dai-hoi-{congress.pk}.docx")


@require_GET
@congress_access(Perm.HALL)
def hall_resolution_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.resolution_pdf(congress), "application/pdf", f"nghi-quyet-{congress.pk}.pdf"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_resolution_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(documents.resolution_docx(congress), DOCX, f"nghi-quyet-{congress.pk}.docx")
