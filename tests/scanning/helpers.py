"""Small decks for the scanning tests: one ballot at a time, every detail chosen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import PageReading
from tests.documents.builders import definition

from .deck import BallotSpec, Mix, RowPlan, Scan, make_spec, render

#: Nothing added: no doubtful mark, stamped, nothing outside the rows, no streak.
QUIET = Mix(
    doubtful=0.0,
    no_stamp=0.0,
    outside_name=0.0,
    outside_mark=0.0,
    streak=0.0,
    upside_down=0.0,
    gray=0.0,
    jpeg=0.0,
    strike_share=0.0,
)

#: A plain scan: 150 dpi (the fastest to make), a little skew, blur and noise.
PLAIN = Scan(dpi=150, angle=1.0, blur=0.4, noise=3.0)


def cross_out_election() -> ElectionDefinition:
    return definition(12)


def agree_election() -> ElectionDefinition:
    return definition(8, seats=8, id="tv-2025-r1")


def single_election() -> ElectionDefinition:
    return definition(1, seats=1, id="bt-2025-r1")


def spec(
    election: ElectionDefinition,
    *,
    rows: Mapping[int, str | tuple[str, str]] | None = None,
    scan: Scan = PLAIN,
    seed: int = 1,
    **fields: Any,
) -> BallotSpec:
    """A quiet ballot; ``rows`` maps a row number to a style (or (style, box))."""
    base = make_spec(election, seed, QUIET)
    planned: list[RowPlan] = []
    for plan in base.rows:
        chosen = (rows or {}).get(plan.number)
        if chosen is None:
            planned.append(replace(plan, style="none", box=""))
        elif isinstance(chosen, tuple):
            planned.append(replace(plan, style=chosen[0], box=chosen[1]))
        else:
            planned.append(replace(plan, style=chosen, box=""))
    values: dict[str, Any] = {"dust": 0, "pen_dots": 0, "pen": "blue", "pen_width": 0.5}
    values.update(fields)
    return replace(base, rows=tuple(planned), scan=scan, **values)


def image(election: ElectionDefinition, **kwargs: Any) -> npt.NDArray[np.uint8]:
    return render(election, spec(election, **kwargs))


def states(reading: PageReading) -> dict[int, str]:
    """Each row's state by its number (the page must have been read); every
    doubtful row, and only a doubtful one, says why."""
    assert reading.marks is not None, reading.detail
    for row in reading.marks.rows:
        assert (row.state == "doubtful") == (row.doubt is not None), row
    return {row.number: row.state for row in reading.marks.rows}


def reasons(reading: PageReading) -> dict[int, str]:
    """Why each doubtful row is doubtful, by its number."""
    states(reading)
    assert reading.marks is not None
    return {row.number: row.doubt for row in reading.marks.rows if row.doubt is not None}


def candidate(reading: PageReading, number: int) -> str:
    assert reading.marks is not None, reading.detail
    return next(row.candidate_id for row in reading.marks.rows if row.number == number)


def interpret_page_of(election: ElectionDefinition, **kwargs: Any) -> PageReading:
    """The reading of the ballot ``spec(election, **kwargs)`` draws."""
    from .deck import interpret_page

    return interpret_page(image(election, **kwargs), election, sha256="-")
