"""Appending to the audit chain and verifying it.

``audit_record`` must be called inside the transaction of the change it
records: the entry and the change land together or not at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from daihoi.actor import Actor
from daihoi.audit.chain import GENESIS, entry_hash
from daihoi.audit.models import AuditEntry, AuditHead


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates, decimals as text), as it will read back from the database."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: object = "",
    unit_path: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        singleton=1, defaults={"seq": 0, "hash": GENESIS}
    )
    user_model = get_user_model()  # the accounts app's, named without importing it
    user = actor if isinstance(actor, user_model) and actor.pk else None
    actor_name = user.get_username() if user else "system"
    # Microsecond precision is what every database keeps.
    at = timezone.now()
    before_plain, after_plain = _plain(before), _plain(after)
    seq = head.seq + 1
    digest = entry_hash(
        seq=seq,
        at=at,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        unit_path=unit_path,
        before=before_plain,
        after=after_plain,
        prev_hash=head.hash,
    )
    entry = AuditEntry.objects.create(
        seq=seq,
        at=at,
        actor=user,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        unit_path=unit_path,
        before=before_plain,
        after=after_plain,
        prev_hash=head.hash,
        hash=digest,
    )
    head.seq, head.hash = seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def audit_change(
    actor: Actor | None,
    action: str,
    obj: models.Model,
    /,
    *,
    unit_path: str,
    object_type: str = "",
    before: Any = None,
    after: Any = None,
    **facts: Any,
) -> AuditEntry:
    """Record ``action`` on ``obj`` (a row of the unit at ``unit_path``) with the change.

    ``object_type`` is the model's class name in snake case (``ResultReport``:
    ``result_report``) unless given. What the row was and is
    goes in ``before``/``after``; an action that is not an edit of fields gives
    its facts as keyword arguments instead (``reason=…, count=…``), recorded as
    ``after``.
    """
    if facts and after is not None:
        raise TypeError("give the facts of the change or its after state, not both")
    return audit_record(
        actor=actor,
        action=action,
        object_type=object_type or _snake(type(obj).__name__),
        object_id=obj.pk,
        unit_path=unit_path,
        before=before,
        after=after if after is not None else (facts or None),
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # edited | inserted | deleted | truncated
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def audit_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in order and name the first entry that does not hold."""
    head = AuditHead.objects.filter(singleton=1).first()
    head_seq = head.seq if head else 0
    head_hash = head.hash if head else GENESIS
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size)
    for e in entries:
        checked += 1
        if e.seq > head_seq:
            return ChainReport(
                checked,
                ChainProblem(e.seq, "inserted", f"entry #{e.seq} was added after the head"),
            )
        recomputed = entry_hash(
            seq=e.seq,
            at=e.at,
            actor_name=e.actor_name,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            unit_path=e.unit_path,
            before=e.before,
            after=e.after,
            prev_hash=e.prev_hash,
        )
        if e.seq != expected_seq or e.prev_hash != expected_prev:
            if e.seq > expected_seq and e.prev_hash != expected_prev:
                return ChainReport(
                    checked,
                    ChainProblem(
                        expected_seq,
                        "deleted",
                        f"entry #{expected_seq} is missing before #{e.seq}",
                    ),
                )
            return ChainReport(
                checked,
                ChainProblem(e.seq, "inserted", f"entry #{e.seq} does not follow the chain"),
            )
        if recomputed != e.hash:
            return ChainReport(
                checked,
                ChainProblem(e.seq, "edited", f"entry #{e.seq} does not match its hash"),
            )
        expected_prev = e.hash
        expected_seq += 1
    last = expected_seq - 1
    if last < head_seq or head_hash != expected_prev:
        return ChainReport(
            checked,
            ChainProblem(
                last + 1, "truncated", f"the chain ends at #{last} but its head says #{head_seq}"
            ),
        )
    return ChainReport(checked, None)
