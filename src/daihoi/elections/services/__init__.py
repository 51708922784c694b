"""Writes of the counting room, by sub-domain. Each is atomic, locks what it counts, and is
audited. The reads (the list's checks, the live result, the differing entries) are in
``elections/selectors.py``.

The order of a day: set the election up and build its list (draft) → the
congress approves the list (list approved) → the head opens batches and the
clerks enter each batch independently (counting) → matched batches become
counted ballots; a mismatch stops its batch until the head resolves it →
the head seals the result (finalised). Reopening is a separate, reasoned act.
"""

from daihoi.elections.services.backups import counting_backup
from daihoi.elections.services.candidates import (
    candidate_add,
    candidate_remove,
    candidate_withdraw,
    candidates_add_many,
)
from daihoi.elections.services.common import CongressRef
from daihoi.elections.services.counting import (
    batch_open,
    batch_resolve,
    candidate_ids,
    entry_error_message,
    entry_save,
    entry_undo_last,
    stream_close,
    stream_join,
)
from daihoi.elections.services.lists import (
    ListVoteDecision,
    election_list_approve,
    election_list_vote_correct,
    election_list_vote_record,
    list_vote_correctable,
    list_vote_decision,
)
from daihoi.elections.services.sealing import (
    COMMITTEE_ROLES,
    counting_minutes_set,
    election_finalise,
    election_next_round,
    election_reopen,
    seal_hash,
)
from daihoi.elections.services.setup import (
    deduction_add,
    deduction_remove,
    election_create,
    election_update,
)
from daihoi.elections.services.testing import (
    election_test_clear,
    election_test_expected_set,
    election_test_open,
    election_test_report,
    open_test,
    refuse_while_testing,
)

__all__ = [
    "COMMITTEE_ROLES",
    "CongressRef",
    "ListVoteDecision",
    "batch_open",
    "batch_resolve",
    "candidate_add",
    "candidate_ids",
    "candidate_remove",
    "candidate_withdraw",
    "candidates_add_many",
    "counting_backup",
    "counting_minutes_set",
    "deduction_add",
    "deduction_remove",
    "election_create",
    "election_finalise",
    "election_list_approve",
    "election_list_vote_correct",
    "election_list_vote_record",
    "election_next_round",
    "election_reopen",
    "election_test_clear",
    "election_test_expected_set",
    "election_test_open",
    "election_test_report",
    "election_update",
    "entry_error_message",
    "entry_save",
    "entry_undo_last",
    "list_vote_correctable",
    "list_vote_decision",
    "open_test",
    "refuse_while_testing",
    "seal_hash",
    "stream_close",
    "stream_join",
]
