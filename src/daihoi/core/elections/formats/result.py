"""``daihoi/result@1``: the result of a count, written and read back with its sums checked."""

from __future__ import annotations

from typing import Any, cast

from ..errors import InputError, InvalidInput, error
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
)
from ..model import (
    INVALID_CODES,
    AlternatesResult,
    BallotFigures,
    CandidateResult,
    InvalidCode,
    NextStep,
    Outcome,
    Result,
    RuleValue,
    Status,
)
from ..rules import (
    TALLY_PARAMETERS,
    read_parameters,
)

RESULT_FORMAT = "daihoi/result@1"


def result_to_json(result: Result) -> dict[str, Any]:
    """A ``daihoi/result@1``, fields in the order of docs/formats.md.

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
