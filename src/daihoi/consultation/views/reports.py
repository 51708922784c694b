"""The round's report of comments (Word, PDF) and the comments as a spreadsheet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from daihoi.accounts.access import Perm
from daihoi.consultation import access, exports
from daihoi.consultation.access import (
    round_access,
)
from daihoi.consultation.models import Round
from daihoi.consultation.views.common import DOCX, XLSX
from daihoi.documents.comment_report import (
    CommentReport,
    render_comment_report_docx,
    render_comment_report_pdf,
)
from daihoi.http import download

# --- report and export ------------------------------------------------------------------


def _report(request: HttpRequest, round_: Round) -> CommentReport:
    """The report as this reader may read it: whole for the subcommittee and the
    units above the draft's, with only their own units' comments for the others."""
    whole = access.reads_all_comments(request.user, round_.draft)
    return exports.report_data(
        round_,
        place=exports.report_place(round_.draft.unit),
        comments=None if whole else access.visible_comments(request.user, round_),
    )


@round_access(Perm.VIEW)
def report_docx_view(request: HttpRequest, round_: Round) -> HttpResponse:
    data = _report(request, round_)
    name = f"bao-cao-tong-hop-y-kien-{round_.pk}.docx"
    return download(render_comment_report_docx(data), DOCX, name)


@round_access(Perm.VIEW)
def report_pdf_view(request: HttpRequest, round_: Round) -> HttpResponse:
    data = _report(request, round_)
    name = f"bao-cao-tong-hop-y-kien-{round_.pk}.pdf"
    return download(render_comment_report_pdf(data), "application/pdf", name)


@round_access(Perm.MANAGE)
def comments_xlsx_view(request: HttpRequest, round_: Round) -> HttpResponse:
    return download(exports.comments_xlsx(round_), XLSX, f"y-kien-gop-y-{round_.pk}.xlsx")
