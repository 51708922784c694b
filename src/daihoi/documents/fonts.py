"""A serif TrueType font with every Vietnamese letter, registered with ReportLab.

Party documents are set in Times New Roman. Its metric twin Liberation Serif
(Debian ``fonts-liberation2``) is preferred; DejaVu Serif
(``fonts-dejavu-core``) is the fallback, wider but complete. A family is used
only if its regular, bold and italic faces exist and each has a glyph for
every Vietnamese letter (checked, not assumed: an older Liberation 1.x lacks
some). Bold italic is optional; bold stands in for it.

The faces are registered once per process under fixed names
(:data:`REGULAR`, :data:`BOLD`, …), so every document names the same fonts
whichever family was found, and a PDF's bytes depend only on that family.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "FAMILY",
    "ITALIC",
    "REGULAR",
    "FontFamily",
    "FontNotFound",
    "find_font_family",
    "register_fonts",
    "vietnamese_letters",
]

#: The names documents use; they stay the same whichever family is found.
FAMILY = "DaihoiSerif"
REGULAR = "DaihoiSerif"
BOLD = "DaihoiSerif-Bold"
ITALIC = "DaihoiSerif-Italic"
BOLD_ITALIC = "DaihoiSerif-BoldItalic"


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    package: str
    folders: tuple[str, ...]
    regular: str
    bold: str
    italic: str
    bold_italic: str


#: In order of preference; standard Debian locations.
_CANDIDATES: tuple[_Candidate, ...] = (
    _Candidate(
        name="Liberation Serif",
        package="fonts-liberation2",
        folders=(
            "/usr/share/fonts/truetype/liberation2",
            "/usr/share/fonts/truetype/liberation",
        ),
        regular="LiberationSerif-Regular.ttf",
        bold="LiberationSerif-Bold.ttf",
        italic="LiberationSerif-Italic.ttf",
        bold_italic="LiberationSerif-BoldItalic.ttf",
    ),
    _Candidate(
        name="DejaVu Serif",
        package="fonts-dejavu-core",
        folders=("/usr/share/fonts/truetype/dejavu",),
        regular="DejaVuSerif.ttf",
        bold="DejaVuSerif-Bold.ttf",
        italic="DejaVuSerif-Italic.ttf",
        bold_italic="DejaVuSerif-BoldItalic.ttf",
    ),
)


class FontNotFound(RuntimeError):
    """No usable serif font: the message names the Debian packages to install."""


@dataclass(frozen=True, slots=True)
class FontFamily:
    """The family registered: its name and the files of its faces."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path | None


def vietnamese_letters() -> frozenset[str]:
    """Every Vietnamese letter, lower and upper case, with each tone (NFC)."""
    bases = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    toned = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    letters: set[str] = set(bases)
    for base in toned:
        for tone in tones:
            letters.add(unicodedata.normalize("NFC", base + tone))
    return frozenset(letters | {c.upper() for c in letters})


def _covers(font: TTFont, letters: frozenset[str]) -> bool:
    cmap: dict[int, int] = font.face.charToGlyph
    return all(ord(c) in cmap for c in letters)


def _find(candidate: _Candidate, folders: Sequence[str]) -> FontFamily | None:
    for folder in folders:
        base = Path(folder)
        faces = [base / f for f in (candidate.regular, candidate.bold, candidate.italic)]
        if all(p.is_file() for p in faces):
            bold_italic = base / candidate.bold_italic
            return FontFamily(
                name=candidate.name,
                regular=faces[0],
                bold=faces[1],
                italic=faces[2],
                bold_italic=bold_italic if bold_italic.is_file() else None,
            )
    return None


def find_font_family(
    folders: Sequence[str] | None = None, *, only: str | None = None
) -> FontFamily:
    """The first usable family, without registering it.

    ``folders`` replaces the standard Debian locations (for tests); it is
    searched for the files of every family in turn. ``only``: the family of
    that name (e.g. ``"DejaVu Serif"``), none other. Raises
    :class:`FontNotFound` naming the Debian packages when no family is usable.
    """
    letters = vietnamese_letters()
    for candidate in _CANDIDATES:
        if only is not None and candidate.name != only:
            continue
        family = _find(candidate, candidate.folders if folders is None else folders)
        if family is None:
            continue
        faces = [family.regular, family.bold, family.italic]
        if family.bold_italic is not None:
            faces.append(family.bold_italic)
        if all(_covers(TTFont("probe", str(path)), letters) for path in faces):
            return family
    wanted = [c for c in _CANDIDATES if only is None or c.name == only] or list(_CANDIDATES)
    packages = " or ".join(c.package for c in wanted)
    names = ", ".join(c.name for c in wanted)
    raise FontNotFound(
        f"no serif TrueType font with every Vietnamese letter was found ({names}); "
        f"install the Debian package {packages} (apt-get install {wanted[0].package})"
    )


#: The family this process registered (:func:`register_fonts`), once.
_registered: FontFamily | None = None


def register_fonts(family: FontFamily | None = None) -> FontFamily:
    """Register a family's faces under the fixed names, once per process:
    ``family``, or else the first usable one in the standard places.

    Later calls return the same family: the names :data:`REGULAR`, … never
    change meaning within a process, so asking for another family once one
    is registered raises :class:`ValueError`. (``family`` lets a benchmark
    print and read ballots in the fallback family on a machine that has
    both.)
    """
    global _registered
    if _registered is not None:
        if family is not None and family != _registered:
            raise ValueError(f"the fonts are already {_registered.name}, not {family.name}")
        return _registered
    chosen = family or find_font_family()
    faces = {
        REGULAR: chosen.regular,
        BOLD: chosen.bold,
        ITALIC: chosen.italic,
        BOLD_ITALIC: chosen.bold_italic or chosen.bold,
    }
    for name, path in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    _registered = chosen
    return chosen
