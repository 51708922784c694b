"""The test ballot of an election: the ballot of its *test definition* (docs/test-mode.md).

A logic-and-accuracy test counts ballots printed "MẪU THỬ" through the same
machinery as the real count. The test ballot is the ballot of a copy of the
definition whose ``id`` is the real id followed by :data:`TEST_SUFFIX` and
whose title says it is a test. The id and the title are in the definition
hash and the id is in the QR code (``core.ballots.code``), so every existing
check refuses a test ballot in a real count and a real ballot in a test
count; :func:`trial_mismatch` lets a refusal say which of the two it was.

``~`` is an unreserved character of a URI: the percent-encoding of the
code's payload leaves it as it is, and no real election id the station
writes (``e<number>``) contains it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ..elections.model import ElectionDefinition

__all__ = [
    "TEST_SUFFIX",
    "TEST_TITLE_SUFFIX",
    "TrialMismatch",
    "is_test",
    "is_test_id",
    "real_id",
    "trial_definition",
    "trial_id",
    "trial_mismatch",
]

TEST_SUFFIX = "~thu"
TEST_TITLE_SUFFIX = " (MẪU THỬ)"

TrialMismatch = Literal["test_ballot", "real_ballot"]


def is_test_id(election_id: str) -> bool:
    return election_id.endswith(TEST_SUFFIX) and len(election_id) > len(TEST_SUFFIX)


def trial_id(election_id: str) -> str:
    """The test id of a real election id (a test id is returned as it is)."""
    return election_id if is_test_id(election_id) else f"{election_id}{TEST_SUFFIX}"


def real_id(election_id: str) -> str:
    """The real id of a test id (a real id is returned as it is)."""
    return election_id[: -len(TEST_SUFFIX)] if is_test_id(election_id) else election_id


def is_test(definition: ElectionDefinition) -> bool:
    return is_test_id(definition.id)


def trial_definition(definition: ElectionDefinition) -> ElectionDefinition:
    """The definition the MẪU THỬ ballots are printed and counted by.

    Everything but the id, the title and the ballots issued is the real
    definition's: the same names in the same order, the same electorate and
    rules, so the test exercises what the real count will do. No ballots are
    issued for a test (a deck is not handed out to voters; the code's hash
    leaves the figure out anyway). Idempotent.
    """
    if is_test(definition):
        return definition
    return replace(
        definition,
        id=trial_id(definition.id),
        title=f"{definition.title}{TEST_TITLE_SUFFIX}",
        ballots_issued=None,
    )


def trial_mismatch(found: str, expected: str) -> TrialMismatch | None:
    """Why a code's election ``found`` is not the ``expected`` one, when it is its twin:
    ``test_ballot`` (a MẪU THỬ ballot in the real count), ``real_ballot`` (a real
    ballot in the test count); ``None`` for any other election."""
    if is_test_id(found) and real_id(found) == expected:
        return "test_ballot"
    if is_test_id(expected) and real_id(expected) == found:
        return "real_ballot"
    return None
