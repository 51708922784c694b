"""Writes of plans and reported results. Each is atomic and leaves its audit entry.

- :mod:`.documents`: directives and plans, their files, targets and deadlines;
- :mod:`.reports`: a congress's result report, from start to approval;
- :mod:`.packages`: a report filled from the counting station's signed package;
- :mod:`.disseminations`: a unit's conference disseminating a directive or plan.

A report's life: the unit's office starts it after its congress was held and
lists the new committee, its standing committee and secretary, and its
delegation (typed, or taken from the counting station's signed packages) →
it submits, and the structure counts are computed from the people listed →
the upper committee approves it (chuẩn y: the congress's status becomes
"results approved") or sends it back with a reason → the unit corrects and
submits again.
"""

from daihoi.planning.services.disseminations import (
    DISSEMINATION_FIELDS,
    dissemination_record,
)
from daihoi.planning.services.documents import (
    DOCUMENT_FIELDS,
    FILE_TYPES,
    MAX_FILE_BYTES,
    TARGET_FIELDS,
    document_create,
    document_delete,
    document_update,
    milestone_add,
    milestone_remove,
)
from daihoi.planning.services.packages import (
    report_attach_package,
    report_from_package,
)
from daihoi.planning.services.reports import (
    PERSON_FIELDS,
    REPORT_FIELDS,
    figures_from_people,
    person_add,
    person_remove,
    person_update,
    report_approve,
    report_problems,
    report_return,
    report_set_note,
    report_start,
    report_submit,
    reports_approve,
)

__all__ = [
    "DISSEMINATION_FIELDS",
    "DOCUMENT_FIELDS",
    "FILE_TYPES",
    "MAX_FILE_BYTES",
    "PERSON_FIELDS",
    "REPORT_FIELDS",
    "TARGET_FIELDS",
    "dissemination_record",
    "document_create",
    "document_delete",
    "document_update",
    "figures_from_people",
    "milestone_add",
    "milestone_remove",
    "person_add",
    "person_remove",
    "person_update",
    "report_approve",
    "report_attach_package",
    "report_from_package",
    "report_problems",
    "report_return",
    "report_set_note",
    "report_start",
    "report_submit",
    "reports_approve",
]
