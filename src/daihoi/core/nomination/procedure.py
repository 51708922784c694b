"""Reading a procedure file and a unit's overrides (docs/nomination.md).

Both are checked the same way and every problem is reported at once, each
naming its field (``steps[2].parameters.percent``); nothing is half read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import NominationError
from .model import (
    FORMS,
    PARAMETERS,
    RULES,
    SET_BY_UNIT,
    SHARE_BASES,
    SOURCES,
    TIE_POLICIES,
    Procedure,
    Setting,
    Step,
    Value,
    required_parameters,
)

__all__ = ["FORMAT", "default_procedure", "load_procedure", "parse_procedure", "with_overrides"]

FORMAT = "daihoi/nomination-procedure@1"
DEFAULT_FILE = "committee-personnel.json"

#: Parameters the shipped default may leave for the unit to set (``null``):
#: they depend on the unit's own size and seats.
_MAY_BE_UNSET = frozenset({"summoned", "max_ticks", "blank_lines", "count"})
_MINIMUM = {"summoned": 1, "max_ticks": 1, "blank_lines": 0, "count": 1, "percent": 1}
_CHOICES: dict[str, tuple[str, ...]] = {
    "rule": RULES,
    "ties": TIE_POLICIES,
    "share_of": SHARE_BASES,
}


def default_procedure() -> Procedure:
    """The five steps shipped for committee personnel, every value a default."""
    text = resources.files(__package__).joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    return parse_procedure(json.loads(text))


def load_procedure(path: Path) -> Procedure:
    """A procedure file; refuses with the file's name on every problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NominationError([f"{path.name}: cannot be read: {exc}"]) from None
    try:
        return parse_procedure(data)
    except NominationError as exc:
        raise NominationError(f"{path.name}: {p}" for p in exc.problems) from None


