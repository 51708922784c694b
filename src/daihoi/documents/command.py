"""``daihoi ballots print ELECTION.json -o FILE.pdf [--committee …] [--upper …] [--test]``.

``--test`` prints the election's MẪU THỬ test ballot (``core.ballots.testing``):
its code names the test id, so a real count refuses it (docs/test-mode.md).

A thin command: parse the arguments, read the election with the engine's
strict reader, draw the ballot, write the file. Exit status 0 when the PDF
was written; 2 for bad input (the election file's errors, named by file,
line and field, as ``daihoi tally`` names them; a list too long for one
sheet; a usage error); 1 when the machine cannot do it (no font with every
Vietnamese letter, the output cannot be written). Messages are Vietnamese
unless ``--lang en``. The output file is replaced only once the whole PDF
is drawn.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from ..core.ballots.layout import LayoutError, ballot_layout
from ..core.ballots.testing import test_definition
from ..core.commandline import ArgumentError, StreamParser
from ..core.elections.errors import InvalidInput, Lang, render
from ..core.elections.formats import read_election
from .ballot_pdf import BallotHeader, render_ballot_pdf
from .fonts import FontNotFound

__all__ = ["run_ballots_print"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

_MESSAGES: dict[str, dict[Lang, str]] = {
    "bad_input": {
        "vi": "Dữ liệu vào có lỗi, không in phiếu bầu:\n",
        "en": "The input has errors; no ballot printed:\n",
    },
    "too_long": {
        "vi": "tệp {file}: danh sách {count} người không in vừa một tờ phiếu (tối đa {most})",
        "en": "file {file}: a list of {count} names does not fit on one ballot sheet "
        "(at most {most})",
    },
    "no_font": {
        "vi": "Không có phông chữ có đủ dấu tiếng Việt: {detail}",
        "en": "No font with every Vietnamese letter: {detail}",
    },
    "cannot_write": {
        "vi": "tệp {file}: không ghi được ({reason})",
        "en": "file {file}: cannot write it ({reason})",
    },
    "done": {
        "vi": "Đã in phiếu bầu vào {file}: khổ {paper}, {sides} mặt, {count} người.\n",
        "en": "Ballot written to {file}: {paper}, {sides} side(s), {count} names.\n",
    },
    "done_test": {
        "vi": "Đã in phiếu MẪU THỬ (phiếu thử, không có giá trị bầu cử) vào {file}: "
        "khổ {paper}, {sides} mặt, {count} người.\n",
        "en": "MẪU THỬ test ballot (no value in a real count) written to {file}: "
        "{paper}, {sides} side(s), {count} names.\n",
    },
}


def _parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi ballots print",
        "Draw the ballot paper of an election as a print-ready PDF.",
        stdout,
        stderr,
    )
    parser.add_argument("election", metavar="ELECTION.json", help="daihoi/election@1 file")
    parser.add_argument(
        "-o", "--output", metavar="FILE.pdf", required=True, help="the PDF to write"
    )
    parser.add_argument(
        "--committee", default="", help='the convening committee, e.g. "ĐẢNG ỦY XÃ …"'
    )
    parser.add_argument("--upper", default="", help='the body above it, e.g. "ĐẢNG BỘ TỈNH …"')
    parser.add_argument(
        "--test",
        action="store_true",
        help="print the MẪU THỬ test ballot (logic-and-accuracy test), refused in a real count",
    )
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    return parser


def run_ballots_print(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; ``argv`` are the arguments after ``ballots print``."""
    try:
        args = _parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    lang = cast(Lang, args.lang)
    label = str(args.election)

    def say(key: str, **values: object) -> str:
        return _MESSAGES[key][lang].format(**values)

    try:
        definition = read_election(Path(label), label=label)
        if args.test:
            definition = test_definition(definition)
        layout = ballot_layout(definition)
        header = BallotHeader(committee=args.committee, upper=args.upper)
        pdf = render_ballot_pdf(definition, header=header)
    except InvalidInput as exc:
        stderr.write(say("bad_input"))
        for err in exc.errors:
            stderr.write(render(err, lang) + "\n")
        return EXIT_BAD_INPUT
    except LayoutError as exc:
        stderr.write(say("bad_input"))
        stderr.write(say("too_long", file=label, count=exc.count, most=exc.most) + "\n")
        return EXIT_BAD_INPUT
    except FontNotFound as exc:
        stderr.write(say("no_font", detail=exc) + "\n")
        return EXIT_FAILED
    output = Path(args.output)
    try:
        _write_replacing(output, pdf)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        stderr.write(say("cannot_write", file=args.output, reason=reason) + "\n")
        return EXIT_FAILED
    stdout.write(
        say(
            "done_test" if args.test else "done",
            file=args.output,
            paper=layout.paper,
            sides=len(layout.sides),
            count=len(layout.rows),
        )
    )
    return EXIT_OK


def _write_replacing(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and move it into place."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
