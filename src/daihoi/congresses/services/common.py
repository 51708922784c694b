"""What every write of the congress in session shares: its audit entry and its lock."""

from __future__ import annotations

from typing import Any

from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress


def _hall_audit(actor: Any, action: str, congress: Congress, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        after=data or None,
    )


def _locked_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
