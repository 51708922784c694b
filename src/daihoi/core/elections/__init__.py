"""The election engine: rules profiles, ballot validity, tally and result.

Pure Python, no Django. The names below are the engine's public surface:

- :func:`tally` counts ballots and decides an election in one call;
  :func:`count_ballots` and :func:`decide` do the two steps apart;
- :func:`read_election`, :func:`count_ballots_file`, :func:`result_to_json`
  read and write the interchange formats;
- :func:`render_summary` gives the counting minutes' figures as text.
"""

from .errors import InputError, InvalidInput, render
from .formats import (
    count_ballots_file,
    election_to_json,
    parse_election,
    read_election,
    result_from_json,
    result_to_json,
)
from .model import (
    Ballot,
    Candidate,
    Counts,
    Deduction,
    ElectionDefinition,
    Electorate,
    Result,
    Rules,
)
from .rules import builtin_profile
from .summary import render_summary
from .tally import count_ballots, decide, tally

__all__ = [
    "Ballot",
    "Candidate",
    "Counts",
    "Deduction",
    "ElectionDefinition",
    "Electorate",
    "InputError",
    "InvalidInput",
    "Result",
    "Rules",
    "builtin_profile",
    "count_ballots",
    "count_ballots_file",
    "decide",
    "election_to_json",
    "parse_election",
    "read_election",
    "render",
    "render_summary",
    "result_from_json",
    "result_to_json",
    "tally",
]
