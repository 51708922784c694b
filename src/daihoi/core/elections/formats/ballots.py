"""``daihoi/ballots@1``: ballots as JSON Lines, counted line by line, never held whole."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, InvalidInput, error, os_error
from ..jsonread import (
    DuplicateKey,
    Errors,
    JsonObject,
    check_format,
    check_keys,
    get_object,
    get_str,
    json_error,
    loads_strict,
)
from ..model import (
    Ballot,
    Counts,
    ElectionDefinition,
    Form,
)
from ..tally import BallotCounter

BALLOTS_FORMAT = "daihoi/ballots@1"

#: Errors collected from a ballots file before the reader stops.
MAX_ERRORS = 20

_LINE_FIELDS: dict[Form, frozenset[str]] = {
    "cross_out": frozenset({"crossed", "defects", "ref", "review"}),
    "agree_disagree": frozenset({"marks", "defects", "ref", "review"}),
    "single": frozenset({"marks", "defects", "ref", "review"}),
}


def count_ballots_file(
    path: Path,
    definition: ElectionDefinition,
    *,
    label: str | None = None,
    max_errors: int = MAX_ERRORS,
) -> Counts:
    """Read a ballots file line by line and count it; raise if any line is wrong.

    Memory does not grow with the number of ballots. After ``max_errors``
    errors the reader stops and says so.
    """
    label = str(path) if label is None else label
    try:
        with path.open("rb") as lines:
            return count_ballots_lines(lines, definition, label=label, max_errors=max_errors)
    except OSError as exc:
        raise InvalidInput([os_error(exc).at(file=label)]) from None


def count_ballots_lines(
    lines: Iterable[bytes],
    definition: ElectionDefinition,
    *,
    label: str | None = None,
    max_errors: int = MAX_ERRORS,
) -> Counts:
    """Count a ballots file given as its lines, header first; raise if any is wrong.

    The same reader as :func:`count_ballots_file`, for a file held elsewhere
    (a part of a result package); errors are located in ``label``.
    """
    counter = BallotCounter(definition)
    rest = iter(lines)
    errors = _check_header(next(rest, b""), definition.id)
    if not errors:
        errors += _count_lines(rest, counter, max_errors)
    if errors:
        raise InvalidInput(e.at(file=label) for e in errors)
    return counter.counts()


def _check_header(raw: bytes, election_id: str) -> list[InputError]:
    """Line 1: ``{"format": "daihoi/ballots@1", "election": <the election's id>}``."""
    if not raw.strip():
        return [error("missing_header").at(line=1)]
    errors: Errors = []
    try:
        obj = get_object(_parse_line(raw), "", errors)
    except InvalidInput as exc:
        return [e.at(line=1) for e in exc.errors]
    if (
        obj is not None
        and check_format(obj.get("format", BALLOTS_FORMAT), BALLOTS_FORMAT, "format", errors)
        and check_keys(obj, "", required=("format", "election"), errors=errors)
    ):
        found = get_str(obj["election"], "election", errors)
        if found is not None and found != election_id:
            errors.append(error("election_mismatch", "election", found=found, expected=election_id))
    return [e.at(line=1) for e in errors]


def _count_lines(lines: Iterable[bytes], counter: BallotCounter, max_errors: int) -> Errors:
    form = counter.definition.form
    errors: Errors = []
    for number, raw in enumerate(lines, start=2):
        try:
            counter.add(parse_ballot_line(raw, form))
        except InvalidInput as exc:
            errors += (e.at(line=number) for e in exc.errors)
            if len(errors) >= max_errors:
                errors.append(error("too_many_errors", None, count=len(errors)))
                break
    return errors


def _parse_line(raw: bytes | str) -> Any:
    try:
        return loads_strict(raw)
    except DuplicateKey as exc:
        raise InvalidInput([error("duplicate_key", None, key=exc.key)]) from None
    except UnicodeDecodeError:
        raise InvalidInput([error("not_utf8")]) from None
    except json.JSONDecodeError as exc:
        # One line is parsed at a time: the caller puts its line number on.
        raise InvalidInput([json_error(exc)]) from None


def parse_ballot_line(raw: bytes | str, form: Form) -> Ballot:
    """One line of a ballots file, as a :class:`Ballot` of the election's form.

    Checks the line's shape; the ids and the rules are checked by the counter.
    """
    obj = _parse_line(raw)
    if type(obj) is not dict:
        raise InvalidInput([error("expected_object")])
    return ballot_from_json(obj, form)


def ballot_from_json(obj: JsonObject, form: Form) -> Ballot:
    """A ballot record of the given form; ``InvalidInput`` names the field."""
    allowed = _LINE_FIELDS[form]
    key = "crossed" if form == "cross_out" else "marks"
    if not obj.keys() <= allowed:
        raise InvalidInput([_unexpected_field(obj, allowed, key)])
    # A scanner's reading lists why a human must look at the ballot; until the
    # committee has decided, its marks are provisional and are not counted.
    review = obj.get("review", [])
    if type(review) is not list:
        raise InvalidInput([error("expected_list", "review")])
    if review:
        reasons = ", ".join(str(reason) for reason in review)
        raise InvalidInput([error("needs_review", "review", reasons=reasons)])
    if key not in obj:
        raise InvalidInput([error("missing_field", key)])
    crossed = marks = None
    if key == "crossed":
        if type(obj["crossed"]) is not list:
            raise InvalidInput([error("expected_list", "crossed")])
        crossed = tuple(obj["crossed"])
    else:
        if type(obj["marks"]) is not dict:
            raise InvalidInput([error("expected_object", "marks")])
        marks = tuple(obj["marks"].items())
    defects = obj.get("defects", [])
    if type(defects) is not list:
        raise InvalidInput([error("expected_list", "defects")])
    ref = obj.get("ref")
    if ref is not None and type(ref) is not str:
        raise InvalidInput([error("expected_string", "ref")])
    return Ballot(crossed=crossed, marks=marks, defects=tuple(defects), ref=ref)


def _unexpected_field(obj: JsonObject, allowed: frozenset[str], key: str) -> InputError:
    other = "marks" if key == "crossed" else "crossed"
    if other in obj:
        return error("expected_crossed" if key == "crossed" else "expected_marks", other)
    first = next(k for k in obj if k not in allowed)
    return error("unknown_field", first)


def ballot_to_json(ballot: Ballot) -> dict[str, Any]:
    """One ballot record as written on its line."""
    out: dict[str, Any] = {}
    if ballot.crossed is not None:
        out["crossed"] = list(ballot.crossed)
    if ballot.marks is not None:
        out["marks"] = dict(ballot.marks)
    if ballot.defects:
        out["defects"] = list(ballot.defects)
    if ballot.ref is not None:
        out["ref"] = ballot.ref
    return out


def write_ballots(stream: IO[str], election_id: str, ballots: Iterable[Ballot]) -> int:
    """Write a ballots file (header, then one line per ballot); returns the count."""
    header = {"format": BALLOTS_FORMAT, "election": election_id}
    stream.write(json.dumps(header, ensure_ascii=False) + "\n")
    count = 0
    for ballot in ballots:
        stream.write(json.dumps(ballot_to_json(ballot), ensure_ascii=False) + "\n")
        count += 1
    return count
