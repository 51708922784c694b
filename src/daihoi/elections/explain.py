"""A result in words: why each person is or is not elected, for the page and the screen.

The engine decides; this only says what it decided, in the UI's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from daihoi.core.elections import ElectionDefinition, Result


def invalid_label(code: str) -> str:
    labels = {
        "not_issued": _("Not issued by the counting committee"),
        "over_seats": _("Keeps more names than seats"),
        "all_crossed": _("Every name struck"),
        "single_unmarked": _("One-name ballot marked in both boxes or neither"),
        "added_name": _("A name written in"),
        "extra_content": _("A signature, mark or other writing"),
    }
    return labels.get(code, code)


@dataclass(frozen=True)
class Row:
    rank: int
    id: str
    name: str
    note: str
    votes: int
    percent: str
    status: str
    why: str


@dataclass(frozen=True)
class Explained:
    result: Result
    definition: ElectionDefinition
    rows: list[Row]
    invalid: list[tuple[str, int]]
    outcome: str
    next_step: str
    rules: list[tuple[str, Any]]


def explain_result(result: Result, definition: ElectionDefinition) -> Explained:
    notes = {c.id: c.note or "" for c in definition.candidates}
    names = {c.id: c.name for c in result.candidates}
    elected_rank = {cid: n for n, cid in enumerate(result.elected, start=1)}
    rows = []
    for c in result.candidates:
        passed = 2 * c.votes > result.base
        if c.status == "elected":
            why = _("More than half (%(votes)d ≥ %(threshold)d), elected %(n)d of %(seats)d") % {
                "votes": c.votes,
                "threshold": result.threshold,
                "n": elected_rank[c.id],
                "seats": result.seats,
            }
        elif c.status == "tied":
            why = _("Tied at the cutoff with %(votes)d votes: a decision is needed") % {
                "votes": c.votes
            }
        elif c.status == "alternate":
            why = _("Alternate")
        elif passed:
            why = _("More than half, but every seat is filled by more votes")
        else:
            why = _("Not more than half: %(votes)d < %(threshold)d") % {
                "votes": c.votes,
                "threshold": result.threshold,
            }
        rows.append(
            Row(c.rank, c.id, c.name, notes.get(c.id, ""), c.votes, c.percent, c.status, why)
        )
    outcome = {
        "complete": _("All %(seats)d seats are filled.") % {"seats": result.seats},
        "tie": _("%(filled)d of %(seats)d seats filled; a tie at the cutoff.")
        % {"filled": result.seats_filled, "seats": result.seats},
        "shortfall": _("Only %(filled)d of %(seats)d seats filled: too few had more than half.")
        % {"filled": result.seats_filled, "seats": result.seats},
        "void": _("No valid ballot: nobody is elected."),
    }[result.outcome]
    next_step = ""
    if result.next is not None:
        who = ", ".join(names.get(cid, cid) for cid in result.next.candidates)
        params = {"seats": result.next.seats, "who": who}
        next_step = {
            "revote": _("Vote again for %(seats)d seat(s) among: %(who)s."),
            "next_round": _("A next round for %(seats)d seat(s), among: %(who)s."),
            "congress_decides": _(
                "The congress decides whether to vote again for %(seats)d seat(s) "
                "(candidates not elected: %(who)s)."
            ),
        }[result.next.action] % params
    return Explained(
        result=result,
        definition=definition,
        rows=rows,
        invalid=[(invalid_label(code), n) for code, n in result.ballots.invalid_by_reason],
        outcome=outcome,
        next_step=next_step,
        rules=list(result.rules),
    )
