"""The signed result package, ``daihoi/package@1``: one file from the station to the portal.

Pure Python (``cryptography`` for Ed25519, no Django). The counting station
calls :func:`build_package`; the portal calls :func:`read_package`, which
refuses a package changed by even one byte and says why
(:class:`PackageError`, Vietnamese by default, English on request).

The format
----------

A package is one UTF-8 file holding one JSON object in canonical form
(:mod:`.canonical`: sorted keys, no whitespace, NFC strings, integers
only, no final newline)::

    {"format": "daihoi/package@1",
     "parts": {"ballots": B64, "election": B64, "minutes_docx": B64,
               "minutes_pdf": B64, "result": B64},
     "signature": {"algorithm": "ed25519", "public_key": B64, "value": B64},
     "signed": {"meta": {"congress": …, "seal_hash": HEX, "sealed_at": ISO,
                         "software": …, "station": …, "unit_code": …,
                         "unit_name": …},
                "parts": {"ballots": {"sha256": HEX}, …}}}

- ``parts``: each part's exact bytes, in standard base64:
  ``election`` a ``daihoi/election@1``, ``result`` a ``daihoi/result@1``
  (both canonical JSON), ``ballots`` a ``daihoi/ballots@1`` file (header,
  then one canonical line per ballot, sorted, each ending in LF, no
  ``ref``), ``minutes_pdf``, and ``minutes_docx`` when there is one.
- ``signed.parts``: the SHA-256 (lowercase hex) of each part's bytes,
  for exactly the parts carried.
- ``signed.meta``: unit code and name, congress, station name,
  ``sealed_at`` (ISO 8601 with its offset, as ``datetime.isoformat()``
  writes it), the station's seal hash (64 lowercase hex digits), software
  version. Every value is non-empty text.
- ``signature.value``: Ed25519 over the ASCII bytes ``daihoi/package@1``,
  one LF, then the canonical JSON of ``signed``; ``public_key`` is the raw
  32-byte key. The signature covers the list of hashes, and the hashes
  cover the parts, so a changed part is named by its hash.

The election must use a built-in rules profile (overrides in ``rules``
are fine): a reader never opens a profile file named inside a package.

Ballots are sorted by their canonical bytes, never kept in entry order,
so the package cannot tell in which order ballots were counted; within a
record ``crossed`` and ``defects`` are sorted too. A record carries only
the marks and defects: the engine's reader refuses any other field, and
``ref`` is dropped.

What the reader checks, in order: JSON; the format and its version; the
fields (none missing, none unknown, base64 and hex well formed, a time
with its offset); the canonical form of the whole file; the signature;
the key (when trusted fingerprints are given); each part's hash; the
parts read by the engine's strict readers; and the recount, whose result
must equal the one carried, field for field.

The minutes: :func:`check_minutes` reads the text of the minutes a package
carries and refuses them unless they state the result's figures (the
portal's import calls it after :func:`read_package`).

Keys: :func:`station_key_load_or_create` keeps the station's key in a PEM
file of mode 0600; :func:`key_fingerprint` gives the form read over the
phone (``3F2A-91C0-…``, 128 bits of the key's SHA-256).
"""

from .canonical import canonical_json
from .command import render_verified, run_package_verify
from .container import FORMAT, PackageMeta, VerifiedPackage
from .errors import MESSAGES, PART_FILES, PackageError
from .keys import (
    key_fingerprint,
    normalize_fingerprint,
    station_key_load_or_create,
    station_key_protect,
)
from .minutes import check_minutes
from .reading import read_package
from .writing import ballots_part, build_package

__all__ = [
    "FORMAT",
    "MESSAGES",
    "PART_FILES",
    "PackageError",
    "PackageMeta",
    "VerifiedPackage",
    "ballots_part",
    "build_package",
    "canonical_json",
    "check_minutes",
    "key_fingerprint",
    "normalize_fingerprint",
    "read_package",
    "render_verified",
    "run_package_verify",
    "station_key_load_or_create",
    "station_key_protect",
]
