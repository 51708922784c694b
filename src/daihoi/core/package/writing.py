"""Writing ``daihoi/package@1``: the parts in canonical form, hashed and signed, read back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daihoi.core.elections.formats import (
    BALLOTS_FORMAT,
)

from .canonical import b64encode, canonical_json, sha256_hex
from .container import FORMAT, SIGNING_CONTEXT, PackageMeta, ballot_record
from .errors import PackageError
from .keys import public_key_bytes
from .reading import read_election_part, read_package


def build_package(
    *,
    election: Mapping[str, Any],
    ballots: Sequence[Mapping[str, Any]],
    result: Mapping[str, Any],
    minutes_pdf: bytes,
    minutes_docx: bytes | None,
    meta: PackageMeta,
    key: Ed25519PrivateKey,
) -> bytes:
    """One signed ``daihoi/package@1`` file.

    ``election`` is a ``daihoi/election@1``, ``ballots`` the records of a
    ``daihoi/ballots@1`` (no header), ``result`` a ``daihoi/result@1``.
    Refs are dropped and the ballots sorted (see :func:`ballots_part`).
    The package is read back with :func:`read_package` before it is
    returned, so a station never hands over a package the portal would
    refuse: the same :class:`PackageError` is raised here instead.
    Ed25519 is deterministic: the same inputs and key give the same bytes.
    """
    election_bytes = _canonical_part("election", election)
    definition = read_election_part(election_bytes)
    parts: dict[str, bytes] = {
        "election": election_bytes,
        "ballots": ballots_part(definition.id, ballots),
        "result": _canonical_part("result", result),
        "minutes_pdf": minutes_pdf,
    }
    if minutes_docx is not None:
        parts["minutes_docx"] = minutes_docx
    signed = {
        "meta": _meta_to_json(meta),
        "parts": {name: {"sha256": sha256_hex(data)} for name, data in parts.items()},
    }
    signature = key.sign(SIGNING_CONTEXT + canonical_json(signed))
    document = {
        "format": FORMAT,
        "parts": {name: b64encode(data) for name, data in parts.items()},
        "signature": {
            "algorithm": "ed25519",
            "public_key": b64encode(public_key_bytes(key.public_key())),
            "value": b64encode(signature),
        },
        "signed": signed,
    }
    data = canonical_json(document)
    read_package(data)
    return data


def ballots_part(election_id: str, ballots: Sequence[Mapping[str, Any]]) -> bytes:
    """The ``daihoi/ballots@1`` file a package carries.

    Header first, then one canonical JSON line per ballot, every line ending
    in LF. Each record loses its ``ref``, has ``crossed`` and ``defects``
    sorted (their order means nothing on paper) and no empty ``defects``;
    the lines are sorted by their bytes, so the file is the same whatever
    order the ballots were entered in.
    """
    header = canonical_json({"format": BALLOTS_FORMAT, "election": election_id})
    lines = sorted(canonical_json(ballot_record(b)) for b in ballots)
    return b"".join(line + b"\n" for line in (header, *lines))


def _canonical_part(part: str, value: Mapping[str, Any]) -> bytes:
    try:
        return canonical_json(value)
    except ValueError:
        raise PackageError("part_not_canonical", part=part) from None


def _meta_to_json(meta: PackageMeta) -> dict[str, str]:
    return {
        "unit_code": meta.unit_code,
        "unit_name": meta.unit_name,
        "congress": meta.congress,
        "station": meta.station,
        "sealed_at": meta.sealed_at.isoformat(),
        "seal_hash": meta.seal_hash,
        "software": meta.software,
    }
