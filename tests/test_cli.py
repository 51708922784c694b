"""The ``daihoi`` command hands ``--help`` on to each pure command's own parser."""

from __future__ import annotations

import pytest

from daihoi.cli import main

PURE_COMMANDS = [
    (["tally"], "daihoi tally"),
    (["scan", "interpret"], "daihoi scan interpret"),
    (["package", "verify"], "daihoi package verify"),
    (["ballots", "print"], "daihoi ballots print"),
]


@pytest.mark.parametrize(("command", "prog"), PURE_COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_each_pure_command_answers_help_with_its_own_usage(
    command: list[str], prog: str, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([*command, flag])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.startswith(f"usage: {prog} ")
    assert "unrecognized arguments" not in err


def test_a_pure_command_still_reads_its_options_after_its_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["tally", "missing-election.json", "missing-ballots.jsonl", "--lang", "en"])
    out, err = capsys.readouterr()
    assert status == 2
    assert "missing-election.json" in err
    assert out == ""
