"""Small strict readers for JSON values, collecting located errors.

Each helper reads one field of a decoded JSON object, appends an
:class:`InputError` naming the field's path (``electorate.deductions[0].count``)
when the value is missing or of the wrong kind, and returns ``None`` then.
JSON ``true``/``false`` are never accepted as integers.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from ..bounded import (
    MAX_DEPTH,
    JsonLimitExceeded,
    NumberTooLong,
    check_json,
    long_number,
    parse_float,
    parse_int,
    quote,
)
from .errors import InputError, InvalidInput, error, os_error

__all__ = [
    "DuplicateKey",
    "Errors",
    "check_format",
    "check_keys",
    "field_path",
    "get_enum",
    "get_int",
    "get_list",
    "get_object",
    "get_str",
    "json_error",
    "load_json_file",
    "loads_strict",
]

Errors = list[InputError]
JsonObject = dict[str, Any]


class DuplicateKey(ValueError):
    """A JSON object gives the same key twice (the last would silently win)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_int=parse_int, parse_float=parse_float
)


def loads_strict(text: str | bytes) -> Any:
    """``json.loads`` that refuses a repeated key in any object, and a text
    over the limits of :mod:`daihoi.core.bounded` (too deep, too long a number).

    Bytes must be UTF-8 (a leading byte-order mark is dropped). One decoder
    serves every call: building one per line would double the cost of
    reading a ballots file. Every refusal is a ``json.JSONDecodeError``
    (located by line and column) or a :class:`DuplicateKey`.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig" if text.startswith(b"\xef\xbb\xbf") else "utf-8")
    if len(text) > MAX_DEPTH:  # shorter cannot nest too deep: most ballot lines
        check_json(text)
    try:
        return _DECODER.decode(text)
    except (json.JSONDecodeError, DuplicateKey):
        raise
    except NumberTooLong:
        raise long_number(text) from None
    except RecursionError:  # the depth limit makes this unreachable
        raise JsonLimitExceeded(
            "json_too_deep", "nested too deeply", text, 0, limit=MAX_DEPTH
        ) from None
    except ValueError as exc:  # the digit limit makes this unreachable
        raise json.JSONDecodeError(quote(str(exc)), text, 0) from None


def json_error(exc: json.JSONDecodeError) -> InputError:
    """The engine's error for JSON that did not decode, at its line and column."""
    if isinstance(exc, JsonLimitExceeded):
        return error(exc.code, None, column=exc.colno, **exc.params).at(line=exc.lineno)
    return error("malformed_json", None, detail=exc.msg, column=exc.colno).at(line=exc.lineno)


def load_json_file(path: Path, label: str) -> Any:
    """A whole JSON file, decoded strictly; raises errors located in ``label``."""
    try:
        return loads_strict(path.read_bytes())
    except OSError as exc:
        err = os_error(exc)
    except DuplicateKey as exc:
        err = error("duplicate_key", None, key=exc.key)
    except UnicodeDecodeError:
        err = error("not_utf8")
    except json.JSONDecodeError as exc:
        err = json_error(exc)
    raise InvalidInput([err.at(file=label)])


def field_path(prefix: str, key: str | int) -> str:
    """``a.b`` for a key, ``a[3]`` for an index; no prefix at the top."""
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def check_keys(
    obj: Mapping[str, object],
    prefix: str,
    *,
    required: Collection[str],
    optional: Collection[str] = (),
    errors: Errors,
) -> bool:
    """Unknown fields and missing required fields; True when there are none."""
    ok = True
    for key in obj:
        if key not in required and key not in optional:
            errors.append(error("unknown_field", field_path(prefix, key)))
            ok = False
    for key in required:
        if key not in obj:
            errors.append(error("missing_field", field_path(prefix, key)))
            ok = False
    return ok


def get_object(value: object, path: str, errors: Errors) -> JsonObject | None:
    if isinstance(value, dict):
        return value
    errors.append(error("expected_object", path or None))
    return None


def get_list(value: object, path: str, errors: Errors) -> list[Any] | None:
    if isinstance(value, list):
        return value
    errors.append(error("expected_list", path))
    return None


def get_str(value: object, path: str, errors: Errors, *, empty_ok: bool = False) -> str | None:
    if not isinstance(value, str):
        errors.append(error("expected_string", path))
        return None
    if not empty_ok and not value.strip():
        errors.append(error("empty_text", path))
        return None
    return value


def get_int(value: object, path: str, errors: Errors, *, minimum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(error("expected_integer", path))
        return None
    if value < minimum:
        errors.append(error("too_small", path, minimum=minimum, value=value))
        return None
    return value


def get_enum(value: object, path: str, errors: Errors, choices: Collection[str]) -> str | None:
    text = get_str(value, path, errors)
    if text is None:
        return None
    if text not in choices:
        errors.append(error("not_one_of", path, value=text, allowed=", ".join(choices)))
        return None
    return text


def check_format(value: object, expected: str, path: str, errors: Errors) -> bool:
    """The format string: the right kind, and a version this code knows."""
    found = get_str(value, path, errors)
    if found is None:
        return False
    if found == expected:
        return True
    kind = expected.split("@", 1)[0]
    if found.split("@", 1)[0] == kind:
        errors.append(error("unsupported_version", path, found=found, supported=expected))
    else:
        errors.append(error("wrong_format", path, found=found, expected=expected))
    return False
