from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse
from docx import Document

from daihoi.consultation import services
from daihoi.consultation.exports import report_data
from daihoi.consultation.models import Comment, CommentGroup
from daihoi.documents.comment_report import render_comment_report_docx, render_comment_report_pdf
from tests.consultation.conftest import Consult
from tests.tasks.running import run_ready

SENT = "Đề nghị bổ sung nội dung chuyển đổi số trong cải cách hành chính ở cấp xã"


def _many(consult: Consult) -> None:
    t = consult.tree
    p = consult.version.paragraphs.get(number=4)
    for unit in (t.A, t.A1, t.A2):
        for _ in range(2):
            services.comment_create(
                round_=consult.round,
                paragraph=p,
                text=SENT,
                unit=unit,
                on_behalf=True,
                user=t.commune_officer,
            )
    services.comment_create(
        round_=consult.round,
        paragraph=p,
        text=SENT + " nữa",
        unit=t.A1,
        on_behalf=True,
        user=t.commune_officer,
    )


def test_the_aggregation_stores_groups_with_their_counts_and_units(consult: Consult) -> None:
    _many(consult)
    totals = services.round_aggregate(round_=consult.round, user=consult.tree.commune_officer)
    assert totals["comments"] == 8
    group = CommentGroup.objects.get(kind="duplicates", section_number=2)
    assert (group.size, group.wordings, group.units_count) == (7, 2, 3)
    assert Comment.objects.filter(duplicate_group=group).count() == 7
    assert Comment.objects.filter(topic__isnull=True).count() == 0
    # again: replaces, does not add
    services.round_aggregate(round_=consult.round, user=consult.tree.commune_officer)
    assert CommentGroup.objects.filter(kind="duplicates").count() == 1


def test_the_command_groups_a_round(consult: Consult) -> None:
    _many(consult)
    out = io.StringIO()
    call_command("consultation_aggregate", str(consult.round.pk), stdout=out)
    assert "8" in out.getvalue()
    assert CommentGroup.objects.filter(kind="duplicates").exists()


def test_the_report_lists_sections_counts_groups_and_answers(consult: Consult) -> None:
    _many(consult)
    t = consult.tree
    services.round_aggregate(round_=consult.round, user=t.commune_officer)
    services.comment_answer(
        comment=consult.comment,
        handling="explained",
        answer="Số liệu đã có ở phụ lục.",
        change=None,
        user=t.commune_officer,
    )
    data = report_data(consult.round)
    assert [s.total for s in data.sections] == [1, 7]
    docx = Document(io.BytesIO(render_comment_report_docx(data)))
    text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for table in docx.tables for row in table.rows for c in row.cells
    )
    assert "Tổng hợp ý kiến" in text and "Số liệu đã có ở phụ lục." in text
    assert "7 ý kiến" in text
    assert render_comment_report_pdf(data).startswith(b"%PDF")


def test_the_groups_page_shows_the_topics(consult: Consult) -> None:
    _many(consult)
    t = consult.tree
    client = t.client_for(t.commune_officer)
    client.post(reverse("consultation_aggregate", args=[consult.round.pk]))
    assert run_ready() == 1  # the grouping runs in the background
    page = client.get(reverse("consultation_groups", args=[consult.round.pk]))
    assert page.status_code == 200
    assert SENT[:40] in page.content.decode()
