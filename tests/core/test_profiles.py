"""docs/rules.md §7: rules profiles as data, overridable one parameter at a time."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from daihoi.core.elections.jsonread import Errors
from daihoi.core.elections.model import INVALID_CODES
from daihoi.core.elections.rules import (
    BUILTIN_PROFILES,
    PARAMETERS,
    builtin_profile,
    load_profile,
    rules_to_json,
)


def test_cpv_2024_is_the_party_regulation_with_its_defaults() -> None:
    rules = builtin_profile("cpv-2024").rules
    assert (rules.base, rules.tie, rules.order, rules.alternates) == (
        "summoned_minus_deductions",
        "revote",
        "collation",
        "separate",
    )
    assert rules.invalid_codes == INVALID_CODES
    assert (rules.required_rounds, rules.max_rounds, rules.quorum) == (2, None, Fraction(2, 3))
    assert (
        rules.surplus_proposal_min_percent,
        rules.surplus_proposal_max_percent,
        rules.surplus_congress_max_percent,
    ) == (10, 15, 30)


def test_ballots_collected_decides_a_second_round_and_no_third() -> None:
    rules = builtin_profile("ballots-collected").rules
    assert (rules.base, rules.required_rounds, rules.max_rounds) == ("ballots_collected", 1, 2)


def test_valid_ballots_gives_a_tie_to_the_older_candidate() -> None:
    rules = builtin_profile("valid-ballots").rules
    assert (rules.base, rules.tie) == ("valid_ballots", "older_wins")


def test_every_builtin_profile_states_every_parameter() -> None:
    for name in BUILTIN_PROFILES:
        assert list(rules_to_json(builtin_profile(name).rules)) == [p.name for p in PARAMETERS]


def test_a_profile_file_may_not_take_a_builtin_name(tmp_path: Path) -> None:
    profile = {"format": "daihoi/profile@1", "name": "cpv-2024", "extends": "cpv-2024", "rules": {}}
    (tmp_path / "p.json").write_text(json.dumps(profile), encoding="utf-8")
    errors: Errors = []
    assert load_profile("p.json", relative_to=tmp_path, errors=errors) is None
    assert [(e.file, e.field, e.code) for e in errors] == [("p.json", "name", "profile_name_taken")]


def test_a_complete_profile_file_needs_no_extends(tmp_path: Path) -> None:
    values = rules_to_json(builtin_profile("cpv-2024").rules) | {
        "quorum": "1/2",
        "tie": "older_wins",
    }
    profile = {"format": "daihoi/profile@1", "name": "hoi-nong-dan", "rules": values}
    (tmp_path / "p.json").write_text(json.dumps(profile), encoding="utf-8")
    errors: Errors = []
    loaded = load_profile(str(tmp_path / "p.json"), relative_to=None, errors=errors)
    assert errors == [] and loaded is not None
    assert (loaded.name, loaded.rules.quorum, loaded.rules.tie) == (
        "hoi-nong-dan",
        Fraction(1, 2),
        "older_wins",
    )


def test_bounds_must_not_be_reversed(tmp_path: Path) -> None:
    profile = {
        "format": "daihoi/profile@1",
        "name": "x",
        "extends": "cpv-2024",
        "rules": {"surplus_proposal_min_percent": 20},
    }
    (tmp_path / "p.json").write_text(json.dumps(profile), encoding="utf-8")
    errors: Errors = []
    assert load_profile("p.json", relative_to=tmp_path, errors=errors) is None
    assert [e.code for e in errors] == ["bounds_reversed"]
