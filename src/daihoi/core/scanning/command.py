"""``daihoi scan interpret ELECTION.json IMAGE_OR_PDF... [--workers N] [--duplex]``.

Prints ``daihoi/ballots@1`` JSON Lines on stdout: the header, then one line
per ballot in the order of the input pages, each with ``ref`` (``path``, or
``path#page`` for a page of a PDF or multi-page TIFF; the two pages of a
two-sided sheet joined by `` + ``, front first) and ``review``: the reasons a human must
look at it, ``[]`` when none.

A page that was not read (``unreadable``, ``unregistered``,
``wrong_election``, a blank page) still gets its line, with ``ref`` and
``review`` but no ``crossed`` or ``marks``: the line says that the page
exists and was not counted, and a ballots reader refuses it (``crossed`` or
``marks`` is required), so such a file cannot be tallied until the
committee has dealt with it. Each such page is also named on stderr, with
the reason, and counted in the summary there.

Exit status: 0 when every page was read into a ballot and none needs review;
1 when the output is complete but some ballot needs review or some page was
not read; 2 for bad arguments, an unreadable election file or ballot PDF
(nothing on stdout), or reading processes that cannot start (output
incomplete).

Worker processes are *spawned* (a fork of a process that has run OpenCV's
thread pool can hang): a script calling :func:`run_scan_interpret` with
more than one worker needs the usual ``if __name__ == "__main__":`` guard.

Options: ``--workers N`` reads pages in N processes (default: the CPUs),
output still in input order; ``--duplex``: the pages come in pairs, both
faces of each sheet (``interpret.assemble_ballots``); ``--blank BALLOT.pdf``:
compare with the ballot PDF as printed (default: rendered from the election,
the committee's header box not checked); ``--audit FILE``: write every
reading in full (scores, thresholds, hashes) as JSON Lines.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO, cast

from ..commandline import ArgumentError, StreamParser
from ..elections.errors import InvalidInput, Lang, render
from ..elections.formats import BALLOTS_FORMAT, ballot_to_json, read_election
from ..elections.model import ElectionDefinition
from .images import PageSource, close_pdf, list_pages
from .interpret import (
    REVIEW_REASONS,
    BallotReading,
    PageReading,
    assemble_ballots,
    ballot_reading_to_json,
    interpret_source,
    not_read,
)
from .marks import Thresholds
from .template import BlankBallot, BlankError, RenderBlank, blank_ballot

__all__ = ["AUDIT_FORMAT", "ReadersFailed", "ballot_line", "read_pages", "run_scan_interpret"]

AUDIT_FORMAT = "daihoi/scan-audit@1"

EXIT_OK = 0
EXIT_REVIEW = 1
EXIT_BAD_INPUT = 2

_TEXT: dict[Lang, dict[str, str]] = {
    "vi": {
        "bad_input": "Dữ liệu vào có lỗi, không đọc phiếu:\n",
        "blank": "Không dựng được phiếu trắng để so sánh: {reason}\n",
        "not_read": "{ref}: không đọc được ({status}: {detail})\n",
        "summary": (
            "{pages} trang, {ballots} phiếu: {counted} phiếu đọc xong, "
            "{review} phiếu cần ban kiểm phiếu xem, {failed} trang không đọc được.\n"
        ),
        "reasons": "Lý do cần xem: {reasons}\n",
        "gray": "{count} trang quét đen trắng: không kiểm được màu đỏ của dấu.\n",
        "binary": (
            "{count} trang quét đen trắng 1 bit: máy quét đen trắng có thể làm mất cả nét bút "
            "nhạt lẫn dấu đỏ; hãy quét ở chế độ xám hoặc màu, 200 dpi.\n"
        ),
        "colourless": (
            "{count} trang là ảnh màu nhưng không có chút màu nào, nên không thấy dấu đỏ: "
            "ảnh xám lưu thành ảnh màu (hãy quét ở chế độ màu), hoặc giấy không có dấu đỏ.\n"
        ),
        "audit": "Không ghi được tệp {file}: {reason}\n",
        "readers": "Các tiến trình đọc phiếu không chạy được; kết quả chưa đầy đủ.\n",
    },
    "en": {
        "bad_input": "The input has errors; no ballot read:\n",
        "blank": "Cannot make the blank ballot to compare with: {reason}\n",
        "not_read": "{ref}: not read ({status}: {detail})\n",
        "summary": (
            "{pages} pages, {ballots} ballots: {counted} read, "
            "{review} for the counting committee to review, {failed} pages not read.\n"
        ),
        "reasons": "Review reasons: {reasons}\n",
        "gray": "{count} grayscale pages: the stamp's red could not be checked.\n",
        "binary": (
            "{count} pages scanned 1-bit black and white: such a scanner can drop a light pen "
            "and the red seal whole; scan in grayscale or colour, 200 dpi.\n"
        ),
        "colourless": (
            "{count} colour pages carry no colour at all, so no red seal was seen: "
            "a grayscale scan saved as colour (scan in colour), or no red seal on the paper.\n"
        ),
        "audit": "Cannot write {file}: {reason}\n",
        "readers": "The reading processes cannot run; the output is incomplete.\n",
    },
}


def _workers(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi scan interpret",
        "Read scanned ballots into daihoi/ballots@1 JSON Lines.",
        stdout,
        stderr,
    )
    parser.add_argument("election", metavar="ELECTION.json", help="daihoi/election@1 file")
    parser.add_argument("images", metavar="IMAGE_OR_PDF", nargs="+", help="PNG, JPEG, TIFF, PDF")
    parser.add_argument("--workers", type=_workers, default=None, help="processes (default: CPUs)")
    parser.add_argument("--duplex", action="store_true", help="pages are both faces of each sheet")
    parser.add_argument("--blank", metavar="BALLOT.pdf", help="the ballot PDF as printed")
    parser.add_argument("--audit", metavar="FILE", help="write every reading in full (JSON Lines)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    return parser


def run_scan_interpret(
    argv: Sequence[str], stdout: TextIO, stderr: TextIO, render_blank: RenderBlank
) -> int:
    """Run the command; ``argv`` are the arguments after ``scan interpret``.

    ``render_blank`` draws the ballot PDF when ``--blank`` does not give the one printed.
    """
    try:
        args = _parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    lang = cast(Lang, args.lang)
    text = _TEXT[lang]
    try:
        definition = read_election(Path(args.election), label=args.election)
    except InvalidInput as exc:
        stderr.write(text["bad_input"])
        for err in exc.errors:
            stderr.write(render(err, lang) + "\n")
        return EXIT_BAD_INPUT
    pdf = None
    try:
        if args.blank is not None:
            pdf = Path(args.blank).read_bytes()
        blank = blank_ballot(definition, pdf=pdf, render=render_blank)
    except (OSError, BlankError, ValueError, RuntimeError) as exc:
        # ValueError: a list no sheet holds (LayoutError); RuntimeError: no font.
        stderr.write(text["blank"].format(reason=exc))
        return EXIT_BAD_INPUT
    thresholds = Thresholds()
    workers = args.workers or _default_workers()
    sources = (source for path in args.images for source in list_pages(path))
    pages = read_pages(sources, definition, pdf, thresholds, workers, render_blank)
    ballots = assemble_ballots(pages, blank.layout, duplex=args.duplex)
    with ExitStack() as stack:
        audit = None
        if args.audit is not None:
            try:
                audit = stack.enter_context(Path(args.audit).open("w", encoding="utf-8"))
            except OSError as exc:
                stderr.write(text["audit"].format(file=args.audit, reason=exc.strerror or exc))
                return EXIT_BAD_INPUT
            _write_json(audit, _audit_header(definition, blank, thresholds))
        try:
            return _write(ballots, definition, stdout, audit, stderr, text)
        except ReadersFailed:
            stderr.write(text["readers"])
            return EXIT_BAD_INPUT


def ballot_line(reading: BallotReading) -> dict[str, Any]:
    """One output line: the ballot (if read) with its ``ref`` and ``review``."""
    out = ballot_to_json(reading.ballot) if reading.ballot is not None else {}
    out["ref"] = reading.ref
    out["review"] = list(reading.review)
    return out


def _write_json(stream: TextIO, obj: dict[str, Any]) -> None:
    stream.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _audit_header(
    definition: ElectionDefinition, blank: BlankBallot, thresholds: Thresholds
) -> dict[str, Any]:
    return {
        "format": AUDIT_FORMAT,
        "election": definition.id,
        "round": definition.round,
        "definition_hash": blank.payloads[0].definition_hash,
        "blank_sha256": blank.source_sha256,
        "blank_header_checked": blank.header_known,
        "thresholds": thresholds.to_json(),
    }


def _write(
    ballots: Iterable[BallotReading],
    definition: ElectionDefinition,
    stdout: TextIO,
    audit: TextIO | None,
    stderr: TextIO,
    text: dict[str, str],
) -> int:
    _write_json(stdout, {"format": BALLOTS_FORMAT, "election": definition.id})
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for reading in ballots:
        _write_json(stdout, ballot_line(reading))
        if audit is not None:
            _write_json(audit, ballot_reading_to_json(reading))
        counts["ballots"] += 1
        for page in reading.pages:
            counts["pages"] += 1
            if page.colour is False and page.status == "read":
                counts["gray"] += 1
            if page.colourless:
                counts["colourless"] += 1
            if page.binary and page.status == "read":
                counts["binary"] += 1
            if page.status == "blank" and reading.ballot is not None:
                continue  # the blank back of a one-sided ballot, scanned duplex
            if page.status != "read":
                counts["failed"] += 1
                stderr.write(
                    text["not_read"].format(
                        ref=page.ref, status=page.status, detail=page.detail or ""
                    )
                )
        if reading.ballot is None:
            continue
        if reading.review:
            counts["review"] += 1
            reasons.update(reading.review)
        else:
            counts["counted"] += 1
    stderr.write(
        text["summary"].format(
            pages=counts["pages"],
            ballots=counts["ballots"],
            counted=counts["counted"],
            review=counts["review"],
            failed=counts["failed"],
        )
    )
    if reasons:
        listed = ", ".join(f"{r} {reasons[r]}" for r in REVIEW_REASONS if reasons[r])
        stderr.write(text["reasons"].format(reasons=listed))
    if counts["gray"]:
        stderr.write(text["gray"].format(count=counts["gray"]))
    if counts["binary"]:
        stderr.write(text["binary"].format(count=counts["binary"]))
    if counts["colourless"]:
        stderr.write(text["colourless"].format(count=counts["colourless"]))
    if counts["counted"] == counts["ballots"]:
        return EXIT_OK
    return EXIT_REVIEW


# --- reading pages, in order, in several processes --------------------------------

_state: dict[str, Any] = {}


def _init_worker(definition: ElectionDefinition, blank: BlankBallot, th: Thresholds) -> None:
    import cv2

    cv2.setNumThreads(1)  # one process a core
    _state["definition"] = definition
    _state["blank"] = blank
    _state["thresholds"] = th


def _read_one(source: PageSource) -> PageReading:
    return interpret_source(
        source,
        _state["definition"],
        thresholds=_state["thresholds"],
        blank=_state["blank"],
    )


def read_pages(
    sources: Iterable[PageSource],
    definition: ElectionDefinition,
    pdf: bytes | None,
    thresholds: Thresholds,
    workers: int,
    render: RenderBlank | None = None,
) -> Iterator[PageReading]:
    """Every page's reading, in input order, at most ``8 × workers`` in flight.

    ``pdf``: the ballot PDF as printed, or ``None`` to have ``render`` draw it
    from the definition. One worker reads in this process; more are spawned.

    Each worker opens and decodes its own pages (a source is a file name and
    a page number) and sends back the reading alone, without any image; the
    blank is made once, here, and handed to the workers as they start (it
    takes a worker longer to render it than to receive it).

    A reader process that dies (a decoder crashing on a damaged file) costs
    the page it was waiting for — reported ``unreadable`` — and the pool is
    started again for the rest; if the new pool fails before reading any
    page (it cannot start), :class:`ReadersFailed` is raised.
    """
    blank = blank_ballot(definition, pdf=pdf, render=render)
    if workers == 1:
        try:
            for source in sources:
                yield interpret_source(source, definition, thresholds=thresholds, blank=blank)
        finally:
            close_pdf()
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process running OpenCV threads

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(definition, blank, thresholds),
        )

    pool = start()
    items = iter(sources)
    pending: deque[tuple[PageSource, Future[PageReading]]] = deque()
    restarted = False
    try:
        while True:
            while len(pending) < 8 * workers and (item := next(items, None)) is not None:
                pending.append((item, pool.submit(_read_one, item)))
            if not pending:
                return
            source, future = pending.popleft()
            try:
                reading = future.result()
                restarted = False
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                if restarted:
                    raise ReadersFailed() from None
                reading = not_read(source, thresholds, "the reading process stopped")
                pool = start()
                restarted = True
                pending = deque((s, pool.submit(_read_one, s)) for s, _ in pending)
            yield reading
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class ReadersFailed(Exception):
    """The reading processes cannot run (they fail as they start)."""


#: The name this function had first (``elections.scanning`` imports it).
_read_pages = read_pages
