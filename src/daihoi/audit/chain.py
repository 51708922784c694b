"""Hashing of audit entries: what each hash covers, in one place."""

from __future__ import annotations

import hashlib
import hmac
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


# --- the key marks: what only the holder of the audit key can write -----------------------

#: What a station signs at a seal: the chain's head as it stood right after the seal's entry.
HEAD_SIGNED_CONTEXT = b"daihoi/audit-head@1\n"


def entry_mark(key: bytes, digest: str) -> str:
    """HMAC-SHA256 of an entry's hash under the audit key.

    The hash already covers every field and the previous hash, so one mark
    over it binds the whole entry and its place in the chain.
    """
    return hmac.new(key, b"entry\n" + digest.encode("ascii"), hashlib.sha256).hexdigest()


def head_mark(key: bytes, *, seq: int, digest: str, keyed_from: int) -> str:
    """HMAC-SHA256 of the head: a tail cut off and a head rewritten to match is caught."""
    message = f"head\n{seq}\n{digest}\n{keyed_from}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mark_matches(expected: str, stored: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), stored.encode("ascii", "replace"))


def head_signed_bytes(*, seq: int, digest: str) -> bytes:
    """The bytes a station's Ed25519 key signs for the head ``(seq, digest)``."""
    return HEAD_SIGNED_CONTEXT + f"{seq}\n{digest}\n".encode("ascii")
