"""The procedure file, the shipped default and a unit's overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from daihoi.core.nomination import (
    NominationError,
    default_procedure,
    load_procedure,
    parse_procedure,
    with_overrides,
)

from .nomination_builders import procedure_data, step_data

UNCHECKED = "mặc định, chưa đối chiếu văn bản"


def refused(data: Any) -> tuple[str, ...]:
    with pytest.raises(NominationError) as exc:
        parse_procedure(data)
    return exc.value.problems


def test_the_default_has_five_steps_every_value_a_default_not_checked_against_the_text() -> None:
    procedure = default_procedure()
    assert [(s.code, s.body, s.form, s.names_from) for s in procedure.steps] == [
        ("1", "Ban Thường vụ", "pick", "pool"),
        ("2", "Hội nghị cán bộ chủ chốt", "pick", "previous"),
        ("3", "Ban Thường vụ", "pick", "previous"),
        ("4", "Ban Chấp hành", "pick", "previous"),
        ("5", "Ban Thường vụ", "approve", "previous"),
    ]
    for step in procedure.steps:
        assert step.stands_for.startswith(f"Bước {step.code} theo cách hiểu của phần mềm")
        assert (step.rule, step.number("percent")) == ("share_of_summoned", 50)
        for setting in step.parameters.values():
            assert setting.set_by == "default"
            assert setting.source.startswith(UNCHECKED)
        # The number summoned depends on the unit: the default leaves it unset.
        assert "summoned" in step.unset()


def test_a_unit_sets_its_numbers_and_changes_a_rule() -> None:
    procedure = with_overrides(
        default_procedure(),
        {
            "2": {"summoned": 60, "max_ticks": 15, "blank_lines": 3},
            "4": {
                "rule": "top_of_share",
                "count": 15,
                "ties": "needs_decision",
                "share_of": "summoned",
            },
        },
    )
    two = procedure.step("2")
    assert two.summoned == 60 and two.unset() == ()
    assert (two.setting("summoned").set_by, two.setting("summoned").source) == (
        "unit",
        "đơn vị đặt",
    )
    assert two.setting("percent").set_by == "default"
    four = procedure.step("4")
    assert four.rule == "top_of_share"
    assert four.setting("percent").set_by == "default"  # the default 50 % kept for the share
    assert four.setting("rule").set_by == "unit"


def test_changing_the_rule_drops_the_defaults_it_no_longer_uses() -> None:
    procedure = with_overrides(
        default_procedure(), {"3": {"rule": "top", "count": 9, "ties": "all_go_on"}}
    )
    assert "percent" not in procedure.step("3").parameters


def test_overrides_are_checked_like_the_file() -> None:
    with pytest.raises(NominationError) as exc:
        with_overrides(
            default_procedure(),
            {
                "9": {"summoned": 1},
                "1": {"summoned": 0, "quorum": 2},
                "2": {"rule": "top", "percent": 60},
                "3": {"percent": 101, "max_ticks": True},
                "4": {"ties": "all_go_on"},
                "5": {"summoned": None, "max_ticks": 3},
            },
        )
    assert exc.value.problems == (
        "overrides.9: no such step (steps: 1, 2, 3, 4, 5)",
        "overrides.1.quorum: unknown parameter",
        "overrides.1.summoned: must be at least 1, found 0",
        "overrides.2.percent: not used by this step (form 'pick', rule 'top')",
        "overrides.2.count: missing (rule 'top' needs it)",
        "overrides.2.ties: missing (rule 'top' needs it)",
        "overrides.3.max_ticks: must be a whole number, found True",
        "overrides.3.percent: a percentage must be at most 100, found 101",
        "overrides.4.ties: not used by this step (form 'pick', rule 'share_of_summoned')",
        "overrides.5.max_ticks: not used by this step (form 'approve', rule 'share_of_summoned')",
        "overrides.5.summoned: must be a whole number",
    )


def test_the_file_is_checked_field_by_field() -> None:
    step = step_data("1", percent=0)
    step["parameters"]["count"] = {"value": 3, "source": "x"}
    step["parameters"]["summoned"] = {"value": "sáu mươi", "source": ""}
    second = step_data("1", form="approve", names_from="previous", rule="top", ties="first_wins")
    second["colour"] = "red"
    assert refused(procedure_data(step, second) | {"format": "daihoi/profile@1"}) == (
        "format: must be 'daihoi/nomination-procedure@1', found 'daihoi/profile@1'",
        "steps[0].parameters.summoned.source: must be non-empty text",
        "steps[0].parameters.count: not used by this step (form 'pick', rule 'share_of_summoned')",
        "steps[0].parameters.summoned: must be a whole number, found 'sáu mươi'",
        "steps[0].parameters.percent: must be at least 1, found 0",
        "steps[1].colour: unknown field",
        "steps[1].parameters.ties: must be one of all_go_on, none_go_on, needs_decision; "
        "found 'first_wins'",
        "steps[1].code: '1' is used by an earlier step",
    )


def test_the_first_step_takes_its_names_from_the_pool() -> None:
    assert refused(procedure_data(step_data("1", names_from="previous"))) == (
        "steps[0].names_from: the first step has no previous step; use 'pool'",
    )


def test_step_codes_are_unique_and_fields_required() -> None:
    bare = {"code": "1", "body": " ", "form": "tick", "parameters": {}}
    # A step refused for other reasons still counts against the codes.
    assert refused(procedure_data(step_data("1"), step_data("1"), bare)) == (
        "steps[1].code: '1' is used by an earlier step",
        "steps[2].names_from: missing",
        "steps[2].stands_for: missing",
        "steps[2].body: must be non-empty text",
        "steps[2].form: must be one of pick, approve; found 'tick'",
        "steps[2].code: '1' is used by an earlier step",
    )


def test_a_missing_rule_or_parameter_is_named() -> None:
    no_rule = step_data("1")
    del no_rule["parameters"]["rule"]
    no_percent = step_data("2", names_from="previous")
    del no_percent["parameters"]["percent"]
    assert refused(procedure_data(no_rule, no_percent)) == (
        "steps[0].parameters.rule: missing",
        "steps[1].parameters.percent: missing (rule 'share_of_summoned' needs it)",
    )


def test_it_refuses_what_is_not_a_procedure() -> None:
    assert refused([]) == ("the procedure must be a JSON object",)
    assert refused({"format": "daihoi/nomination-procedure@1", "name": "x", "steps": []}) == (
        "steps: must be a non-empty list",
    )


def test_a_file_names_itself_on_every_problem(tmp_path: Path) -> None:
    good = tmp_path / "quy-trinh.json"
    good.write_text(json.dumps(procedure_data(step_data("1"))), encoding="utf-8")
    assert load_procedure(good).steps[0].summoned == 60
    bad = tmp_path / "sai.json"
    bad.write_text(json.dumps(procedure_data(step_data("1", percent=200))), encoding="utf-8")
    with pytest.raises(NominationError) as exc:
        load_procedure(bad)
    assert exc.value.problems == (
        "sai.json: steps[0].parameters.percent: a percentage must be at most 100, found 200",
    )
    broken = tmp_path / "hong.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(NominationError, match=r"^hong\.json: cannot be read: "):
        load_procedure(broken)


def test_it_refuses_a_step_code_not_in_the_procedure() -> None:
    with pytest.raises(NominationError, match=r"no step '7' in procedure 'committee-personnel'"):
        default_procedure().step("7")
