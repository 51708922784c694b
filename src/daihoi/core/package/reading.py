"""Reading ``daihoi/package@1``: format, fields, canonical form, signature, key, hashes, recount.

Each refusal is a :class:`PackageError` naming what is wrong, in the order the
package's docstring lists the checks.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, NoReturn

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daihoi.core.bounded import JsonLimitExceeded
from daihoi.core.elections.errors import InputError, InvalidInput, error
from daihoi.core.elections.formats import (
    BALLOTS_FORMAT,
    count_ballots_lines,
    parse_election,
    result_from_json,
    result_to_json,
)
from daihoi.core.elections.jsonread import DuplicateKey, field_path, json_error, loads_strict
from daihoi.core.elections.model import Counts, ElectionDefinition, Result
from daihoi.core.elections.rules import BUILTIN_PROFILES
from daihoi.core.elections.tally import decide

from .canonical import b64decode_strict, canonical_json, sha256_hex
from .container import (
    _KIND,
    _LISTED,
    _MAGIC,
    _META_FIELDS,
    _PUBLIC_KEY_SIZE,
    _SHOWN,
    _SIGNATURE_SIZE,
    FORMAT,
    OPTIONAL_PARTS,
    REQUIRED_PARTS,
    SIGNING_CONTEXT,
    PackageMeta,
    VerifiedPackage,
    ballot_record,
)
from .errors import PART_FILES, PackageError
from .keys import key_fingerprint, normalize_fingerprint


@dataclass(frozen=True, slots=True)
class _Envelope:
    signed: dict[str, Any]
    meta: PackageMeta
    digests: dict[str, str]
    parts: dict[str, bytes]
    public_key: bytes
    signature: bytes


def read_package(data: bytes, *, trusted: Collection[str] | None = None) -> VerifiedPackage:
    """Check a package and return what it holds; raise :class:`PackageError` at the first fault.

    In order: JSON, the format and its version, the fields, the canonical
    form of the file, the signature, the key (only when ``trusted``
    fingerprints are given: an empty collection trusts nobody), each part's
    SHA-256, the parts read by the engine's strict readers (and the ballots
    in canonical order), then the recount: the ballots are counted and
    decided again and must give the result the package carries.
    """
    allowed = None if trusted is None else _trusted(trusted)
    document = _decode(data)
    _check_format(document)
    envelope = _read_envelope(document)
    try:
        canonical = canonical_json(document) == data
    except ValueError:
        canonical = False
    if not canonical:
        raise PackageError("not_canonical")
    fingerprint = _check_signature(envelope, allowed)
    for name, expected in envelope.digests.items():
        found = sha256_hex(envelope.parts[name])
        if found != expected:
            raise PackageError("part_changed", part=name, expected=expected, found=found)
    parts = envelope.parts
    definition, recount = _recount(parts)
    return VerifiedPackage(
        definition=definition,
        result=recount,
        meta=envelope.meta,
        parts=MappingProxyType(dict(parts)),
        fingerprint=fingerprint,
        public_key=envelope.public_key,
        sha256=sha256_hex(data),
    )


def _check_signature(envelope: _Envelope, allowed: set[str] | None) -> str:
    """The signer's fingerprint, once the signature holds and the key is allowed."""
    public_key = Ed25519PublicKey.from_public_bytes(envelope.public_key)
    try:
        public_key.verify(envelope.signature, SIGNING_CONTEXT + canonical_json(envelope.signed))
    except InvalidSignature:
        raise PackageError("bad_signature") from None
    fingerprint = key_fingerprint(public_key)
    if allowed is not None and fingerprint not in allowed:
        shown = sorted(allowed)
        listed = ", ".join(shown[:_LISTED]) + (", …" if len(shown) > _LISTED else "")
        raise PackageError("untrusted_key", fingerprint=fingerprint, trusted=listed or "—")
    return fingerprint


def _recount(parts: Mapping[str, bytes]) -> tuple[ElectionDefinition, Result]:
    """Read the parts with the engine, count and decide again, compare with the carried result."""
    definition = read_election_part(parts["election"])
    counts = _count_ballots(parts["ballots"], definition)
    _check_ballot_order(parts["ballots"], definition.id)
    carried = _read_json_part("result", parts["result"])
    try:
        result_from_json(carried, file=PART_FILES["result"])
    except InvalidInput as exc:
        raise PackageError("part_unreadable", part="result", details=exc.errors) from None
    for name, (magic, kind) in _MAGIC.items():
        if name in parts and not parts[name].startswith(magic):
            raise PackageError("wrong_kind", part=name, kind=kind)
    recount = decide(definition, counts)
    difference = _first_difference(result_to_json(recount), carried, "")
    if difference is not None:
        where, found, expected = difference
        raise PackageError("result_mismatch", field=where, found=found, expected=expected)
    return definition, recount


