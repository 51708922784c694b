"""Reads of terms, congresses and the congress in session."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses.models import (
    AgendaItem,
    Attendance,
    Congress,
    Credential,
    Delegate,
    DelegateKind,
    ItemStatus,
    PassReissue,
    Presence,
    ProceduralVote,
    ReissueStatus,
    Sitting,
    SittingStatus,
    Speaker,
    SpeakerStatus,
    Speech,
    SpeechStatus,
    Term,
    VoteCast,
    VoteStatus,
)
from daihoi.core import speeches as speech_rules
from daihoi.core.collation import in_name_order
from daihoi.core.elections.model import Deduction as EngineDeduction
from daihoi.core.elections.model import Electorate, Rules
from daihoi.core.elections.rules import builtin_profile
from daihoi.core.elections.votes import QuorumStatus, quorum
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import subtree_upper_bound


def hall_rules(congress: Congress) -> Rules:
    """The rules profile the congress's quorum and vote base follow."""
    return builtin_profile(congress.profile).rules


def hall_electorate(congress: Congress) -> Electorate:
    """Those summoned and the deductions from the base of "more than half" (docs/rules.md §3)."""
    return Electorate(
        congress=congress.kind,  # type: ignore[arg-type]
        summoned=congress.summoned,
        deductions=tuple(
            EngineDeduction(reason=d.reason, count=d.count) for d in congress.deductions.all()
        ),
    )


@dataclass(frozen=True)
class PresenceCount:
    voting: int  # officials, and alternates in the place of an official who is not there
    everyone: int


def presence_count(sitting: Sitting | None) -> PresenceCount:
    """Who is checked in to a sitting, in one query."""
    if sitting is None:
        return PresenceCount(0, 0)
    present = Attendance.objects.filter(sitting=sitting, status=Presence.PRESENT)
    counts = present.aggregate(
        officials=Count("pk", filter=Q(delegate__kind=DelegateKind.OFFICIAL)),
        alternates=Count(
            "pk",
            filter=Q(delegate__replaces__isnull=False)
            & ~Q(delegate__replaces__in=present.values("delegate_id")),
        ),
        everyone=Count("pk"),
    )
    return PresenceCount(counts["officials"] + counts["alternates"], counts["everyone"])


def eligible_present(sitting: Sitting | None) -> int:
    """Present at the sitting and voting: officials, and alternates in an official's place."""
    return presence_count(sitting).voting


def term_current() -> Term | None:
    return Term.objects.order_by("-start_year").first()


def congresses_in_subtree(
    unit: Unit, term: Term, *, status: str = "", level_id: int | None = None
) -> QuerySet[Congress]:
    qs = Congress.objects.filter(
        term=term, unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
    ).select_related("unit", "unit__level")
    if status:
        qs = qs.filter(status=status)
    if level_id:
        qs = qs.filter(unit__level_id=level_id)
    return qs.order_by("planned_date", "unit__path")


