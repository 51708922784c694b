"""The personnel introduction steps before the candidate list (docs/rules.md §8).

Pure: a procedure as data (:mod:`.model`, read by :mod:`.procedure`), each
step's ballots counted (:mod:`.counting`) and decided by its rule
(:mod:`.deciding`). See docs/nomination.md.
"""

from __future__ import annotations

from .counting import BallotRecord, Nominee, Tally, WriteIn, count_step
from .deciding import Decision, Outcome, decide_step, hand_on, rule_text
from .errors import NominationError
from .model import Procedure, Setting, Step
from .procedure import default_procedure, load_procedure, parse_procedure, with_overrides

__all__ = [
    "BallotRecord",
    "Decision",
    "NominationError",
    "Nominee",
    "Outcome",
    "Procedure",
    "Setting",
    "Step",
    "Tally",
    "WriteIn",
    "count_step",
    "decide_step",
    "default_procedure",
    "hand_on",
    "load_procedure",
    "parse_procedure",
    "rule_text",
    "with_overrides",
]