def _trusted(fingerprints: Collection[str]) -> set[str]:
    out: set[str] = set()
    for text in fingerprints:
        try:
            out.add(normalize_fingerprint(text))
        except ValueError:
            raise PackageError("bad_fingerprint", value=text) from None
    return out


def _decode(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError("not_json", detail=f"byte {exc.start}, UTF-8") from None
    try:
        return loads_strict(text)
    except DuplicateKey as exc:
        raise PackageError("duplicate_key", key=exc.key) from None
    except JsonLimitExceeded as exc:
        limit, line, column = exc.params.get("limit", 0), exc.lineno, exc.colno
        if exc.code == "number_too_long":
            digits = exc.params.get("digits", 0)
            raise PackageError(
                exc.code, digits=digits, limit=limit, line=line, column=column
            ) from None
        raise PackageError(exc.code, limit=limit, line=line, column=column) from None
    except json.JSONDecodeError as exc:
        # The place only: the parser's own words are English, the message is in two languages.
        raise PackageError("not_json", detail=f"{exc.lineno}:{exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise PackageError("not_json", detail=type(exc).__name__) from None


def _check_format(document: Any) -> None:
    found = document.get("format") if isinstance(document, dict) else None
    if not isinstance(found, str):
        raise PackageError("not_a_package")
    if found == FORMAT:
        return
    if found.split("@", 1)[0] == _KIND:
        raise PackageError("unsupported_version", found=found, supported=FORMAT)
    raise PackageError("wrong_format", found=found, expected=FORMAT)


def _read_envelope(document: dict[str, Any]) -> _Envelope:
    _fields(document, "", ("format", "parts", "signature", "signed"))
    signature = _fields(document["signature"], "signature", ("algorithm", "public_key", "value"))
    algorithm = _text(signature["algorithm"], "signature.algorithm")
    if algorithm != "ed25519":
        raise PackageError("unsupported_algorithm", value=algorithm)
    public_key = _binary(signature["public_key"], "signature.public_key", _PUBLIC_KEY_SIZE)
    value = _binary(signature["value"], "signature.value", _SIGNATURE_SIZE)
    signed = _fields(document["signed"], "signed", ("meta", "parts"))
    meta = _read_meta(signed["meta"])
    listed = _fields(signed["parts"], "signed.parts", REQUIRED_PARTS, OPTIONAL_PARTS)
    digests: dict[str, str] = {}
    for name in PART_FILES:
        if name in listed:
            path = field_path("signed.parts", name)
            digests[name] = _sha256(_fields(listed[name], path, ("sha256",))["sha256"], path)
    carried = _fields(document["parts"], "parts", tuple(digests))
    parts = {name: _binary(carried[name], field_path("parts", name)) for name in digests}
    return _Envelope(
        signed=signed,
        meta=meta,
        digests=digests,
        parts=parts,
        public_key=public_key,
        signature=value,
    )


def _read_meta(raw: object) -> PackageMeta:
    obj = _fields(raw, "signed.meta", _META_FIELDS)
    text = {name: _text(obj[name], field_path("signed.meta", name)) for name in _META_FIELDS}
    stamp = text["sealed_at"]
    try:
        sealed_at = datetime.fromisoformat(stamp)
    except ValueError:
        sealed_at = None
    if sealed_at is None or sealed_at.tzinfo is None or sealed_at.isoformat() != stamp:
        raise PackageError("bad_timestamp", field="signed.meta.sealed_at", value=stamp)
    return PackageMeta(
        unit_code=text["unit_code"],
        unit_name=text["unit_name"],
        congress=text["congress"],
        station=text["station"],
        sealed_at=sealed_at,
        seal_hash=_sha256(text["seal_hash"], "signed.meta.seal_hash"),
        software=text["software"],
    )


def _fields(
    raw: object, path: str, required: Sequence[str], optional: Sequence[str] = ()
) -> dict[str, Any]:
    """An object with exactly these fields; the first unknown or missing one is refused."""
    if not isinstance(raw, dict):
        raise PackageError("not_object", field=path)
    for name in raw:
        if name not in required and name not in optional:
            raise PackageError("unknown_field", field=field_path(path, name))
    for name in required:
        if name not in raw:
            raise PackageError("missing_field", field=field_path(path, name))
    return raw


def _text(raw: object, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise PackageError("not_text", field=path)
    return raw


def _sha256(raw: object, path: str) -> str:
    if not isinstance(raw, str) or len(raw) != 64 or raw.strip("0123456789abcdef"):
        raise PackageError("not_sha256", field=path)
    return raw


def _binary(raw: object, path: str, size: int | None = None) -> bytes:
    if not isinstance(raw, str):
        raise PackageError("not_base64", field=path)
    try:
        data = b64decode_strict(raw)
    except ValueError:
        raise PackageError("not_base64", field=path) from None
    if size is not None and len(data) != size:
        raise PackageError("bad_key_size", field=path, size=len(data), expected=size)
    return data


def _read_json_part(part: str, data: bytes) -> Any:
    """A JSON part, decoded strictly and in canonical form."""
    label = PART_FILES[part]
    try:
        value = loads_strict(data)
    except DuplicateKey as exc:
        _unreadable(part, error("duplicate_key", None, key=exc.key).at(file=label))
    except UnicodeDecodeError:
        _unreadable(part, error("not_utf8").at(file=label))
    except json.JSONDecodeError as exc:
        _unreadable(part, json_error(exc).at(file=label))
    except (ValueError, RecursionError) as exc:
        err = error("malformed_json", None, detail=str(exc) or type(exc).__name__, column=1)
        _unreadable(part, err.at(file=label))
    try:
        canonical = canonical_json(value) == data
    except ValueError:
        canonical = False
    if not canonical:
        raise PackageError("part_not_canonical", part=part)
    return value


def _unreadable(part: str, err: InputError) -> NoReturn:
    raise PackageError("part_unreadable", part=part, details=[err])


def read_election_part(data: bytes) -> ElectionDefinition:
    obj = _read_json_part("election", data)
    profile = obj.get("profile") if isinstance(obj, dict) else None
    if isinstance(profile, str) and profile not in BUILTIN_PROFILES:
        raise PackageError(
            "profile_not_builtin", profile=profile, builtin=", ".join(BUILTIN_PROFILES)
        )
    try:
        return parse_election(obj, file=PART_FILES["election"])
    except InvalidInput as exc:
        raise PackageError("part_unreadable", part="election", details=exc.errors) from None


def _count_ballots(data: bytes, definition: ElectionDefinition) -> Counts:
    try:
        return count_ballots_lines(io.BytesIO(data), definition, label=PART_FILES["ballots"])
    except InvalidInput as exc:
        raise PackageError("part_unreadable", part="ballots", details=exc.errors) from None


def _check_ballot_order(data: bytes, election_id: str) -> None:
    """The ballots part is exactly what :func:`ballots_part` writes for its ballots."""
    lines = data.split(b"\n")
    if lines[-1] != b"":
        raise PackageError("ballots_not_canonical", line=len(lines))
    header = canonical_json({"format": BALLOTS_FORMAT, "election": election_id})
    if lines[0] != header:
        raise PackageError("ballots_not_canonical", line=1)
    previous = b""
    for number, line in enumerate(lines[1:-1], start=2):
        try:
            canonical = canonical_json(ballot_record(loads_strict(line))) == line
        except (ValueError, AttributeError):
            canonical = False
        if not canonical or line < previous:
            raise PackageError("ballots_not_canonical", line=number)
        previous = line


_ABSENT = object()


def _first_difference(expected: Any, found: Any, path: str) -> tuple[str, str, str] | None:
    """The first field (in the recount's order) where the carried result differs."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for name in [*expected, *(n for n in found if n not in expected)]:
            here = field_path(path, name)
            if name not in expected or name not in found:
                return here, _shown(found.get(name, _ABSENT)), _shown(expected.get(name, _ABSENT))
            difference = _first_difference(expected[name], found[name], here)
            if difference is not None:
                return difference
        return None
    if isinstance(expected, list) and isinstance(found, list):
        for i in range(max(len(expected), len(found))):
            here = field_path(path, i)
            if i >= len(expected) or i >= len(found):
                got = found[i] if i < len(found) else _ABSENT
                want = expected[i] if i < len(expected) else _ABSENT
                return here, _shown(got), _shown(want)
            difference = _first_difference(expected[i], found[i], here)
            if difference is not None:
                return difference
        return None
    if type(expected) is type(found) and expected == found:
        return None
    return path, _shown(found), _shown(expected)


def _shown(value: object) -> str:
    if value is _ABSENT:
        return "—"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
