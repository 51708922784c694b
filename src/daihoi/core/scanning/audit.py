"""The audit record of a reading: every page's figures as JSON."""

from __future__ import annotations

from typing import Any

from .pages import BallotReading, PageReading
from .readings import RowReading


def _round(value: float, places: int = 3) -> float:
    return round(float(value), places)


def _page_to_json(page: PageReading) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ref": page.ref,
        "page": page.page,
        "sha256": page.sha256,
        "status": page.status,
        "review": list(page.review),
    }
    if page.detail is not None:
        out["detail"] = page.detail
    if page.colour is not None:
        out["colour"] = page.colour
    if page.colourless:
        out["colourless"] = True
    if page.binary:
        out["binary"] = True
    if page.code is not None:
        out["code"] = page.code
    if page.code_method is not None:
        out["code_method"] = page.code_method
    if page.side is not None:
        out["side"] = page.side
    reg = page.registration
    if reg is not None:
        out["registration"] = {
            "dpi": _round(reg.scale * 25.4, 1),
            "turns": reg.turns,
            "skew": _round(reg.skew, 2),
            "fiducials": [[_round(x, 1), _round(y, 1)] for x, y in reg.centres],
            "fiducials_used": list(reg.used),
            "method": reg.method,
        }
        if reg.residual_mm is not None:
            out["registration"]["residual_mm"] = reg.residual_mm
    marks = page.marks
    if marks is not None:
        out["levels"] = {"paper": _round(marks.paper, 1), "black": _round(marks.black, 1)}
        out["print_match"] = _round(marks.print_match)
        if marks.stamp is not None:
            out["stamp"] = {
                "present": marks.stamp.present,
                "share": _round(marks.stamp.share, 4),
                "colour_checked": marks.stamp.colour_checked,
            }
        out["outside"] = {
            "total_mm2": _round(marks.outside_mm2, 2),
            "largest_mm2": _round(marks.outside_largest_mm2, 2),
        }
        out["streak"] = marks.streak
        out["rows"] = [_row_to_json(row) for row in marks.rows]
    out["thresholds"] = page.thresholds.to_json()
    return out


def _row_to_json(row: RowReading) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": row.number,
        "id": row.candidate_id,
        "state": row.state,
        "ink_mm2": _round(row.ink_mm2, 2),
        "faint_mm2": _round(row.faint_mm2, 2),
    }
    if row.colour_mm2 is not None:
        out["colour_mm2"] = _round(row.colour_mm2, 2)
    if row.coverage is not None:
        out["coverage"] = _round(row.coverage)
    if row.hidden is not None and row.hidden_mm2 is not None:
        out["hidden"] = {"ratio": _round(row.hidden), "excess_mm2": _round(row.hidden_mm2, 2)}
    for name, box in (("agree", row.agree), ("disagree", row.disagree)):
        if box is not None:
            out[name] = {
                "state": box.state,
                "ink_mm2": _round(box.ink_mm2, 2),
                "faint_mm2": _round(box.faint_mm2, 2),
                "colour_mm2": None if box.colour_mm2 is None else _round(box.colour_mm2, 2),
                "extent_mm": [_round(box.extent_mm[0], 1), _round(box.extent_mm[1], 1)],
            }
    out["offset_mm"] = [_round(row.offset_mm[0], 2), _round(row.offset_mm[1], 2)]
    if row.doubt is not None:
        out["reason"] = row.doubt
    if row.doubt in ("unseen", "split") and row.words:
        # Which words the stroke does not show in, by index among the name's printed
        # words: those beside the bare space (split), else the others (unseen), as the
        # words' darkness check looked at them.
        not_shown = row.split if row.doubt == "split" else row.unseen_elsewhere
        out["words"] = {"not_shown": list(not_shown), "of": row.words}
    return out


def ballot_reading_to_json(reading: BallotReading) -> dict[str, Any]:
    """Everything the audit keeps about one ballot, as JSON."""
    from ..elections.formats import ballot_to_json

    return {
        "ref": reading.ref,
        "ballot": None if reading.ballot is None else ballot_to_json(reading.ballot),
        "review": list(reading.review),
        "pages": [_page_to_json(p) for p in reading.pages],
    }
