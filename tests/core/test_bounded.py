"""Hostile JSON for every command that reads it: ``tally``, ``scan interpret``,
``ballots print`` and ``package verify``.

Each file is refused with exit 2 and a message naming the file, the line and
where in it, never a traceback; a giant value is quoted by a short prefix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from io import StringIO
from pathlib import Path
from typing import TextIO

import pytest

from daihoi.core.bounded import (
    MAX_DEPTH,
    MAX_DIGITS,
    JsonLimitExceeded,
    check_json,
    quote,
)
from daihoi.core.elections.command import run_tally
from daihoi.core.elections.jsonread import loads_strict
from daihoi.core.package import PackageError, read_package, run_package_verify
from daihoi.core.scanning.command import run_scan_interpret
from daihoi.documents.ballot_pdf import blank_ballot_pdf
from daihoi.documents.command import run_ballots_print

from .test_package import (
    STATION,
    STATION_KEY,
    ballot_lines,
    opened,
    package,
    part,
    put_part,
    resigned,
    with_ballot_lines,
)

DATA = Path(__file__).parent / "data"
DEEP = "[" * 100_000 + "]" * 100_000
LONG_INT = "7" * 5_000
HUGE_ID = "x" * 2_000_000
Command = Callable[[list[str], TextIO, TextIO], int]


def run(command: Command, *argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = command(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def election_with(tmp_path: Path, field: str, raw: str) -> str:
    """The sample election file with one field's value replaced by raw JSON text."""
    data = json.loads((DATA / "election.json").read_text(encoding="utf-8"))
    data[field] = "@@"
    path = tmp_path / "election.json"
    text = json.dumps(data, ensure_ascii=False, indent=2).replace('"@@"', raw)
    path.write_text(text, encoding="utf-8")
    return str(path)


def ballots_with(tmp_path: Path, line: str) -> str:
    lines = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ballots.jsonl"
    path.write_text("\n".join([*lines[:3], line, *lines[3:]]) + "\n", encoding="utf-8")
    return str(path)


# --- the limits themselves --------------------------------------------------------------


def test_json_at_the_depth_limit_reads_and_one_level_more_is_refused() -> None:
    assert loads_strict("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JsonLimitExceeded) as caught:
        loads_strict("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert caught.value.colno == MAX_DEPTH + 1


def test_an_unclosed_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    with pytest.raises(JsonLimitExceeded, match="levels deep"):
        loads_strict('{"a": ' + "[{" * 50_000)


def test_nesting_with_closed_lists_between_the_levels_is_still_deep() -> None:
    with pytest.raises(JsonLimitExceeded, match="levels deep"):
        loads_strict("[[]," * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1))
    assert loads_strict("[[]," * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1))


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"text": "[" * 10_000, "n": ["{" * 500]})
    assert loads_strict(text)["n"] == ["{" * 500]


def test_many_shallow_lists_are_not_deep() -> None:
    text = json.dumps([[i] for i in range(10_000)])
    assert len(loads_strict(text)) == 10_000


def test_a_number_at_the_digit_limit_reads_and_a_longer_one_is_refused() -> None:
    assert loads_strict("[" + "9" * MAX_DIGITS + "]") == [int("9" * MAX_DIGITS)]
    with pytest.raises(JsonLimitExceeded, match=f"{MAX_DIGITS + 1} digits") as caught:
        loads_strict('{"a": 1,\n "b": ' + "9" * (MAX_DIGITS + 1) + "}")
    assert (caught.value.lineno, caught.value.colno) == (2, 7)


def test_long_runs_of_digits_inside_strings_are_text() -> None:
    assert loads_strict(json.dumps({"id": "1" * 5000})) == {"id": "1" * 5000}


def test_a_long_value_is_quoted_by_a_prefix_and_its_length() -> None:
    shown = quote("a,b" * 1000)
    assert shown.startswith("a,ba,b") and len(shown) < 150 and shown.endswith("… (3 000)")
    assert quote("short, and plain") == "short, and plain"


def test_the_check_of_an_ordinary_file_is_silent() -> None:
    check_json((DATA / "election.json").read_text(encoding="utf-8"))


