"""The minutes a package carries must state its result's figures, or the portal refuses it."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daihoi.core.elections.formats import count_ballots_file, read_election, result_to_json
from daihoi.core.elections.model import Result
from daihoi.core.elections.tally import decide
from daihoi.core.package import (
    PackageError,
    PackageMeta,
    build_package,
    check_minutes,
    read_package,
)
from daihoi.documents.minutes import (
    CountingMember,
    MinutesContext,
    render_minutes_docx,
    render_minutes_pdf,
)

DATA = Path(__file__).parent / "data"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
META = PackageMeta(
    unit_code="01.07.03",
    unit_name="Đảng bộ xã Thượng Quan",
    congress="Đại hội đại biểu Đảng bộ xã Thượng Quan lần thứ XX, nhiệm kỳ 2025–2030",
    station="Máy kiểm phiếu số 1",
    sealed_at=datetime(2025, 6, 14, 21, 30, tzinfo=timezone(timedelta(hours=7))),
    seal_hash="5d41402abc4b2a76b9719d911017c592" * 2,
    software="daihoi 0.1.0",
)
CONTEXT = MinutesContext(
    upper_body="Đảng bộ tỉnh Phú Thọ",
    convening_body="Đảng bộ xã Thượng Quan",
    congress_title="Đại hội đại biểu Đảng bộ xã Thượng Quan lần thứ XX",
    place="Thượng Quan",
    counted_at=datetime(2025, 6, 14, 20, 0),
    members=(CountingMember("Nguyễn Văn Tâm", "head"), CountingMember("Lê Thị Hoa", "member")),
)


@cache
def sample() -> tuple[Any, Result, dict[str, Any]]:
    definition = read_election(DATA / "election.json")
    result = decide(definition, count_ballots_file(DATA / "ballots.jsonl", definition))
    lines = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    inputs = {
        "election": json.loads((DATA / "election.json").read_text(encoding="utf-8")),
        "ballots": [json.loads(line) for line in lines],
        "result": result_to_json(result),
        "meta": META,
        "key": KEY,
    }
    return definition, result, inputs


def package_with(shown: Result | None = None, *, docx: bool = True) -> bytes:
    """A genuine package whose minutes show ``shown`` (the true result by default)."""
    definition, result, inputs = sample()
    minutes = shown or result
    return build_package(
        **inputs,
        minutes_pdf=render_minutes_pdf(definition, minutes, CONTEXT),
        minutes_docx=render_minutes_docx(definition, minutes, CONTEXT) if docx else None,
    )


def refusal(data: bytes) -> PackageError:
    with pytest.raises(PackageError) as caught:
        check_minutes(read_package(data))
    return caught.value


def test_minutes_made_from_the_result_pass() -> None:
    check_minutes(read_package(package_with()))


def test_a_ballot_figure_that_differs_is_named() -> None:
    _, result, _ = sample()
    shown = dataclasses.replace(
        result, ballots=dataclasses.replace(result.ballots, valid=result.ballots.valid + 1)
    )
    error = refusal(package_with(shown, docx=False))
    assert error.code == "minutes_mismatch"
    assert error.params["figure"] == "Số phiếu hợp lệ"
    assert str(result.ballots.valid + 1) in error.message("vi")


def test_a_candidates_votes_that_differ_are_named_with_the_candidate() -> None:
    _, result, _ = sample()
    last = result.candidates[-1]
    rows = (*result.candidates[:-1], dataclasses.replace(last, votes=last.votes + 7))
    error = refusal(package_with(dataclasses.replace(result, candidates=rows), docx=False))
    assert error.code == "minutes_mismatch" and last.name in error.message("en")


def test_someone_listed_as_elected_who_is_not_is_refused() -> None:
    _, result, _ = sample()
    loser = next(c for c in result.candidates if c.status != "elected")
    shown = dataclasses.replace(result, elected=(*result.elected, loser.id))
    error = refusal(package_with(shown, docx=False))
    assert error.code == "minutes_elected" and loser.name in error.message("vi")


def test_the_docx_is_checked_as_well_as_the_pdf() -> None:
    definition, result, inputs = sample()
    shown = dataclasses.replace(result, base=result.base + 1)
    data = build_package(
        **inputs,
        minutes_pdf=render_minutes_pdf(definition, result, CONTEXT),
        minutes_docx=render_minutes_docx(definition, shown, CONTEXT),
    )
    error = refusal(data)
    assert (error.code, error.params["part"]) == ("minutes_mismatch", "minutes_docx")


def test_minutes_without_the_figures_are_refused() -> None:
    _, _, inputs = sample()
    blank = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    error = refusal(build_package(**inputs, minutes_pdf=blank, minutes_docx=None))
    assert error.code in ("minutes_unreadable", "minutes_missing")
    assert "minutes.pdf" in error.message("vi")
