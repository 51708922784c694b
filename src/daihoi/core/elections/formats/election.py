"""``daihoi/election@1``: the election definition, read strictly and written back."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, cast

from ..errors import InvalidInput, error
from ..jsonread import (
    Errors,
    check_format,
    check_keys,
    field_path,
    get_enum,
    get_int,
    get_list,
    get_object,
    get_str,
    load_json_file,
)
from ..model import (
    CONGRESSES,
    KINDS,
    Candidate,
    Congress,
    Deduction,
    ElectionDefinition,
    Electorate,
    Kind,
)
from ..rules import (
    BUILTIN_PROFILES,
    DEFAULT_PROFILE,
    TALLY_PARAMETERS,
    apply_overrides,
    builtin_profile,
    load_profile,
    rules_to_json,
)

ELECTION_FORMAT = "daihoi/election@1"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
