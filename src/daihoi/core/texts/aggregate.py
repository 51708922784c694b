"""Comments grouped as duplicates, then clustered by content.

Comments come in the hundreds of thousands on a national draft, and most of
a large pile is the same few paragraphs re-sent by many units, word for word
or lightly edited. Three passes, each on plain lists and numpy arrays:

1. **Exact duplicates**: comments with the same syllables after
   :func:`~.normalize.normalize` are one wording.
2. **Near duplicates**: each wording's syllable trigrams are MinHashed
   (:data:`PERMUTATIONS` hash functions, computed for all wordings at once)
   and banded for locality-sensitive hashing (:data:`BANDS` bands); two
   wordings that fall in one bucket are joined if their signatures agree on
   at least :data:`NEAR` of the hash functions (an estimate of the Jaccard
   similarity of their trigrams). Joined wordings form a group (connected
   components), whose representative is its most re-sent wording.
3. **Topics**: the groups' representatives are hashed into syllable unigrams
   and bigrams (scikit-learn's ``HashingVectorizer``: no vocabulary kept, no
   model loaded), weighted by inverse document frequency and clustered by
   mini-batch k-means, each group weighing as many comments as it holds.

Everything is deterministic (fixed seeds), so the same comments give the same
groups on every run. Memory grows with the number of distinct wordings of one
call; a caller with millions of comments calls once per section.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .normalize import syllables

__all__ = [
    "BANDS",
    "NEAR",
    "PERMUTATIONS",
    "Aggregation",
    "CommentText",
    "Group",
    "Topic",
    "aggregate",
    "topic_count",
]

PERMUTATIONS = 32
BANDS = 8
NEAR = 0.6
MAX_TOPICS = 12

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Syllables that carry no topic, left out of the topic labels.
_FUNCTION_TEXT = (
    "và của các là có được trong cho để với những này một đã cần về theo khi thì mà "
    "ở tại từ như nên đến hơn rất cũng phải việc đề nghị đoạn bổ sung sửa thêm ý kiến "
    "chúng tôi lại vào ra đó hay hoặc nhiều ban dự thảo văn kiện"
)
_FUNCTION_SYLLABLES = frozenset(_FUNCTION_TEXT.split())


@dataclass(frozen=True, slots=True)
class CommentText:
    id: int
    text: str
    unit: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Comments of the same wording or of lightly edited wordings."""

    representative: int  # the id of a comment of the most re-sent wording
    members: tuple[int, ...]  # comment ids, in input order
    wordings: int  # distinct wordings in the group
    units: tuple[tuple[int, int], ...]  # (unit, comments), most first


@dataclass(frozen=True, slots=True)
class Topic:
    label: str  # the topic's most telling syllable bigrams
    groups: tuple[int, ...]  # indices into Aggregation.groups, largest first
    count: int  # comments
    representatives: tuple[int, ...]  # comment ids of its largest groups
    units: tuple[tuple[int, int], ...]  # (unit, comments), most first


@dataclass(frozen=True, slots=True)
class Aggregation:
    groups: tuple[Group, ...]  # largest first
    topics: tuple[Topic, ...]  # largest first


def topic_count(groups: int) -> int:
    """How many topics to cluster ``groups`` groups into."""
    if groups <= 2:
        return groups
    return max(2, min(MAX_TOPICS, round(math.sqrt(groups) / 1.5)))


