"""A congress's dossier as one signed zip, ``daihoi/congress-archive@1``: written and verified.

Pure Python (``zipfile``, and the result package's canonical JSON and
Ed25519 key, :mod:`daihoi.core.package`); no Django. The portal gathers the
documents (``daihoi.archive``); this module lays them out, lists them in a
signed manifest, and checks an archive without a database.

The layout
----------

A zip file whose first member is ``MANIFEST.json`` and whose second is
``MANIFEST.sig``; then every file the manifest lists, in its order, and
nothing else.

- ``MANIFEST.json``: canonical JSON (:func:`daihoi.core.package.canonical_json`)::

    {"congress": {"id": 11, "name": "…", "unit_code": "…", "unit_name": "…"},
     "created_at": "2025-07-01T09:30:00+07:00",
     "files": [{"name": "…", "sha256": HEX, "size": N}, …],
     "format": "daihoi/congress-archive@1",
     "software": "daihoi 0.1.0"}

- ``MANIFEST.sig``: canonical JSON ``{"algorithm": "ed25519", "fingerprint":
  …, "public_key": B64, "value": B64}``; the value is Ed25519 over the ASCII
  bytes ``daihoi/congress-archive@1``, one LF, then the manifest's exact
  bytes, with the station's key (the one that signs result packages). The
  public key inside makes the check possible offline; trusting it is another
  matter: its fingerprint must be one the portal registered (``--trust``).

What :func:`verify_archive` refuses, the first problem named, in this order:
a file that cannot be read or is not a whole zip; a name twice; no manifest
or no signature; a manifest or signature that is not what this module
writes; a signature that does not hold; a key not among the trusted ones; a
member the manifest does not list; a member whose bytes do not read (the
zip's own CRC) or whose size or SHA-256 is not the manifest's; a listed
member missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daihoi.core.package.canonical import b64decode_strict, b64encode, canonical_json
from daihoi.core.package.keys import key_fingerprint, normalize_fingerprint, public_key_bytes

__all__ = [
    "FORMAT",
    "MANIFEST",
    "SIGNATURE",
    "ArchiveError",
    "ArchiveMeta",
    "Member",
    "Part",
    "VerifiedArchive",
    "build_archive",
    "verify_archive",
    "write_archive",
]

FORMAT = "daihoi/congress-archive@1"
MANIFEST = "MANIFEST.json"
SIGNATURE = "MANIFEST.sig"
SIGNING_CONTEXT = FORMAT.encode("ascii") + b"\n"
_CHUNK = 1024 * 1024
_SMALL_LIMIT = 16 * 1024 * 1024
_DATE = (1980, 1, 1, 0, 0, 0)  # every member's zip time: the manifest carries the real one

_MESSAGES: dict[str, str] = {
    "unreadable": "cannot read {file}: {detail}",
    "not_zip": "{file} is not a zip archive, or it was cut short (no zip directory at its end)",
    "duplicate": "{file}: {member} appears twice in the zip",
    "no_manifest": "{file} is not a congress archive: it holds no MANIFEST.json",
    "no_signature": "{file}: MANIFEST.sig is missing, so the manifest is not signed",
    "manifest_invalid": "{file}: MANIFEST.json is not valid ({detail})",
    "signature_invalid": "{file}: MANIFEST.sig is not valid ({detail})",
    "bad_signature": (
        "{file}: the signature does not match MANIFEST.json: the manifest was changed "
        "after it was signed"
    ),
    "untrusted_key": (
        "{file}: signed by the key {fingerprint}, which is not among the trusted keys ({trusted})"
    ),
    "unlisted": "{file}: {member} is in the zip but not listed in MANIFEST.json",
    "damaged": "{file}: {member} cannot be read from the zip (damaged: {detail})",
    "changed": (
        "{file}: {member} does not match its SHA-256 and size in MANIFEST.json: the file "
        "was changed or damaged"
    ),
    "missing": "{file}: {member} is listed in MANIFEST.json but missing from the zip",
    "bad_name": "the archive cannot hold a file named {member}",
    "exists": "{file} already exists: choose another name (nothing was written)",
    "unwritable": "cannot write {file}: {detail} (nothing was written)",
}


class ArchiveError(Exception):
    """An archive refused (or not written), with the first problem named in English."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(_MESSAGES[code].format(**{k: _shown(v) for k, v in params.items()}))


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


