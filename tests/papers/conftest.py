"""Commune A's congress in session with its papers: a Word report in two versions, a PDF
programme, a draft of the consultation, one withdrawn paper; and commune B's congress
with a paper and a delegate of its own."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.test import Client
from docx import Document

from daihoi.congresses import services as congress_services
from daihoi.congresses.models import Delegate
from daihoi.consultation import services as consultation
from daihoi.papers import services
from daihoi.papers.models import Paper
from tests.conftest import Tree
from tests.congresses.conftest import Hall, build_hall

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(*paragraphs: str, heading: str = "I. TÌNH HÌNH CHUNG") -> bytes:
    document = Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass
class Papers:
    hall: Hall
    report: Paper  # DOCX, two versions
    programme: Paper  # PDF
    draft: Paper  # the consultation draft's text
    withdrawn: Paper
    other: Paper  # commune B's congress
    other_delegate: Delegate  # commune B's

    def phone(self, delegate: Delegate | None = None) -> tuple[Client, str]:
        return self.hall.phone(delegate or self.hall.delegates[0])


def build_papers(tree: Tree) -> Papers:
    hall = build_hall(tree)
    congress = hall.congress
    report = services.paper_publish(
        actor=hall.secretary,
        congress=congress,
        title="Báo cáo kiểm điểm của Ban Chấp hành",
        kind="report",
        file_name="bao-cao.docx",
        data=docx_bytes("Bản thứ nhất của báo cáo."),
    )
    services.paper_version_add(
        actor=hall.secretary,
        paper=report,
        file_name="bao-cao-2.docx",
        data=docx_bytes("Bản thứ hai của báo cáo, đã sửa."),
        note="Đã sửa",
    )
    programme = services.paper_publish(
        actor=hall.secretary,
        congress=congress,
        title="Chương trình Đại hội",
        kind="programme",
        file_name="chuong-trinh.pdf",
        data=PDF,
    )
    draft = consultation.draft_create(
        unit=tree.A,
        term=congress.term,
        kind="political_report",
        title="Dự thảo Báo cáo chính trị",
        user=tree.commune_officer,
    )
    version = consultation.version_create(
        draft=draft,
        user=tree.commune_officer,
        markdown="# I. MỤC TIÊU\n\nĐoạn mục tiêu của dự thảo.\n\n# II. NHIỆM VỤ\n\nĐoạn nhiệm vụ.",
    )
    draft_paper = services.paper_publish(
        actor=hall.secretary, congress=congress, title=draft.title, kind="draft", draft=version
    )
    withdrawn = services.paper_publish(
        actor=hall.secretary,
        congress=congress,
        title="Danh sách đã thay",
        kind="list",
        file_name="danh-sach.pdf",
        data=PDF,
    )
    services.paper_withdraw(actor=hall.secretary, paper=withdrawn)
    (other_delegate,) = congress_services.delegates_add_many(
        actor=None, congress=tree.congress_B, rows=[{"full_name": "Đại biểu xã B"}]
    )
    other = services.paper_publish(
        actor=None,
        congress=tree.congress_B,
        title="Tài liệu của xã B",
        kind="other",
        file_name="b.pdf",
        data=PDF,
    )
    return Papers(hall, report, programme, draft_paper, withdrawn, other, other_delegate)


@pytest.fixture
def papers(tree: Tree) -> Papers:
    return build_papers(tree)
