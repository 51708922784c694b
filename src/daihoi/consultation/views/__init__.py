"""Pages of drafts, versions, rounds, comments and the comment report.

Thin: load through the access layer, read through selectors, write through
services. Reading needs the view role on the draft (``access.draft_perms``);
managing — versions, rounds, answers, aggregation, the Excel export — the
office role of the draft's unit; commenting a place in the round's subtree.

- :mod:`.drafts`: a congress's drafts and their versions;
- :mod:`.rounds`: rounds of comments and their groups;
- :mod:`.comments`: a section's comments, their import and answers;
- :mod:`.reports`: the comment report and the spreadsheet of comments.
"""

from daihoi.consultation.views.comments import (
    comment_answer_view,
    comment_create_view,
    import_view,
    section_view,
)
from daihoi.consultation.views.drafts import (
    congress_drafts,
    draft_create_view,
    draft_view,
    version_create_view,
    version_diff_view,
    version_view,
)
from daihoi.consultation.views.reports import (
    comments_xlsx_view,
    report_docx_view,
    report_pdf_view,
)
from daihoi.consultation.views.rounds import (
    round_aggregate_view,
    round_close_view,
    round_create_view,
    round_grouping_status_view,
    round_groups_view,
    round_view,
)

__all__ = [
    "comment_answer_view",
    "comment_create_view",
    "comments_xlsx_view",
    "congress_drafts",
    "draft_create_view",
    "draft_view",
    "import_view",
    "report_docx_view",
    "report_pdf_view",
    "round_aggregate_view",
    "round_close_view",
    "round_create_view",
    "round_grouping_status_view",
    "round_groups_view",
    "round_view",
    "section_view",
    "version_create_view",
    "version_diff_view",
    "version_view",
]