@dataclass(frozen=True)
class Part:
    """One file of the dossier: its name in the archive and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ArchiveMeta:
    """Whose dossier it is and when it was made."""

    congress_id: int
    congress: str
    unit_code: str
    unit_name: str
    created_at: str  # ISO 8601 with its offset
    software: str


@dataclass(frozen=True)
class VerifiedArchive:
    meta: ArchiveMeta
    files: tuple[Member, ...]
    fingerprint: str


def name_ok(name: str) -> bool:
    """A plain relative path (``a/b.pdf``): no ``..``, no backslash, not the manifest's names."""
    if not name or name in (MANIFEST, SIGNATURE) or name.startswith("/") or name.endswith("/"):
        return False
    if "\\" in name or any(ord(c) < 32 for c in name):
        return False
    return all(p not in ("", ".", "..") for p in PurePosixPath(name).parts) and ("//" not in name)


def manifest_bytes(meta: ArchiveMeta, files: Sequence[Member]) -> bytes:
    return canonical_json(
        {
            "format": FORMAT,
            "congress": {
                "id": meta.congress_id,
                "name": meta.congress,
                "unit_code": meta.unit_code,
                "unit_name": meta.unit_name,
            },
            "created_at": meta.created_at,
            "software": meta.software,
            "files": [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in files],
        }
    )


def build_archive(
    stream: IO[bytes], parts: Sequence[Part], meta: ArchiveMeta, key: Ed25519PrivateKey
) -> tuple[Member, ...]:
    """Write the zip into ``stream``: the manifest, its signature, then each part in order."""
    names = [p.name for p in parts]
    for name in names:
        if not name_ok(name):
            raise ArchiveError("bad_name", member=name)
    if len(set(names)) != len(names):
        raise ArchiveError("duplicate", file="(new archive)", member=_first_repeated(names))
    files = tuple(Member(p.name, len(p.data), hashlib.sha256(p.data).hexdigest()) for p in parts)
    manifest = manifest_bytes(meta, files)
    signature = canonical_json(
        {
            "algorithm": "ed25519",
            "fingerprint": key_fingerprint(key.public_key()),
            "public_key": b64encode(public_key_bytes(key.public_key())),
            "value": b64encode(key.sign(SIGNING_CONTEXT + manifest)),
        }
    )
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in ((MANIFEST, manifest), (SIGNATURE, signature)):
            zf.writestr(_info(name), data)
        for part in parts:
            zf.writestr(_info(part.name), part.data)
    return files


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _first_repeated(names: Sequence[str]) -> str:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return ""


