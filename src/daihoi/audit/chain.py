"""Hashing of audit entries: what each hash covers, in one place."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    unit_path: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor_name,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "unit_path": unit_path,
        "before": before,
        "after": after,
        "prev": prev_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
