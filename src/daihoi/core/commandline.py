"""What the pure commands (tally, ballots print, package verify, scan interpret) share.

Each command runs as a function of its arguments and two text streams, so the
CLI and the tests call it alike: its parser writes to those streams and never
exits the process.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn, TextIO

#: The exit status of bad arguments, as of every bad input to these commands.
EXIT_BAD_ARGUMENTS = 2


class ArgumentError(Exception):
    """The parser stopped: ``message`` is for stderr, ``status`` is the exit status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class StreamParser(argparse.ArgumentParser):
    """argparse writing to the streams it is given, and never exiting."""

    def __init__(self, prog: str, description: str, stdout: TextIO, stderr: TextIO) -> None:
        super().__init__(prog=prog, description=description)
        self._out, self._err = stdout, stderr

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            (self._out if file is None or file is sys.stdout else self._err).write(message)

    def print_help(self, file: object = None) -> None:
        self._out.write(self.format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ArgumentError(status, message or "")

    def error(self, message: str) -> NoReturn:
        raise ArgumentError(EXIT_BAD_ARGUMENTS, f"{self.format_usage()}{self.prog}: {message}\n")


#: A prefix no argument starts with: a pass-through parser reads every
#: argument, ``--help`` included, as a plain word for the command it hands on to.
_NO_OPTIONS = "\x00"


def add_passthrough(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    *,
    help: str,
    func: object,
) -> argparse.ArgumentParser:
    """Add a sub-command that hands all its arguments, untouched, to ``func``.

    The outer parser must not read ``--help`` or ``-h`` itself: the command's
    own parser answers them. ``func`` finds the arguments in ``args.rest``.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, add_help=False, prefix_chars=_NO_OPTIONS
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    parser.set_defaults(func=func)
    return parser
