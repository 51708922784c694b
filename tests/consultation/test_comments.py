from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from daihoi.consultation import services
from daihoi.consultation.exports import comments_xlsx
from daihoi.consultation.importing import comments_import
from daihoi.consultation.models import Comment
from daihoi.tables import ImportRefused
from tests.consultation.conftest import Consult


def test_a_comment_on_a_closed_round_is_refused_with_the_date(consult: Consult) -> None:
    t = consult.tree
    services.round_close(round_=consult.round, user=t.commune_officer)
    consult.round.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        services.comment_create(
            round_=consult.round,
            paragraph=consult.version.paragraphs.first(),
            text="Muộn.",
            unit=t.A,
            on_behalf=True,
            user=t.commune_officer,
        )
    assert "closed" in e.value.messages[0] or "đóng" in e.value.messages[0]


def test_a_round_past_its_closing_day_takes_no_comment_from_the_page(consult: Consult) -> None:
    t = consult.tree
    consult.round.closes_on = timezone.localdate() - dt.timedelta(days=1)
    consult.round.save()
    client = t.client_for(t.commune_officer)
    client.post(
        reverse("consultation_comment_create", args=[consult.round.pk]),
        {"paragraph": "1", "text": "Muộn.", "as_unit": "A"},
    )
    assert Comment.objects.count() == 1


def test_html_in_a_comment_is_shown_as_text(consult: Consult) -> None:
    t = consult.tree
    client = t.client_for(t.commune_officer)
    client.post(
        reverse("consultation_comment_create", args=[consult.round.pk]),
        {"paragraph": "1", "text": "<img src=x onerror=alert(1)>", "as_unit": "A"},
    )
    page = client.get(reverse("consultation_section", args=[consult.round.pk, 1]))
    html = page.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


def test_a_member_comments_in_their_own_name_under_their_unit(consult: Consult) -> None:
    from daihoi.accounts.models import UnitRole
    from daihoi.accounts.services import unit_role_grant

    t = consult.tree
    unit_role_grant(actor=None, user=t.outsider, unit=t.A1, role=UnitRole.VIEWER)
    response = t.client_for(t.outsider).post(
        reverse("consultation_comment_create", args=[consult.round.pk]),
        {"paragraph": "4", "text": "Ý kiến cá nhân.", "as_unit": ""},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(text="Ý kiến cá nhân.")
    assert (comment.unit, comment.on_behalf, comment.author) == (t.A1, False, t.outsider)


def _sheet(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_units_sheet_is_imported_whole(consult: Consult) -> None:
    t = consult.tree
    data = _sheet(
        [
            ["Đoạn", "Ý kiến", "Mã đơn vị", "Người góp ý"],
            [1, "Đề nghị nêu rõ 2 chỉ tiêu chưa đạt.", "A1", "Chi bộ thôn 1"],
            [4, "Bổ sung chuyển đổi số ở chi bộ.", "", ""],
        ]
    )
    n = comments_import(
        round_=consult.round,
        file_name="y-kien.xlsx",
        data=data,
        default_unit=t.A,
        allowed=[t.A],
        user=t.commune_officer,
    )
    assert n == 2
    assert set(
        Comment.objects.filter(source="import").values_list("unit__code", "paragraph__number")
    ) == {("A1", 1), ("A", 4)}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Đoạn", "Đơn vị"], [1, "A1"]], (1, "Ý kiến")),  # a missing column
        ([["Đoạn", "Ý kiến"], [1, "Tốt."], [99, "Sai đoạn."]], (3, "Đoạn")),
        ([["Đoạn", "Ý kiến", "Mã đơn vị"], [1, "Của xã khác.", "B1"]], (2, "Mã đơn vị")),
    ],
)
def test_a_bad_sheet_is_refused_naming_the_row_and_nothing_is_written(
    consult: Consult, rows: list[list[object]], expected: tuple[int, str]
) -> None:
    t = consult.tree
    with pytest.raises(ImportRefused) as e:
        comments_import(
            round_=consult.round,
            file_name="y-kien.xlsx",
            data=_sheet(rows),
            default_unit=t.A,
            allowed=[t.A],
            user=t.commune_officer,
        )
    assert [(err.row, err.column) for err in e.value.errors] == [expected]
    assert Comment.objects.count() == 1


def test_a_word_file_that_is_not_one_is_refused_on_import(consult: Consult) -> None:
    t = consult.tree
    with pytest.raises(ImportRefused):
        comments_import(
            round_=consult.round,
            file_name="y-kien.docx",
            data=b"PK\x03\x04 broken",
            default_unit=t.A,
            allowed=[t.A],
            user=t.commune_officer,
        )
    assert Comment.objects.count() == 1


def test_formulas_are_neutralised_in_the_excel_export(consult: Consult) -> None:
    t = consult.tree
    services.comment_create(
        round_=consult.round,
        paragraph=consult.version.paragraphs.first(),
        text='=HYPERLINK("http://x","y")',
        unit=t.A,
        on_behalf=True,
        user=t.commune_officer,
    )
    sheet = load_workbook(io.BytesIO(comments_xlsx(consult.round))).active
    texts = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x","y")' in texts
    assert all(
        not str(v).startswith("=") for row in sheet.iter_rows(values_only=True) for v in row if v
    )
