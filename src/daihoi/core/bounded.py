"""Limits every reader of an outside file checks before it parses or loads.

One place for what a hostile or broken file may not do to a reader: nest
JSON deeper than :data:`MAX_DEPTH`, write a number longer than
:data:`MAX_DIGITS` digits, put NUL or control characters in a text cell, make
a cell longer than :data:`MAX_CELL` characters, or declare a spreadsheet
larger than the reader would ever load. Messages quote at most a short
prefix of a bad value (:func:`quote`).

Pure: no Django. The JSON readers (election, ballots, package parts) call
:func:`check_json` and the number hooks through ``loads_strict``; the spreadsheet readers
(``daihoi.tables``) call :func:`check_xlsx`, :func:`csv_rows` and
:func:`bad_character`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ROWS",
    "MAX_XLSX_UNPACKED",
    "CsvTooLarge",
    "JsonLimitExceeded",
    "NumberTooLong",
    "SheetProblem",
    "bad_character",
    "check_json",
    "check_xlsx",
    "check_zip",
    "csv_rows",
    "long_number",
    "parse_float",
    "parse_int",
    "quote",
]

#: JSON arrays and objects inside one another; the formats need five or six.
MAX_DEPTH = 64
#: Digits of one JSON number; every count and id of the formats fits in far fewer.
MAX_DIGITS = 30
#: Characters of one spreadsheet cell (the CSV module's own default limit).
MAX_CELL = 131_072
#: Rows and columns a spreadsheet may declare or hold.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
#: Bytes of all the parts of an .xlsx once unpacked.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
#: Characters of a value quoted in a message (the longest list of choices a
#: message names fits).
QUOTE_LIMIT = 120


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as text for a message: at most ``limit`` characters, then "…"."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    size = f"{len(text):,}".replace(",", " ")
    return f"{text[:limit]}… ({size})"


# --- JSON ---------------------------------------------------------------------------


class JsonLimitExceeded(json.JSONDecodeError):
    """A JSON text over a limit; located like any malformed JSON (line, column).

    ``code`` is ``json_too_deep`` or ``number_too_long``; ``params`` fill the
    engine's message of that code.
    """

    def __init__(self, code: str, msg: str, doc: str, pos: int, **params: int) -> None:
        super().__init__(msg, doc, pos)
        self.code = code
        self.params = params


_STRING = r'"(?:[^"\\]++|\\.)*+"?'
_STRINGS = re.compile(_STRING, re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
_OPENERS_RUN = re.compile(r"[\[{]{" + str(MAX_DEPTH + 1) + "}")
_BRACKET_TOKENS = re.compile(_STRING + r"|[\[\]{}]", re.DOTALL)
_NUMBER_TOKENS = re.compile(_STRING + r"|-?[0-9][0-9.eE+\-]*", re.DOTALL)


def check_json(text: str) -> None:
    """Raise :class:`JsonLimitExceeded` when ``text`` nests too deeply, before
    a parser recurses into it.

    The common case costs a length test: a text shorter than the depth limit
    (a line of a ballots file, usually) cannot nest deeper than it. Numbers
    are checked by the parser's hooks, :func:`parse_int` and :func:`parse_float`.
    """
    if len(text) > MAX_DEPTH and text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(text):
        raise JsonLimitExceeded(
            "json_too_deep",
            f"nested more than {MAX_DEPTH} levels deep",
            text,
            _depth_position(text),
            limit=MAX_DEPTH,
        )


class NumberTooLong(ValueError):
    """Raised by the parser's number hooks; :func:`long_number` locates it."""


def parse_int(token: str) -> int:
    """A JSON integer, refused past :data:`MAX_DIGITS` digits before converting it."""
    if len(token) > MAX_DIGITS and sum(c.isdigit() for c in token) > MAX_DIGITS:
        raise NumberTooLong(token[:MAX_DIGITS])
    return int(token)


def parse_float(token: str) -> float:
    if len(token) > MAX_DIGITS and sum(c.isdigit() for c in token) > MAX_DIGITS:
        raise NumberTooLong(token[:MAX_DIGITS])
    return float(token)


