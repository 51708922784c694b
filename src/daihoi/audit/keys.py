"""The audit chain's key: 32 random bytes in a file beside the data, never in the database.

Each entry carries an HMAC of its hash under this key, so rewriting the
audit table and its head is no longer enough to forge the chain: the forger
must also hold this file. It is created (mode 0600, written whole or not at
all) together with the chain's first entry; once the chain has entries, a
missing file is an error, never a reason to make a new key. The backup keeps
it beside the station's signing key.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings

_HEX = re.compile(r"[0-9a-f]{64}")

#: (path, inode, mtime, size) -> key, so that a write reads the file only when it changed.
_cache: dict[tuple[str, int, int, int], bytes] = {}


class AuditKeyError(RuntimeError):
    """The audit key file is missing (while the chain has entries) or is not a key."""

    def __init__(self, kind: str, path: Path) -> None:
        self.kind = kind
        self.path = path
        if kind == "missing":
            text = (
                f"the audit key file {path} is missing: the chain's key marks cannot be "
                "checked or written; put back the file from the last backup "
                "(or set DAIHOI_AUDIT_KEY_FILE to where it is)"
            )
        else:
            text = f"the audit key file {path} is not an audit key (64 hex digits)"
        super().__init__(text)


def audit_key_path() -> Path:
    """``DAIHOI_AUDIT_KEY_FILE``, else ``audit.key`` in the data folder."""
    configured = getattr(settings, "AUDIT_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit.key"


def audit_key_read(path: Path | None = None) -> bytes | None:
    """The key as it is on disk now; None when there is no file."""
    path = path or audit_key_path()
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None
    if not _HEX.fullmatch(text):
        raise AuditKeyError("invalid", path)
    return bytes.fromhex(text)


def audit_key_for_write(*, chain_empty: bool) -> bytes:
    """The key to mark a new entry with: created for the chain's first entry, else required."""
    path = audit_key_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        if not chain_empty:
            raise AuditKeyError("missing", path) from None
        return audit_key_create(path)
    stamp = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    key = _cache.get(stamp)
    if key is None:
        key = audit_key_read(path)
        if key is None:  # gone between the stat and the read
            raise AuditKeyError("missing", path)
        _cache.clear()
        _cache[stamp] = key
    return key


def audit_key_create(path: Path | None = None) -> bytes:
    """A new key in ``path`` (mode 0600); two processes at once end up with the same one."""
    path = path or audit_key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # the loser of a race reads the winner's key
    finally:
        os.unlink(temporary)
    key = audit_key_read(path)
    if key is None:
        raise AuditKeyError("missing", path)
    return key
