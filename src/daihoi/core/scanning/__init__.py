"""Ballot scanning: read crossed-out names and X marks from scanned ballots (issue 5).

Pure numpy and OpenCV, no Django. A page is registered by its fiducials
(:mod:`.register`), its QR code checked against the election definition
(:mod:`.code`), and its rows read against the blank ballot rendered from
the same definition (:mod:`.template`, :mod:`.marks`). The result is the
engine's :class:`~daihoi.core.elections.model.Ballot` with the reasons a
human must look at it and every figure it was decided on
(:mod:`.interpret`). :mod:`.command` is ``daihoi scan interpret``.
"""

from .images import MAX_PIXELS, PageError, PageImage, PageSource, list_pages, load_page
from .interpret import (
    REVIEW_REASONS,
    BallotReading,
    PageReading,
    PageStatus,
    ReviewReason,
    assemble_ballots,
    ballot_reading_to_json,
    interpret_file,
    interpret_page,
    interpret_source,
)
from .marks import BoxReading, RowReading, SideMarks, StampReading, Thresholds
from .register import NotRegistered, Registration, register
from .template import BlankBallot, BlankError, blank_ballot

__all__ = [
    "MAX_PIXELS",
    "REVIEW_REASONS",
    "BallotReading",
    "BlankBallot",
    "BlankError",
    "BoxReading",
    "NotRegistered",
    "PageError",
    "PageImage",
    "PageReading",
    "PageSource",
    "PageStatus",
    "Registration",
    "ReviewReason",
    "RowReading",
    "SideMarks",
    "StampReading",
    "Thresholds",
    "assemble_ballots",
    "ballot_reading_to_json",
    "blank_ballot",
    "interpret_file",
    "interpret_page",
    "interpret_source",
    "list_pages",
    "load_page",
    "register",
]
