"""Two versions of a draft aligned paragraph by paragraph, and where anchors land.

A paragraph of the old version is matched in the new one:

1. by identity — the same syllables after :func:`~.normalize.normalize`
   (case, spacing, punctuation and Unicode form do not count), in order
   first, then wherever it moved to;
2. else by similarity — the new paragraph, still unmatched, whose syllable
   bigrams overlap most (Jaccard at least :data:`SIMILAR`), the nearest one
   on a tie: an edited paragraph;
3. else it was removed. New paragraphs matched by nothing were added.

A comment anchored to an old paragraph follows its match: to the same text
it stays "on the text" (or keeps the mark it already had); to an edited
paragraph it is marked "on changed text"; with no match it is "on removed
text" and keeps pointing at the paragraph it was written on.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .normalize import jaccard, shingles, syllables, text_key

__all__ = [
    "SIMILAR",
    "Anchor",
    "Change",
    "Link",
    "align",
    "carry",
    "word_diff",
]

SIMILAR = 0.45


class Change(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    REMOVED = "removed"
    ADDED = "added"


class Anchor(StrEnum):
    ON_TEXT = "on_text"
    ON_CHANGED = "on_changed"
    ON_REMOVED = "on_removed"


@dataclass(frozen=True, slots=True)
class Link:
    old: int | None  # index in the old version, None for an added paragraph
    new: int | None  # index in the new version, None for a removed paragraph
    change: Change
    similarity: float


def align(old: Sequence[str], new: Sequence[str], *, similar: float = SIMILAR) -> list[Link]:
    """One link per old paragraph and per added new paragraph, in reading order of the new
    version (a removed paragraph right after the old paragraph before it)."""
    old_keys = [text_key(t) for t in old]
    new_keys = [text_key(t) for t in new]
    to_new: dict[int, tuple[int, Change, float]] = {}
    taken: set[int] = set()
    # 1. identity, in order, then moved
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            to_new[block.a + k] = (block.b + k, Change.SAME, 1.0)
            taken.add(block.b + k)
    free_by_key: dict[str, deque[int]] = defaultdict(deque)
    for j, key in enumerate(new_keys):
        if j not in taken:
            free_by_key[key].append(j)
    for i, key in enumerate(old_keys):
        if i not in to_new and free_by_key.get(key):
            j = free_by_key[key].popleft()
            to_new[i] = (j, Change.SAME, 1.0)
            taken.add(j)
    # 2. similarity among what is left
    old_left = [i for i in range(len(old)) if i not in to_new]
    new_left = [j for j in range(len(new)) if j not in taken]
    if old_left and new_left:
        old_sh = {i: shingles(syllables(old[i]), 2) for i in old_left}
        new_sh = {j: shingles(syllables(new[j]), 2) for j in new_left}
        pairs = []
        for i in old_left:
            for j in new_left:
                score = jaccard(old_sh[i], new_sh[j])
                if score >= similar:
                    pairs.append((-score, abs(i - j), i, j))
        pairs.sort()
        for neg, _, i, j in pairs:
            if i in to_new or j in taken:
                continue
            to_new[i] = (j, Change.CHANGED, -neg)
            taken.add(j)
    # 3. reading order
    links: list[Link] = []
    by_new: dict[int, int] = {j: i for i, (j, _, _) in to_new.items()}
    removed_after: dict[int, list[int]] = defaultdict(list)  # new index → removed old ones
    last_new = -1
    for i in range(len(old)):
        if i in to_new:
            last_new = to_new[i][0]
        else:
            removed_after[last_new].append(i)
    for i in removed_after.get(-1, []):
        links.append(Link(i, None, Change.REMOVED, 0.0))
    for j in range(len(new)):
        if j in by_new:
            i = by_new[j]
            links.append(Link(i, j, to_new[i][1], to_new[i][2]))
        else:
            links.append(Link(None, j, Change.ADDED, 0.0))
        for i in removed_after.get(j, []):
            links.append(Link(i, None, Change.REMOVED, 0.0))
    return links


def carry(anchor: Anchor, change: Change) -> Anchor:
    """The mark a comment carries into the next version when its paragraph had ``change``."""
    if anchor is Anchor.ON_REMOVED or change is Change.REMOVED:
        return Anchor.ON_REMOVED
    if change is Change.CHANGED:
        return Anchor.ON_CHANGED
    return anchor


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs turning ``old`` into ``new``: ``=`` kept, ``-`` deleted, ``+`` inserted."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + text)
        else:
            runs.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", "".join(a[i1:i2]))
        else:
            add("-", "".join(a[i1:i2]))
            add("+", "".join(b[j1:j2]))
    return runs
