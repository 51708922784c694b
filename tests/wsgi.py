"""Calling the WSGI application itself in a test (not Django's test client)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@contextlib.contextmanager
def connection_kept() -> Iterator[None]:
    """The WSGI application closes the database connection after each request; the test's
    transaction lives on it. Keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
