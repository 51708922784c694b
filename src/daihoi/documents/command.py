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

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from ..core.ballots.deck import INVALID, DeckError, TrialDeck, trial_deck
from ..core.ballots.layout import LayoutError, ballot_layout
from ..core.ballots.testing import trial_definition
from ..core.commandline import ArgumentError, StreamParser
from ..core.elections.errors import InvalidInput, Lang, render
from ..core.elections.formats import read_election, write_ballots
from ..core.elections.model import ElectionDefinition
from .ballot_pdf import BallotHeader, render_ballot_pdf, render_deck_pdf
from .fonts import FontNotFound

__all__ = ["run_ballots_print", "run_ballots_test_deck"]

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
    "deck_form": {
        "vi": "tệp {file}: xấp phiếu thử chỉ vẽ nét gạch tên: chỉ cho phiếu gạch tên "
        "(danh sách nhiều người hơn số được bầu)",
        "en": "file {file}: a test deck draws strike lines: cross-out ballots only "
        "(more names than places)",
    },
    "deck_count": {
        "vi": "--count {count}: cần ít nhất {least} phiếu để mỗi người có số phiếu khác nhau",
        "en": "--count {count}: at least {least} ballots are needed for every name "
        "to get a different number of votes",
    },
    "deck_done": {
        "vi": "Đã vẽ xấp {total} phiếu MẪU THỬ ({valid} hợp lệ, {invalid} không hợp lệ) "
        "vào {file}; kết quả dự kiến ở {ballots}.\n",
        "en": "Test deck of {total} MẪU THỬ ballots ({valid} valid, {invalid} invalid) "
        "written to {file}; the expected ballots in {ballots}.\n",
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
            definition = trial_definition(definition)
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


def _deck_parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi ballots test-deck",
        "Draw a marked deck of MẪU THỬ test ballots and the ballots file it should give.",
        stdout,
        stderr,
    )
    parser.add_argument("election", metavar="ELECTION.json", help="daihoi/election@1 file")
    parser.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the deck")
    parser.add_argument(
        "--ballots",
        metavar="FILE.jsonl",
        required=True,
        help="the expected daihoi/ballots@1 file to write",
    )
    parser.add_argument(
        "--count", type=int, default=None, help="valid ballots (default: 20, or the least needed)"
    )
    parser.add_argument("--committee", default="", help="the convening committee")
    parser.add_argument("--upper", default="", help="the body above it")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    return parser


def _deck(definition: ElectionDefinition, count: int | None) -> TrialDeck:
    """The deck of ``count`` valid ballots; by default 20, or the fewest that give
    every name a different number of votes."""
    if count is not None:
        return trial_deck(definition, count)
    try:
        return trial_deck(definition, 20)
    except DeckError as exc:
        if exc.code != "too_few":
            raise
        return trial_deck(definition, exc.least)


def run_ballots_test_deck(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """``daihoi ballots test-deck ELECTION.json -o deck.pdf --ballots expected.jsonl``:
    the deck of ``core.ballots.deck`` drawn on the MẪU THỬ ballot, and its ballots
    file (header: the test id). Both files are written only once both are drawn."""
    try:
        args = _deck_parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    lang = cast(Lang, args.lang)
    label = str(args.election)

    def say(key: str, **values: object) -> str:
        return _MESSAGES[key][lang].format(**values)

    try:
        definition = trial_definition(read_election(Path(label), label=label))
        deck = _deck(definition, args.count)
        header = BallotHeader(committee=args.committee, upper=args.upper)
        pdf = render_deck_pdf(
            definition, header=header, struck=[set(b.crossed or ()) for b in deck.ballots]
        )
    except InvalidInput as exc:
        stderr.write(say("bad_input"))
        for err in exc.errors:
            stderr.write(render(err, lang) + "\n")
        return EXIT_BAD_INPUT
    except LayoutError as exc:
        stderr.write(say("bad_input"))
        stderr.write(say("too_long", file=label, count=exc.count, most=exc.most) + "\n")
        return EXIT_BAD_INPUT
    except DeckError as exc:
        stderr.write(say("bad_input"))
        if exc.code == "not_cross_out":
            stderr.write(say("deck_form", file=label) + "\n")
        else:
            stderr.write(say("deck_count", count=args.count, least=exc.least) + "\n")
        return EXIT_BAD_INPUT
    except FontNotFound as exc:
        stderr.write(say("no_font", detail=exc) + "\n")
        return EXIT_FAILED
    lines = io.StringIO()
    write_ballots(lines, definition.id, deck.ballots)
    written: list[Path] = []
    for target, data in ((Path(args.output), pdf), (Path(args.ballots), lines.getvalue().encode())):
        try:
            _write_replacing(target, data)
        except OSError as exc:
            for done in written:
                done.unlink(missing_ok=True)
            reason = exc.strerror or str(exc)
            stderr.write(say("cannot_write", file=target, reason=reason) + "\n")
            return EXIT_FAILED
        written.append(target)
    total = len(deck.ballots)
    stdout.write(
        say(
            "deck_done",
            total=total,
            valid=total - INVALID,
            invalid=INVALID,
            file=args.output,
            ballots=args.ballots,
        )
    )
    return EXIT_OK
