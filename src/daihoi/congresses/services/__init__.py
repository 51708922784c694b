"""Writes to terms, congresses and the congress in session, by sub-domain. Each is atomic
and audited. Electronic voting (the vote pass and the cast) is in ``congresses/voting.py``;
the reads (presence, the hall's rules and base) are in ``congresses/selectors.py``.
"""

from daihoi.congresses.services.agenda import (
    agenda_item_add,
    agenda_item_finish,
    agenda_item_start,
    speaker_add,
    speaker_set,
)
from daihoi.congresses.services.congresses import (
    CONGRESS_FIELDS,
    congress_create,
    congress_hall_settings,
    congress_set_status,
    congress_snapshot,
    congress_update,
    congresses_mark_held,
    term_create,
)
from daihoi.congresses.services.delegates import (
    DELEGATE_FIELDS,
    base_deduction_add,
    base_deduction_remove,
    delegate_update,
    delegates_add_many,
    delegates_from_members,
    member_row,
)
from daihoi.congresses.services.sittings import (
    CheckIn,
    absence_record,
    checkin,
    checkin_undo,
    normalise_code,
    sitting_add,
    sitting_close,
    sitting_open,
)
from daihoi.congresses.services.speeches import (
    speech_accept,
    speech_decline,
    speech_move,
    speech_reconsider,
    speech_register,
    speech_set_minutes,
    speech_start,
    speech_stop,
)
from daihoi.congresses.services.votes import vote_close, vote_create, vote_open, vote_record_hands

__all__ = [
    "CONGRESS_FIELDS",
    "DELEGATE_FIELDS",
    "CheckIn",
    "absence_record",
    "agenda_item_add",
    "agenda_item_finish",
    "agenda_item_start",
    "base_deduction_add",
    "base_deduction_remove",
    "checkin",
    "checkin_undo",
    "congress_create",
    "congress_hall_settings",
    "congress_set_status",
    "congress_snapshot",
    "congress_update",
    "congresses_mark_held",
    "delegate_update",
    "delegates_add_many",
    "delegates_from_members",
    "member_row",
    "normalise_code",
    "sitting_add",
    "sitting_close",
    "sitting_open",
    "speaker_add",
    "speaker_set",
    "speech_accept",
    "speech_decline",
    "speech_move",
    "speech_reconsider",
    "speech_register",
    "speech_set_minutes",
    "speech_start",
    "speech_stop",
    "term_create",
    "vote_close",
    "vote_create",
    "vote_open",
    "vote_record_hands",
]
