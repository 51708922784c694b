"""Every working-group page and action, for every persona (registered in
tests/test_permissions.py).

The group is the province P's: its office manages it, its viewer reads it, a
member with an account records visits (tested below, not a persona of the
tree). The commune A is followed: its office sees and answers the
recommendations to A, and nothing else of the group; the province's office,
being the group's side, does not answer for A. A sibling, a clerk and an
outsider get 404.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from daihoi.workgroups.models import Recommendation
from tests.permissions import PERSONAS, Case, assert_allowed, assert_login_required
from tests.workgroups.conftest import Field

VIEW_P = {"province_officer": 200, "province_viewer": 200}
MANAGE_P = {"province_officer": 200, "province_viewer": 403}
MANAGE_P_POST = {"province_officer": 302, "province_viewer": 403}
VIEW_A = {**VIEW_P, "commune_officer": 200}


def g(name: str, *extra: Callable[[Field], object]) -> Callable[[Field], str]:
    return lambda f: reverse(name, args=[f.group.pk, *(x(f) for x in extra)])


def r(name: str) -> Callable[[Field], str]:
    return lambda f: reverse(name, args=[f.rec.pk])


def answered(f: Field) -> str:
    Recommendation.objects.filter(pk=f.rec.pk).update(
        answer="Đã làm", answered_on=f.visit.visited_on
    )
    return reverse("workgroup_recommendation_close", args=[f.rec.pk])


CASES: list[Case[Field]] = [
    Case("workgroups_of_unit", lambda f: reverse("workgroups_of_unit", args=["P"]), "get", VIEW_P),
    Case(
        "workgroups_of_unit (followed)",
        lambda f: reverse("workgroups_of_unit", args=["A"]),
        "get",
        VIEW_A,
    ),
    Case("workgroup_create", lambda f: reverse("workgroup_create", args=["P"]), "get", MANAGE_P),
    Case(
        "workgroup_create (post)",
        lambda f: reverse("workgroup_create", args=["P"]),
        "post",
        MANAGE_P_POST,
        {"name": "Tổ công tác số 2"},
    ),
    Case(
        "workgroups_unit_recommendations",
        lambda f: reverse("workgroups_unit_recommendations", args=["A"]),
        "get",
        VIEW_A,
    ),
    Case("workgroup_detail", g("workgroup_detail"), "get", VIEW_P),
    Case("workgroup_edit", g("workgroup_edit"), "get", MANAGE_P),
    Case("workgroup_edit (post)", g("workgroup_edit"), "post", MANAGE_P_POST, {"name": "Tổ mới"}),
    Case("workgroup_member_add", g("workgroup_member_add"), "get", MANAGE_P),
    Case(
        "workgroup_member_add (post)",
        g("workgroup_member_add"),
        "post",
        MANAGE_P_POST,
        {"name": "Nguyễn Văn Mới", "post": "Ủy viên"},
    ),
    Case(
        "workgroup_member_remove",
        g("workgroup_member_remove", lambda f: f.named.pk),
        "post",
        MANAGE_P_POST,
    ),
    Case("workgroup_follow", g("workgroup_follow"), "get", MANAGE_P),
    Case("workgroup_follow (post)", g("workgroup_follow"), "post", MANAGE_P_POST, {"unit": "B"}),
    Case(
        "workgroup_unfollow",
        g("workgroup_unfollow", lambda f: f.tree.A1.pk),
        "post",
        MANAGE_P_POST,
    ),
    Case("workgroup_visit_create", g("workgroup_visit_create"), "get", MANAGE_P),
    Case(
        "workgroup_visit_create (post)",
        g("workgroup_visit_create"),
        "post",
        MANAGE_P_POST,
        {"unit": "A1", "visited_on": "02/06/2025", "notes": "Làm việc", "findings": "Tốt"},
    ),
    Case("workgroup_visit", g("workgroup_visit", lambda f: f.visit.pk), "get", VIEW_P),
    Case(
        "workgroup_visit (post)",
        g("workgroup_visit", lambda f: f.visit.pk),
        "post",
        MANAGE_P_POST,
        {"unit": "A", "text": "Bổ sung danh sách", "deadline": "30/06/2025"},
    ),
    Case("workgroup_attendance", g("workgroup_attendance"), "get", MANAGE_P),
    Case("workgroup_report", g("workgroup_report"), "get", VIEW_P),
    # The answer is the followed unit's office's: the province's office sees it, may not.
    Case(
        "workgroup_recommendation_answer",
        r("workgroup_recommendation_answer"),
        "get",
        {"province_officer": 403, "province_viewer": 403, "commune_officer": 200},
    ),
    Case(
        "workgroup_recommendation_answer (post)",
        r("workgroup_recommendation_answer"),
        "post",
        {"province_officer": 403, "province_viewer": 403, "commune_officer": 302},
        {"answer": "Đã rút gọn", "answered_on": "10/06/2025"},
    ),
    # Done is the group's: the unit that answered may not close it itself.
    Case(
        "workgroup_recommendation_close",
        answered,
        "post",
        {"province_officer": 302, "province_viewer": 403, "commune_officer": 403},
        {"done": "1"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(
    field: Field, case: Case[Field], persona: str
) -> None:
    assert_allowed(field.tree.client_for(getattr(field.tree, persona)), case, field, persona)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(field: Field, case: Case[Field]) -> None:
    assert_login_required(case, field)


def test_a_member_with_an_account_records_but_does_not_manage(field: Field) -> None:
    client = field.tree.client_for(field.member_user)
    assert client.get(reverse("workgroup_detail", args=[field.group.pk])).status_code == 200
    assert client.get(reverse("workgroup_visit_create", args=[field.group.pk])).status_code == 200
    assert client.get(reverse("workgroup_edit", args=[field.group.pk])).status_code == 403
    assert client.get(reverse("workgroup_attendance", args=[field.group.pk])).status_code == 403
    # Not the committee's pages: the member holds no role on P.
    assert client.get(reverse("workgroups_of_unit", args=["P"])).status_code == 404
    # A member sees the group's recommendation, and may not answer it for the unit.
    assert (
        client.get(reverse("workgroup_recommendation_answer", args=[field.rec.pk])).status_code
        == 403
    )
