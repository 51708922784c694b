"""The minutes a package carries must state the figures of its result.

A package holds the counting minutes (PDF, and DOCX when there is one) next
to the result the portal recounts. The signature says only that the station
sent them; it does not say that the minutes, which people read and sign,
show the figures the result holds. :func:`check_minutes` reads the text of
each minutes file and compares, figure by figure:

- the ballots issued (when the election states them), collected, valid and
  invalid;
- the base ("số làm cơ sở tính quá bán") and the threshold;
- every candidate's votes in the table of results;
- the elected: the same people, with the same votes, as the result's
  elected (and elected alternates).

The wording looked for is the engine's own (``core.elections.summary``),
the one the minutes are written from. The first figure that differs or is
missing is named in a :class:`PackageError` (``minutes_mismatch``,
``minutes_missing``); a minutes file whose text cannot be read at all gives
``minutes_unreadable``. Readers are bounded: at most
:data:`MAX_PAGES` pages of PDF and :data:`MAX_DOCX_XML` bytes of DOCX text.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from daihoi.core.elections.summary import _TEXT as _SUMMARY

from .errors import PackageError

if TYPE_CHECKING:
    from .container import VerifiedPackage

__all__ = ["MAX_DOCX_XML", "MAX_PAGES", "check_minutes", "minutes_text"]

MAX_PAGES = 500
MAX_DOCX_XML = 50 * 1024 * 1024
_NUMBER = r"([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+)"
#: "Đồng chí NAME (note): 123 phiếu, đạt …": one line of the elected.
_ELECTED_LINE = re.compile(r"Đồng chí ([^:.–()]+?)(?: \(.{0,300}?\))?: " + _NUMBER + " phiếu, đạt")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_minutes(package: VerifiedPackage) -> None:
    """Raise :class:`PackageError` unless every minutes file states the result's figures."""
    for part in ("minutes_pdf", "minutes_docx"):
        data = package.parts.get(part)
        if data is not None:
            _check_text(minutes_text(part, data), part, package)


def minutes_text(part: str, data: bytes) -> str:
    """The text of a minutes file, whitespace folded to single spaces, in NFC."""
    try:
        raw = "\n".join(_pdf_pages(data) if part == "minutes_pdf" else _docx_paragraphs(data))
    except PackageError:
        raise
    except Exception as exc:  # a damaged file: pdfium, zip and XML each raise their own
        raise PackageError("minutes_unreadable", part=part, detail=type(exc).__name__) from None
    return " ".join(unicodedata.normalize("NFC", raw).split())


def _pdf_pages(data: bytes) -> Iterator[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if len(document) > MAX_PAGES:
            raise PackageError("minutes_unreadable", part="minutes_pdf", detail="too many pages")
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            yield textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        document.close()


def _docx_paragraphs(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML:
            raise PackageError("minutes_unreadable", part="minutes_docx", detail="too large")
        root = ElementTree.fromstring(archive.read(info))
    for paragraph in root.iter(f"{_W}p"):
        yield "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))


def _label(key: str) -> str:
    """The engine's Vietnamese label, before its ``{n}``."""
    return _SUMMARY[key]["vi"].split("{", 1)[0]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _check_text(text: str, part: str, package: VerifiedPackage) -> None:
    result, definition = package.result, package.definition
    figures: list[tuple[str, int]] = []
    if definition.ballots_issued is not None:
        figures.append(("issued", definition.ballots_issued))
    figures += [
        ("collected", result.ballots.collected),
        ("valid", result.ballots.valid),
        ("invalid", result.ballots.invalid),
        ("base", result.base),
        ("threshold", result.threshold),
    ]
    for key, expected in figures:
        label = _label(key)
        found = re.search(re.escape(label) + _NUMBER + r"(?![0-9])", text)
        figure = label.rstrip(": ")
        if found is None:
            raise PackageError("minutes_missing", part=part, figure=figure)
        if _number(found.group(1)) != expected:
            raise PackageError(
                "minutes_mismatch",
                part=part,
                figure=figure,
                found=found.group(1),
                expected=expected,
            )
    for rank, row in enumerate(result.candidates, start=1):
        pattern = rf"(?<![0-9]){rank} {re.escape(row.name)}(?: \(.{{0,300}}?\))? {_NUMBER} "
        found = re.search(pattern, text)
        figure = f"số phiếu của {row.name}"
        if found is None:
            raise PackageError("minutes_missing", part=part, figure=figure)
        if _number(found.group(1)) != row.votes:
            raise PackageError(
                "minutes_mismatch",
                part=part,
                figure=figure,
                found=found.group(1),
                expected=row.votes,
            )
    votes = {row.id: row.votes for row in result.candidates}
    names = {row.id: row.name for row in result.candidates}
    elected = list(result.elected)
    if result.alternates is not None:
        elected += result.alternates.elected
    expected_lines = Counter((names[i], votes[i]) for i in elected)
    stated = Counter((name.strip(), _number(count)) for name, count in _ELECTED_LINE.findall(text))
    if stated != expected_lines:
        extra = sorted(stated - expected_lines)
        missing = sorted(expected_lines - stated)
        raise PackageError(
            "minutes_elected",
            part=part,
            found=", ".join(f"{n} ({v})" for n, v in extra) or "—",
            expected=", ".join(f"{n} ({v})" for n, v in missing) or "—",
        )
