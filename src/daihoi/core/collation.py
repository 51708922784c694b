"""Vietnamese collation of personal names (docs/rules.md §1).

Ballots print names "theo vần A, B, C" the way an office sorts a list by its
"Tên" column and then its "Họ và đệm" column:

1. by the given name (the last word) as a whole,
2. then by the other words, from the first.

Two words compare by their letters in Vietnamese order
``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y``, with ``f j w z``
in their Latin places; case is ignored. Only where the letters are equal do
the tones decide, left to right: none, huyền, hỏi, ngã, sắc, nặng. So
An < Án < Ân < Bình, Dương < Đỗ, Hương < Hường.

Input may be NFC or NFD (or a mix): every word is decomposed first, and the
vowel marks (breve, circumflex, horn) and the tone marks are read apart,
whatever their order in the decomposition.

Where docs/rules.md is silent:

- A word's tones are compared as the sequence of tone marks it carries, not
  by the letter they sit on, so the old and new spellings of one syllable
  ("Hoà" and "Hòa") compare equal; a counting committee reads them as the
  same name.
- Characters that are not Vietnamese letters (digits, the hyphen and
  apostrophe of some ethnic-minority names) sort before every letter, by code
  point, as they do in a spreadsheet's plain sort.
- Any other diacritic (a foreign name's "ë") only decides after letters and
  tones are equal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "NameKey",
    "WordKey",
    "equal_name_groups",
    "in_name_order",
    "name_key",
    "search_form",
    "sort_string",
    "text_key",
    "word_key",
]

#: Vietnamese letters in dictionary order, with f j w z in their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

_BREVE = "\u0306"
_CIRCUMFLEX = "\u0302"
_HORN = "\u031b"

#: Tone marks and their rank: none (0), huyền, hỏi, ngã, sắc, nặng.
TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET, start=1)}
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_NOT_A_LETTER = -0x110000  # below every letter rank, offset by the code point

WordKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
"""(letter ranks, tone ranks in order, other marks) of one word."""

NameKey = tuple[WordKey, tuple[WordKey, ...]]
"""(given name, the other words from the first)."""


@lru_cache(maxsize=65536)
def word_key(word: str) -> WordKey:
    """The sort key of one word: letters first, then tones, then other marks.

    >>> word_key("An") < word_key("Án") < word_key("Ân") < word_key("Bình")
    True
    """
    letters: list[int] = []
    tones: list[int] = []
    others: list[int] = []
    for cluster in _clusters(unicodedata.normalize("NFD", word.lower())):
        base, marks = cluster[0], cluster[1:]
        letter = base
        for mark in marks:
            if mark in TONES:
                tones.append(TONES[mark])
            elif (letter, mark) in _MODIFIED:
                letter = _MODIFIED[(letter, mark)]
            else:
                others.append(ord(mark))
        letters.append(_LETTER_RANK.get(letter, _NOT_A_LETTER + ord(letter)))
    return tuple(letters), tuple(tones), tuple(others)


def name_key(full_name: str) -> NameKey:
    """The ballot-order key of a full name (docs/rules.md §1, 244-QĐ/TW Art. 17(1)).

    The given name is the last word; the other words follow from the first.

    >>> sorted(["Đỗ Văn Dương", "Lê Thị Hương", "Trần Hường"], key=name_key)
    ['Đỗ Văn Dương', 'Lê Thị Hương', 'Trần Hường']
    """
    words = full_name.split()
    if not words:
        return ((), (), ()), ()
    return word_key(words[-1]), tuple(word_key(word) for word in words[:-1])


def equal_name_groups(names: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Indices of names that collate equal, in groups of two or more."""
    groups: dict[NameKey, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(name_key(name), []).append(i)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def text_key(text: str) -> tuple[WordKey, ...]:
    """A key for free text (a candidate's note): word by word from the first."""
    return tuple(word_key(word) for word in text.split())


def in_name_order(people: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """People (any objects) sorted by their names in ballot order, stably.

    >>> in_name_order(["Võ Đỗ", "Lê Huỳnh", "Lê Hà"], name=str)
    ['Võ Đỗ', 'Lê Hà', 'Lê Huỳnh']
    """
    return sorted(people, key=lambda p: name_key(name(p)))


def sort_string(full_name: str) -> str:
    """:func:`name_key` written as digits, for a database column to sort by.

    Two names' strings compare, character by character, exactly as their keys
    do, and they hold only the digits 0–9, which every database collation orders
    alike. Each sequence of the key ends in ``0``, below every element:

    - a letter is two digits, its rank plus 20 (``21``–``54``);
    - any other character is ``1`` and its code point in seven digits;
    - a tone is one digit (``1``–``5``);
    - another mark is ``1`` and its code point in seven digits.

    >>> names = ["Võ Văn Đỗ", "Hà Văn Huỳnh", "Huỳnh Văn Hà"]
    >>> sorted(names, key=sort_string) == sorted(names, key=name_key)
    True
    """
    given, others = name_key(full_name)
    return "".join(_word_digits(w) for w in (given, *others)) + "0"


def search_form(text: str) -> str:
    """Text as a lenient search compares it: lower case, no tone marks or vowel
    marks, ``đ`` read as ``d``, single spaces.

    >>> search_form("  Chi bộ  thôn Hòa Bình, Đông ")
    'chi bo thon hoa binh, dong'
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", kept).split())


def _word_digits(key: WordKey) -> str:
    letters, tones, others = key
    return (
        "".join(f"1{r - _NOT_A_LETTER:07d}" if r < 0 else f"{r + 20:02d}" for r in letters)
        + "0"
        + "".join(str(t) for t in tones)
        + "0"
        + "".join(f"1{m:07d}" for m in others)
        + "0"
    )


def _clusters(decomposed: str) -> Iterable[str]:
    """Split an NFD string into base characters each followed by its marks."""
    cluster = ""
    for char in decomposed:
        if cluster and unicodedata.combining(char):
            cluster += char
            continue
        if cluster:
            yield cluster
        cluster = char
    if cluster:
        yield cluster
