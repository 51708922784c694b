"""The engine's refusal: every problem found, each naming where it is.

Messages are in English, the language of the command line; a page renders
its own Vietnamese text from the same located problems.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["NominationError"]


class NominationError(ValueError):
    """A procedure, an override or a set of ballot records that cannot be used.

    ``problems`` holds one line per problem, each starting with where it is
    (``steps[1].parameters.percent``, ``record 12, field ticks``).
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))
