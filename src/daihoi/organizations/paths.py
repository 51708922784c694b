"""Materialized paths for the unit tree.

A unit's path is its ancestors' ids and its own, each as eight digits:
``00000001`` + ``00000042`` + ``00000107``. A subtree is then one range on an
indexed column, ``path >= P and path < next(P)``, which both SQLite and
PostgreSQL answer from a B-tree without recursion. Digits only, so the order
is the same under any database collation.
"""

from __future__ import annotations

SEGMENT = 8
MAX_ID = 10**SEGMENT - 1


def segment(pk: int) -> str:
    if not 0 < pk <= MAX_ID:
        raise ValueError(f"unit id {pk} does not fit a path segment")
    return f"{pk:0{SEGMENT}d}"


def child_path(parent_path: str, pk: int) -> str:
    return parent_path + segment(pk)


def subtree_upper_bound(path: str) -> str:
    """The least string greater than every path that starts with ``path``."""
    return f"{int(path) + 1:0{len(path)}d}"


def ancestor_paths(path: str) -> list[str]:
    """Paths of the ancestors, root first, then the unit itself."""
    return [path[: i + SEGMENT] for i in range(0, len(path), SEGMENT)]


def ancestor_ids(path: str) -> list[int]:
    return [int(p[-SEGMENT:]) for p in ancestor_paths(path)]


def depth(path: str) -> int:
    return len(path) // SEGMENT - 1
