"""What the writer and the reader of ``daihoi/package@1`` share: names, sizes, results.

:mod:`.writing` builds and signs a package, :mod:`.reading` verifies and
recounts one. The format itself is described once, in the package's
docstring (``daihoi.core.package``) and in ``docs/package.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from daihoi.core.elections.formats import (
    parse_ballot_line,
)
from daihoi.core.elections.model import Ballot, ElectionDefinition, Result

__all__ = [
    "FORMAT",
    "OPTIONAL_PARTS",
    "REQUIRED_PARTS",
    "SIGNING_CONTEXT",
    "PackageMeta",
    "VerifiedPackage",
    "ballot_record",
]

FORMAT = "daihoi/package@1"
_KIND = FORMAT.split("@", 1)[0]

#: What the station's key signs: these bytes, then the canonical JSON of ``signed``.
SIGNING_CONTEXT = FORMAT.encode("ascii") + b"\n"

REQUIRED_PARTS = ("election", "ballots", "result", "minutes_pdf")
OPTIONAL_PARTS = ("minutes_docx",)
_MAGIC = {"minutes_pdf": (b"%PDF-", "PDF"), "minutes_docx": (b"PK\x03\x04", "DOCX")}

_META_FIELDS = (
    "unit_code",
    "unit_name",
    "congress",
    "station",
    "sealed_at",
    "seal_hash",
    "software",
)
_PUBLIC_KEY_SIZE = 32
_SIGNATURE_SIZE = 64
_SHOWN = 60
#: Trusted fingerprints named in a refusal; a portal may trust thousands.
_LISTED = 3


@dataclass(frozen=True, slots=True)
class PackageMeta:
    """Where and when the result was sealed, as the counting station states it.

    ``sealed_at`` must carry its UTC offset; ``seal_hash`` is the station's
    seal (64 lowercase hex digits), carried as stated: the portal cannot
    recompute it, since the package keeps neither the entry order nor refs.
    """

    unit_code: str
    unit_name: str
    congress: str
    station: str
    sealed_at: datetime
    seal_hash: str
    software: str


@dataclass(frozen=True, slots=True)
class VerifiedPackage:
    """A package that passed every check of :func:`read_package`.

    ``result`` is the engine's recount, equal to the result the package
    carries; ``parts`` are the raw bytes of each part, by name
    (``election``, ``ballots``, ``result``, ``minutes_pdf``, maybe
    ``minutes_docx``); ``sha256`` is the digest of the whole file, to spot
    a package imported twice.
    """

    definition: ElectionDefinition
    result: Result
    meta: PackageMeta
    parts: Mapping[str, bytes]
    fingerprint: str
    public_key: bytes
    sha256: str

    @property
    def minutes_pdf(self) -> bytes:
        return self.parts["minutes_pdf"]

    @property
    def minutes_docx(self) -> bytes | None:
        return self.parts.get("minutes_docx")

    def election_json(self) -> dict[str, Any]:
        """The ``daihoi/election@1`` as carried."""
        return dict(json.loads(self.parts["election"]))

    def result_json(self) -> dict[str, Any]:
        """The ``daihoi/result@1`` as carried (equal to the recount's)."""
        return dict(json.loads(self.parts["result"]))

    def ballots(self) -> Iterator[Ballot]:
        """The cast vote records, in the package's sorted order, without refs."""
        form = self.definition.form
        for line in self.parts["ballots"].split(b"\n")[1:-1]:
            yield parse_ballot_line(line, form)


def ballot_record(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A ballot as a package carries it: no ``ref``, ``crossed`` and ``defects`` sorted."""
    record = {name: value for name, value in obj.items() if name != "ref"}
    for name in ("crossed", "defects"):
        items = record.get(name)
        if isinstance(items, list | tuple) and all(isinstance(x, str) for x in items):
            record[name] = sorted(items)
    if record.get("defects") == []:
        del record["defects"]
    return record
