"""Procedural votes of the hall: by show of hands or electronic, and the vote on a
candidate list, which the elections app decides (docs/architecture-apps.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.congresses.live import forget_open_vote
from daihoi.congresses.models import (
    AgendaItem,
    Congress,
    ProceduralVote,
    Sitting,
    SittingStatus,
    VoteMethod,
    VoteStatus,
    VoteSubject,
)
from daihoi.congresses.selectors import eligible_present, hall_electorate, hall_rules
from daihoi.congresses.services.common import _hall_audit, _locked_congress
from daihoi.core.elections.votes import procedural_vote_base, procedural_vote_passes
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.selectors import definition_or_refusal, list_checks
from daihoi.elections.services import election_list_vote_record, list_vote_decision


@transaction.atomic
def vote_create(
    *,
    actor: Actor | None,
    congress: Congress,
    subject: str,
    title: str,
    method: str,
    secret: bool = False,
    item: AgendaItem | None = None,
    election: Election | None = None,
) -> ProceduralVote:
    congress = _locked_congress(congress)
    if item is not None and item.congress_id != congress.pk:
        raise ValidationError(_("That item is not on this congress's agenda."))
    if election is not None:
        _check_list_vote(congress, subject, election)
    vote = ProceduralVote(
        congress=congress,
        subject=subject,
        title=title.strip(),
        method=method,
        secret=secret,
        item=item,
        election=election,
    )
    vote.full_clean()
    vote.save()
    _hall_audit(
        actor,
        "vote.create",
        congress,
        vote=vote.pk,
        title=vote.title,
        subject=subject,
        method=method,
        secret=secret,
        election=None if election is None else election.pk,
    )
    return vote


def _check_list_vote(congress: Congress, subject: str, election: Election) -> None:
    """A hall vote may stand for an election's list vote: this congress's, still a draft."""
    if subject != VoteSubject.CANDIDATE_LIST:
        raise ValidationError(_("Only a vote on the candidate list is linked to an election."))
    if election.congress_id != congress.pk:
        raise ValidationError(_("That election is not this congress's."))
    if Election.objects.get(pk=election.pk).status != ElectionStatus.DRAFT:
        raise ValidationError(_("That election's list has already been voted on."))


def _decide_list_vote(actor: Actor | None, vote: ProceduralVote, *, strict: bool) -> bool:
    """A hall vote on an election's list is decided by the elections app, once (docs/rules.md §4–5).

    The hall's figures become the election's list vote, recorded and decided with the
    election's definition; the hall vote keeps that base and result. ``strict`` (counts
    typed by the counters): a list that cannot take the vote refuses the counts.
    Otherwise (an electronic vote being closed, which must close): the vote closes and
    the list vote is not recorded; False says so. Such a vote is still decided by the
    election's definition, or by the congress's rules when the election has none.
    """
    figures = {"present": vote.present or 0, "agree": vote.agree, "disagree": vote.disagree}
    try:
        _check_list_ready(vote)
        with transaction.atomic():
            decision = election_list_vote_record(
                actor=actor, election_id=vote.election_id or 0, **figures
            )
    except ValidationError:
        if strict:
            raise
        try:
            election = Election.objects.get(pk=vote.election_id or 0)
            decision = list_vote_decision(election, **figures)
        except ValidationError:
            _decide(vote)
            return False
        vote.base, vote.passed = decision.base, decision.passed
        return False
    vote.base, vote.passed = decision.base, decision.passed
    return True


def _check_list_ready(vote: ProceduralVote) -> None:
    election = Election.objects.get(pk=vote.election.pk) if vote.election else None
    if election is None:
        return
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("That election's list has already been voted on."))
    if any(
        level == "error" for level, _m in list_checks(election, definition_or_refusal(election))
    ):
        raise ValidationError(
            _("The election's list does not meet the rules yet: see the election's page.")
        )


def _locked_vote(vote: ProceduralVote) -> ProceduralVote:
    return (
        ProceduralVote.objects.select_for_update()
        .select_related("congress", "congress__unit")
        .get(pk=vote.pk)
    )


def _settle(actor: Actor | None, vote: ProceduralVote, *, strict: bool) -> bool:
    """Decide a vote whose figures are in; True when it was recorded as a list vote."""
    if vote.election_id is None:
        _decide(vote)
        return False
    return _decide_list_vote(actor, vote, strict=strict)


def _decide(vote: ProceduralVote) -> None:
    """The base and "passed" of a hall vote, by the engine and the congress's rules.

    The rule: docs/rules.md §5.

    Not for a vote on an election's list: the elections app decides that one.
    """
    congress = vote.congress
    base = procedural_vote_base(
        hall_rules(congress),
        hall_electorate(congress),
        present=vote.present or 0,
        votes_cast=vote.agree + vote.disagree,
    )
    vote.base = base
    vote.passed = procedural_vote_passes(vote.agree, base)


@transaction.atomic
def vote_open(*, actor: Actor | None, vote: ProceduralVote) -> ProceduralVote:
    """Open an electronic vote in the sitting in session: present delegates may vote once."""
    vote = _locked_vote(vote)
    if vote.method != VoteMethod.ELECTRONIC:
        raise ValidationError(_("A show of hands is not opened: enter its counts."))
    if vote.status != VoteStatus.DRAFT:
        raise ValidationError(_("This vote has already been opened."))
    sitting = Sitting.objects.filter(congress=vote.congress, status=SittingStatus.OPEN).first()
    if sitting is None:
        raise ValidationError(_("No sitting is in session: open one first."))
    if vote.congress.votes.filter(status=VoteStatus.OPEN).exists():
        raise ValidationError(_("Another vote is open: close it first."))
    if vote.election_id is not None:
        _check_list_ready(vote)
    vote.status, vote.sitting, vote.opened_at = VoteStatus.OPEN, sitting, timezone.now()
    vote.present = eligible_present(sitting)
    vote.save(update_fields=["status", "sitting", "opened_at", "present"])
    forget_open_vote(vote.congress_id)
    _hall_audit(
        actor,
        "vote.open",
        vote.congress,
        vote=vote.pk,
        sitting=sitting.number,
        present=vote.present,
    )
    return vote


def vote_close(*, actor: Actor | None, vote: ProceduralVote) -> ProceduralVote:
    """Close an electronic vote; its counts, base and result are fixed and shown from now on.

    A secret vote first has every ballot box write the choices it still holds
    (``voting.vote_closing``), then closes with the counters complete.
    """
    if vote.method == VoteMethod.ELECTRONIC and vote.secret:
        from daihoi.congresses import voting

        voting.vote_closing(vote_id=vote.pk)
    return _vote_close_counted(actor=actor, vote=vote)


@transaction.atomic
def _vote_close_counted(*, actor: Actor | None, vote: ProceduralVote) -> ProceduralVote:
    vote = _locked_vote(vote)
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("This vote is not open."))
    vote.present = max(eligible_present(vote.sitting), vote.cast)
    cast = vote.casts.count()
    if cast != vote.cast:  # the counters and who has voted were written together
        raise ValidationError(_("The vote's counts do not match who has voted."))
    recorded = _settle(actor, vote, strict=False)
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save()
    forget_open_vote(vote.congress_id)
    _hall_audit(
        actor,
        "vote.close",
        vote.congress,
        vote=vote.pk,
        present=vote.present,
        agree=vote.agree,
        disagree=vote.disagree,
        abstain=vote.abstain,
        base=vote.base,
        passed=vote.passed,
        list_vote_recorded=recorded if vote.election_id else None,
    )
    return vote


@transaction.atomic
def vote_record_hands(
    *,
    actor: Actor | None,
    vote: ProceduralVote,
    present: int,
    agree: int,
    disagree: int,
    abstain: int,
) -> ProceduralVote:
    """The counters' figures of a show of hands; the engine decides whether it passed."""
    vote = _locked_vote(vote)
    if vote.method != VoteMethod.HANDS:
        raise ValidationError(_("An electronic vote is counted by the system."))
    if vote.status == VoteStatus.CLOSED:
        raise ValidationError(_("This vote is closed."))
    if min(present, agree, disagree, abstain) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    refuse_impossible(
        summoned=vote.congress.summoned or None, present=present, agree=agree, disagree=disagree
    )
    if agree + disagree + abstain > present:
        raise ValidationError(_("More votes than delegates present."))
    sitting = Sitting.objects.filter(congress=vote.congress, status=SittingStatus.OPEN).first()
    vote.present, vote.agree, vote.disagree, vote.abstain = present, agree, disagree, abstain
    vote.sitting = vote.sitting or sitting
    recorded = _settle(actor, vote, strict=True)
    now = timezone.now()
    vote.status, vote.opened_at, vote.closed_at = VoteStatus.CLOSED, vote.opened_at or now, now
    vote.save()
    _hall_audit(
        actor,
        "vote.hands",
        vote.congress,
        vote=vote.pk,
        present=present,
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        base=vote.base,
        passed=vote.passed,
        list_vote_recorded=recorded if vote.election_id else None,
    )
    return vote
