"""Rules profiles (docs/rules.md §7): built-in ones as data, others from a file.

A profile gives a value to every parameter below. The built-in profiles are
JSON files beside this module (``profiles/*.json``); a user's profile file
has the same shape and may ``extends`` a built-in one. An election's
``rules`` then overrides single parameters. The result states the profile's
name and the values used.

Profile file (``daihoi/profile@1``)::

    {
      "format": "daihoi/profile@1",
      "name": "doan-tn-2022",
      "description": "…",
      "extends": "ballots-collected",
      "rules": {"tie": "congress_decides"}
    }

Without ``extends`` every parameter must be given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from .errors import InputError, InvalidInput, error
from .jsonread import (
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
from .model import (
    ALTERNATES_MODES,
    BASES,
    INVALID_CODES,
    ORDERS,
    TIE_POLICIES,
    AlternatesMode,
    Base,
    InvalidCode,
    Order,
    Rules,
    RuleValue,
    TiePolicy,
)

__all__ = [
    "BUILTIN_PROFILES",
    "DEFAULT_PROFILE",
    "PARAMETERS",
    "PROFILE_FORMAT",
    "Profile",
    "apply_overrides",
    "builtin_profile",
    "load_profile",
    "profile_title",
    "result_rules",
    "rules_to_json",
]

PROFILE_FORMAT = "daihoi/profile@1"
DEFAULT_PROFILE = "cpv-2024"
BUILTIN_PROFILES = ("cpv-2024", "ballots-collected", "valid-ballots")

#: What a person reads for a built-in profile, where the code means nothing to them.
PROFILE_TITLES: dict[str, dict[str, str]] = {
    "cpv-2024": {
        "vi": "Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW)",
        "en": "The Party's election regulation (Decision 190-QĐ/TW)",
    },
    "ballots-collected": {
        "vi": "Trúng cử khi được quá một nửa số phiếu thu vào",
        "en": "Elected with more than half of the ballots collected",
    },
    "valid-ballots": {
        "vi": "Trúng cử khi được quá một nửa số phiếu hợp lệ",
        "en": "Elected with more than half of the valid ballots",
    },
}


def profile_title(name: str, lang: str = "vi") -> str:
    """A profile's title in ``lang``; a profile from a file is named by its own name.

    >>> profile_title("cpv-2024")
    'Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW)'
    >>> profile_title("doan-tn-2022")
    'doan-tn-2022'
    """
    titles = PROFILE_TITLES.get(name)
    return titles.get(lang, titles["vi"]) if titles else name


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    rules: Rules
    description: str = ""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One profile parameter: how to read it, and where it comes from."""

    name: str
    read: Callable[[object, str, Errors], object]
    source: str


def _enum(choices: tuple[str, ...]) -> Callable[[object, str, Errors], object]:
    def read(value: object, path: str, errors: Errors) -> object:
        return get_enum(value, path, errors, choices)

    return read


def _count(minimum: int) -> Callable[[object, str, Errors], object]:
    def read(value: object, path: str, errors: Errors) -> object:
        return get_int(value, path, errors, minimum=minimum)

    return read


def _optional_count(value: object, path: str, errors: Errors) -> object:
    return None if value is None else get_int(value, path, errors, minimum=1)


def _codes(value: object, path: str, errors: Errors) -> object:
    """A list of invalid-ballot codes, kept in docs/rules.md §2 order whatever the file's."""
    items = get_list(value, path, errors)
    if items is None:
        return None
    given: set[str] = set()
    ok = True
    for i, item in enumerate(items):
        code = get_enum(item, field_path(path, i), errors, INVALID_CODES)
        if code is None:
            ok = False
        elif code in given:
            errors.append(error("repeated_code", field_path(path, i), value=code))
            ok = False
        else:
            given.add(code)
    return tuple(c for c in INVALID_CODES if c in given) if ok else None


