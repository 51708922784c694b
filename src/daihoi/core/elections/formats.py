"""Strict readers and writers of the interchange formats (ELECTION-FORMATS.md).

- ``daihoi/election@1`` (JSON): :func:`read_election`, :func:`parse_election`,
  :func:`election_to_json`;
- ``daihoi/ballots@1`` (JSON Lines): :func:`count_ballots_file` reads and
  counts line by line, never holding the file (:func:`count_ballots_lines`
  does the same for lines from elsewhere); :func:`parse_ballot_line`,
  :func:`ballot_to_json`, :func:`write_ballots`;
- ``daihoi/result@1`` (JSON): :func:`result_to_json`, :func:`result_from_json`.

Unknown fields are errors, and so is a format version this code does not
know (the message names both). Every error names the file, the line (for
JSON Lines, or where the JSON parser stopped) and the field. Nothing is
counted from a file with an error: the reader raises :class:`InvalidInput`
with the errors found.

Where the format is silent: names and notes are stored in Unicode NFC, so a
name typed in decomposed form prints and compares like any other; a UTF-8
byte-order mark at the start of a file is accepted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from .errors import InputError, InvalidInput, error, os_error
from .jsonread import (
    DuplicateKey,
    Errors,
    JsonObject,
    check_format,
    check_keys,
    field_path,
    get_enum,
    get_int,
    get_list,
    get_object,
    get_str,
    json_error,
    load_json_file,
    loads_strict,
)
from .model import (
    CONGRESSES,
    INVALID_CODES,
    KINDS,
    AlternatesResult,
    Ballot,
    BallotFigures,
    Candidate,
    CandidateResult,
    Congress,
    Counts,
    Deduction,
    ElectionDefinition,
    Electorate,
    Form,
    InvalidCode,
    Kind,
    NextStep,
    Outcome,
    Result,
    RuleValue,
    Status,
)
from .rules import (
    BUILTIN_PROFILES,
    DEFAULT_PROFILE,
    TALLY_PARAMETERS,
    apply_overrides,
    builtin_profile,
    load_profile,
    read_parameters,
    rules_to_json,
)
from .tally import BallotCounter

__all__ = [
    "BALLOTS_FORMAT",
    "ELECTION_FORMAT",
    "RESULT_FORMAT",
    "ballot_from_json",
    "ballot_to_json",
    "born_for_ties",
    "count_ballots_file",
    "count_ballots_lines",
    "election_to_json",
    "parse_ballot_line",
    "parse_election",
    "read_election",
    "result_from_json",
    "result_to_json",
    "write_ballots",
]

ELECTION_FORMAT = "daihoi/election@1"
BALLOTS_FORMAT = "daihoi/ballots@1"
RESULT_FORMAT = "daihoi/result@1"

#: Errors collected from a ballots file before the reader stops.
MAX_ERRORS = 20

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- daihoi/election@1 ------------------------------------------------------------

_ELECTION_REQUIRED = ("format", "id", "title", "kind", "round", "seats", "electorate", "candidates")
_ELECTION_OPTIONAL = ("profile", "rules", "ballots_issued", "alternate_seats")


def read_election(path: Path, *, label: str | None = None) -> ElectionDefinition:
    """Read an election file; a relative profile path is taken from its folder."""
    label = str(path) if label is None else label
    return parse_election(load_json_file(path, label), file=label, folder=path.parent)


def parse_election(
    data: object, *, file: str | None = None, folder: Path | None = None
) -> ElectionDefinition:
    """A decoded ``daihoi/election@1``, checked; raises with every error found."""
    errors: Errors = []
    definition = _parse_election(data, folder, errors)
    if definition is not None:
        errors += definition.problems()
    if errors or definition is None:
        raise InvalidInput(e.at(file=file) for e in errors)
    return definition


def _parse_election(data: object, folder: Path | None, errors: Errors) -> ElectionDefinition | None:
    obj = get_object(data, "", errors)
    if obj is None:
        return None
    if "format" in obj and not check_format(obj["format"], ELECTION_FORMAT, "format", errors):
        return None
    if not check_keys(
        obj, "", required=_ELECTION_REQUIRED, optional=_ELECTION_OPTIONAL, errors=errors
    ):
        return None
    before = len(errors)
    ident = get_str(obj["id"], "id", errors)
    title = get_str(obj["title"], "title", errors)
    kind = get_enum(obj["kind"], "kind", errors, KINDS)
    round_ = get_int(obj["round"], "round", errors, minimum=1)
    seats = get_int(obj["seats"], "seats", errors, minimum=1)
    issued = None
    if "ballots_issued" in obj:
        issued = get_int(obj["ballots_issued"], "ballots_issued", errors, minimum=0)
    alternate_seats = 0
    if "alternate_seats" in obj:
        alternate_seats = get_int(obj["alternate_seats"], "alternate_seats", errors, minimum=1) or 0
    reference = DEFAULT_PROFILE
    if "profile" in obj:
        reference = get_str(obj["profile"], "profile", errors) or DEFAULT_PROFILE
    profile = load_profile(reference, relative_to=folder, errors=errors)
    rules = None
    if profile is not None:
        rules = profile.rules
        if "rules" in obj:
            rules = apply_overrides(rules, obj["rules"], "rules", errors)
    electorate = _parse_electorate(obj["electorate"], errors)
    candidates = _parse_candidates(obj["candidates"], errors)
    if len(errors) > before:
        return None
    assert ident is not None and title is not None and kind is not None
    assert round_ is not None and seats is not None and profile is not None
    assert rules is not None and electorate is not None and candidates is not None
    return ElectionDefinition(
        id=ident,
        title=_nfc(title),
        kind=cast(Kind, kind),
        round=round_,
        seats=seats,
        candidates=candidates,
        electorate=electorate,
        profile=profile.name,
        rules=rules,
        ballots_issued=issued,
        alternate_seats=alternate_seats,
        profile_file=None if reference in BUILTIN_PROFILES else reference,
    )


def _parse_electorate(raw: object, errors: Errors) -> Electorate | None:
    obj = get_object(raw, "electorate", errors)
    if obj is None or not check_keys(
        obj,
        "electorate",
        required=("congress", "summoned"),
        optional=("deductions",),
        errors=errors,
    ):
        return None
    congress = get_enum(obj["congress"], "electorate.congress", errors, CONGRESSES)
    summoned = get_int(obj["summoned"], "electorate.summoned", errors, minimum=1)
    deductions: list[Deduction] = []
    items = get_list(obj.get("deductions", []), "electorate.deductions", errors) or []
    for i, item in enumerate(items):
        path = field_path("electorate.deductions", i)
        d = get_object(item, path, errors)
        if d is None or not check_keys(d, path, required=("reason", "count"), errors=errors):
            continue
        reason = get_str(d["reason"], field_path(path, "reason"), errors)
        count = get_int(d["count"], field_path(path, "count"), errors, minimum=1)
        if reason is not None and count is not None:
            deductions.append(Deduction(reason=_nfc(reason), count=count))
    if congress is None or summoned is None or len(deductions) != len(items):
        return None
    return Electorate(
        congress=cast(Congress, congress), summoned=summoned, deductions=tuple(deductions)
    )


def _parse_candidates(raw: object, errors: Errors) -> tuple[Candidate, ...] | None:
    items = get_list(raw, "candidates", errors)
    if items is None:
        return None
    candidates = [
        _parse_candidate(item, field_path("candidates", i), errors) for i, item in enumerate(items)
    ]
    if any(c is None for c in candidates):
        return None
    return tuple(c for c in candidates if c is not None)


def _parse_candidate(raw: object, path: str, errors: Errors) -> Candidate | None:
    obj = get_object(raw, path, errors)
    if obj is None or not check_keys(
        obj, path, required=("id", "name"), optional=("note", "born"), errors=errors
    ):
        return None
    before = len(errors)
    ident = get_str(obj["id"], field_path(path, "id"), errors, empty_ok=True)
    name = get_str(obj["name"], field_path(path, "name"), errors)
    note = None
    if "note" in obj:
        note = get_str(obj["note"], field_path(path, "note"), errors)
    born = None
    if "born" in obj:
        born = _parse_date(obj["born"], field_path(path, "born"), errors)
    if len(errors) > before or ident is None or name is None:
        return None
    return Candidate(
        id=ident, name=_nfc(name), note=None if note is None else _nfc(note), born=born
    )


def _parse_date(raw: object, path: str, errors: Errors) -> date | None:
    text = get_str(raw, path, errors)
    if text is None:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    errors.append(error("bad_date", path, value=text))
    return None


def election_to_json(definition: ElectionDefinition) -> dict[str, Any]:
    """A ``daihoi/election@1`` that reads back to the same definition.

    ``rules`` holds the parameters that differ from the built-in profile
    named; for a profile file (written back as the path it was read from),
    every parameter that changes a tally.
    """
    d = definition
    out: dict[str, Any] = {
        "format": ELECTION_FORMAT,
        "id": d.id,
        "title": d.title,
        "kind": d.kind,
        "round": d.round,
        "seats": d.seats,
    }
    if d.alternate_seats:
        out["alternate_seats"] = d.alternate_seats
    out["profile"] = d.profile if d.profile_file is None else d.profile_file
    out["rules"] = _rules_overrides(d)
    out["electorate"] = {
        "congress": d.electorate.congress,
        "summoned": d.electorate.summoned,
        "deductions": [{"reason": x.reason, "count": x.count} for x in d.electorate.deductions],
    }
    if d.ballots_issued is not None:
        out["ballots_issued"] = d.ballots_issued
    out["candidates"] = [_candidate_to_json(c) for c in d.candidates]
    return out


def _rules_overrides(d: ElectionDefinition) -> dict[str, Any]:
    used = rules_to_json(d.rules)
    if d.profile not in BUILTIN_PROFILES:
        return rules_to_json(d.rules, TALLY_PARAMETERS)
    named = rules_to_json(builtin_profile(d.profile).rules)
    return {name: value for name, value in used.items() if named[name] != value}


def _candidate_to_json(c: Candidate) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "name": c.name}
    if c.note is not None:
        out["note"] = c.note
    if c.born is not None:
        out["born"] = c.born.isoformat()
    return out


def born_for_ties(tie: str, born: Sequence[date | None]) -> list[date | None]:
    """The least of each candidate's date of birth an election file must carry.

    Only the tie rule ``older_wins`` reads ``born``, and it only compares the
    dates: the year is enough for a candidate no other candidate on the list
    was born in the same year (written as 1 January of it), the day is kept
    for those who share a year. Order and equality among the dates are those
    of the full dates, so the rule decides exactly as with them. Any other
    tie rule needs nothing: ``None`` for everyone.
    """
    if tie != "older_wins":
        return [None] * len(born)
    years = Counter(d.year for d in born if d is not None)
    return [None if d is None else d if years[d.year] > 1 else date(d.year, 1, 1) for d in born]


# --- daihoi/ballots@1 -------------------------------------------------------------

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


# --- daihoi/result@1 --------------------------------------------------------------


def result_to_json(result: Result) -> dict[str, Any]:
    """A ``daihoi/result@1``, fields in the order of ELECTION-FORMATS.md.

    Same-ballot alternates add ``alternates`` at the end (and
    ``alternate_seats`` in a ``next`` step); other results have exactly the
    fields of the format.
    """
    b = result.ballots
    out: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "election": result.election,
        "profile": result.profile,
        "rules": {name: _rule_value_to_json(value) for name, value in result.rules},
        "ballots": {
            "collected": b.collected,
            "valid": b.valid,
            "invalid": b.invalid,
            "invalid_by_reason": dict(b.invalid_by_reason),
        },
        "base": result.base,
        "threshold": result.threshold,
        "seats": result.seats,
        "candidates": [
            {
                "id": c.id,
                "name": c.name,
                "votes": c.votes,
                "percent": c.percent,
                "status": c.status,
                "rank": c.rank,
            }
            for c in result.candidates
        ],
        "elected": list(result.elected),
        "seats_filled": result.seats_filled,
        "outcome": result.outcome,
        "tied": list(result.tied),
        "next": _next_to_json(result.next),
    }
    if result.alternates is not None:
        a = result.alternates
        out["alternates"] = {
            "seats": a.seats,
            "elected": list(a.elected),
            "seats_filled": a.seats_filled,
            "outcome": a.outcome,
            "tied": list(a.tied),
            "next": _next_to_json(a.next),
        }
    return out


def _rule_value_to_json(value: RuleValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _next_to_json(step: NextStep | None) -> dict[str, Any] | None:
    if step is None:
        return None
    out: dict[str, Any] = {
        "action": step.action,
        "candidates": list(step.candidates),
        "seats": step.seats,
    }
    if step.alternate_seats is not None:
        out["alternate_seats"] = step.alternate_seats
    return out


_STATUSES = ("elected", "alternate", "tied", "not_elected")
_OUTCOMES = ("complete", "tie", "shortfall", "void")
_ACTIONS = ("revote", "next_round", "congress_decides")
_RESULT_REQUIRED = (
    "format",
    "election",
    "profile",
    "rules",
    "ballots",
    "base",
    "threshold",
    "seats",
    "candidates",
    "elected",
    "seats_filled",
    "outcome",
    "tied",
    "next",
)


def result_from_json(data: object, *, file: str | None = None) -> Result:
    """Read a ``daihoi/result@1`` strictly; its figures must add up."""
    errors: Errors = []
    result = _parse_result(data, errors)
    if result is not None:
        errors += _result_sums(result)
    if errors or result is None:
        raise InvalidInput(e.at(file=file) for e in errors)
    return result


def _parse_result(data: object, errors: Errors) -> Result | None:
    obj = get_object(data, "", errors)
    if obj is None:
        return None
    if "format" in obj and not check_format(obj["format"], RESULT_FORMAT, "format", errors):
        return None
    if not check_keys(obj, "", required=_RESULT_REQUIRED, optional=("alternates",), errors=errors):
        return None
    before = len(errors)
    rules = _parse_result_rules(obj["rules"], errors)
    ballots = _parse_figures(obj["ballots"], errors)
    candidates = _parse_rows(obj["candidates"], errors)
    alternates = None
    if "alternates" in obj:
        alternates = _parse_alternates(obj["alternates"], errors)
    fields = {
        name: get_int(obj[name], name, errors, minimum=0)
        for name in ("base", "threshold", "seats", "seats_filled")
    }
    election = get_str(obj["election"], "election", errors)
    profile = get_str(obj["profile"], "profile", errors)
    outcome = get_enum(obj["outcome"], "outcome", errors, _OUTCOMES)
    elected = _parse_ids(obj["elected"], "elected", errors)
    tied = _parse_ids(obj["tied"], "tied", errors)
    step = _parse_next(obj["next"], "next", errors)
    if len(errors) > before:
        return None
    assert election is not None and profile is not None and ballots is not None
    assert candidates is not None and elected is not None and tied is not None
    return Result(
        election=election,
        profile=profile,
        rules=rules,
        ballots=ballots,
        base=cast(int, fields["base"]),
        threshold=cast(int, fields["threshold"]),
        seats=cast(int, fields["seats"]),
        candidates=candidates,
        elected=elected,
        seats_filled=cast(int, fields["seats_filled"]),
        outcome=cast(Outcome, outcome),
        tied=tied,
        next=step,
        alternates=alternates,
    )


def _parse_result_rules(raw: object, errors: Errors) -> tuple[tuple[str, RuleValue], ...]:
    obj = get_object(raw, "rules", errors) or {}
    for name in obj:
        if name not in TALLY_PARAMETERS:
            known = ", ".join(TALLY_PARAMETERS)
            errors.append(error("unknown_parameter", f"rules.{name}", name=name, known=known))
            return ()
    values = read_parameters(obj, "rules", errors)
    return tuple((name, cast(RuleValue, values.get(name))) for name in obj)


def _parse_figures(raw: object, errors: Errors) -> BallotFigures | None:
    obj = get_object(raw, "ballots", errors)
    names = ("collected", "valid", "invalid", "invalid_by_reason")
    if obj is None or not check_keys(obj, "ballots", required=names, errors=errors):
        return None
    counts = {n: get_int(obj[n], f"ballots.{n}", errors, minimum=0) for n in names[:3]}
    reasons = get_object(obj["invalid_by_reason"], "ballots.invalid_by_reason", errors)
    by_reason: list[tuple[InvalidCode, int]] = []
    for code, count in (reasons or {}).items():
        path = f"ballots.invalid_by_reason.{code}"
        if code not in INVALID_CODES:
            errors.append(error("not_one_of", path, value=code, allowed=", ".join(INVALID_CODES)))
        elif (n := get_int(count, path, errors, minimum=1)) is not None:
            by_reason.append((code, n))
    if reasons is None or any(v is None for v in counts.values()):
        return None
    return BallotFigures(
        collected=cast(int, counts["collected"]),
        valid=cast(int, counts["valid"]),
        invalid=cast(int, counts["invalid"]),
        invalid_by_reason=tuple(by_reason),
    )


def _parse_rows(raw: object, errors: Errors) -> tuple[CandidateResult, ...] | None:
    items = get_list(raw, "candidates", errors)
    if items is None:
        return None
    rows: list[CandidateResult] = []
    names = ("id", "name", "votes", "percent", "status", "rank")
    for i, item in enumerate(items):
        path = field_path("candidates", i)
        obj = get_object(item, path, errors)
        if obj is None or not check_keys(obj, path, required=names, errors=errors):
            continue
        before = len(errors)
        ident = get_str(obj["id"], f"{path}.id", errors)
        name = get_str(obj["name"], f"{path}.name", errors)
        votes = get_int(obj["votes"], f"{path}.votes", errors, minimum=0)
        percent = get_str(obj["percent"], f"{path}.percent", errors)
        status = get_enum(obj["status"], f"{path}.status", errors, _STATUSES)
        rank = get_int(obj["rank"], f"{path}.rank", errors, minimum=1)
        if len(errors) == before:
            rows.append(
                CandidateResult(
                    id=cast(str, ident),
                    name=cast(str, name),
                    votes=cast(int, votes),
                    percent=cast(str, percent),
                    status=cast(Status, status),
                    rank=cast(int, rank),
                )
            )
    return tuple(rows) if len(rows) == len(items) else None


def _parse_ids(raw: object, path: str, errors: Errors) -> tuple[str, ...] | None:
    items = get_list(raw, path, errors)
    if items is None:
        return None
    ids = [get_str(x, field_path(path, i), errors) for i, x in enumerate(items)]
    return None if any(x is None for x in ids) else tuple(cast(list[str], ids))


def _parse_next(raw: object, path: str, errors: Errors) -> NextStep | None:
    if raw is None:
        return None
    obj = get_object(raw, path, errors)
    if obj is None or not check_keys(
        obj,
        path,
        required=("action", "candidates", "seats"),
        optional=("alternate_seats",),
        errors=errors,
    ):
        return None
    action = get_enum(obj["action"], f"{path}.action", errors, _ACTIONS)
    candidates = _parse_ids(obj["candidates"], f"{path}.candidates", errors)
    seats = get_int(obj["seats"], f"{path}.seats", errors, minimum=0)
    alternate_seats = None
    if "alternate_seats" in obj:
        alternate_seats = get_int(
            obj["alternate_seats"], f"{path}.alternate_seats", errors, minimum=0
        )
    if action is None or candidates is None or seats is None:
        return None
    return NextStep(
        action=cast(Any, action),
        candidates=candidates,
        seats=seats,
        alternate_seats=alternate_seats,
    )


def _parse_alternates(raw: object, errors: Errors) -> AlternatesResult | None:
    obj = get_object(raw, "alternates", errors)
    names = ("seats", "elected", "seats_filled", "outcome", "tied", "next")
    if obj is None or not check_keys(obj, "alternates", required=names, errors=errors):
        return None
    seats = get_int(obj["seats"], "alternates.seats", errors, minimum=0)
    filled = get_int(obj["seats_filled"], "alternates.seats_filled", errors, minimum=0)
    outcome = get_enum(obj["outcome"], "alternates.outcome", errors, _OUTCOMES)
    elected = _parse_ids(obj["elected"], "alternates.elected", errors)
    tied = _parse_ids(obj["tied"], "alternates.tied", errors)
    step = _parse_next(obj["next"], "alternates.next", errors)
    if None in (seats, filled, outcome, elected, tied):
        return None
    return AlternatesResult(
        seats=cast(int, seats),
        elected=cast(tuple[str, ...], elected),
        seats_filled=cast(int, filled),
        outcome=cast(Outcome, outcome),
        tied=cast(tuple[str, ...], tied),
        next=step,
    )


def _result_sums(r: Result) -> list[InputError]:
    """The figures of a result must agree with each other."""
    b = r.ballots
    checks = (
        ("ballots.invalid", b.invalid, b.collected - b.valid),
        ("ballots.invalid", b.invalid, sum(n for _, n in b.invalid_by_reason)),
        ("threshold", r.threshold, r.base // 2 + 1),
    )
    return [
        error("does_not_add_up", path, value=value, expected=expected)
        for path, value, expected in checks
        if value != expected
    ]
