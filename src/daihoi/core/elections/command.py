"""``daihoi tally ELECTION.json BALLOTS.jsonl [--json] [--lang vi|en]``.

A thin command: parse the arguments, read the election, count the ballots
file as it streams, decide, print. Exit status 0 when a result was computed
(whatever its outcome), 2 for bad input, with every error on stderr naming
the file, the line and the field. Nothing is printed on stdout unless the
whole input is good.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from ..commandline import ArgumentError, StreamParser
from .errors import InvalidInput, Lang, render
from .formats import count_ballots_file, read_election, result_to_json
from .summary import render_summary
from .tally import decide

__all__ = ["run_tally"]

_BAD_INPUT: dict[Lang, str] = {
    "vi": "Dữ liệu vào có lỗi, không tính kết quả:\n",
    "en": "The input has errors; no result computed:\n",
}

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi tally",
        "Count a ballots file and decide the election by its rules profile.",
        stdout,
        stderr,
    )
    parser.add_argument("election", metavar="ELECTION.json", help="daihoi/election@1 file")
    parser.add_argument("ballots", metavar="BALLOTS.jsonl", help="daihoi/ballots@1 file")
    parser.add_argument("--json", action="store_true", help="print daihoi/result@1 JSON")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    return parser


def run_tally(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; ``argv`` are the arguments after ``tally``."""
    try:
        args = _parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    lang = cast(Lang, args.lang)
    try:
        definition = read_election(Path(args.election), label=args.election)
        counts = count_ballots_file(Path(args.ballots), definition, label=args.ballots)
        result = decide(definition, counts)
    except InvalidInput as exc:
        stderr.write(_BAD_INPUT[lang])
        for err in exc.errors:
            stderr.write(render(err, lang) + "\n")
        return EXIT_BAD_INPUT
    if args.json:
        stdout.write(json.dumps(result_to_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(render_summary(definition, result, lang))
    return EXIT_OK
