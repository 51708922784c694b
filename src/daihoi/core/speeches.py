"""The rules of the congress's speeches (tham luận), without Django.

A speech is registered, then accepted into the programme or declined (with a
reason); an accepted one may go back to registered (taken out of the
programme), a declined one be reconsidered. The accepted speeches stand in
one order, numbered 1, 2, 3 … without gaps; moving one shifts those between.
The time allotted is whole minutes within :data:`MIN_MINUTES` and
:data:`MAX_MINUTES`; the projector counts down from the start the server
recorded, and the remaining time goes below zero once past.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Final

REGISTERED: Final = "registered"
ACCEPTED: Final = "accepted"
DECLINED: Final = "declined"

#: The moves a speech may make, from its status.
MOVES: Final[dict[str, tuple[str, ...]]] = {
    REGISTERED: (ACCEPTED, DECLINED),
    ACCEPTED: (REGISTERED, DECLINED),
    DECLINED: (REGISTERED,),
}

MIN_MINUTES: Final = 1
MAX_MINUTES: Final = 30
DEFAULT_MINUTES: Final = 7

#: The largest Word file taken for a speech's text.
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
#: What a Word file may unpack to (a small file can hide a huge one).
MAX_UNPACKED_BYTES: Final = 50 * 1024 * 1024
#: The longest text a speech may carry (typed or read from its file).
MAX_TEXT_CHARS: Final = 100_000


def may_move(status: str, to: str) -> bool:
    return to in MOVES.get(status, ())


def moved(order: Sequence[int], pk: int, position: int) -> list[int]:
    """``order`` with ``pk`` put at ``position`` (1-based, clamped to the ends)."""
    if pk not in order:
        raise ValueError(f"{pk} is not in the order")
    rest = [p for p in order if p != pk]
    at = min(max(position, 1), len(order)) - 1
    return [*rest[:at], pk, *rest[at:]]


def remaining_seconds(*, allotted_minutes: int, elapsed_seconds: float) -> int:
    """Whole seconds left of the time allotted; negative once past it."""
    left = allotted_minutes * 60 - elapsed_seconds
    return int(left) if left >= 0 else -int(-left + 0.999999)


def clock(seconds: int) -> str:
    """``m:ss`` for the countdown; a minus sign once past the time."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


class SpeechTextError(ValueError):
    """A speech's text that cannot be taken: ``code`` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a speech's text: blocks between blank lines, spaces tidied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(block.split()) for block in _BLANK_LINES.split(text) if block.strip()]


def tidy(text: str) -> str:
    """The text as stored: its paragraphs, one blank line between them."""
    return "\n\n".join(paragraphs(text))


def text_from_docx(data: bytes) -> str:
    """The text of a Word document (.docx), paragraph by paragraph, read with python-docx.

    The content decides, not the file's name: anything that is not a Word
    document is refused (``not_docx``), as is one with no text (``empty``).
    """
    if not data.startswith(b"PK\x03\x04"):
        raise SpeechTextError("not_docx")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpeechTextError("not_docx", type(exc).__name__) from exc
    if "word/document.xml" not in {info.filename for info in infos}:
        raise SpeechTextError("not_docx")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise SpeechTextError("too_large")
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not one
        raise SpeechTextError("not_docx", type(exc).__name__) from exc
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    if not text:
        raise SpeechTextError("empty")
    return tidy(text)
