"""Guide: "Counting a ballot file: daihoi tally" — the three commands the guide
shows, and a bad line named with nothing tallied."""

from __future__ import annotations

import json
from pathlib import Path

from tests.walkthrough.conftest import daihoi
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

DATA = Path(__file__).resolve().parents[1] / "core" / "data"


def test_the_guides_tally_commands_give_the_minutes_figures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    election, ballots = str(DATA / "election.json"), str(DATA / "ballots.jsonl")
    summary = daihoi(tmp_path, "tally", election, ballots)
    assert summary.returncode == 0, summary.stderr
    assert "quá một nửa" in summary.stdout

    result = json.loads(daihoi(tmp_path, "tally", election, ballots, "--json").stdout)
    assert result["format"] == "daihoi/result@1"
    elected = [c for c in result["candidates"] if c["status"] == "elected"]
    assert elected and all(c["name"] in summary.stdout for c in elected)

    english = daihoi(tmp_path, "tally", election, ballots, "--lang", "en")
    assert english.returncode == 0 and "quá một nửa" not in english.stdout

    bad = tmp_path / "ballots.jsonl"
    lines = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:3], "{not json", *lines[3:]]) + "\n", encoding="utf-8")
    refused = daihoi(tmp_path, "tally", election, str(bad))
    assert refused.returncode == 2
    assert "ballots.jsonl" in refused.stderr and "4" in refused.stderr
    assert refused.stdout == ""
