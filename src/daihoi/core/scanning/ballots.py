"""Pages into ballots (one or two sides, duplex), and the provisional ballot a
reading writes: a doubtful row never adds a vote."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..ballots.layout import BallotLayout
from ..elections.model import Ballot, Form, Mark
from .pages import BallotReading, PageReading, ReviewReason, listed_reasons
from .readings import RowReading


def provisional(row: RowReading) -> Mark:
    if row.state == "agree" or row.state == "disagree" or row.state == "both":
        return row.state
    if row.state == "none":
        return row.state
    if (
        row.agree is not None
        and row.disagree is not None
        and row.disagree.state == "marked"
        and row.agree.state == "empty"
    ):
        return "disagree"
    return "none"


def ballot_of(rows: Iterable[RowReading], form: Form, ref: str | None) -> Ballot:
    ordered = sorted(rows, key=lambda r: r.number)
    if form == "cross_out":
        crossed = tuple(r.candidate_id for r in ordered if r.state in ("struck", "doubtful"))
        return Ballot(crossed=crossed, ref=ref)
    return Ballot(marks=tuple((r.candidate_id, provisional(r)) for r in ordered), ref=ref)


def assemble_ballots(
    pages: Iterable[PageReading], layout: BallotLayout, *, duplex: bool = False
) -> Iterator[BallotReading]:
    """Ballots from pages in scanning order (see the module's docstring)."""
    if duplex:
        yield from _duplex(pages, layout)
    elif len(layout.sides) == 1:
        for page in pages:
            yield _single(page)
    else:
        yield from _two_sided(pages, layout)


def _ref(pages: Iterable[PageReading]) -> str:
    return " + ".join(p.ref or "" for p in pages)


def _single(page: PageReading, *extra: ReviewReason) -> BallotReading:
    return BallotReading(
        page.ref or "", page.ballot, listed_reasons((*page.review, *extra)), (page,)
    )


def _failed(pages: tuple[PageReading, ...], *extra: ReviewReason) -> BallotReading:
    review = [r for p in pages for r in p.review]
    return BallotReading(_ref(pages), None, listed_reasons((*review, *extra)), pages)


def _sheet(pages: tuple[PageReading, ...], layout: BallotLayout) -> BallotReading:
    """Two read pages, sides 1 and 2 of one sheet, as one ballot."""
    ref = _ref(pages)
    rows = [row for p in pages if p.marks is not None for row in p.marks.rows]
    ballot = ballot_of(rows, layout.form, ref)
    return BallotReading(ref, ballot, listed_reasons(r for p in pages for r in p.review), pages)


def _two_sided(pages: Iterable[PageReading], layout: BallotLayout) -> Iterator[BallotReading]:
    waiting: PageReading | None = None
    for page in pages:
        if page.status != "read":
            if waiting is not None:
                yield _failed((waiting,), "sides_disagree")
                waiting = None
            yield _failed((page,))
            continue
        if waiting is None:
            waiting = page
            continue
        if {waiting.side, page.side} == {1, 2}:
            pair = (waiting, page) if waiting.side == 1 else (page, waiting)
            yield _sheet(pair, layout)
            waiting = None
        else:
            yield _failed((waiting,), "sides_disagree")
            waiting = page
    if waiting is not None:
        yield _failed((waiting,), "sides_disagree")


def _duplex(pages: Iterable[PageReading], layout: BallotLayout) -> Iterator[BallotReading]:
    iterator = iter(pages)
    for first in iterator:
        second = next(iterator, None)
        if second is None:
            yield _failed((first,), "sides_disagree")
            continue
        pair = (first, second)
        if len(layout.sides) == 2:
            read = [p for p in pair if p.status == "read"]
            if len(read) == 2 and {first.side, second.side} == {1, 2}:
                yield _sheet(pair if first.side == 1 else (second, first), layout)
            else:
                yield _failed(pair, "sides_disagree")
            continue
        fronts = [p for p in pair if p.status == "read"]
        others = [p for p in pair if p.status != "read"]
        if len(fronts) == 1 and others[0].status == "blank":
            front = _single(fronts[0])
            yield BallotReading(front.ref, front.ballot, front.review, pair)
        elif len(fronts) == 1 and others[0].status == "unregistered":
            # Something on the back of a one-sided ballot: writing, a mark.
            yield _with_pages(_single(fronts[0], "ink_outside_rows"), pair)
        elif not fronts and all(p.status == "blank" for p in pair):
            yield _failed(pair)
        else:
            yield _failed(pair, "sides_disagree")


def _with_pages(reading: BallotReading, pages: tuple[PageReading, ...]) -> BallotReading:
    return BallotReading(_ref(pages), reading.ballot, reading.review, pages)