def long_number(text: str) -> JsonLimitExceeded:
    """The error for the first number of ``text`` over :data:`MAX_DIGITS` digits."""
    for match in _NUMBER_TOKENS.finditer(text):
        token = match.group()
        digits = 0 if token[0] == '"' else sum(c.isdigit() for c in token)
        if digits > MAX_DIGITS:
            return JsonLimitExceeded(
                "number_too_long",
                f"a number of {digits} digits (at most {MAX_DIGITS})",
                text,
                match.start(),
                digits=digits,
                limit=MAX_DIGITS,
            )
    return JsonLimitExceeded(
        "number_too_long", "a number too long", text, 0, digits=0, limit=MAX_DIGITS
    )


def _too_deep(text: str) -> bool:
    brackets = _NOT_BRACKET.sub("", _STRINGS.sub("", text))
    if _OPENERS_RUN.search(brackets) is not None:
        return True  # the usual attack: openers one after another
    # Each pass removes the innermost pairs: a text at most MAX_DEPTH deep
    # has none left to remove after MAX_DEPTH passes.
    for _ in range(MAX_DEPTH):
        reduced = _EMPTY_PAIR.sub("", brackets)
        if reduced == brackets:
            break
        brackets = reduced
    if _EMPTY_PAIR.search(brackets) is not None:
        return True
    # What is left does not close: a parser would still recurse into a long
    # enough run of openers before it found the mistake.
    return _OPENERS_RUN.search(brackets) is not None


def _depth_position(text: str) -> int:
    depth = 0
    for match in _BRACKET_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return 0


# --- text cells ---------------------------------------------------------------------

# Tab, line feed and carriage return are text; every other C0 control, DEL and
# the C1 controls are not, and NUL cannot be stored by PostgreSQL at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def bad_character(text: str) -> str | None:
    """The first control character of ``text`` as ``U+0000``, or None."""
    match = _CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


# --- CSV ----------------------------------------------------------------------------


class CsvTooLarge(ValueError):
    """A CSV file over a limit, at a row: ``kind`` is ``cell`` (a cell over
    :data:`MAX_CELL` characters), ``rows``, ``columns`` or ``malformed``."""

    def __init__(self, row: int, kind: str, detail: str = "") -> None:
        super().__init__(f"row {row}: {kind} {detail}".strip())
        self.row = row
        self.kind = kind
        self.detail = detail


def csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """The rows of a CSV text, refusing an over-long cell with its row number
    (as a spreadsheet shows it: the first row is 1)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            kind = "cell" if "field larger than field limit" in str(exc) else "malformed"
            raise CsvTooLarge(number + 1, kind, str(exc)) from None
        number += 1
        if number > MAX_ROWS:
            raise CsvTooLarge(number, "rows")
        if len(row) > MAX_COLUMNS:
            raise CsvTooLarge(number, "columns")
        yield row


# --- XLSX ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """Why an .xlsx is refused before it is loaded."""

    code: str  # "not_zip", "too_large", "dimension"
    detail: str


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Za-z0-9:$]+)"')
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def declared_size(ref: str) -> tuple[int, int] | None:
    """Rows and columns of a dimension such as ``A1:XFD1048576``; None if unreadable."""
    ends = ref.split(":")
    if not 1 <= len(ends) <= 2:
        return None
    parsed = [_CELL_REF.match(end) for end in ends]
    if any(m is None for m in parsed):
        return None
    cols = [_column_number(m.group(1)) for m in parsed if m is not None]
    rows = [int(m.group(2)) for m in parsed if m is not None]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


def check_zip(data: bytes) -> SheetProblem | None:
    """Refuse an Office file (.xlsx, .docx) that is not a zip or unpacks to too much."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return SheetProblem("not_zip", str(exc))
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
        return SheetProblem("too_large", f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MB")
    return None


def check_xlsx(data: bytes) -> SheetProblem | None:
    """Refuse an .xlsx that is not a zip, unpacks to too much, or whose sheets
    declare more rows or columns than :data:`MAX_ROWS` and :data:`MAX_COLUMNS`.

    Reads only the zip's directory and the start of each sheet, where the
    dimension is written: nothing of the sheet is loaded.
    """
    problem = check_zip(data)
    if problem is not None:
        return problem
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(4096)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
            return SheetProblem("not_zip", str(exc))
        match = _DIMENSION.search(head)
        if match is None:
            continue
        size = declared_size(match.group(1).decode("ascii"))
        if size is not None and (size[0] > MAX_ROWS or size[1] > MAX_COLUMNS):
            return SheetProblem("dimension", match.group(1).decode("ascii"))
    return None