def parse_procedure(data: Any) -> Procedure:
    """A decoded procedure file, checked in full."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise NominationError(["the procedure must be a JSON object"])
    _keys(data, "", {"format", "name", "description", "steps"}, {"description"}, problems)
    if data.get("format") != FORMAT:
        problems.append(f"format: must be {FORMAT!r}, found {data.get('format')!r}")
    name = _text(data.get("name"), "name", problems)
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append("description: must be text")
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append("steps: must be a non-empty list")
    else:
        seen: set[str] = set()
        for i, raw in enumerate(raw_steps):
            step = _step(raw, f"steps[{i}]", first=i == 0, problems=problems)
            code = raw.get("code") if isinstance(raw, dict) else None
            if isinstance(code, str) and code in seen:
                problems.append(f"steps[{i}].code: {code!r} is used by an earlier step")
            if isinstance(code, str):
                seen.add(code)
            if step is not None:
                steps.append(step)
    if problems:
        raise NominationError(problems)
    return Procedure(name=name or "", description=str(description), steps=tuple(steps))


def with_overrides(procedure: Procedure, overrides: Mapping[str, Any]) -> Procedure:
    """The procedure with a unit's values: ``{step code: {parameter: value}}``.

    Each value given is marked as set by the unit. A unit may change a step's
    rule; the parameters the new rule needs must then be given too, and the
    defaults it no longer uses are dropped. Checked as a file is: every
    problem names ``overrides.CODE.PARAMETER``.
    """
    problems: list[str] = []
    if not isinstance(overrides, Mapping):
        raise NominationError(["overrides: must be an object of step codes"])
    codes = {step.code for step in procedure.steps}
    for code in overrides:
        if code not in codes:
            problems.append(f"overrides.{code}: no such step (steps: {', '.join(sorted(codes))})")
    steps: list[Step] = []
    for step in procedure.steps:
        given = overrides.get(step.code, {})
        where = f"overrides.{step.code}"
        if not isinstance(given, Mapping):
            problems.append(f"{where}: must be an object of parameters")
            continue
        merged = dict(step.parameters)
        for key, value in given.items():
            if key not in PARAMETERS:
                problems.append(f"{where}.{key}: unknown parameter")
                continue
            merged[key] = Setting(value=value, set_by="unit", source=SET_BY_UNIT)
        rule = merged["rule"].value
        if isinstance(rule, str) and rule in RULES:
            needed = required_parameters(step.form, rule)
            for key in list(merged):
                if key not in needed:
                    if key in given:
                        problems.append(
                            f"{where}.{key}: not used by this step "
                            f"(form {step.form!r}, rule {rule!r})"
                        )
                    del merged[key]
        checked = _check_parameters(merged, step.form, where, problems)
        if checked is not None:
            steps.append(
                Step(
                    code=step.code,
                    body=step.body,
                    stands_for=step.stands_for,
                    form=step.form,
                    names_from=step.names_from,
                    parameters=checked,
                )
            )
    if problems:
        raise NominationError(problems)
    return Procedure(name=procedure.name, description=procedure.description, steps=tuple(steps))


def _step(raw: Any, where: str, *, first: bool, problems: list[str]) -> Step | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object")
        return None
    before = len(problems)
    _keys(
        raw,
        where,
        {"code", "body", "stands_for", "form", "names_from", "parameters"},
        set(),
        problems,
    )
    code = _text(raw.get("code"), f"{where}.code", problems)
    body = _text(raw.get("body"), f"{where}.body", problems)
    stands_for = _text(raw.get("stands_for"), f"{where}.stands_for", problems)
    form = _one_of(raw.get("form"), f"{where}.form", FORMS, problems)
    names_from = _one_of(raw.get("names_from"), f"{where}.names_from", SOURCES, problems)
    if first and names_from == "previous":
        problems.append(f"{where}.names_from: the first step has no previous step; use 'pool'")
    params: dict[str, Setting] = {}
    raw_params = raw.get("parameters")
    if not isinstance(raw_params, dict):
        problems.append(f"{where}.parameters: must be an object")
    else:
        for key, entry in raw_params.items():
            at = f"{where}.parameters.{key}"
            if key not in PARAMETERS:
                problems.append(f"{at}: unknown parameter")
                continue
            if not isinstance(entry, dict):
                problems.append(f"{at}: must be an object with 'value' and 'source'")
                continue
            _keys(entry, at, {"value", "source"}, set(), problems)
            source = _text(entry.get("source"), f"{at}.source", problems)
            params[key] = Setting(value=entry.get("value"), set_by="default", source=source or "")
        if form is not None:
            rule = params.get("rule")
            if rule is not None and isinstance(rule.value, str) and rule.value in RULES:
                needed = required_parameters(form, rule.value)
                for key in params:
                    if key not in needed:
                        problems.append(
                            f"{where}.parameters.{key}: not used by this step "
                            f"(form {form!r}, rule {rule.value!r})"
                        )
    if form is None or not isinstance(raw_params, dict):
        return None
    checked = _check_parameters(params, form, f"{where}.parameters", problems)
    if checked is None or len(problems) > before:
        return None
    assert code is not None and body is not None and stands_for is not None
    assert names_from is not None
    return Step(
        code=code,
        body=body,
        stands_for=stands_for,
        form=form,  # type: ignore[arg-type]
        names_from=names_from,
        parameters=checked,
    )


def _check_parameters(
    params: dict[str, Setting], form: str, where: str, problems: list[str]
) -> dict[str, Setting] | None:
    """The parameters a step needs, each value of the right kind, in a fixed order.

    The shipped default may leave a unit's own number unset; a unit's
    override may not unset it.
    """
    before = len(problems)
    rule = params.get("rule")
    if rule is None:
        problems.append(f"{where}.rule: missing")
        return None
    if _value(rule.value, f"{where}.rule", "rule", problems, unit=rule.set_by == "unit") is None:
        return None
    assert isinstance(rule.value, str)
    out: dict[str, Setting] = {}
    for key in required_parameters(form, rule.value):
        if key not in params:
            problems.append(f"{where}.{key}: missing (rule {rule.value!r} needs it)")
            continue
        setting = params[key]
        _value(setting.value, f"{where}.{key}", key, problems, unit=setting.set_by == "unit")
        out[key] = setting
    return out if len(problems) == before else None


def _value(value: object, at: str, key: str, problems: list[str], *, unit: bool) -> Value | None:
    if key in _CHOICES:
        if value is None:
            problems.append(f"{at}: must be one of {', '.join(_CHOICES[key])}")
        return _one_of(value, at, _CHOICES[key], problems)
    if value is None:
        if key in _MAY_BE_UNSET and not unit:
            return None
        problems.append(f"{at}: must be a whole number")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{at}: must be a whole number, found {value!r}")
        return None
    if value < _MINIMUM[key]:
        problems.append(f"{at}: must be at least {_MINIMUM[key]}, found {value}")
        return None
    if key == "percent" and value > 100:
        problems.append(f"{at}: a percentage must be at most 100, found {value}")
        return None
    return value


def _keys(
    obj: Mapping[str, object], where: str, known: set[str], optional: set[str], problems: list[str]
) -> None:
    prefix = f"{where}." if where else ""
    for key in obj:
        if key not in known:
            problems.append(f"{prefix}{key}: unknown field")
    for key in sorted(known - optional):
        if key not in obj:
            problems.append(f"{prefix}{key}: missing")


def _text(value: object, at: str, problems: list[str]) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if value is not None:
        problems.append(f"{at}: must be non-empty text")
    return None


def _one_of(value: object, at: str, choices: tuple[str, ...], problems: list[str]) -> str | None:
    if isinstance(value, str) and value in choices:
        return value
    if value is not None:
        problems.append(f"{at}: must be one of {', '.join(choices)}; found {value!r}")
    return None
