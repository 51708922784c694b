"""The group's report as DOCX: the data read from the database, laid out by
``documents.workgroup_report``."""

from __future__ import annotations

import datetime as dt

from daihoi.core import fieldwork
from daihoi.documents.workgroup_report import (
    AttendanceLine,
    GroupReport,
    MemberLine,
    RecommendationLine,
    VisitLine,
    render_group_report_docx,
)
from daihoi.workgroups import selectors
from daihoi.workgroups.models import WorkGroup

_KINDS = ("Đảng bộ ", "Chi bộ ", "tỉnh ", "thành phố ", "huyện ", "xã ", "phường ")


def _place(name: str) -> str:
    """Where the report is dated: the committee's name without its kind ("Thạch Sơn")."""
    for kind in _KINDS:
        if name.lower().startswith(kind.lower()):
            name = name[len(kind) :]
    return name.removesuffix(" (hư cấu)")


def group_report(group: WorkGroup, today: dt.date) -> GroupReport:
    committee = group.unit
    return GroupReport(
        upper_body=committee.parent.name if committee.parent else "",
        committee=committee.name,
        place=_place(committee.name),
        day=today,
        name=group.name,
        note=group.note,
        members=tuple(MemberLine(m.name, m.post) for m in selectors.members(group)),
        units=tuple(u.name for u in selectors.followed_units(group)),
        visits=tuple(
            VisitLine(v.unit.name, v.visited_on, v.notes, v.findings)
            for v in reversed(selectors.visits(group))
        ),
        recommendations=tuple(
            RecommendationLine(
                unit=r.unit.name,
                text=r.text,
                deadline=r.deadline,
                state=r.state.value,
                answer=r.answer,
                answered_on=r.answered_on,
                days_late=fieldwork.days_late(deadline=r.deadline, done_on=r.done_on, today=today),
            )
            for r in selectors.recommendations(group)
        ),
        attendance=tuple(
            AttendanceLine(
                unit=a.congress.unit.name,
                pilot=a.congress.is_pilot,
                day=a.congress.held_from or a.congress.planned_date,
                members=tuple(m.name for m in a.members),
            )
            for a in selectors.attendance(group)
        ),
    )


def group_report_docx(group: WorkGroup, today: dt.date) -> bytes:
    return render_group_report_docx(group_report(group, today))
