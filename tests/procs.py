"""Linux process facts from /proc, for the tests and the load test that run real servers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
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


def processes_named(word: bytes) -> dict[int, list[str]]:
    """The /proc stat fields of every process whose command line holds ``word``."""
    found: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has just ended
            continue
        if word in command:
            found[int(entry.name)] = fields
    return found


def children(pid: int) -> set[int]:
    return {child for child in process_tree(pid) if child != pid}


def serve(port: int, env: dict[str, str], *options: str) -> subprocess.Popen[bytes]:
    """``daihoi serve`` on 127.0.0.1:``port``, returned once it accepts connections."""
    process = subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli", "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")
