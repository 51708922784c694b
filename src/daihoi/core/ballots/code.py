"""The machine-readable code printed on every side of a ballot, and its hash.

The code names the election, the round, the side (of how many) and a short
hash of the election definition; nothing in it differs between two copies
of the same side (docs/rules.md §1: no serial number, no unique code). A scanner
decodes it with :func:`decode_code_payload` and compares it with
:func:`code_payload` for the definition it counts, refusing another
election, round or definition.

Payload, one line of ASCII text::

    daihoi-ballot@1;e=<election id>;r=<round>;s=<side>/<sides>;h=<hash>

The election id is percent-encoded (UTF-8; unreserved characters stay as
they are), so ``;`` and ``=`` never occur inside a value; ``hash`` is the
first :data:`SHORT_HASH_LENGTH` hex digits of :func:`definition_hash`.

What the hash covers (a choice the issue left open): the definition as
``election_to_json`` writes it, **less** ``electorate`` and
``ballots_issued``. Those two are filled in on the day (who is absent, how
many ballots were handed out), after the ballots are printed, and they do
not change what the paper shows; a ballot printed before must still be read
after. Everything that does change the paper or its meaning (id, title,
kind, round, seats, profile and rules, the candidates) is covered.
Canonical form: JSON with sorted keys, no spaces, non-ASCII kept, the text
in Unicode NFC, encoded in UTF-8; the hash is SHA-256 in lower-case hex.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..elections.formats import election_to_json
from ..elections.model import ElectionDefinition

__all__ = [
    "CODE_FORMAT",
    "SHORT_HASH_LENGTH",
    "CodeError",
    "CodePayload",
    "canonical_definition",
    "code_payload",
    "decode_code_payload",
    "definition_hash",
    "encode_code_payload",
]

CODE_FORMAT = "daihoi-ballot@1"
SHORT_HASH_LENGTH = 16
_NOT_HASHED = ("electorate", "ballots_issued")

_PAYLOAD = re.compile(
    r"(?P<format>[a-z-]+@\d+);e=(?P<election>[A-Za-z0-9_.~%-]+);r=(?P<round>[1-9]\d{0,5});"
    r"s=(?P<side>[1-9]\d{0,2})/(?P<sides>[1-9]\d{0,2});h=(?P<hash>[0-9a-f]{16})"
)


class CodeError(ValueError):
    """A code that is not a ballot code of this format."""


@dataclass(frozen=True, slots=True)
class CodePayload:
    """What a ballot's code says; ``definition_hash`` is the short hash."""

    election: str
    round: int
    side: int
    sides: int
    definition_hash: str


def canonical_definition(definition: ElectionDefinition) -> bytes:
    """The bytes :func:`definition_hash` hashes."""
    data = {k: v for k, v in election_to_json(definition).items() if k not in _NOT_HASHED}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return unicodedata.normalize("NFC", text).encode("utf-8")


def definition_hash(definition: ElectionDefinition) -> str:
    """SHA-256 (hex) of the canonical definition; see the module docstring."""
    return hashlib.sha256(canonical_definition(definition)).hexdigest()


def code_payload(definition: ElectionDefinition, side: int, sides: int) -> CodePayload:
    """The payload printed on ``side`` (from 1) of a ballot of ``sides`` sides."""
    if not 1 <= side <= sides:
        raise ValueError(f"side {side} of {sides}")
    return CodePayload(
        election=definition.id,
        round=definition.round,
        side=side,
        sides=sides,
        definition_hash=definition_hash(definition)[:SHORT_HASH_LENGTH],
    )


def encode_code_payload(payload: CodePayload) -> str:
    """The text stored in the QR code."""
    election = quote(payload.election, safe="")
    return (
        f"{CODE_FORMAT};e={election};r={payload.round};"
        f"s={payload.side}/{payload.sides};h={payload.definition_hash}"
    )


def decode_code_payload(text: str) -> CodePayload:
    """Read a code's text back; :class:`CodeError` for anything else."""
    match = _PAYLOAD.fullmatch(text.strip())
    if match is None:
        raise CodeError(f"not a ballot code: {text[:80]!r}")
    if match["format"] != CODE_FORMAT:
        raise CodeError(f"ballot code format {match['format']!r} is not {CODE_FORMAT!r}")
    side, sides = int(match["side"]), int(match["sides"])
    if side > sides:
        raise CodeError(f"side {side} of {sides} in {text[:80]!r}")
    try:
        election = unquote(match["election"], errors="strict")
    except UnicodeDecodeError:
        raise CodeError(f"election id is not UTF-8 in {text[:80]!r}") from None
    return CodePayload(
        election=election,
        round=int(match["round"]),
        side=side,
        sides=sides,
        definition_hash=match["hash"],
    )
