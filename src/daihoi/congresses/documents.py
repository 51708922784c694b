"""The congress's documents, drawn by pure renderers from what the secretariat recorded.

This module only gathers: the minutes' record (sittings, attendance, agenda,
votes as closed, sealed elections), the credentials report's record (the
credentials page's figures and the opening sitting's attendance), and the
cards' lines.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone, translation

from daihoi.accounts.models import CongressGrant, CongressRole
from daihoi.congresses.cards import Card, render_cards_pdf, render_passes_pdf
from daihoi.congresses.models import (
    Attendance,
    Congress,
    Delegate,
    DelegateKind,
    Presence,
    ProceduralVote,
    SittingStatus,
    VoteMethod,
    VoteStatus,
)
from daihoi.congresses.selectors import (
    Row,
    credentials_report,
    eligible_present,
    hall_electorate,
    hall_rules,
    speech_book,
)
from daihoi.congresses.voting import pass_token
from daihoi.core.elections import result_from_json
from daihoi.core.elections.votes import quorum
from daihoi.core.speeches import paragraphs as speech_paragraphs
from daihoi.documents.congress_minutes import (
    CongressRecord,
    ElectionRecord,
    ItemRecord,
    SittingRecord,
    VoteRecord,
    render_congress_minutes_docx,
    render_congress_minutes_pdf,
    render_resolution_docx,
    render_resolution_pdf,
)
from daihoi.documents.credentials_report import (
    Absence,
    CredentialsRecord,
    Questioned,
    Share,
    render_credentials_report_docx,
    render_credentials_report_pdf,
)
from daihoi.documents.speech_book import SpeechBook, SpeechRecord, render_speech_book_docx
from daihoi.elections.documents import place_name

KIND_LABELS = {
    DelegateKind.OFFICIAL: "Đại biểu chính thức",
    DelegateKind.ALTERNATE: "Đại biểu dự khuyết",
}


def congress_title(congress: Congress) -> str:
    kind = "Đại hội đại biểu" if congress.kind == "delegates" else "Đại hội"
    number = f" lần thứ {congress.number}" if congress.number else ""
    return f"{kind} {congress.unit.name}{number}, nhiệm kỳ {congress.term}"


def _cards(delegates: list[Delegate], qr: dict[int, str], text: dict[int, str]) -> list[Card]:
    return [
        Card(
            number=d.number,
            name=d.full_name,
            position=d.position or (d.member.unit.name if d.member else ""),
            kind=KIND_LABELS.get(d.kind, ""),  # type: ignore[call-overload]
            qr=qr[d.pk],
            code_text=text[d.pk],
        )
        for d in delegates
    ]


def _delegates(congress: Congress) -> list[Delegate]:
    return list(
        congress.delegates.select_related("member", "member__unit").order_by("number", "pk")
    )


def cards_pdf(congress: Congress) -> bytes:
    """Cards with the check-in code as QR: it identifies the person at the desk, nothing more."""
    delegates = _delegates(congress)
    codes = {d.pk: d.code for d in delegates}
    return render_cards_pdf(
        _cards(delegates, codes, codes), congress_title=congress_title(congress)
    )


def passes_pdf(congress: Congress, base_url: str) -> bytes:
    """Vote passes: each delegate's own link as QR (``base_url`` is the site's root)."""
    delegates = [d for d in _delegates(congress) if d.votes or d.kind == DelegateKind.ALTERNATE]
    links = {d.pk: f"{base_url.rstrip('/')}/v/{pass_token(d)}/" for d in delegates}
    texts = {d.pk: f"Số {d.number or ''} · lần cấp {d.pass_generation}" for d in delegates}
    return render_passes_pdf(
        _cards(delegates, links, texts), congress_title=congress_title(congress)
    )


METHOD_LABELS = {VoteMethod.HANDS: "giơ tay", VoteMethod.ELECTRONIC: "điện tử"}


def _vote_record(v: ProceduralVote) -> VoteRecord:
    return VoteRecord(
        title=v.title,
        method=METHOD_LABELS.get(v.method, v.method),  # type: ignore[call-overload]
        secret=v.secret,
        present=v.present or 0,
        agree=v.agree,
        disagree=v.disagree,
        abstain=v.abstain,
        base=v.base or 0,
        passed=bool(v.passed),
    )


def _names(congress: Congress, role: str) -> tuple[str, ...]:
    grants = CongressGrant.objects.filter(congress=congress, role=role).select_related("user")
    return tuple(g.user.full_name or g.user.username for g in grants.order_by("pk"))


def congress_record(congress: Congress) -> CongressRecord:
    rules = hall_rules(congress)
    electorate = hall_electorate(congress)
    sittings = []
    for s in congress.sittings.exclude(status=SittingStatus.PLANNED).annotate(
        excused=Count("attendance", filter=Q(attendance__status=Presence.EXCUSED)),
        absent=Count("attendance", filter=Q(attendance__status=Presence.ABSENT)),
    ):
        present = eligible_present(s)
        q = quorum(present, congress.summoned, rules)
        sittings.append(
            SittingRecord(
                title=s.title,
                day=s.date,
                opened_at=timezone.localtime(s.opened_at) if s.opened_at else None,
                closed_at=timezone.localtime(s.closed_at) if s.closed_at else None,
                present=present,
                excused=s.excused,
                absent=s.absent,
                quorum_met=q.met,
                quorum_share=q.share,
                least_present=q.least_present,
            )
        )
    closed = list(congress.votes.filter(status=VoteStatus.CLOSED).order_by("closed_at", "pk"))
    items = [
        ItemRecord(
            position=item.position,
            title=item.title,
            started_at=timezone.localtime(item.started_at) if item.started_at else None,
            speakers=tuple(
                (sp.name, sp.topic) for sp in item.speakers.all() if sp.status == "done"
            ),
            votes=tuple(_vote_record(v) for v in closed if v.item_id == item.pk),
        )
        for item in congress.agenda.prefetch_related("speakers")
    ]
    in_items = {item.pk for item in congress.agenda.all()}
    elections = []
    from daihoi.elections.models import Election, ElectionStatus

    for e in Election.objects.filter(congress=congress, status=ElectionStatus.FINALISED).order_by(
        "sealed_at"
    ):
        result = result_from_json(e.result)
        by_id = {c.id: c for c in result.candidates}
        elected = tuple((by_id[i].name, by_id[i].votes, by_id[i].percent) for i in result.elected)
        short = result.seats - result.seats_filled
        conclusion = (
            f"Đã bầu đủ {result.seats} đồng chí."
            if short == 0
            else f"Còn thiếu {short} đồng chí so với số lượng cần bầu."
        )
        elections.append(ElectionRecord(e.title, result.base, elected, conclusion))
    first_day = sittings[0].day if sittings else (congress.held_from or timezone.localdate())
    return CongressRecord(
        upper_body=congress.unit.parent.name if congress.unit.parent else "",
        convening_body=congress.unit.name,
        congress_title=congress_title(congress),
        place=place_name(congress.unit.name),
        day=first_day,
        venue=congress.venue,
        members_congress=congress.kind == "members",
        summoned=congress.summoned,
        deductions=tuple((d.reason, d.count) for d in electorate.deductions),
        base=electorate.base,
        profile=congress.profile,
        sittings=tuple(sittings),
        items=tuple(items),
        other_votes=tuple(_vote_record(v) for v in closed if v.item_id not in in_items),
        elections=tuple(elections),
        presidium=_names(congress, CongressRole.PRESIDIUM),
        secretariat=_names(congress, CongressRole.SECRETARIAT),
    )


def minutes_pdf(congress: Congress) -> bytes:
    return render_congress_minutes_pdf(congress_record(congress))


def minutes_docx(congress: Congress) -> bytes:
    return render_congress_minutes_docx(congress_record(congress))


def resolution_pdf(congress: Congress) -> bytes:
    return render_resolution_pdf(congress_record(congress))


def resolution_docx(congress: Congress) -> bytes:
    return render_resolution_docx(congress_record(congress))


def _shares(rows: tuple[Row, ...]) -> tuple[Share, ...]:
    return tuple(Share(r.label, r.count) for r in rows)


def credentials_record(congress: Congress) -> CredentialsRecord:
    """The credentials page's figures, and who was present at the opening sitting.

    The structure and the valid credentials are counted as on the page (over the
    delegates who vote); the labels in Vietnamese, whatever the reader's language.
    """
    with translation.override("vi"):
        report = credentials_report(congress)
    opening = (
        congress.sittings.exclude(status=SittingStatus.PLANNED).order_by("number", "pk").first()
    )
    rows = {a.delegate_id: a for a in Attendance.objects.filter(sitting=opening)}
    present = {pk for pk, a in rows.items() if a.status == Presence.PRESENT}
    delegates = list(congress.delegates.order_by("number", "full_name", "pk"))
    in_place = {
        d.replaces_id: d.full_name
        for d in delegates
        if d.replaces_id is not None and d.pk in present and d.replaces_id not in present
    }
    absences = []
    if opening is not None:
        for d in delegates:
            if d.kind != DelegateKind.OFFICIAL or d.pk in present:
                continue
            row = rows.get(d.pk)
            absences.append(
                Absence(
                    name=d.full_name,
                    excused=row is not None and row.status == Presence.EXCUSED,
                    reason=row.reason if row is not None else "",
                    replaced_by=in_place.get(d.pk, ""),
                )
            )
    members = congress.kind == "members"
    return CredentialsRecord(
        convening_body=congress.unit.name,
        congress_title=congress_title(congress),
        place=place_name(congress.unit.name),
        day=opening.date if opening is not None else report.on,
        members_congress=members,
        summoned=report.summoned,
        ex_officio=report.ex_officio,
        alternates=report.alternates,
        sitting=opening.title if opening is not None else "",
        sitting_day=opening.date if opening is not None else None,
        present=eligible_present(opening),
        alternates_in_place=len(in_place),
        absences=tuple(absences),
        counted=report.valid + sum(1 for d in report.questioned if d.votes),
        on=report.on,
        women=report.women.count,
        minorities=report.minorities.count,
        ages=_shares(report.ages),
        youngest=report.youngest,
        oldest=report.oldest,
        unknown_birth=report.unknown_birth,
        ethnicities=_shares(report.ethnicities),
        education=_shares(report.education),
        theory=_shares(report.theory),
        party_years=_shares(report.party_years),
        valid=report.valid,
        questioned=tuple(
            Questioned(
                name=d.full_name,
                kind=(
                    "Đảng viên"
                    if members
                    else "Đại biểu dự khuyết"
                    if d.kind == DelegateKind.ALTERNATE
                    else "Đại biểu chính thức"
                ),
                note=d.credential_note,
            )
            for d in report.questioned
        ),
    )


def credentials_pdf(congress: Congress) -> bytes:
    return render_credentials_report_pdf(credentials_record(congress))


def credentials_docx(congress: Congress) -> bytes:
    return render_credentials_report_docx(credentials_record(congress))


__all__ = [
    "cards_pdf",
    "congress_record",
    "credentials_docx",
    "credentials_pdf",
    "credentials_record",
    "minutes_docx",
    "minutes_pdf",
    "passes_pdf",
    "resolution_docx",
    "resolution_pdf",
]


def speech_book_docx(congress: Congress) -> bytes:
    """The accepted speeches as one Word book, in the programme's order."""
    first = congress.sittings.order_by("number").first()
    return render_speech_book_docx(
        SpeechBook(
            upper_body=congress.unit.parent.name if congress.unit.parent else "",
            convening_body=congress.unit.name,
            congress_title=congress_title(congress),
            place=place_name(congress.unit.name),
            day=first.date if first else (congress.held_from or timezone.localdate()),
            speeches=tuple(
                SpeechRecord(
                    title=s.title,
                    speaker=s.delegate.full_name,
                    on_behalf_of=s.unit.name if s.unit else "",
                    paragraphs=tuple(speech_paragraphs(s.text)),
                )
                for s in speech_book(congress)
            ),
        )
    )
