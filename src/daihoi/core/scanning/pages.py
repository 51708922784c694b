"""A page as read and a ballot as assembled: their review reasons and status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..elections.model import Ballot
from .readings import SideMarks, Thresholds
from .register import Registration

ReviewReason = Literal[
    "doubtful_row",
    "no_stamp",
    "ink_outside_rows",
    "unregistered",
    "unreadable",
    "wrong_election",
    "streak",
    "sides_disagree",
]
#: In the order they are listed on a ballot.
REVIEW_REASONS: tuple[ReviewReason, ...] = (
    "unreadable",
    "unregistered",
    "wrong_election",
    "sides_disagree",
    "doubtful_row",
    "no_stamp",
    "ink_outside_rows",
    "streak",
)

PageStatus = Literal["read", "blank", "unregistered", "unreadable", "wrong_election"]


@dataclass(frozen=True, slots=True)
class PageReading:
    """One page as read, with everything the audit keeps.

    ``status``: ``read`` or why not; ``detail`` says more for a human.
    ``side``: which side of the ballot the code says this is. ``ballot``:
    set when the page is a whole ballot (one-sided) and was read.
    ``sha256``: the SHA-256 of the image file's bytes (``page`` names the
    page within it, from 1), or of the pixels when an array was given.
    ``colourless``: set on a page whose seal was not found when it is a colour
    image with no colour anywhere (a grayscale scan saved in three channels,
    or no red on the paper: a photocopy, an unstamped sheet). ``binary``: a
    1-bit black-and-white scan (two levels only), which can drop a light pen
    or a pale seal whole.
    """

    ref: str | None
    status: PageStatus
    review: tuple[ReviewReason, ...]
    thresholds: Thresholds
    sha256: str | None
    page: int | None = None
    detail: str | None = None
    side: int | None = None
    ballot: Ballot | None = None
    marks: SideMarks | None = None
    registration: Registration | None = None
    code: str | None = None
    code_method: str | None = None
    colour: bool | None = None
    colourless: bool = False
    binary: bool = False


@dataclass(frozen=True, slots=True)
class BallotReading:
    """One ballot (one sheet): the engine's ``ballot`` when read, and its pages."""

    ref: str
    ballot: Ballot | None
    review: tuple[ReviewReason, ...]
    pages: tuple[PageReading, ...] = field(default=())


def listed_reasons(found: Iterable[ReviewReason]) -> tuple[ReviewReason, ...]:
    present = set(found)
    return tuple(r for r in REVIEW_REASONS if r in present)
