"""What every write of the congress in session shares: its audit entry and its lock."""

from __future__ import annotations

from typing import Any

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress


def _hall_audit(actor: Actor | None, action: str, congress: Congress, **data: Any) -> None:
    """The congress's audit entry; ``data`` (which may name a ``before``) is its ``after``."""
    audit_change(actor, action, congress, unit_path=congress.unit.path, after=data or None)


def _locked_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