def _mix(h: U64) -> U64:
    """A 64-bit finaliser (splitmix64): spreads the bits of ``h``."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def _signatures(wordings: Sequence[list[str]]) -> npt.NDArray[np.uint32]:
    """MinHash signatures (wordings × PERMUTATIONS) of each wording's syllable trigrams."""
    vocabulary: dict[str, int] = {}
    flat: list[int] = []
    starts: list[int] = []
    counts: list[int] = []
    for sylls in wordings:
        starts.append(len(flat))
        counts.append(max(len(sylls) - 2, 1))
        flat.extend(vocabulary.setdefault(s, len(vocabulary) + 1) for s in sylls)
        flat.extend((0, 0, 0))  # a text shorter than three syllables is one padded trigram
    ids = np.asarray(flat, dtype=np.uint64)
    start_arr = np.asarray(starts, dtype=np.int64)
    count_arr = np.asarray(counts, dtype=np.int64)
    offsets = np.zeros(len(wordings), dtype=np.int64)
    np.cumsum(count_arr[:-1], out=offsets[1:])
    pos = np.arange(int(count_arr.sum()), dtype=np.int64) + np.repeat(
        start_arr - offsets, count_arr
    )
    with np.errstate(over="ignore"):
        h = _mix(_mix(_mix(ids[pos]) + ids[pos + 1]) + ids[pos + 2])
        rng = np.random.default_rng(20250101)
        a = rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
        b = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
        sig = np.empty((len(wordings), PERMUTATIONS), dtype=np.uint32)
        for k in range(PERMUTATIONS):
            hv = ((h * a[k] + b[k]) >> np.uint64(32)).astype(np.uint32)
            sig[:, k] = np.minimum.reduceat(hv, offsets)
    return sig


