"""The stored user behind an actor, for the "done by" columns of records."""

from __future__ import annotations

from daihoi.accounts.models import User
from daihoi.actor import Actor


def stored_user(actor: Actor | None) -> User | None:
    """The user row to record as having done a thing, or None for the system."""
    return actor if isinstance(actor, User) and actor.pk else None
