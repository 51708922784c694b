"""Deciding one step: who goes on, by the step's rule (docs/nomination.md).

The tests are in integers, nothing is rounded:

- ``share_of_summoned``: *more than* P % of those summoned,
  ``100 × votes > P × summoned`` (like the election's "more than half");
- ``share_of_valid``: *at least* P % of the valid ballots,
  ``100 × votes ≥ P × valid``;
- ``top``: the highest ``count``; names tied at the cutoff all go on, none of
  them goes on, or they are left for the body to decide (``ties``) — never a
  silent pick;
- ``top_of_share``: ``top`` among the names that pass the share given by
  ``share_of`` (``summoned`` or ``valid``, each tested as above).

Under every rule a name with no vote does not go on (a share of zero valid
ballots, or a "top 5" of three names, carries no one by default).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..collation import name_key
from ..elections.deciding import percent_of_base
from .counting import Nominee, Tally
from .errors import NominationError
from .model import Setting, Step

__all__ = ["Decision", "Outcome", "decide_step", "hand_on", "rule_text"]

Status = Literal["passed", "not_passed", "needs_decision"]

#: What a tie at the cutoff gives each tied name, by the procedure's policy
#: (any other policy: the body decides).
_TIED_STATUS: dict[str, Status] = {"all_go_on": "passed", "none_go_on": "not_passed"}

_TIES_TEXT = {
    "all_go_on": "những người bằng phiếu ở vị trí cuối cùng được giới thiệu",
    "none_go_on": "những người bằng phiếu ở vị trí cuối đều không được giới thiệu",
    "needs_decision": "những người bằng phiếu ở vị trí cuối chờ cấp có thẩm quyền quyết định",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One name's result: its votes, its shares (decimal comma) and its status."""

    id: str
    name: str
    votes: int
    share_of_summoned: str
    share_of_valid: str
    status: Status
    written_in: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """A step's result; ``rule`` says in Vietnamese what was applied, with
    ``parameters`` the values it was applied with and who set them."""

    step: str
    rule: str
    parameters: tuple[tuple[str, Setting], ...]
    least_votes: int | None
    outcomes: tuple[Outcome, ...]

    @property
    def passed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "passed")

    @property
    def open(self) -> tuple[Outcome, ...]:
        """Names tied at the cutoff that the body must decide."""
        return tuple(o for o in self.outcomes if o.status == "needs_decision")


