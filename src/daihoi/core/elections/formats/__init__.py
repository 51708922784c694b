"""Strict readers and writers of the interchange formats (docs/formats.md).

- ``daihoi/election@1`` (JSON): :func:`read_election`, :func:`parse_election`,
  :func:`election_to_json`;
- ``daihoi/ballots@1`` (JSON Lines): :func:`count_ballots_file` reads and
  counts line by line, never holding the file (:func:`count_ballots_lines`
  does the same for lines from elsewhere); :func:`parse_ballot_line`,
  :func:`ballot_to_json`, :func:`write_ballots`;
- ``daihoi/result@1`` (JSON): :func:`result_to_json`, :func:`result_from_json`.

Unknown fields are errors, and so is a format version this code does not
know (the message names both). Every error names the file, the line (for
JSON Lines, or where the JSON parser stopped) and the field. Nothing is
counted from a file with an error: the reader raises :class:`InvalidInput`
with the errors found.

One module a format: :mod:`.election`, :mod:`.ballots`, :mod:`.result`;
callers import from this package.

Where the format is silent: names and notes are stored in Unicode NFC, so a
name typed in decomposed form prints and compares like any other; a UTF-8
byte-order mark at the start of a file is accepted.
"""

from .ballots import (
    BALLOTS_FORMAT,
    MAX_ERRORS,
    ballot_from_json,
    ballot_to_json,
    count_ballots_file,
    count_ballots_lines,
    parse_ballot_line,
    write_ballots,
)
from .election import (
    ELECTION_FORMAT,
    born_for_ties,
    election_to_json,
    parse_election,
    read_election,
)
from .result import RESULT_FORMAT, result_from_json, result_to_json

__all__ = [
    "BALLOTS_FORMAT",
    "ELECTION_FORMAT",
    "MAX_ERRORS",
    "RESULT_FORMAT",
    "ballot_from_json",
    "ballot_to_json",
    "born_for_ties",
    "count_ballots_file",
    "count_ballots_lines",
    "election_to_json",
    "parse_ballot_line",
    "parse_election",
    "read_election",
    "result_from_json",
    "result_to_json",
    "write_ballots",
]
