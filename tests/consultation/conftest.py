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

from daihoi.consultation import services
from daihoi.consultation.models import Comment, Draft, Round, Version
from tests.conftest import Tree
from tests.factories import make_term

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
