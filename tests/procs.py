"""Linux process facts from /proc, for the tests and the load test that run real servers."""

from __future__ import annotations

from pathlib import Path


def process_tree(pid: int) -> dict[int, list[str]]:
    """The /proc stat fields (after the command name) of ``pid`` and of its children."""
    found: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has just ended
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            found[int(entry.name)] = fields
    return found


def children(pid: int) -> set[int]:
    return {child for child in process_tree(pid) if child != pid}
