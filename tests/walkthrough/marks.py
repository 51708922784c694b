"""The marks every walkthrough module carries."""

from __future__ import annotations

import os

import pytest

from tests.walkthrough.conftest import CHROMIUM

WALKTHROUGH = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]
