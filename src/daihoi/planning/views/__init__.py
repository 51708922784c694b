"""Pages of plans, the calendar, reported results and the dashboard.

Thin: load through the access layer, read through selectors, write through
services. A unit's pages need the view role on it; a document is also read
from below its issuer; approving a report needs the office role on the unit
above the one reporting (chuẩn y is the upper committee's).

- :mod:`.documents`: directives and plans, their files and deadlines;
- :mod:`.disseminations`: a unit's conference on a document, and who has held it below;
- :mod:`.progress`: the calendar and the dashboard of a subtree;
- :mod:`.exports`: the calendar's Excel export, written in the background, and its file;
- :mod:`.reports`: reported results of a subtree, and one congress's report.
"""

from daihoi.planning.views.disseminations import (
    dissemination_coverage_view,
    dissemination_record_view,
)
from daihoi.planning.views.documents import (
    document_create_view,
    document_delete_view,
    document_edit_view,
    document_file_view,
    document_view,
    documents_view,
    milestone_add_view,
    milestone_remove_view,
)
from daihoi.planning.views.exports import (
    export_file_view,
    export_status_view,
    export_view,
)
from daihoi.planning.views.progress import (
    calendar_export_view,
    calendar_view,
    dashboard_view,
)
from daihoi.planning.views.reports import (
    person_add_view,
    person_edit_view,
    person_remove_view,
    report_approve_view,
    report_attach_view,
    report_note_view,
    report_package_view,
    report_return_view,
    report_start_view,
    report_submit_view,
    report_view,
    reports_approve_view,
    reports_import_view,
    reports_view,
)

__all__ = [
    "calendar_export_view",
    "calendar_view",
    "dashboard_view",
    "dissemination_coverage_view",
    "dissemination_record_view",
    "document_create_view",
    "document_delete_view",
    "document_edit_view",
    "document_file_view",
    "document_view",
    "documents_view",
    "export_file_view",
    "export_status_view",
    "export_view",
    "milestone_add_view",
    "milestone_remove_view",
    "person_add_view",
    "person_edit_view",
    "person_remove_view",
    "report_approve_view",
    "report_attach_view",
    "report_note_view",
    "report_package_view",
    "report_return_view",
    "report_start_view",
    "report_submit_view",
    "report_view",
    "reports_approve_view",
    "reports_import_view",
    "reports_view",
]
