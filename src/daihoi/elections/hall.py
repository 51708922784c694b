"""What an election needs from the congress hall, which sits above it.

The seal refuses more ballots collected than delegates the hall counts present
(core/elections/figures.py). Who is present is the hall's knowledge
(``daihoi.congresses``: sittings, check-ins, alternates in an official's
place), and the elections app may not import the hall: the hall registers its
counter here when the apps are ready (``CongressesConfig.ready``). Without a
hall, nobody is counted here and the check is not made.
"""

from __future__ import annotations

from collections.abc import Callable

#: congress id → those present and voting at its sitting of the vote, or None
#: when the congress does not keep its attendance here.
PresentCounter = Callable[[int], "int | None"]

_COUNTERS: list[PresentCounter] = []


def register_present_counter(counter: PresentCounter) -> None:
    """The hall's counter; registering again replaces it (one hall)."""
    _COUNTERS[:] = [counter]


def hall_present(congress_id: int) -> int | None:
    """Those the hall counts present and voting, where it keeps the attendance."""
    return _COUNTERS[0](congress_id) if _COUNTERS else None