def _near_components(sig: npt.NDArray[np.uint32]) -> I64:
    """The component of each wording when LSH candidates with close signatures are joined."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = sig.shape[0]
    rows = PERMUTATIONS // BANDS
    left: list[I64] = []
    right: list[I64] = []
    weights = _mix(np.arange(1, rows + 1, dtype=np.uint64))
    for band in range(BANDS):
        part = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = _mix((part * weights).sum(axis=1, dtype=np.uint64) + np.uint64(band))
        order = np.argsort(keys, kind="stable")
        same = keys[order][1:] == keys[order][:-1]
        a, b = order[:-1][same], order[1:][same]
        if len(a):
            agree = (sig[a] == sig[b]).mean(axis=1) >= NEAR
            left.append(a[agree])
            right.append(b[agree])
    if not left:
        return np.arange(n, dtype=np.int64)
    la, rb = np.concatenate(left), np.concatenate(right)
    graph = coo_matrix((np.ones(len(la), dtype=np.int8), (la, rb)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def _units(unit_index: I64, unit_ids: list[int], members: I64) -> tuple[tuple[int, int], ...]:
    found = unit_index[members]
    found = found[found >= 0]
    if not len(found):
        return ()
    values, counts = np.unique(found, return_counts=True)
    order = np.lexsort((values, -counts))
    return tuple((unit_ids[int(values[i])], int(counts[i])) for i in order)


def _label(texts: Sequence[list[str]]) -> str:
    counter: Counter[str] = Counter()
    for sylls in texts:
        seen = set()
        for x, y in itertools.pairwise(sylls):
            if x in _FUNCTION_SYLLABLES or y in _FUNCTION_SYLLABLES or x.isdigit():
                continue
            seen.add(f"{x} {y}")
        counter.update(seen)
    return ", ".join(term for term, _ in counter.most_common(3))


def _cluster(texts: list[str], weights: I64, k: int) -> I64:
    """The topic of each text: k-means over hashed syllable unigrams and bigrams."""
    if k <= 1 or len(texts) <= 1:
        return np.zeros(len(texts), dtype=np.int64)
    if k >= len(texts):
        return np.arange(len(texts), dtype=np.int64)
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    vectorizer = HashingVectorizer(
        n_features=2**18,
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=(1, 2),
        lowercase=False,
        alternate_sign=False,
        norm=None,
    )
    counts = vectorizer.transform(texts)
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    model = MiniBatchKMeans(
        n_clusters=k, random_state=0, batch_size=4096, n_init=3, max_no_improvement=10
    )
    labels = model.fit_predict(matrix, sample_weight=weights.astype(np.float64))
    return np.asarray(labels, dtype=np.int64)


def aggregate(
    comments: Sequence[CommentText], *, topics: int | None = None, representatives: int = 3
) -> Aggregation:
    """Group ``comments`` as duplicates and cluster the groups into topics."""
    n = len(comments)
    if n == 0:
        return Aggregation((), ())
    # 1. exact duplicates: one wording per distinct syllable sequence
    wording_of = np.empty(n, dtype=np.int64)
    index: dict[str, int] = {}
    wordings: list[list[str]] = []
    unit_ids: list[int] = []
    unit_pos: dict[int, int] = {}
    unit_index = np.full(n, -1, dtype=np.int64)
    for pos, comment in enumerate(comments):
        sylls = syllables(comment.text)
        key = " ".join(sylls)
        w = index.get(key)
        if w is None:
            w = index[key] = len(wordings)
            wordings.append(sylls)
        wording_of[pos] = w
        if comment.unit is not None:
            unit_index[pos] = unit_pos.setdefault(comment.unit, len(unit_ids))
            if unit_index[pos] == len(unit_ids):
                unit_ids.append(comment.unit)
    del index
    m = len(wordings)
    wording_size = np.bincount(wording_of, minlength=m)
    # 2. near duplicates
    component = _near_components(_signatures(wordings)) if m > 1 else np.zeros(1, np.int64)
    # the representative wording of a component: the most re-sent, the earliest on a tie
    first_pos = np.full(m, n, dtype=np.int64)
    np.minimum.at(first_pos, wording_of, np.arange(n, dtype=np.int64))
    order = np.lexsort((first_pos, -wording_size, component))
    comp_ids, comp_first = np.unique(component[order], return_index=True)
    rep_wording = order[comp_first]
    comp_wordings = np.bincount(component, minlength=len(comp_ids))
    group_of_comment = component[wording_of]
    group_size = np.bincount(group_of_comment, minlength=len(comp_ids))
    group_first = np.full(len(comp_ids), n, dtype=np.int64)
    np.minimum.at(group_first, group_of_comment, np.arange(n, dtype=np.int64))
    group_order = np.lexsort((group_first, -group_size))  # largest first
    rank = np.empty_like(group_order)
    rank[group_order] = np.arange(len(group_order))
    members_sorted = np.argsort(rank[group_of_comment], kind="stable")
    bounds = np.zeros(len(group_order) + 1, dtype=np.int64)
    np.cumsum(group_size[group_order], out=bounds[1:])
    groups: list[Group] = []
    for r, g in enumerate(group_order):
        members = members_sorted[bounds[r] : bounds[r + 1]]
        rep_pos = int(first_pos[rep_wording[g]])
        groups.append(
            Group(
                representative=comments[rep_pos].id,
                members=tuple(comments[int(p)].id for p in members),
                wordings=int(comp_wordings[g]),
                units=_units(unit_index, unit_ids, members),
            )
        )
    # 3. topics over the groups' representative wordings
    k = topic_count(len(groups)) if topics is None else min(topics, len(groups))
    rep_sylls = [wordings[int(rep_wording[g])] for g in group_order]
    labels = _cluster([" ".join(s) for s in rep_sylls], group_size[group_order].astype(np.int64), k)
    found: list[Topic] = []
    for label in np.unique(labels):
        in_topic = np.flatnonzero(labels == label)  # group ranks, largest first
        members = np.concatenate([members_sorted[bounds[r] : bounds[r + 1]] for r in in_topic])
        found.append(
            Topic(
                label=_label([rep_sylls[int(r)] for r in in_topic[:200]]),
                groups=tuple(int(r) for r in in_topic),
                count=len(members),
                representatives=tuple(
                    groups[int(r)].representative for r in in_topic[:representatives]
                ),
                units=_units(unit_index, unit_ids, members),
            )
        )
    found.sort(key=lambda t: (-t.count, t.groups[0]))
    return Aggregation(tuple(groups), tuple(found))
