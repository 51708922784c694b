"""Writes of drafts, versions, rounds, comments and answers; the aggregation.

Each write is atomic and leaves its audit entry in the same transaction. A
new version is read whole before anything is written; its paragraphs are
matched with the version before it (``core.texts.diff.align``) and every
comment still attached to a paragraph of that version moves on with it,
marked when the text it was written on changed or was removed.

- :mod:`.drafts`: drafts and their versions;
- :mod:`.rounds`: rounds of comments, opened and closed;
- :mod:`.comments`: comments and the answers to them;
- :mod:`.aggregation`: a round's comments grouped into duplicates and topics;
- :mod:`.grouping`: that grouping run by a background worker, and its progress.
"""

from daihoi.consultation.services.aggregation import (
    UNITS_KEPT,
    UPDATE_CHUNK,
    round_aggregate,
)
from daihoi.consultation.services.comments import (
    MAX_COMMENT_CHARS,
    clean_comment_text,
    comment_answer,
    comment_create,
    comments_bulk_create,
)
from daihoi.consultation.services.drafts import (
    MAX_FILE_BYTES,
    draft_create,
    read_version_text,
    text_error_message,
    version_create,
)
from daihoi.consultation.services.grouping import (
    grouping_current,
    grouping_run,
    grouping_start,
    round_grouping,
)
from daihoi.consultation.services.rounds import (
    check_open,
    round_close,
    round_create,
)

__all__ = [
    "MAX_COMMENT_CHARS",
    "MAX_FILE_BYTES",
    "UNITS_KEPT",
    "UPDATE_CHUNK",
    "check_open",
    "clean_comment_text",
    "comment_answer",
    "comment_create",
    "comments_bulk_create",
    "draft_create",
    "grouping_current",
    "grouping_run",
    "grouping_start",
    "read_version_text",
    "round_aggregate",
    "round_close",
    "round_create",
    "round_grouping",
    "text_error_message",
    "version_create",
]
