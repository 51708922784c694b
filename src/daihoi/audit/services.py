"""Appending to the audit chain and verifying it.

``audit_record`` must be called inside the transaction of the change it
records: the entry and the change land together or not at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from daihoi.actor import Actor
from daihoi.audit.chain import (
    GENESIS,
    entry_hash,
    entry_mark,
    head_mark,
    head_signed_bytes,
    mark_matches,
)
from daihoi.audit.keys import AuditKeyError, audit_key_for_write, audit_key_path, audit_key_read
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.core.package import key_fingerprint

#: The entry that carries a station's signature of the head, right after a seal's entry.
HEAD_SIGNED = "audit.head_signed"
#: The actions whose entry must be followed by a signed head (from ``keyed_from`` on).
SIGNED_ACTIONS = frozenset({"election.seal"})


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
    key = audit_key_for_write(chain_empty=head.seq == 0)
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
        mark=entry_mark(key, digest),
    )
    head.seq, head.hash = seq, digest
    head.mark = head_mark(key, seq=seq, digest=digest, keyed_from=head.keyed_from)
    head.save(update_fields=["seq", "hash", "mark"])
    return entry


def audit_head_sign(
    *,
    actor: Actor | None,
    key: Ed25519PrivateKey,
    object_type: str,
    object_id: object,
    unit_path: str,
) -> AuditEntry:
    """Sign the chain's head (its last entry's number and hash) with the station's key.

    Called in the transaction of a seal, right after the seal's entry: the
    signature is kept in the entry that follows it. Rewriting the chain up to
    a signed head then needs the station's key as well as the audit key.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_head_sign must run inside the transaction of the change")
    head = AuditHead.objects.select_for_update().get(singleton=1)
    public = key.public_key()
    signature = key.sign(head_signed_bytes(seq=head.seq, digest=head.hash))
    return audit_record(
        actor=actor,
        action=HEAD_SIGNED,
        object_type=object_type,
        object_id=object_id,
        unit_path=unit_path,
        after={
            "seq": head.seq,
            "hash": head.hash,
            "signature": signature.hex(),
            "public_key": public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex(),
            "fingerprint": key_fingerprint(public),
        },
    )


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
    # edited | inserted | deleted | truncated: the hash chain;
    # key_missing | key_invalid | unmarked | mark: the key marks;
    # head_mark: the head's mark; signature | unsigned | signer: the signed heads.
    kind: str
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None
    #: The first entry marked when written (those before were marked at the upgrade).
    keyed_from: int = 1
    #: How many seals' heads were found signed, and by which keys (fingerprints).
    signed_heads: int = 0
    signers: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


def _signature_problem(e: AuditEntry, trusted: str | None) -> tuple[str, str] | None:
    """Why the signed head in entry ``e`` does not hold; None when it does."""
    facts = e.after if isinstance(e.after, dict) else {}
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(str(facts["public_key"])))
        signature = bytes.fromhex(str(facts["signature"]))
        seq, digest = int(facts["seq"]), str(facts["hash"])
    except (KeyError, TypeError, ValueError):
        return "signature", f"entry #{e.seq} does not hold a signed head"
    if seq != e.seq - 1 or digest != e.prev_hash:
        return "signature", f"entry #{e.seq} signs a head other than the entry before it"
    try:
        public.verify(signature, head_signed_bytes(seq=seq, digest=digest))
    except InvalidSignature:
        return "signature", f"the signature of the head #{seq} in entry #{e.seq} does not match"
    fingerprint = key_fingerprint(public)
    if fingerprint != facts.get("fingerprint"):
        return "signature", f"entry #{e.seq} names a fingerprint other than its key's"
    if trusted and fingerprint != trusted:
        return (
            "signer",
            f"the head #{seq} was signed by the key {fingerprint}, not this station's {trusted}",
        )
    return None


def audit_verify(
    *, batch_size: int = 2000, key: bytes | None = None, station: str | None = None
) -> ChainReport:
    """Walk the chain in order and name the first entry that does not hold.

    Each entry's hash, its link to the one before, its key mark under the
    audit key (read from its file unless ``key`` is given), and each seal's
    signed head; ``station``, a fingerprint, is the only key whose signatures
    are accepted (None: any key, whose fingerprints the report lists).
    """
    head = AuditHead.objects.filter(singleton=1).first()
    head_seq = head.seq if head else 0
    head_hash = head.hash if head else GENESIS
    keyed_from = head.keyed_from if head else 1
    path = audit_key_path()
    if key is None:
        try:
            key = audit_key_read(path)
        except AuditKeyError as exc:
            return ChainReport(0, ChainProblem(1, "key_invalid", str(exc)), keyed_from)
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    signed = 0
    signers: set[str] = set()
    awaiting: int | None = None  # a seal's entry whose signed head must come next

    def report(problem: ChainProblem | None) -> ChainReport:
        return ChainReport(checked, problem, keyed_from, signed, tuple(sorted(signers)))

    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size)
    for e in entries:
        checked += 1
        if e.seq > head_seq:
            return report(
                ChainProblem(e.seq, "inserted", f"entry #{e.seq} was added after the head")
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
                return report(
                    ChainProblem(
                        expected_seq,
                        "deleted",
                        f"entry #{expected_seq} is missing before #{e.seq}",
                    )
                )
            return report(
                ChainProblem(e.seq, "inserted", f"entry #{e.seq} does not follow the chain")
            )
        if recomputed != e.hash:
            return report(ChainProblem(e.seq, "edited", f"entry #{e.seq} does not match its hash"))
        if key is not None:
            if not e.mark:
                return report(
                    ChainProblem(
                        e.seq,
                        "unmarked",
                        f"the chain is intact but entry #{e.seq} has no key mark: "
                        "written by someone without the audit key",
                    )
                )
            if not mark_matches(entry_mark(key, e.hash), e.mark):
                return report(
                    ChainProblem(
                        e.seq,
                        "mark",
                        f"the chain is intact but entry #{e.seq}'s key mark does not match: "
                        "rewritten by someone without the audit key",
                    )
                )
        if awaiting is not None and e.action != HEAD_SIGNED:
            return report(
                ChainProblem(
                    awaiting,
                    "unsigned",
                    f"the seal in entry #{awaiting} is not followed by its signed head",
                )
            )
        awaiting = None
        if e.action == HEAD_SIGNED:
            wrong = _signature_problem(e, station)
            if wrong is not None:
                return report(ChainProblem(e.seq, *wrong))
            signed += 1
            signers.add(str((e.after or {}).get("fingerprint")))
        elif e.action in SIGNED_ACTIONS and e.seq >= keyed_from:
            awaiting = e.seq
        expected_prev = e.hash
        expected_seq += 1
    last = expected_seq - 1
    if last < head_seq or head_hash != expected_prev:
        return report(
            ChainProblem(
                last + 1, "truncated", f"the chain ends at #{last} but its head says #{head_seq}"
            )
        )
    if awaiting is not None:
        return report(
            ChainProblem(
                awaiting,
                "unsigned",
                f"the seal in entry #{awaiting} is not followed by its signed head",
            )
        )
    if head is not None and head_seq > 0:
        if key is None:
            return report(ChainProblem(1, "key_missing", str(AuditKeyError("missing", path))))
        expected = head_mark(key, seq=head_seq, digest=head_hash, keyed_from=keyed_from)
        if not mark_matches(expected, head.mark):
            return report(
                ChainProblem(
                    head_seq,
                    "head_mark",
                    "the chain is intact but its head's key mark does not match: the head "
                    "was rewritten by someone without the audit key (entries cut off the end?)",
                )
            )
    return report(None)
