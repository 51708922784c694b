"""A draft of commune A with one version, an open round for A's subtree, and a comment.

The political report has two sections and four paragraphs; the round is open
from yesterday to a week ahead, members may comment; commune_officer commented
on paragraph 2 on behalf of A.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from daihoi.accounts.models import CongressRole, UnitRole, User
from daihoi.accounts.services import congress_role_grant, unit_role_grant
from daihoi.consultation import services
from daihoi.consultation.models import Comment, Draft, Round, Version
from tests.conftest import Tree
from tests.factories import UserFactory, make_term

TEXT_V1 = """# I. Đánh giá tình hình

Nhiệm kỳ qua, Đảng bộ xã đã lãnh đạo hoàn thành 15 trên 17 chỉ tiêu nghị quyết đề ra.

Kinh tế tăng trưởng khá, thu nhập bình quân đầu người đạt 52 triệu đồng mỗi năm.

# II. Phương hướng nhiệm kỳ 2025–2030

Tập trung xây dựng nông thôn mới nâng cao, phát triển sản phẩm OCOP gắn với du lịch.

Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan đảng và chính quyền.
"""

# Paragraph 2 edited, paragraph 3 removed, one paragraph added; 1 and 4 unchanged.
TEXT_V2 = """# I. Đánh giá tình hình

Nhiệm kỳ qua, Đảng bộ xã đã lãnh đạo hoàn thành 15 trên 17 chỉ tiêu nghị quyết đề ra.

Kinh tế tăng trưởng khá, thu nhập bình quân đầu người đạt 55 triệu đồng mỗi năm, tăng 1,5 lần.

# II. Phương hướng nhiệm kỳ 2025–2030

Xây dựng đội ngũ cán bộ trẻ, có đủ phẩm chất và năng lực.

Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan đảng và chính quyền.
"""


@dataclass
class Consult:
    tree: Tree
    draft: Draft
    version: Version
    round: Round
    comment: Comment


@pytest.fixture
def consult(tree: Tree) -> Consult:
    draft = services.draft_create(
        unit=tree.A,
        term=make_term(),
        kind="political_report",
        title="Dự thảo Báo cáo chính trị Đại hội Đảng bộ xã A",
        user=tree.commune_officer,
    )
    version = services.version_create(draft=draft, user=tree.commune_officer, markdown=TEXT_V1)
    today = timezone.localdate()
    round_ = services.round_create(
        draft=draft,
        version=version,
        title="Lấy ý kiến dự thảo lần 1",
        scope=tree.A,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        members_may_comment=True,
        user=tree.commune_officer,
    )
    comment = services.comment_create(
        round_=round_,
        paragraph=version.paragraphs.get(number=2),
        text="Đề nghị bổ sung số liệu so sánh với nhiệm kỳ trước.",
        unit=tree.A,
        on_behalf=True,
        user=tree.commune_officer,
    )
    return Consult(tree, draft, version, round_, comment)


A_SAYS = "Xã A đề nghị làm rõ chỉ tiêu thu nhập bình quân."
B_SAYS = "Xã B đề nghị bổ sung đánh giá về nông thôn mới."


@dataclass
class ProvinceConsult:
    """The province's draft open to the whole province; communes A and B each
    commented once (answered, grouped). Besides the tree's personas: B's
    counting clerk and a personnel subcommittee member of A (as ``nhansu``)."""

    tree: Tree
    round: Round
    clerk_B: User
    personnel_A: User


@pytest.fixture
def province_consult(tree: Tree) -> ProvinceConsult:
    draft = services.draft_create(
        unit=tree.P,
        term=make_term(),
        kind="political_report",
        title="Dự thảo Báo cáo chính trị Đại hội Đảng bộ tỉnh P",
        user=tree.province_officer,
    )
    version = services.version_create(draft=draft, user=tree.province_officer, markdown=TEXT_V1)
    today = timezone.localdate()
    round_ = services.round_create(
        draft=draft,
        version=version,
        title="Lấy ý kiến toàn tỉnh",
        scope=tree.P,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        members_may_comment=True,
        user=tree.province_officer,
    )
    for unit, user, text, number in (
        (tree.A, tree.commune_officer, A_SAYS, 1),
        (tree.B, tree.sibling_officer, B_SAYS, 2),
    ):
        comment = services.comment_create(
            round_=round_,
            paragraph=version.paragraphs.get(number=number),
            text=text,
            unit=unit,
            on_behalf=True,
            user=user,
        )
        services.comment_answer(
            comment=comment,
            handling="noted",
            answer="Tiểu ban ghi nhận.",
            change=None,
            user=tree.province_officer,
        )
    services.round_aggregate(round_=round_, user=tree.province_officer)
    clerk_B, personnel_A = UserFactory(username="clerk_B"), UserFactory(username="personnel_A")
    congress_role_grant(
        actor=None, user=clerk_B, congress=tree.congress_B, role=CongressRole.COUNTING_CLERK
    )
    unit_role_grant(actor=None, user=personnel_A, unit=tree.A, role=UnitRole.PERSONNEL)
    return ProvinceConsult(tree, round_, clerk_B, personnel_A)
