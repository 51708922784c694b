"""What every browser test shares: Debian's Chromium, set up and cleaned up once.

Playwright's sync API runs an event loop in the test's thread, so Django's ORM
must be allowed there: only for these tests (monkeypatch undoes it), never for
the tests that run after them. The queries a test makes while that loop is
current get a connection of their own, which the fixture closes: left open, it
kept PostgreSQL from dropping the test database at the end of the run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # The test's own queries ran while Playwright's loop was current, on a
            # connection of their own that pytest-django does not know to close.
            connections.close_all()
