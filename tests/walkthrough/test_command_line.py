"""Guide: "Command line" — every command the guide lists is one ``daihoi`` has."""

from __future__ import annotations

import re
from pathlib import Path

from tests.walkthrough.conftest import daihoi
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

README = Path(__file__).resolve().parents[2] / "README.md"


def guide_commands() -> list[list[str]]:
    """The words of each command in the guide's "Command line" block, up to the arguments."""
    section = README.read_text(encoding="utf-8").split("### Command line", 1)[1]
    block = section.split("```", 2)[1]
    commands = []
    for line in block.splitlines():
        words = re.findall(r"^daihoi((?: [a-z]+)+)", line.split("#")[0].strip())
        if words:
            commands.append(words[0].split())
    return commands


def test_every_command_in_the_guide_exists(tmp_path) -> None:  # type: ignore[no-untyped-def]
    commands = guide_commands()
    assert len(commands) >= 10
    for words in commands:
        parent = daihoi(tmp_path, *words[:-1], "--help")
        assert parent.returncode == 0, (words, parent.stderr)
        assert re.search(rf"\b{words[-1]}\b", parent.stdout), (words, parent.stdout)
