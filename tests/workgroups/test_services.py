"""The working groups' services: what they keep, what they refuse (in Vietnamese,
nothing written), and the audit they leave."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from daihoi.audit.models import AuditEntry
from daihoi.core import fieldwork
from daihoi.workgroups import selectors, services
from daihoi.workgroups.models import (
    Attendance,
    FollowedUnit,
    GroupMember,
    Recommendation,
    Visit,
    WorkGroup,
)
from tests.factories import make_unit
from tests.workgroups.conftest import D, Field


def rows() -> list[Any]:
    return [
        list(m.objects.order_by("pk").values_list())
        for m in (WorkGroup, GroupMember, FollowedUnit, Visit, Recommendation, Attendance)
    ] + [AuditEntry.objects.count()]


def refused(code: str, fn: Any, **kw: Any) -> str:
    """Call ``fn``; it must refuse with ``code``, write nothing; the Vietnamese text is returned."""
    before = rows()
    with pytest.raises(ValidationError) as info:
        fn(**kw)
    assert info.value.code == code
    assert rows() == before
    with translation.override("vi"):
        return " ".join(info.value.messages)


def test_a_group_is_made_audited_and_named_once_per_committee(field: Field) -> None:
    t = field.tree
    entry = AuditEntry.objects.filter(action="workgroup.create").get()
    assert entry.unit_path == t.P.path and entry.object_id == str(field.group.pk)
    text = refused(
        "workgroup.name_taken",
        services.group_create,
        actor=None,
        unit=t.P,
        name=" Tổ công tác  số 1 ",
    )
    assert text == "Tên: Đảng bộ tỉnh P đã có đoàn công tác tên Tổ công tác số 1."
    refused("workgroup.required", services.group_create, actor=None, unit=t.P, name="  ")
    # The same name in another committee is another group.
    assert services.group_create(actor=None, unit=t.B, name="Tổ công tác số 1").unit == t.B


def test_a_unit_outside_the_committee_is_refused_and_nothing_saved(field: Field) -> None:
    t = field.tree
    text = refused(
        "workgroup.unit_outside", services.unit_follow, actor=None, group=field.group, unit=t.P
    )
    assert text.startswith("Đơn vị: Đảng bộ tỉnh P không trực thuộc Đảng bộ tỉnh P")
    other = services.group_create(actor=None, unit=t.A, name="Tổ của xã A")
    text = refused(
        "workgroup.unit_outside", services.unit_follow, actor=None, group=other, unit=t.B1
    )
    assert text == (
        "Đơn vị: Chi bộ thôn B1 không trực thuộc Đảng bộ xã A, nên đoàn công tác của "
        "Đảng bộ xã A không thể theo dõi đơn vị này."
    )
    refused("workgroup.unit_twice", services.unit_follow, actor=None, group=field.group, unit=t.A)
    assert services.unit_follow(actor=None, group=field.group, unit=t.B).unit == t.B


def test_members_are_accounts_or_named_people(field: Field) -> None:
    assert field.member.name == "Trần Văn Tổ" and field.member.user == field.member_user
    assert field.named.user is None and field.named.post == "Phó Ban Tổ chức"
    text = refused(
        "workgroup.member_twice",
        services.member_add,
        actor=None,
        group=field.group,
        user=field.member_user,
    )
    assert text == "Tài khoản: member đã là thành viên của đoàn."
    refused("workgroup.required", services.member_add, actor=None, group=field.group, name=" ")


def test_a_visit_is_to_a_followed_unit_on_a_day_not_in_the_future(field: Field) -> None:
    t = field.tree
    text = refused(
        "workgroup.not_followed",
        services.visit_record,
        actor=None,
        group=field.group,
        unit=t.B,
        visited_on=D(2025, 5, 1),
    )
    assert text == (
        "Đơn vị: Đảng bộ xã B không thuộc các đơn vị do Tổ công tác số 1 theo dõi, "
        "nên không thể ghi chuyến làm việc cho đơn vị này."
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    text = refused(
        "workgroup.future",
        services.visit_record,
        actor=None,
        group=field.group,
        unit=t.A1,
        visited_on=tomorrow,
    )
    assert text == f"Ngày làm việc: ngày {tomorrow:%d/%m/%Y} chưa đến."
    today = services.visit_record(
        actor=None, group=field.group, unit=t.A1, visited_on=timezone.localdate()
    )
    assert today.unit == t.A1
    assert AuditEntry.objects.filter(action="workgroup.visit").count() == 2


def test_a_recommendation_on_a_unit_outside_the_group_is_refused(field: Field) -> None:
    t = field.tree
    text = refused(
        "workgroup.not_followed",
        services.recommendation_add,
        actor=None,
        visit=field.visit,
        unit=t.B,
        text="Kiện toàn chi ủy",
        deadline=D(2025, 7, 1),
    )
    assert text == (
        "Đơn vị: Đảng bộ xã B không thuộc các đơn vị do Tổ công tác số 1 theo dõi, "
        "nên không thể ghi kiến nghị cho đơn vị này."
    )
    # Another followed unit than the one visited is fine (a branch of the commune).
    rec = services.recommendation_add(
        actor=None, visit=field.visit, unit=t.A1, text="Kiện toàn chi ủy", deadline=D(2025, 7, 1)
    )
    assert rec.unit == t.A1 and rec.group == field.group
    text = refused(
        "workgroup.deadline_before_visit",
        services.recommendation_add,
        actor=None,
        visit=field.visit,
        text="Sớm hơn",
        deadline=D(2025, 5, 19),
    )
    assert text == "Hạn thực hiện: ngày 19/05/2025 trước ngày làm việc (20/05/2025)."
    refused(
        "workgroup.required",
        services.recommendation_add,
        actor=None,
        visit=field.visit,
        text="   ",
        deadline=D(2025, 7, 1),
    )


def test_a_recommendation_is_answered_then_done_then_reopened(field: Field) -> None:
    rec = field.rec
    assert rec.state is fieldwork.State.OPEN
    text = refused(
        "workgroup.not_answered",
        services.recommendation_close,
        actor=None,
        recommendation=rec,
        done=True,
    )
    assert text == "Đảng bộ xã A chưa trả lời kiến nghị này: chưa thể xác nhận hoàn thành."
    refused(
        "workgroup.answer_before_visit",
        services.recommendation_answer,
        actor=None,
        recommendation=rec,
        answer="Đã rút gọn",
        answered_on=D(2025, 5, 1),
    )
    refused(
        "workgroup.future",
        services.recommendation_answer,
        actor=None,
        recommendation=rec,
        answer="Đã rút gọn",
        answered_on=timezone.localdate() + dt.timedelta(days=2),
    )
    rec = services.recommendation_answer(
        actor=field.tree.commune_officer,
        recommendation=rec,
        answer="Đã rút gọn còn 20 trang",
        answered_on=D(2025, 6, 10),
    )
    assert rec.state is fieldwork.State.ANSWERED and rec.answered_by == field.tree.commune_officer
    rec = services.recommendation_close(actor=field.member_user, recommendation=rec, done=True)
    assert rec.state is fieldwork.State.DONE and rec.done_on == timezone.localdate()
    assert rec.done_by == field.member_user
    refused(
        "workgroup.answer_done",
        services.recommendation_answer,
        actor=None,
        recommendation=rec,
        answer="Lại",
        answered_on=D(2025, 6, 11),
    )
    refused(
        "workgroup.already_done",
        services.recommendation_close,
        actor=None,
        recommendation=rec,
        done=True,
    )
    rec = services.recommendation_close(actor=None, recommendation=rec, done=False)
    assert rec.state is fieldwork.State.ANSWERED and rec.done_by is None
    refused(
        "workgroup.not_done",
        services.recommendation_close,
        actor=None,
        recommendation=rec,
        done=False,
    )
    actions = list(
        AuditEntry.objects.filter(
            action__in=["workgroup.answer", "workgroup.done", "workgroup.reopen"]
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["workgroup.answer", "workgroup.done", "workgroup.reopen"]


def test_overdue_units_are_those_with_recommendations_not_done_past_the_deadline(
    field: Field,
) -> None:
    t = field.tree
    assert selectors.overdue_units(t.P, D(2025, 6, 15)).units == []
    late = selectors.overdue_units(t.P, D(2025, 6, 16))
    assert [(o.code, o.overdue, o.oldest) for o in late.units] == [("A", 1, D(2025, 6, 15))]
    assert late.total_units == 1
    # Seen from the sibling commune's subtree: nothing.
    assert selectors.overdue_units(t.B, D(2025, 7, 1)).total_units == 0
    services.recommendation_answer(
        actor=None, recommendation=field.rec, answer="Xong", answered_on=D(2025, 6, 1)
    )
    # Answered is not done: still overdue until the group marks it.
    assert selectors.overdue_units(t.P, D(2025, 7, 1)).total_units == 1
    services.recommendation_close(actor=None, recommendation=field.rec, done=True)
    assert selectors.overdue_units(t.P, D(2025, 7, 1)).total_units == 0


def test_attendance_lists_pilot_congresses_first_and_only_followed_units(field: Field) -> None:
    t = field.tree
    t.congress_A1.is_pilot = True
    t.congress_A1.save()
    rows_ = selectors.attendance(field.group)
    assert [r.congress for r in rows_] == [t.congress_A1, t.congress_A]
    services.attendance_set(
        actor=None, group=field.group, congress=t.congress_A, members=[field.named]
    )
    assert [r.members for r in selectors.attendance(field.group)] == [[], [field.named]]
    refused(
        "workgroup.not_followed",
        services.attendance_set,
        actor=None,
        group=field.group,
        congress=t.congress_B,
        members=[field.member],
    )
    other = services.group_create(actor=None, unit=t.P, name="Tổ 2")
    stranger = services.member_add(actor=None, group=other, name="Người ngoài")
    refused(
        "workgroup.member_other",
        services.attendance_set,
        actor=None,
        group=field.group,
        congress=t.congress_A,
        members=[stranger],
    )
    # Setting again replaces the list.
    services.attendance_set(
        actor=None, group=field.group, congress=t.congress_A, members=[field.member]
    )
    assert [r.members for r in selectors.attendance(field.group)][1] == [field.member]


def test_a_visited_unit_stays_followed_and_one_not_visited_can_be_dropped(field: Field) -> None:
    t = field.tree
    refused(
        "workgroup.unit_visited", services.unit_unfollow, actor=None, group=field.group, unit=t.A
    )
    services.unit_unfollow(actor=None, group=field.group, unit=t.A1)
    assert selectors.followed_units(field.group) == [t.A]


def test_a_dissolved_unit_cannot_be_followed(field: Field) -> None:
    from daihoi.organizations.services import unit_dissolve

    t = field.tree
    gone = make_unit("A3", parent=t.A, name="Chi bộ thôn 3")
    unit_dissolve(actor=None, unit=gone, end_date=D(2025, 1, 1), merged_into=t.A)
    gone.refresh_from_db()
    refused(
        "workgroup.unit_dissolved", services.unit_follow, actor=None, group=field.group, unit=gone
    )


def test_the_core_rules() -> None:
    assert fieldwork.state(answered_on=None, done_on=None) is fieldwork.State.OPEN
    assert fieldwork.days_late(deadline=D(2025, 1, 1), done_on=None, today=D(2025, 1, 11)) == 10
    assert (
        fieldwork.days_late(deadline=D(2025, 1, 1), done_on=D(2025, 1, 5), today=D(2025, 1, 11))
        == 0
    )
    assert not fieldwork.overdue(deadline=D(2025, 1, 1), done_on=None, today=D(2025, 1, 1))
    keys = [
        fieldwork.CongressKey(False, D(2025, 3, 1), "a"),
        fieldwork.CongressKey(False, None, "b"),
        fieldwork.CongressKey(True, D(2025, 6, 1), "c"),
        fieldwork.CongressKey(False, D(2025, 2, 1), "d"),
    ]
    assert [k.path for k in sorted(keys, key=fieldwork.attendance_order)] == ["c", "d", "a", "b"]
