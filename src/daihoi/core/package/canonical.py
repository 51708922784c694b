"""The one byte form of a JSON value that the package hashes and signs.

Canonical JSON here is what :func:`canonical_json` writes, and nothing else:

- UTF-8, no byte-order mark, no whitespace between tokens, no final newline;
- object keys sorted by Unicode code point, each key once;
- strings in NFC; inside them only ``"``, ``\\`` and the controls U+0000 to
  U+001F are escaped (``\\b \\f \\n \\r \\t``, the others as ``\\u00xx`` in
  lowercase hex); every other character is written as itself;
- integers in plain decimal (``-0`` is ``0``); no fractions or exponents,
  so no floating point at all; ``true``, ``false``, ``null``.

A value has exactly one canonical form, so a reader can decode a file,
encode it again and demand the same bytes: whitespace, escapes, key order
or a number written another way then all count as a change.

Binary data travels as standard base64 (RFC 4648 §4, with padding); a
reader takes only the one spelling :func:`b64encode` gives.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["b64decode_strict", "b64encode", "canonical_json", "sha256_hex"]


def canonical_json(value: object) -> bytes:
    """The canonical bytes of a JSON value (mappings, sequences, str, int, bool, None).

    Strings are put in NFC on the way. ``ValueError`` for anything else (a
    float, a non-text key, two keys equal once in NFC, a lone surrogate).
    """
    text = json.dumps(_normalized(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a string holds a lone surrogate") from None


def _normalized(value: object) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"an object key is not text: {key!r}")
            name = unicodedata.normalize("NFC", key)
            if name in out:
                raise ValueError(f"two keys are {name!r} in NFC")
            out[name] = _normalized(item)
        return out
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [_normalized(item) for item in value]
    raise ValueError(f"not a canonical JSON value: {type(value).__name__}")


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode_strict(text: str) -> bytes:
    """Standard base64 with padding, in the one spelling that encodes back to itself.

    ``ValueError`` otherwise: another alphabet, missing padding, a stray
    character, or unused low bits set (which would decode to the same bytes).
    """
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError("not base64") from None
    if b64encode(data) != text:
        raise ValueError("not canonical base64")
    return data


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
