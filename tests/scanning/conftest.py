from __future__ import annotations

import pytest

from daihoi.core.elections.model import ElectionDefinition

from .helpers import agree_election, cross_out_election, single_election


@pytest.fixture(scope="session")
def cross_out() -> ElectionDefinition:
    """Twelve names for nine seats: the cross-out form, A4, one column."""
    return cross_out_election()


@pytest.fixture(scope="session")
def agree() -> ElectionDefinition:
    """Eight names for eight seats: the agree/disagree form."""
    return agree_election()


@pytest.fixture(scope="session")
def single() -> ElectionDefinition:
    """One name: two boxes."""
    return single_election()
