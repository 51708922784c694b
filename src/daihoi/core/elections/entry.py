"""Keyboard entry of a paper ballot, and the comparison of independent entries.

A clerk types what one paper ballot shows, by the numbers printed on it
(the ballot order, from 1):

- cross-out form: the numbers of the struck names (``3 7 12``, ranges
  ``3-5``); ``0`` for a ballot with no name struck;
- agree/disagree form and one-name list: the numbers marked *disagree*;
  ``c5`` for a person with both boxes marked, ``t5`` for neither; every
  other person is *agree*; ``0`` when every person is agree;
- defects, on either form: ``k`` not issued by the counting committee (no
  stamp, another form), ``v`` a name written in, ``x`` a signature, mark or
  other writing (docs/rules.md §2).

An empty line is refused: a stray Enter must not record a blank ballot.
Separators are spaces, commas, semicolons, dots or ``+``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Ballot, Form, InvalidCode, Mark

__all__ = [
    "EntryError",
    "ballot_text",
    "compare_entries",
    "entry_tokens",
    "parse_entry",
    "token_rows",
]

DEFECT_KEYS: dict[str, InvalidCode] = {"k": "not_issued", "v": "added_name", "x": "extra_content"}
MARK_PREFIXES: dict[str, Mark] = {"": "disagree", "c": "both", "t": "none"}
_TOKEN = re.compile(r"^([a-z]?)(\d+)(?:-(\d+))?$")
_SEPARATORS = re.compile(r"[\s,;.+]+")


@dataclass(frozen=True, slots=True)
class EntryError(Exception):
    """What is wrong with a typed line: a code and its parameters, rendered by the UI."""

    #: empty, unknown_token, out_of_range, repeated, zero_with_marks, prefix_on_cross_out
    code: str
    token: str = ""
    limit: int = 0


def entry_tokens(text: str) -> list[str]:
    """The words of a typed line, lower-cased, split at the separators."""
    return [t for t in _SEPARATORS.split(text.strip().lower()) if t]


def token_rows(
    token: str, *, form: Form, count: int, seen: Container[int], prefixes: str = "ct"
) -> tuple[str, range]:
    """The prefix and the row numbers (from 1) of ``5``, ``3-7`` or ``c5``.

    ``prefixes`` are the letters allowed before a number on the
    agree/disagree form; none is allowed on the cross-out form. A row
    already in ``seen`` is refused as ``repeated``.
    """
    match = _TOKEN.match(token)
    if match is None or match.group(1) not in ("", *prefixes):
        raise EntryError("unknown_token", token)
    prefix, first, last = match.group(1), int(match.group(2)), match.group(3)
    if prefix and form == "cross_out":
        raise EntryError("prefix_on_cross_out", token)
    end = int(last) if last else first
    if not 1 <= first <= end <= count:
        raise EntryError("out_of_range", token, count)
    for n in range(first, end + 1):
        if n in seen:
            raise EntryError("repeated", str(n))
    return prefix, range(first, end + 1)


def parse_entry(text: str, *, form: Form, ids: Sequence[str]) -> Ballot:
    """The ballot a typed line describes; ``ids`` are the candidate ids in ballot order."""
    tokens = entry_tokens(text)
    if not tokens:
        raise EntryError("empty")
    defects: list[InvalidCode] = []
    numbers: dict[int, Mark] = {}
    zero = False
    for token in tokens:
        if token in DEFECT_KEYS:
            if DEFECT_KEYS[token] not in defects:
                defects.append(DEFECT_KEYS[token])
            continue
        if token == "0":
            zero = True
            continue
        prefix, rows = token_rows(token, form=form, count=len(ids), seen=numbers)
        for n in rows:
            numbers[n] = MARK_PREFIXES[prefix]
    if zero and numbers:
        raise EntryError("zero_with_marks", "0")
    if not zero and not numbers and not defects:
        raise EntryError("empty")
    order = sorted(numbers)
    ordered_defects = tuple(sorted(defects, key=list(DEFECT_KEYS.values()).index))
    if form == "cross_out":
        return Ballot(crossed=tuple(ids[n - 1] for n in order), defects=ordered_defects)
    marks = tuple((ids[i], numbers.get(i + 1, "agree")) for i in range(len(ids)))
    return Ballot(marks=marks, defects=ordered_defects)


def ballot_text(ballot: Ballot, *, ids: Sequence[str]) -> str:
    """The line a clerk would type for ``ballot`` (to show two entries side by side)."""
    position = {cid: n for n, cid in enumerate(ids, start=1)}
    parts: list[str] = []
    if ballot.crossed is not None:
        parts += [str(n) for n in sorted(position[c] for c in ballot.crossed)]
    elif ballot.marks is not None:
        prefix = {mark: p for p, mark in MARK_PREFIXES.items()}
        parts += [
            f"{prefix[mark]}{position[cid]}"
            for cid, mark in sorted(ballot.marks, key=lambda m: position[m[0]])
            if mark != "agree"
        ]
    if not parts:
        parts.append("0")
    keys = {code: key for key, code in DEFECT_KEYS.items()}
    parts += [keys[d] for d in ballot.defects]
    return " ".join(parts)


def compare_entries(streams: Sequence[Sequence[Any]]) -> list[int]:
    """Positions (from 1) where the streams do not all hold the same entry.

    A position that one stream lacks differs too, so a skipped or doubled
    ballot stops the batch rather than shifting every entry after it silently.
    """
    length = max((len(s) for s in streams), default=0)
    differing = []
    for i in range(length):
        values = [s[i] if i < len(s) else None for s in streams]
        if any(v != values[0] for v in values[1:]):
            differing.append(i + 1)
    return differing