def write_archive(
    path: Path, parts: Sequence[Part], meta: ArchiveMeta, key: Ed25519PrivateKey
) -> VerifiedArchive:
    """Write the archive to ``path`` whole or not at all, and read it back.

    The zip is written to a temporary file beside ``path``, verified, and
    only then given its name; an existing ``path`` is refused, never replaced.
    """
    if path.exists():
        raise ArchiveError("exists", file=path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ArchiveError("unwritable", file=path, detail=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "w+b") as stream:
            build_archive(stream, parts, meta, key)
            stream.flush()
            os.fsync(stream.fileno())
        verified = verify_archive(Path(temporary), shown=path.name)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise ArchiveError("exists", file=path) from None
    except OSError as exc:
        raise ArchiveError("unwritable", file=path, detail=exc.strerror or exc) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return verified


def verify_archive(
    source: Path | IO[bytes], *, trusted: Collection[str] | None = None, shown: str = ""
) -> VerifiedArchive:
    """Check every byte of an archive; the first problem is raised as :class:`ArchiveError`.

    ``trusted`` (fingerprints in any spelling) also requires the signing key
    to be one of them; without it the key inside is only checked to sign
    the manifest, and the caller shows its fingerprint.
    """
    shown = shown or (source.name if isinstance(source, Path) else "the archive")
    try:
        with zipfile.ZipFile(source) as zf:
            return _verify(zf, trusted, shown)
    except zipfile.BadZipFile:
        raise ArchiveError("not_zip", file=shown) from None
    except OSError as exc:
        raise ArchiveError("unreadable", file=shown, detail=exc.strerror or exc) from None


def _verify(zf: zipfile.ZipFile, trusted: Collection[str] | None, shown: str) -> VerifiedArchive:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    repeated = _first_repeated(names)
    if repeated:
        raise ArchiveError("duplicate", file=shown, member=repeated)
    if MANIFEST not in names:
        raise ArchiveError("no_manifest", file=shown)
    if SIGNATURE not in names:
        raise ArchiveError("no_signature", file=shown)
    manifest_data = _read_small(zf, MANIFEST, shown)
    meta, files = _parse_manifest(manifest_data, shown)
    fingerprint = _check_signature(_read_small(zf, SIGNATURE, shown), manifest_data, shown)
    if trusted is not None:
        wanted = {_normalized(t) for t in trusted}
        if fingerprint not in wanted:
            raise ArchiveError(
                "untrusted_key",
                file=shown,
                fingerprint=fingerprint,
                trusted=", ".join(sorted(w for w in wanted if w)) or "none",
            )
    listed = {m.name: m for m in files}
    for info in infos:
        if info.filename in (MANIFEST, SIGNATURE):
            continue
        member = listed.get(info.filename)
        if member is None:
            raise ArchiveError("unlisted", file=shown, member=info.filename)
        sha, size = _hash_member(zf, info, shown)
        if sha != member.sha256 or size != member.size:
            raise ArchiveError("changed", file=shown, member=info.filename)
    present = set(names)
    for member in files:
        if member.name not in present:
            raise ArchiveError("missing", file=shown, member=member.name)
    return VerifiedArchive(meta, files, fingerprint)


def _normalized(text: str) -> str:
    try:
        return normalize_fingerprint(text)
    except ValueError:
        return ""


def _read_small(zf: zipfile.ZipFile, name: str, shown: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _SMALL_LIMIT:
        code = "manifest_invalid" if name == MANIFEST else "signature_invalid"
        raise ArchiveError(code, file=shown, detail="too large")
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ArchiveError("damaged", file=shown, member=name, detail=exc) from None


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(info) as content:
            while chunk := content.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ArchiveError("damaged", file=shown, member=info.filename, detail=exc) from None
    return digest.hexdigest(), size


def _strict_json(data: bytes) -> Any:
    """JSON as this module writes it: canonical, so a reader cannot be shown other bytes."""
    try:
        value = json.loads(data.decode("utf-8"))
        same = canonical_json(value) == data
    except (UnicodeDecodeError, ValueError):
        return None
    return value if same else None


def _parse_manifest(data: bytes, shown: str) -> tuple[ArchiveMeta, tuple[Member, ...]]:
    def invalid(detail: str) -> ArchiveError:
        return ArchiveError("manifest_invalid", file=shown, detail=detail)

    document = _strict_json(data)
    if not isinstance(document, dict):
        raise invalid("not canonical JSON")
    if document.get("format") != FORMAT:
        raise invalid(f"its format is not {FORMAT}")
    if set(document) != {"format", "congress", "created_at", "software", "files"}:
        raise invalid("its fields")
    congress = document["congress"]
    if not isinstance(congress, dict) or set(congress) != {
        "id",
        "name",
        "unit_code",
        "unit_name",
    }:
        raise invalid("congress")
    if not isinstance(congress["id"], int) or isinstance(congress["id"], bool):
        raise invalid("congress id")
    texts = [congress["name"], congress["unit_code"], congress["unit_name"]]
    texts += [document["created_at"], document["software"]]
    if not all(isinstance(t, str) for t in texts):
        raise invalid("congress, created_at, software")
    entries = document["files"]
    if not isinstance(entries, list):
        raise invalid("files")
    files = tuple(_member(entry, invalid) for entry in entries)
    repeated = _first_repeated([m.name for m in files])
    if repeated:
        raise invalid(f"{repeated} is listed twice")
    meta = ArchiveMeta(
        congress_id=congress["id"],
        congress=congress["name"],
        unit_code=congress["unit_code"],
        unit_name=congress["unit_name"],
        created_at=document["created_at"],
        software=document["software"],
    )
    return meta, files


def _member(entry: Any, invalid: Any) -> Member:
    if not isinstance(entry, dict) or set(entry) != {"name", "size", "sha256"}:
        raise invalid("files")
    name, size, sha = entry["name"], entry["size"], entry["sha256"]
    if not isinstance(name, str) or not name_ok(name):
        raise invalid(f"file name {_shown(name)!r}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise invalid(f"size of {name}")
    if not isinstance(sha, str) or len(sha) != 64 or sha.strip("0123456789abcdef"):
        raise invalid(f"sha256 of {name}")
    return Member(name, size, sha)


def _check_signature(data: bytes, manifest: bytes, shown: str) -> str:
    def invalid(detail: str) -> ArchiveError:
        return ArchiveError("signature_invalid", file=shown, detail=detail)

    document = _strict_json(data)
    if not isinstance(document, dict) or set(document) != {
        "algorithm",
        "fingerprint",
        "public_key",
        "value",
    }:
        raise invalid("not the signature's fields in canonical JSON")
    if document["algorithm"] != "ed25519":
        raise invalid("the algorithm is not ed25519")
    try:
        raw_key = b64decode_strict(str(document["public_key"]))
        value = b64decode_strict(str(document["value"]))
        public_key = Ed25519PublicKey.from_public_bytes(raw_key)
    except ValueError:
        raise invalid("the public key or the value is not base64 of the right size") from None
    fingerprint = key_fingerprint(public_key)
    if document["fingerprint"] != fingerprint:
        raise invalid("the fingerprint is not the public key's")
    try:
        public_key.verify(value, SIGNING_CONTEXT + manifest)
    except InvalidSignature:
        raise ArchiveError("bad_signature", file=shown) from None
    return fingerprint