def _fraction(value: object, path: str, errors: Errors) -> object:
    """A share written as text, "2/3": more than that share is required."""
    text = get_str(value, path, errors)
    if text is None:
        return None
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    if not 0 < share <= 1 or "/" not in text:
        errors.append(error("bad_fraction", path, value=text))
        return None
    return share


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("base", _enum(BASES), "docs/rules.md §3, §7; 244-QĐ/TW Art. 32(2)–(3)"),
    Parameter("tie", _enum(TIE_POLICIES), "docs/rules.md §3: no Party source; practice"),
    Parameter("invalid_codes", _codes, "docs/rules.md §2; 244-QĐ/TW Art. 17(2)"),
    Parameter("order", _enum(ORDERS), "docs/rules.md §1; docs/formats.md ballot order"),
    Parameter("alternates", _enum(ALTERNATES_MODES), "docs/rules.md §3 alternates"),
    Parameter("required_rounds", _count(1), "docs/rules.md §3; 244-QĐ/TW Art. 20(2)"),
    Parameter("max_rounds", _optional_count, "docs/rules.md §7"),
    Parameter("surplus_proposal_min_percent", _count(0), "190-QĐ/TW Art. 14"),
    Parameter("surplus_proposal_max_percent", _count(0), "190-QĐ/TW Art. 14"),
    Parameter("surplus_congress_max_percent", _count(0), "190-QĐ/TW Art. 14"),
    Parameter("small_committee_min", _count(1), "190-QĐ/TW Art. 14"),
    Parameter("small_committee_max", _count(1), "190-QĐ/TW Art. 14"),
    Parameter("small_committee_max_surplus", _count(1), "190-QĐ/TW Art. 14"),
    Parameter("outside_nominee_percent", _count(0), "190-QĐ/TW Art. 14"),
    Parameter("poll_over_percent", _count(0), "190-QĐ/TW Art. 14"),
    Parameter("quorum", _fraction, "docs/rules.md §6: practice, no source text"),
)
_BY_NAME = {p.name: p for p in PARAMETERS}

#: The parameters that change a tally; a result states these.
TALLY_PARAMETERS = (
    "base",
    "tie",
    "invalid_codes",
    "order",
    "alternates",
    "required_rounds",
    "max_rounds",
)


def read_parameters(raw: object, path: str, errors: Errors) -> dict[str, object]:
    """Read a ``rules`` object: known names, each value checked."""
    obj = get_object(raw, path, errors)
    if obj is None:
        return {}
    values: dict[str, object] = {}
    for name, value in obj.items():
        param = _BY_NAME.get(name)
        if param is None:
            known = ", ".join(_BY_NAME)
            errors.append(
                error("unknown_parameter", field_path(path, name), name=name, known=known)
            )
            continue
        before = len(errors)
        parsed = param.read(value, field_path(path, name), errors)
        if len(errors) == before:
            values[name] = parsed
    return values


def apply_overrides(rules: Rules, raw: object, path: str, errors: Errors) -> Rules:
    """The profile's rules with an election's single-parameter overrides."""
    values = read_parameters(raw, path, errors)
    if not values:
        return rules
    merged = _merge(rules, values)
    errors += _consistency_problems(merged, path)
    return merged


def _consistency_problems(rules: Rules, path: str) -> list[InputError]:
    found: list[InputError] = []
    pairs = (
        ("surplus_proposal_min_percent", "surplus_proposal_max_percent"),
        ("small_committee_min", "small_committee_max"),
    )
    for low, high in pairs:
        lo, hi = getattr(rules, low), getattr(rules, high)
        if lo > hi:
            found.append(error("bounds_reversed", field_path(path, low), low=lo, high=hi))
    return found


def _merge(rules: Rules, values: Mapping[str, object]) -> Rules:
    """``rules`` with some parameters replaced by checked values."""
    current = {p.name: getattr(rules, p.name) for p in PARAMETERS}
    return _complete_rules({**current, **values})


