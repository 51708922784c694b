"""The backup archive, ``daihoi/backup`` version 1: writing it and reading it back, checked.

A gzip-compressed POSIX tar whose first member is ``MANIFEST.json``; then
every file the manifest lists, in its order, and nothing else. A tar rather
than a zip: it is read as one stream from the start, so the manifest (its
format version, its database engine) is judged before anything else is
unpacked, every member is hashed as it comes off the stream without being
held in memory, and gzip's own length and CRC trailer makes a file cut short
an error at the end even when every member before the cut was whole.

Names in the archive:

- ``database/daihoi.sqlite3`` (an SQLite snapshot) or ``database/daihoi.pgdump``
  (``pg_dump --format=custom``): exactly one of them;
- ``keys/station-ed25519.pem``: the counting station's signing key;
- ``keys/secret_key``: the server's secret (it signs the delegates' vote links);
- ``keys/audit.key``: the audit chain's key (its entries' marks are checked with it);
- ``media/…``: the uploaded and stored files (scanned ballots), by their
  path under the media folder.

What the reader refuses, each with the member or file named: a file that is
not a gzip tar or is cut short; a first member that is not the manifest; a
manifest of another format or of a newer version; a name outside those
above, with ``..`` or absolute; a member the manifest does not list, listed
twice, or not a plain file; a member whose size or SHA-256 is not the
manifest's; a listed file missing from the archive.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import tarfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from daihoi.errors import DomainError

FORMAT = "daihoi/backup"
VERSION = 1
MANIFEST = "MANIFEST.json"
DATABASE_FILES = {"sqlite": "database/daihoi.sqlite3", "postgresql": "database/daihoi.pgdump"}
STATION_KEY = "keys/station-ed25519.pem"
SECRET_KEY = "keys/secret_key"
AUDIT_KEY = "keys/audit.key"
MEDIA = "media/"
_CHUNK = 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MANIFEST_LIMIT = 64 * 1024 * 1024


class BackupError(DomainError):
    """A backup or a restore refused; nothing was written where it was going."""


class _WriteFailed(Exception):
    """Unpacking could not write (a full disk), as opposed to the archive being bad."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    version: int
    created_at: str
    software: str
    engine: str
    migrations: dict[str, list[str]]
    files: tuple[Member, ...]

    @property
    def database(self) -> str:
        return DATABASE_FILES[self.engine]

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": self.version,
            "created_at": self.created_at,
            "software": self.software,
            "database": {"engine": self.engine, "file": self.database},
            "migrations": {app: list(names) for app, names in sorted(self.migrations.items())},
            "files": [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in self.files],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def sha256_file(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def member_name_ok(name: str) -> bool:
    """A name the archive may hold: one of the fixed ones, or a plain path under ``media/``."""
    if name in DATABASE_FILES.values() or name in (STATION_KEY, SECRET_KEY, AUDIT_KEY):
        return True
    if not name.startswith(MEDIA) or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return len(parts) > 1 and all(p not in ("", ".", "..") for p in parts) and name[-1] != "/"


def write_archive(stream: IO[bytes], manifest: Manifest, sources: dict[str, Path]) -> None:
    """The manifest, then each listed file from ``sources`` (name -> path), into ``stream``."""
    with tarfile.open(
        fileobj=stream, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6
    ) as tar:
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        _add(tar, info, io.BytesIO(data))
        for member in manifest.files:
            info = tarfile.TarInfo(member.name)
            info.size, info.mode = member.size, 0o600
            with sources[member.name].open("rb") as source:
                _add(tar, info, source)


def _add(tar: tarfile.TarFile, info: tarfile.TarInfo, source: IO[bytes]) -> None:
    info.mtime = 0
    info.uname = info.gname = ""
    tar.addfile(info, source)


def read_archive(
    path: Path, into: Path | None, judge: Callable[[Manifest], None] = lambda m: None
) -> Manifest:
    """Unpack ``path`` under ``into`` (an empty folder), every member checked; the manifest.

    With ``into`` None the members are only checked (a written archive read back).

    ``judge`` sees the manifest before any other member is unpacked and may
    refuse it (a different engine, newer migrations). Any refusal is a
    :class:`BackupError`; what was unpacked is then the caller's to remove.
    """
    shown = path.name
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            members = _members(tar, shown)
            first = next(members, None)
            if first is None or first[0].name != MANIFEST:
                raise BackupError(
                    "backup.no_manifest",
                    _("%(file)s is not a daihoi backup: it does not begin with %(manifest)s."),
                    file=shown,
                    manifest=MANIFEST,
                )
            manifest = parse_manifest(_read_small(first[1], first[0].size, shown), shown)
            judge(manifest)
            expected = {m.name: m for m in manifest.files}
            seen: set[str] = set()
            for info, content in members:
                _unpack(info, content, expected, seen, into, shown)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(
            "backup.unreadable",
            _("%(file)s is not a whole backup archive (cut short or damaged): %(detail)s."),
            file=shown,
            detail=str(exc) or type(exc).__name__,
        ) from None
    except _WriteFailed as failed:
        raise BackupError(
            "backup.unwritable",
            _("Cannot write into %(folder)s: %(reason)s."),
            folder=str(into.parent if into else path.parent),
            reason=failed.reason,
        ) from None
    except OSError as exc:
        raise BackupError(
            "backup.unreadable",
            _("%(file)s is not a whole backup archive (cut short or damaged): %(detail)s."),
            file=shown,
            detail=exc.strerror or str(exc),
        ) from None
    missing = [m.name for m in manifest.files if m.name not in seen]
    if missing:
        raise BackupError(
            "backup.member_missing",
            _("%(file)s: %(member)s is listed in the manifest but missing from the archive."),
            file=shown,
            member=missing[0],
        )
    return manifest


def _members(tar: tarfile.TarFile, shown: str) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    for info in tar:
        if not info.isreg():
            raise BackupError(
                "backup.member_kind",
                _("%(file)s: %(member)s is not a plain file."),
                file=shown,
                member=info.name[:200],
            )
        content = tar.extractfile(info)
        assert content is not None  # a regular file always has content
        yield info, content


def _read_small(content: IO[bytes], size: int, shown: str) -> bytes:
    if size > _MANIFEST_LIMIT:
        raise BackupError(
            "backup.manifest_invalid",
            _("%(file)s: the manifest is not valid (%(detail)s)."),
            file=shown,
            detail="too large",
        )
    return content.read()


def _unpack(
    info: tarfile.TarInfo,
    content: IO[bytes],
    expected: dict[str, Member],
    seen: set[str],
    into: Path | None,
    shown: str,
) -> None:
    name = info.name
    listed = expected.get(name)
    if listed is None or name in seen:
        raise BackupError(
            "backup.member_unlisted",
            _("%(file)s: %(member)s is not listed in the manifest, or comes twice."),
            file=shown,
            member=name[:200],
        )
    seen.add(name)
    digest = hashlib.sha256()
    size = 0
    with _output(into, name) as out:
        while chunk := content.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            try:
                out.write(chunk)
            except OSError as exc:
                raise _WriteFailed(exc.strerror or str(exc)) from None
    if size != listed.size or digest.hexdigest() != listed.sha256:
        raise BackupError(
            "backup.member_changed",
            _(
                "%(file)s: %(member)s does not match the SHA-256 in the manifest: the file "
                "was changed or damaged."
            ),
            file=shown,
            member=name,
        )


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


@contextlib.contextmanager
def _output(into: Path | None, name: str) -> Iterator[Any]:
    """Where a member's bytes go: a new file (mode 0600) under ``into``, or nowhere."""
    if into is None:
        yield _Discard()
        return
    target = into / PurePosixPath(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise _WriteFailed(exc.strerror or str(exc)) from None
    with os.fdopen(fd, "wb") as out:
        yield out


def parse_manifest(data: bytes, shown: str) -> Manifest:
    """The manifest, every field checked; a newer version is refused by its own message."""

    def invalid(detail: str) -> BackupError:
        return BackupError(
            "backup.manifest_invalid",
            _("%(file)s: the manifest is not valid (%(detail)s)."),
            file=shown,
            detail=detail,
        )

    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise invalid("not JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise invalid("format is not daihoi/backup")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise invalid("version")
    if version > VERSION:
        raise BackupError(
            "backup.newer_format",
            _(
                "%(file)s was written by a newer daihoi (backup format version %(version)d; "
                "this one reads up to %(known)d): restore it with that version."
            ),
            file=shown,
            version=version,
            known=VERSION,
        )
    database = document.get("database")
    engine = database.get("engine") if isinstance(database, dict) else None
    if engine not in DATABASE_FILES:
        raise invalid("database engine")
    migrations = document.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(n, str) for n in v)
        for k, v in migrations.items()
    ):
        raise invalid("migrations")
    files = document.get("files")
    if not isinstance(files, list):
        raise invalid("files")
    members = tuple(_member(entry, invalid) for entry in files)
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise invalid("a file is listed twice")
    if DATABASE_FILES[engine] not in names or any(
        n in DATABASE_FILES.values() and n != DATABASE_FILES[engine] for n in names
    ):
        raise invalid("the database file")
    created_at, software = document.get("created_at"), document.get("software")
    if not isinstance(created_at, str) or not isinstance(software, str):
        raise invalid("created_at, software")
    return Manifest(version, created_at, software, engine, migrations, members)


def _member(entry: Any, invalid: Callable[[str], BackupError]) -> Member:
    if not isinstance(entry, dict):
        raise invalid("files")
    name, size, sha = entry.get("name"), entry.get("size"), entry.get("sha256")
    if not isinstance(name, str) or not member_name_ok(name):
        raise invalid(f"file name {str(name)[:200]!r}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise invalid(f"size of {name}")
    if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
        raise invalid(f"sha256 of {name}")
    return Member(name, size, sha)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sidecar_text(digest: str, path: Path) -> str:
    """``HEX  NAME``: the line ``sha256sum -c`` reads."""
    return f"{digest}  {path.name}\n"


def check_sidecar(path: Path) -> bool:
    """Check ``path`` against ``path.sha256`` when that file is there; True if it was."""
    sidecar = sidecar_path(path)
    try:
        text = sidecar.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise BackupError(
            "backup.unreadable",
            _("%(file)s is not a whole backup archive (cut short or damaged): %(detail)s."),
            file=sidecar.name,
            detail=exc.strerror or str(exc),
        ) from None
    words = text.split()
    if not words or not _HEX64.fullmatch(words[0].lower()):
        raise BackupError(
            "backup.sidecar_invalid",
            _("%(sidecar)s does not hold a SHA-256 (64 hexadecimal digits)."),
            sidecar=sidecar.name,
        )
    try:
        digest, _size = sha256_file(path)
    except OSError as exc:
        raise BackupError(
            "backup.unreadable",
            _("%(file)s is not a whole backup archive (cut short or damaged): %(detail)s."),
            file=path.name,
            detail=exc.strerror or str(exc),
        ) from None
    if digest != words[0].lower():
        raise BackupError(
            "backup.checksum",
            _(
                "%(file)s does not match the SHA-256 in %(sidecar)s: the archive was changed "
                "or damaged after it was written."
            ),
            file=path.name,
            sidecar=sidecar.name,
        )
    return True


def members_of(files: Sequence[tuple[str, Path]]) -> tuple[Member, ...]:
    """The manifest's entries for ``(name, path)`` pairs, hashed now."""
    listed = []
    for name, source in files:
        digest, size = sha256_file(source)
        listed.append(Member(name, size, digest))
    return tuple(listed)
