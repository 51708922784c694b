"""Who asks a service to act.

Services take ``actor: Actor | None``: the signed-in user of the request
(``request.user``), or ``None`` when the system acts (a command, a scheduled
job). The audit log names the actor; a record's "done by" column keeps it
when it is a stored user (:func:`stored_user`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth import get_user_model

if TYPE_CHECKING:
    from daihoi.accounts.models import User


class Actor(Protocol):
    """What every service may rely on: a primary key (None when anonymous) and a name."""

    @property
    def pk(self) -> Any: ...

    def get_username(self) -> str: ...


def stored_user(actor: Actor | None) -> User | None:
    """The user row to record as having done a thing, or None for the system."""
    user_model = get_user_model()
    if isinstance(actor, user_model) and actor.pk:
        return actor
    return None