def least_share_votes(share_of: str, percent: int, summoned: int, valid: int) -> int:
    """The fewest votes that pass a share (never fewer than one)."""
    if share_of == "summoned":
        return max(1, percent * summoned // 100 + 1)
    return max(1, -(-percent * valid // 100))


def rule_text(step: Step, *, summoned: int, valid: int) -> str:
    """The rule as the minutes state it, with its figures."""
    rule = step.rule
    what = "phiếu đồng ý" if step.form == "approve" else "phiếu giới thiệu"
    if rule in ("share_of_summoned", "share_of_valid"):
        share = _share_text(rule.removeprefix("share_of_"), step.number("percent"), summoned, valid)
        return f"Được giới thiệu tiếp khi có số {what} {share}"
    count = step.number("count")
    ties = _TIES_TEXT[step.choice("ties")]
    text = f"Lấy {count} người có số {what} cao nhất"
    if rule == "top_of_share":
        share = _share_text(step.choice("share_of"), step.number("percent"), summoned, valid)
        text += f" trong số những người có số {what} {share}"
    return f"{text}; {ties}"


def decide_step(step: Step, tally: Tally) -> Decision:
    """Each name passed, not passed or left to decide, most votes first, then
    in ballot order (docs/rules.md §1)."""
    if tally.step != step.code:
        raise NominationError([f"tally: a tally of step {tally.step!r}, not of step {step.code!r}"])
    candidates: list[tuple[str, str, int, bool]] = [
        (n.id, n.name, v, False) for n, (_, v) in zip(tally.names, tally.votes, strict=True)
    ]
    candidates += [(w.id, w.name, w.votes, True) for w in tally.write_ins]
    candidates.sort(key=lambda c: (-c[2], name_key(c[1]), c[0]))
    votes = {c[0]: c[2] for c in candidates}
    status = _statuses(step, votes, summoned=tally.summoned, valid=tally.valid)
    least: int | None = None
    if step.rule != "top":
        share_of = _share_of(step)
        least = least_share_votes(share_of, step.number("percent"), tally.summoned, tally.valid)
    return Decision(
        step=step.code,
        rule=rule_text(step, summoned=tally.summoned, valid=tally.valid),
        parameters=tuple(step.parameters.items()),
        least_votes=least,
        outcomes=tuple(
            Outcome(
                id=i,
                name=name,
                votes=v,
                share_of_summoned=percent_of_base(v, tally.summoned),
                share_of_valid=percent_of_base(v, tally.valid),
                status=status[i],
                written_in=written,
            )
            for i, name, v, written in candidates
        ),
    )


def hand_on(decision: Decision, decided: Mapping[str, bool] | None = None) -> tuple[Nominee, ...]:
    """The names the next step's ballot lists (after the last step: the
    proposed list), in the decision's order.

    Names left to decide must each be settled in ``decided`` (id → goes on
    or not), the body's own decision; otherwise nothing is handed on.
    """
    decided = decided or {}
    open_ids = {o.id for o in decision.open}
    problems = [
        f"decided: {name_id!r} was not tied at the cutoff of step {decision.step!r}"
        for name_id in decided
        if name_id not in open_ids
    ]
    problems += [
        f"step {decision.step!r}: {o.name} ({o.id}) is tied at the cutoff; "
        "the body must decide whether the name goes on"
        for o in decision.open
        if o.id not in decided
    ]
    if problems:
        raise NominationError(problems)
    return tuple(
        Nominee(id=o.id, name=o.name)
        for o in decision.outcomes
        if o.status == "passed" or decided.get(o.id, False)
    )


def _statuses(
    step: Step, votes: Mapping[str, int], *, summoned: int, valid: int
) -> dict[str, Status]:
    rule = step.rule
    status: dict[str, Status] = {i: "not_passed" for i in votes}
    if rule in ("share_of_summoned", "share_of_valid", "top_of_share"):
        share_of = _share_of(step)
        least = least_share_votes(share_of, step.number("percent"), summoned, valid)
        eligible = [i for i, v in votes.items() if v >= least]
    else:
        eligible = [i for i, v in votes.items() if v >= 1]
    if rule in ("share_of_summoned", "share_of_valid"):
        status.update({i: "passed" for i in eligible})
        return status
    for i, s in _top(eligible, votes, step.number("count"), step.choice("ties")).items():
        status[i] = s
    return status


def _share_of(step: Step) -> str:
    """``summoned`` or ``valid``: the share a share rule or ``top_of_share`` requires."""
    if step.rule == "top_of_share":
        return step.choice("share_of")
    return step.rule.removeprefix("share_of_")


def _top(
    eligible: Sequence[str], votes: Mapping[str, int], count: int, ties: str
) -> dict[str, Status]:
    if len(eligible) <= count:
        return {i: "passed" for i in eligible}
    ranked = sorted(eligible, key=lambda i: -votes[i])
    cutoff = votes[ranked[count - 1]]
    if votes[ranked[count]] < cutoff:
        return {i: "passed" for i in ranked[:count]}
    out: dict[str, Status] = {i: "passed" for i in ranked if votes[i] > cutoff}
    tied = _TIED_STATUS.get(ties, "needs_decision")
    out.update({i: tied for i in ranked if votes[i] == cutoff})
    return out


def _share_text(share_of: str, percent: int, summoned: int, valid: int) -> str:
    if share_of == "summoned":
        least = least_share_votes("summoned", percent, summoned, valid)
        return (
            f"trên {percent}% số người được triệu tập ({summoned} người), "
            f"tức từ {least} phiếu trở lên"
        )
    least = least_share_votes("valid", percent, summoned, valid)
    return f"từ {percent}% số phiếu hợp lệ ({valid} phiếu) trở lên, tức từ {least} phiếu trở lên"
