"""Reads of plans, progress and reported results, each a fixed number of queries.

- :mod:`.documents`: directives and plans, what they implement, their targets;
- :mod:`.subtree`: the progress of a subtree's congresses, row by row, and the calendar;
- :mod:`.dashboard`: the dashboard's figures by level, and who falls short of a target;
- :mod:`.reports`: reported results and the packages they come from;
- :mod:`.disseminations`: who has held the conference disseminating a document.

A subtree's progress is computed from one query over its units (with their
congress of the term and its report) and one over the milestones that can
apply; deadlines and stages are then the pure rules of ``progress``. The
dashboard, the calendar, the Excel export and the reminders all read it, so
they agree on every figure.
"""

from daihoi.planning.selectors.dashboard import (
    ATTENTION_SHOWN,
    Dashboard,
    LevelProgress,
    StructureRow,
    dashboard,
    structure_by_level,
)
from daihoi.planning.selectors.disseminations import (
    Coverage,
    DocumentCoverage,
    LevelCoverage,
    chain_coverage,
    dissemination_coverage,
    documents_coverage,
    units_without_dissemination,
)
from daihoi.planning.selectors.documents import (
    document_implementations,
    document_milestones,
    documents_below,
    documents_chain,
    implementable_documents,
    targets_for,
)
from daihoi.planning.selectors.reports import (
    REPORTED,
    open_disputes_of,
    received_unlinked,
    report_figures,
    report_history,
    report_people,
    reports_below_target,
    reports_in_subtree,
    reports_list,
    station_keys_of,
)
from daihoi.planning.selectors.subtree import (
    CalendarEntry,
    Row,
    calendar_entries,
    calendar_order,
    deadline_index,
    filter_rows,
    subtree_rows,
    unit_deadline,
)

__all__ = [
    "ATTENTION_SHOWN",
    "REPORTED",
    "CalendarEntry",
    "Coverage",
    "Dashboard",
    "DocumentCoverage",
    "LevelCoverage",
    "LevelProgress",
    "Row",
    "StructureRow",
    "calendar_entries",
    "calendar_order",
    "chain_coverage",
    "dashboard",
    "deadline_index",
    "dissemination_coverage",
    "document_implementations",
    "document_milestones",
    "documents_below",
    "documents_chain",
    "documents_coverage",
    "filter_rows",
    "implementable_documents",
    "open_disputes_of",
    "received_unlinked",
    "report_figures",
    "report_history",
    "report_people",
    "reports_below_target",
    "reports_in_subtree",
    "reports_list",
    "station_keys_of",
    "structure_by_level",
    "subtree_rows",
    "targets_for",
    "unit_deadline",
    "units_without_dissemination",
]
