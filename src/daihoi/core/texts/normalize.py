"""Vietnamese text as the comparisons need it: one form, syllables, shingles.

Vietnamese is written syllable by syllable with spaces between them, so a
syllable is a run of letters and digits; a word (``đảng viên``, ``xây dựng``)
is one to three syllables, which syllable bigrams and trigrams cover without
a dictionary or a downloaded model. Text is put in Unicode NFC and lower case
first: the same letter typed as a precomposed character or as a base letter
with combining marks compares equal, and ``Đ`` folds to ``đ``. The old tone
placement (``hoà``, ``thuỷ``) and the new one (``hòa``, ``thủy``) are made
one so a comment typed on another keyboard still matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "fold_diacritics",
    "jaccard",
    "normalize",
    "shingles",
    "syllables",
    "text_key",
]

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")

# Two placements of the tone mark are in use at the end of a syllable in oa, oe,
# uy (``hoà``/``hòa``, ``thuỷ``/``thủy``); the mark on the first vowel is kept.
# ``qu`` is a consonant: ``quý`` keeps its mark where it is.
_VOWELS = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_FIRST = {"a": ("o", "òóỏõọ"), "e": ("o", "òóỏõọ"), "y": ("u", "ùúủũụ")}
_TONE_MOVES: dict[str, str] = {}
for _second, _marked in _VOWELS.items():
    _first, _first_marked = _FIRST[_second]
    for _i, _m in enumerate(_marked):
        _TONE_MOVES[_first + _m] = _first_marked[_i] + _second
_TONE_RE = re.compile(r"(?<!q)(" + "|".join(map(re.escape, _TONE_MOVES)) + r")(?!\w)")


def normalize(text: str) -> str:
    """NFC, case folded, one tone placement, single spaces, no leading or trailing space."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], text)
    return _SPACE.sub(" ", text).strip()


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` after :func:`normalize`, punctuation dropped."""
    return _SYLLABLE.findall(normalize(text))


def fold_diacritics(text: str) -> str:
    """The text without tone marks and vowel hooks (``đ`` → ``d``), for a lenient search."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text_key(text: str) -> str:
    """A stable key of the text's syllables: equal for texts that differ only in case,
    spacing, punctuation or Unicode form."""
    joined = " ".join(syllables(text))
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=12).hexdigest()


def shingles(sylls: Sequence[str], n: int = 3) -> set[str]:
    """The runs of ``n`` consecutive syllables (the whole text if it is shorter)."""
    if len(sylls) <= n:
        return {" ".join(sylls)} if sylls else set()
    return {" ".join(sylls[i : i + n]) for i in range(len(sylls) - n + 1)}


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