# --- daihoi tally ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "said"),
    [
        ("title", DEEP, "levels deep"),
        ("seats", LONG_INT, "5000 digits"),
        ("candidates", "[" * 3_000, "levels deep"),
    ],
    ids=["deep", "long-int", "unclosed"],
)
def test_tally_refuses_an_election_file_over_the_limits(
    tmp_path: Path, field: str, raw: str, said: str
) -> None:
    election = election_with(tmp_path, field, raw)
    status, out, err = run(run_tally, election, str(DATA / "ballots.jsonl"), "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file {election}, line " in err and said in err
    assert "Traceback" not in err and len(err) < 1000


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('{"crossed": ' + DEEP + "}", "levels deep"),
        ('{"crossed": ["c01"], "defects": [' + LONG_INT + "]}", "5000 digits"),
    ],
    ids=["deep", "long-int"],
)
def test_tally_refuses_a_ballots_line_over_the_limits(tmp_path: Path, line: str, said: str) -> None:
    ballots = ballots_with(tmp_path, line)
    status, out, err = run(run_tally, str(DATA / "election.json"), ballots, "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file {ballots}, line 4" in err and said in err
    assert len(err) < 1000


def test_tally_quotes_a_giant_unknown_candidate_by_a_short_prefix(tmp_path: Path) -> None:
    ballots = ballots_with(tmp_path, json.dumps({"crossed": [HUGE_ID]}))
    status, out, err = run(run_tally, str(DATA / "election.json"), ballots, "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file {ballots}, line 4" in err and "xxxxxxxx…" in err
    assert len(err) < 1000


def test_tally_quotes_a_giant_review_reason_of_a_scanners_file_by_a_prefix(
    tmp_path: Path,
) -> None:
    line = json.dumps({"crossed": [], "ref": "r" * 100_000, "review": ["y" * 2_000_000]})
    ballots = ballots_with(tmp_path, line)
    status, out, err = run(run_tally, str(DATA / "election.json"), ballots, "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file {ballots}, line 4" in err and "yyyy…" in err and len(err) < 1000


def test_tally_quotes_a_giant_election_id_by_a_short_prefix(tmp_path: Path) -> None:
    lines = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ballots.jsonl"
    header = json.dumps({"format": "daihoi/ballots@1", "election": HUGE_ID})
    path.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    status, _out, err = run(run_tally, str(DATA / "election.json"), str(path), "--lang", "en")
    assert status == 2 and "line 1" in err and len(err) < 1000


# --- daihoi scan interpret and daihoi ballots print -----------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "said"),
    [
        ("title", DEEP, "levels deep"),
        ("seats", LONG_INT, "5000 digits"),
        ("kind", json.dumps(HUGE_ID), "xxxx…"),
    ],
    ids=["deep", "long-int", "giant-value"],
)
def test_scan_interpret_refuses_an_election_file_over_the_limits(
    tmp_path: Path, field: str, raw: str, said: str
) -> None:
    election = election_with(tmp_path, field, raw)
    scan_interpret = partial(run_scan_interpret, render_blank=blank_ballot_pdf)
    status, out, err = run(scan_interpret, election, str(tmp_path / "scan.png"), "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file {election}, " in err and said in err and len(err) < 1000


@pytest.mark.parametrize(
    ("field", "raw", "said"),
    [("title", DEEP, "levels deep"), ("seats", LONG_INT, "5000 digits")],
    ids=["deep", "long-int"],
)
def test_ballots_print_refuses_an_election_file_over_the_limits(
    tmp_path: Path, field: str, raw: str, said: str
) -> None:
    election = election_with(tmp_path, field, raw)
    output = tmp_path / "phieu.pdf"
    status, _out, err = run(run_ballots_print, election, "-o", str(output), "--lang", "en")
    assert status == 2 and not output.exists()
    assert election in err and "line " in err and said in err and len(err) < 1000


def test_ballots_print_quotes_a_giant_title_by_a_prefix(tmp_path: Path) -> None:
    election = election_with(tmp_path, "kind", json.dumps(HUGE_ID))
    status, _out, err = run(
        run_ballots_print, election, "-o", str(tmp_path / "p.pdf"), "--lang", "en"
    )
    assert status == 2 and len(err) < 1000


# --- daihoi package verify (signed by the trusted key itself) -------------------------


def _signed_with_ballot(line: bytes) -> bytes:
    document = opened(package())
    lines = ballot_lines(document)
    with_ballot_lines(document, [lines[0], line, *lines[1:]])
    return resigned(document, STATION_KEY)


def _signed_with_election(edit: Callable[[str], str]) -> bytes:
    document = opened(package())
    put_part(document, "election", edit(part(document, "election").decode()).encode())
    return resigned(document, STATION_KEY)


HOSTILE_PACKAGES: dict[str, Callable[[], bytes]] = {
    "deep-envelope": lambda: b'{"format": ' + DEEP.encode() + b"}",
    "long-int-envelope": lambda: b'{"format": ' + LONG_INT.encode() + b"}",
    "deep-ballot": lambda: _signed_with_ballot(b'{"crossed":' + DEEP.encode() + b"}"),
    "long-int-ballot": lambda: _signed_with_ballot(b'{"crossed":[' + LONG_INT.encode() + b"]}"),
    "giant-id-ballot": lambda: _signed_with_ballot(json.dumps({"crossed": [HUGE_ID]}).encode()),
    "deep-election": lambda: _signed_with_election(
        lambda t: t.replace('"round":1', '"round":' + DEEP)
    ),
    "long-int-election": lambda: _signed_with_election(
        lambda t: t.replace('"round":1', '"round":' + LONG_INT)
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PACKAGES))
def test_package_verify_refuses_hostile_json_even_under_a_trusted_key(
    tmp_path: Path, name: str
) -> None:
    data = HOSTILE_PACKAGES[name]()
    with pytest.raises(PackageError):
        read_package(data, trusted=[STATION])
    path = tmp_path / "goi.json"
    path.write_bytes(data)
    status, out, err = run(run_package_verify, str(path), "--trust", STATION, "--lang", "en")
    assert (status, out) == (2, "")
    assert "Traceback" not in err and len(err) < 1500


def test_the_hostile_packages_are_refused_for_their_content_not_their_key() -> None:
    err = _refused(HOSTILE_PACKAGES["deep-ballot"]()).message("en")
    assert "levels deep" in err and "line 2" in err, err


def _refused(data: bytes) -> PackageError:
    with pytest.raises(PackageError) as caught:
        read_package(data, trusted=[STATION])
    return caught.value
