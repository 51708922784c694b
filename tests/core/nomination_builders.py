"""Steps and ballots for the nomination engine's tests."""

from __future__ import annotations

from typing import Any

from daihoi.core.nomination import BallotRecord, Nominee, Step, parse_procedure

SOURCE = "kiểm thử"


def procedure_data(*steps: dict[str, Any]) -> dict[str, Any]:
    return {"format": "daihoi/nomination-procedure@1", "name": "thử", "steps": list(steps)}


def step_data(
    code: str = "2", *, form: str = "pick", names_from: str = "pool", **params: Any
) -> dict[str, Any]:
    """A step with ``params`` (rule, percent, …) as defaults of the file."""
    values: dict[str, Any] = {"summoned": 60, "rule": "share_of_summoned"}
    if form == "pick":
        values |= {"max_ticks": 5, "blank_lines": 2}
    values |= params
    if values["rule"] in ("share_of_summoned", "share_of_valid", "top_of_share"):
        values.setdefault("percent", 50)
    if values["rule"] in ("top", "top_of_share"):
        values.setdefault("count", 3)
        values.setdefault("ties", "needs_decision")
    if values["rule"] == "top_of_share":
        values.setdefault("share_of", "summoned")
    return {
        "code": code,
        "body": "Hội nghị cán bộ chủ chốt",
        "stands_for": "bước thử",
        "form": form,
        "names_from": names_from,
        "parameters": {k: {"value": v, "source": SOURCE} for k, v in values.items()},
    }


def make_step(code: str = "2", *, form: str = "pick", **params: Any) -> Step:
    return parse_procedure(procedure_data(step_data(code, form=form, **params))).steps[0]


def nominees(*names: str) -> tuple[Nominee, ...]:
    return tuple(Nominee(id=f"p{i}", name=name) for i, name in enumerate(names, start=1))


def picks(step: str, ticks: list[tuple[str, ...]]) -> list[BallotRecord]:
    return [BallotRecord(step=step, ticks=t) for t in ticks]


def votes_ballots(step: str, votes: dict[str, int], collected: int) -> list[BallotRecord]:
    """``collected`` sheets on which each id is ticked on its first ``votes[id]`` sheets."""
    assert all(v <= collected for v in votes.values())
    return [
        BallotRecord(step=step, ticks=tuple(i for i, v in votes.items() if n < v))
        for n in range(collected)
    ]
