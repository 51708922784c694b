"""What the writes of an election share: its audit entry, its lock, its status."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.elections.models import Election


class CongressRef(Protocol):
    """What an election takes from its congress: which one, and those it summons.

    The congress model is the hall's (``daihoi.congresses``), above this app.
    """

    @property
    def pk(self) -> int: ...

    @property
    def summoned(self) -> int: ...


def _audit(actor: Actor | None, action: str, election: Election, **data: Any) -> None:
    """The election's audit entry; ``data`` (which may name a ``before``) is its ``after``."""
    audit_change(actor, action, election, unit_path=election.congress.unit.path, after=data or None)


def _locked(election: Election) -> Election:
    return _locked_id(election.pk)


def _locked_id(election_id: int) -> Election:
    return (
        Election.objects.select_for_update()
        .select_related("congress", "congress__unit")
        .get(pk=election_id)
    )


def _require_status(election: Election, *statuses: str) -> None:
    if election.status not in statuses:
        raise ValidationError(
            _("Not possible while the election is “%s”.") % election.get_status_display()
        )


def _deducted(election: Election) -> int:
    return sum(election.deductions.values_list("count", flat=True))
