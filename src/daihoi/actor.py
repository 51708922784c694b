"""Who asks a service to act.

Services take ``actor: Actor | None``: the signed-in user of the request
(``request.user``), or ``None`` when the system acts (a command, a scheduled
job). The audit log names the actor; a record's "done by" column keeps it
when it is a stored user (``accounts.actors.stored_user``).
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """What every service may rely on: a primary key (None when anonymous) and a name."""

    @property
    def pk(self) -> Any: ...

    def get_username(self) -> str: ...