def congress_status_counts(unit: Unit, term: Term) -> dict[str, int]:
    rows = (
        Congress.objects.filter(
            term=term, unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
        )
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


def congress_of_unit(unit: Unit, term: Term | None) -> Congress | None:
    if term is None:
        return None
    return Congress.objects.filter(unit=unit, term=term).first()


# --- the congress in session ------------------------------------------------------


def open_sitting(congress: Congress) -> Sitting | None:
    return Sitting.objects.filter(congress=congress, status=SittingStatus.OPEN).first()


def hall_sitting(congress: Congress) -> Sitting | None:
    """The sitting in session, else the last one opened (its figures stay on the screen)."""
    return open_sitting(congress) or (
        Sitting.objects.filter(congress=congress).exclude(status=SittingStatus.PLANNED).last()
    )


def voting_present(congress_id: int) -> int | None:
    """Those the hall counts present and voting at the sitting of the vote, where it is kept.

    The sitting in session, or else the last one held; None when the congress does not
    keep its attendance here (nobody was checked in). The elections' seal asks this
    through ``daihoi.elections.hall`` (the hall registers it when the apps are ready).
    """
    congress = Congress.objects.filter(pk=congress_id).first()
    if congress is None:
        return None
    counts = presence_count(hall_sitting(congress))
    return counts.voting if counts.everyone else None


@dataclass(frozen=True)
class PublishedElection:
    title: str
    elected: tuple[tuple[str, int, str], ...]  # name, votes, percent of the base
    base: int
    outcome: str
    sealed_at: dt.datetime | None = None


@dataclass(frozen=True)
class HallState:
    """What the presidium screen and the projector show; quorum and "passed" by the engine."""

    congress: Congress
    sitting: Sitting | None
    present: int  # present and voting (officials, alternates in an official's place)
    checked_in: int  # everyone checked in, guests of the list included
    summoned: int
    base: int
    quorum: QuorumStatus
    item: AgendaItem | None
    speaking: Speaker | None
    waiting: tuple[Speaker, ...]
    open_vote: ProceduralVote | None
    open_vote_cast: int
    last_vote: ProceduralVote | None
    election: PublishedElection | None
    speech: SpeechClock | None = None
    speeches_next: tuple[Speech, ...] = ()

    @property
    def latest_result(self) -> str:
        """Which result the projector shows: the latest of the closed vote ("vote") and
        the sealed election ("election"), so the one just announced fills the screen."""
        vote, election = self.last_vote, self.election
        if election is None:
            return "vote" if vote else ""
        if vote is None or vote.closed_at is None or election.sealed_at is None:
            return "election" if vote is None else "vote"
        return "election" if election.sealed_at >= vote.closed_at else "vote"


def published_election(congress: Congress) -> PublishedElection | None:
    """The last sealed election of the congress: sealed results are public to the hall."""
    from daihoi.core.elections import result_from_json
    from daihoi.elections.models import Election, ElectionStatus

    election = (
        Election.objects.filter(congress=congress, status=ElectionStatus.FINALISED)
        .order_by("-sealed_at")
        .first()
    )
    if election is None or not election.result:
        return None
    result = result_from_json(election.result)
    by_id = {c.id: c for c in result.candidates}
    elected = tuple((by_id[i].name, by_id[i].votes, by_id[i].percent) for i in result.elected)
    return PublishedElection(
        election.title, elected, result.base, result.outcome, sealed_at=election.sealed_at
    )


def hall_state(congress: Congress) -> HallState:
    sitting = hall_sitting(congress)
    counts = presence_count(sitting)
    present, checked_in = counts.voting, counts.everyone
    electorate = hall_electorate(congress)
    item = AgendaItem.objects.filter(congress=congress, status=ItemStatus.CURRENT).first()
    speakers = list(item.speakers.all()) if item else []
    open_vote = ProceduralVote.objects.filter(congress=congress, status=VoteStatus.OPEN).first()
    last_vote = (
        ProceduralVote.objects.filter(congress=congress, status=VoteStatus.CLOSED)
        .order_by("-closed_at", "-pk")
        .first()
    )
    return HallState(
        congress=congress,
        sitting=sitting,
        present=present,
        checked_in=checked_in,
        summoned=congress.summoned,
        base=electorate.base,
        quorum=quorum(present, congress.summoned, hall_rules(congress)),
        item=item,
        speaking=next((s for s in speakers if s.status == SpeakerStatus.SPEAKING), None),
        waiting=tuple(s for s in speakers if s.status == SpeakerStatus.WAITING),
        open_vote=open_vote,
        open_vote_cast=VoteCast.objects.filter(vote=open_vote).count() if open_vote else 0,
        last_vote=last_vote,
        election=published_election(congress),
        speech=speech_clock(congress),
        speeches_next=speeches_next(congress),
    )


@dataclass(frozen=True)
class DeskState:
    """The desk's line under each check-in: the live count and the quorum."""

    sitting: Sitting | None
    present: int
    checked_in: int
    summoned: int
    quorum: QuorumStatus


def desk_state(congress: Congress) -> DeskState:
    sitting = open_sitting(congress)
    counts = presence_count(sitting)
    return DeskState(
        sitting=sitting,
        present=counts.voting,
        checked_in=counts.everyone,
        summoned=congress.summoned,
        quorum=quorum(counts.voting, congress.summoned, hall_rules(congress)),
    )


def fold(text: str) -> str:
    """Lower case without tone marks or hats, đ as d: what a hurried desk types."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def delegate_search(congress: Congress, query: str, limit: int = 12) -> list[Delegate]:
    """Delegates whose name contains every typed word, tones or not ("nguyen an" finds
    Nguyễn Thị An); a number finds the delegate with that number."""
    words = fold(query).split()
    if not words:
        return []
    qs = Delegate.objects.filter(congress=congress).only("pk", "full_name", "number", "kind")
    if len(words) == 1 and words[0].isdigit():
        return list(qs.filter(number=int(words[0])))
    found = []
    for d in in_name_order(qs, name=attrgetter("full_name")):
        name = fold(d.full_name).split()
        if all(any(part.startswith(w) for part in name) for w in words):
            found.append(d)
            if len(found) >= limit:
                break
    return found


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: str


@dataclass(frozen=True)
class CredentialsReport:
    """The figures the credentials committee reads out (báo cáo thẩm tra tư cách đại biểu)."""

    on: dt.date
    summoned: int
    officials: int
    alternates: int
    ex_officio: int
    present: int
    valid: int
    questioned: tuple[Delegate, ...]
    women: Row
    minorities: Row
    ages: tuple[Row, ...]
    youngest: int | None
    oldest: int | None
    ethnicities: tuple[Row, ...]
    education: tuple[Row, ...]
    theory: tuple[Row, ...]
    party_years: tuple[Row, ...]
    unknown_birth: int


def percent(n: int, total: int) -> str:
    """Two decimals, decimal comma: 52,38."""
    if total == 0:
        return "0,00"
    return f"{n * 100 / total:.2f}".replace(".", ",")


def _years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


AGE_BANDS = ((0, 30), (30, 41), (41, 51), (51, 61), (61, 200))
PARTY_BANDS = ((0, 10), (10, 20), (20, 30), (30, 40), (40, 200))


def _band_label(low: int, high: int, unit: str) -> str:
    if low == 0:
        return _("under %(n)d %(unit)s") % {"n": high, "unit": unit}
    if high >= 200:
        return _("%(n)d %(unit)s and over") % {"n": low, "unit": unit}
    return _("%(low)d to %(high)d %(unit)s") % {"low": low, "high": high - 1, "unit": unit}


def credentials_report(congress: Congress, on: dt.date | None = None) -> CredentialsReport:
    """Counts over the delegates who vote (officials, alternates in an official's place)."""
    on = on or congress.held_from or congress.planned_date or timezone.localdate()
    everyone = in_name_order(
        congress.delegates.select_related("member"), name=attrgetter("full_name")
    )
    voting = [d for d in everyone if d.votes]
    total = len(voting)

    def value(d: Delegate, field: str) -> Any:
        own = getattr(d, field)
        if own or d.member is None:
            return own
        return getattr(d.member, field)

    def row(label: str, n: int) -> Row:
        return Row(label, n, percent(n, total))

    def tally(field: str) -> tuple[Row, ...]:
        counts = Counter(str(value(d, field) or "").strip() or "—" for d in voting)
        return tuple(row(k, n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))

    births = [b for d in voting if (b := value(d, "birth_date"))]
    ages = [_years(b, on) for b in births]
    joined = [_years(j, on) for d in voting if (j := value(d, "joined_on"))]
    sitting = hall_sitting(congress)
    return CredentialsReport(
        on=on,
        summoned=congress.summoned,
        officials=sum(1 for d in everyone if d.kind == DelegateKind.OFFICIAL),
        alternates=sum(1 for d in everyone if d.kind == DelegateKind.ALTERNATE),
        ex_officio=sum(1 for d in voting if d.is_ex_officio),
        present=eligible_present(sitting),
        valid=sum(1 for d in voting if d.credential == Credential.VALID),
        questioned=tuple(d for d in everyone if d.credential == Credential.QUESTIONED),
        women=row(_("Women"), sum(1 for d in voting if value(d, "sex") == "F")),
        minorities=row(
            _("Ethnic minorities"),
            sum(1 for d in voting if (value(d, "ethnicity") or "Kinh").strip() != "Kinh"),
        ),
        ages=tuple(
            row(_band_label(lo, hi, _("years old")), sum(1 for a in ages if lo <= a < hi))
            for lo, hi in AGE_BANDS
        ),
        youngest=min(ages) if ages else None,
        oldest=max(ages) if ages else None,
        ethnicities=tally("ethnicity"),
        education=tally("education"),
        theory=tally("political_theory"),
        party_years=tuple(
            row(
                _band_label(lo, hi, _("years in the Party")), sum(1 for y in joined if lo <= y < hi)
            )
            for lo, hi in PARTY_BANDS
        ),
        unknown_birth=total - len(births),
    )


@dataclass(frozen=True)
class Reissues:
    """The presidium's view of the vote links: requests waiting, links reissued so far."""

    waiting: list[PassReissue]
    done: int


def pass_reissues(congress: Congress) -> Reissues:
    rows = PassReissue.objects.filter(congress=congress).exclude(status=ReissueStatus.CANCELLED)
    waiting = list(rows.filter(status=ReissueStatus.ASKED).select_related("delegate", "asked_by"))
    return Reissues(waiting, rows.filter(status=ReissueStatus.DONE).count())


# --- speeches (tham luận) ---------------------------------------------------------------


@dataclass(frozen=True)
class SpeechClock:
    """The speech being given and its clock, for the projector.

    ``started_ms`` and ``now_ms`` (the server's time, milliseconds since the
    epoch) let the projector count down from the start itself, every second,
    without drifting; ``remaining`` is the same count at the server's ``now``.
    """

    speech: Speech
    started_ms: int
    now_ms: int
    remaining: int

    @property
    def clock(self) -> str:
        return speech_rules.clock(self.remaining)

    @property
    def over(self) -> bool:
        return self.remaining < 0


def speech_clock(congress: Congress) -> SpeechClock | None:
    speech = (
        Speech.objects.filter(congress=congress, started_at__isnull=False, ended_at=None)
        .select_related("delegate", "unit")
        .first()
    )
    if speech is None or speech.started_at is None:
        return None
    now = timezone.now()
    return SpeechClock(
        speech=speech,
        started_ms=int(speech.started_at.timestamp() * 1000),
        now_ms=int(now.timestamp() * 1000),
        remaining=speech_rules.remaining_seconds(
            allotted_minutes=speech.minutes,
            elapsed_seconds=(now - speech.started_at).total_seconds(),
        ),
    )


def speeches_next(congress: Congress, limit: int = 3) -> tuple[Speech, ...]:
    """The accepted speeches not given yet, in the programme's order."""
    return tuple(
        Speech.objects.filter(
            congress=congress, status=SpeechStatus.ACCEPTED, started_at__isnull=True
        )
        .select_related("delegate", "unit")
        .order_by("position")[:limit]
    )


def congress_speeches(congress: Congress) -> list[Speech]:
    """Every speech of the congress: the programme in order, then those registered
    (oldest first), then those declined."""
    rank = {SpeechStatus.ACCEPTED: 0, SpeechStatus.REGISTERED: 1, SpeechStatus.DECLINED: 2}
    speeches = Speech.objects.filter(congress=congress).select_related("delegate", "unit")
    return sorted(
        speeches.defer("text"),
        key=lambda s: (rank[SpeechStatus(s.status)], s.position or 0, s.registered_at, s.pk),
    )


def speech_book(congress: Congress) -> list[Speech]:
    """The accepted speeches, in the programme's order, with their text."""
    return list(
        Speech.objects.filter(congress=congress, status=SpeechStatus.ACCEPTED)
        .select_related("delegate", "unit")
        .order_by("position", "pk")
    )