def _complete_rules(v: Mapping[str, object]) -> Rules:
    """Rules from values every one of which its Parameter has already checked."""
    return Rules(
        base=cast(Base, v["base"]),
        tie=cast(TiePolicy, v["tie"]),
        invalid_codes=cast(tuple[InvalidCode, ...], v["invalid_codes"]),
        order=cast(Order, v["order"]),
        alternates=cast(AlternatesMode, v["alternates"]),
        required_rounds=cast(int, v["required_rounds"]),
        max_rounds=cast(int | None, v["max_rounds"]),
        surplus_proposal_min_percent=cast(int, v["surplus_proposal_min_percent"]),
        surplus_proposal_max_percent=cast(int, v["surplus_proposal_max_percent"]),
        surplus_congress_max_percent=cast(int, v["surplus_congress_max_percent"]),
        small_committee_min=cast(int, v["small_committee_min"]),
        small_committee_max=cast(int, v["small_committee_max"]),
        small_committee_max_surplus=cast(int, v["small_committee_max_surplus"]),
        outside_nominee_percent=cast(int, v["outside_nominee_percent"]),
        poll_over_percent=cast(int, v["poll_over_percent"]),
        quorum=cast(Fraction, v["quorum"]),
    )


def _read_profile(data: object, *, builtin_ok: bool, errors: Errors) -> Profile | None:
    """A decoded profile file; ``extends`` may only name a built-in profile."""
    before = len(errors)
    obj = get_object(data, "", errors)
    if obj is None:
        return None
    if not check_keys(
        obj,
        "",
        required=("format", "name", "rules"),
        optional=("description", "extends"),
        errors=errors,
    ):
        return None
    if not check_format(obj["format"], PROFILE_FORMAT, "format", errors):
        return None
    name = get_str(obj["name"], "name", errors)
    description = get_str(obj.get("description", ""), "description", errors, empty_ok=True)
    if name is not None and name in BUILTIN_PROFILES and not builtin_ok:
        errors.append(error("profile_name_taken", "name", name=name))
    raw_rules = get_object(obj["rules"], "rules", errors)
    if raw_rules is None:
        return None
    values = read_parameters(raw_rules, "rules", errors)
    if "extends" in obj:
        parent = get_enum(obj["extends"], "extends", errors, BUILTIN_PROFILES)
        if parent is None:
            return None
        rules = _merge(builtin_profile(parent).rules, values)
    else:
        missing = [p.name for p in PARAMETERS if p.name not in raw_rules]
        if missing:
            errors.append(error("missing_parameters", "rules", names=", ".join(missing)))
        if len(errors) > before:
            return None
        rules = _complete_rules(values)
    errors += _consistency_problems(rules, "rules")
    if len(errors) > before or name is None or description is None:
        return None
    return Profile(name=name, rules=rules, description=description)


@cache
def builtin_profile(name: str) -> Profile:
    """A built-in profile, read from the package data (KeyError if unknown)."""
    if name not in BUILTIN_PROFILES:
        raise KeyError(name)
    text = (
        resources.files("daihoi.core.elections")
        .joinpath("profiles")
        .joinpath(f"{name}.json")
        .read_text("utf-8")
    )
    errors: Errors = []
    profile = _read_profile(json.loads(text), builtin_ok=True, errors=errors)
    if profile is None:
        raise InvalidInput(e.at(file=f"{name}.json") for e in errors)
    return profile


def load_profile(reference: str, *, relative_to: Path | None, errors: Errors) -> Profile | None:
    """A profile by built-in name, or from a file (relative to the election file).

    Errors found in a profile file are located in that file.
    """
    if reference in BUILTIN_PROFILES:
        return builtin_profile(reference)
    path = Path(reference)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not path.is_file():
        builtin = ", ".join(BUILTIN_PROFILES)
        errors.append(error("unknown_profile", "profile", name=reference, builtin=builtin))
        return None
    own: Errors = []
    try:
        profile = _read_profile(load_json_file(path, reference), builtin_ok=False, errors=own)
    except InvalidInput as exc:
        own += exc.errors
        profile = None
    errors += [e.at(file=reference) for e in own]
    return profile


def rules_to_json(rules: Rules, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Parameter values as JSON, in PARAMETERS order (or the names given)."""
    out: dict[str, Any] = {}
    for name in names or tuple(p.name for p in PARAMETERS):
        value = getattr(rules, name)
        if isinstance(value, Fraction):
            value = f"{value.numerator}/{value.denominator}"
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def result_rules(rules: Rules) -> tuple[tuple[str, RuleValue], ...]:
    """The values a result states: every parameter that changes a tally."""
    return tuple((name, getattr(rules, name)) for name in TALLY_PARAMETERS)
