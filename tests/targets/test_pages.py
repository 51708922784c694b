"""The review page, a target's page, its figures and the exports."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from daihoi.targets.models import Actual
from tests.targets.conftest import Terms, figures, make_target


def test_the_review_page_shows_each_target_assessed(
    terms: Terms, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    t = terms.tree
    for i in range(8):
        target = make_target(t.A, terms.old, f"Chỉ tiêu {i}")
        figures(target, "20", "20", "20", "20", "21", estimate_last=True)
    client = t.client_for(t.commune_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("targets_review", args=["A", terms.old.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("Vượt") >= 8
    assert "ước" in text


def test_an_office_enters_a_figure_with_a_decimal_comma(terms: Terms) -> None:
    t = terms.tree
    target = make_target(t.A, terms.old)
    client = t.client_for(t.commune_officer)
    url = reverse("target_actual_set", args=[target.pk])
    client.post(url, {"year": 2023, "value": "12,5", "source": "Báo cáo"})
    assert Actual.objects.get().value == Decimal("12.5")
    response = client.post(url, {"year": 2030, "value": "1"}, follow=True)
    assert "2030" in response.content.decode()
    assert Actual.objects.count() == 1


def test_a_non_numeric_figure_is_refused_with_the_field_named(terms: Terms) -> None:
    t = terms.tree
    target = make_target(t.A, terms.old)
    response = t.client_for(t.commune_officer).post(
        reverse("target_actual_set", args=[target.pk]),
        {"year": 2023, "value": "nhiều"},
        follow=True,
    )
    assert "Số liệu" in response.content.decode()
    assert not Actual.objects.exists()


def test_the_target_page_draws_its_path_and_lists_lower_units(terms: Terms) -> None:
    t = terms.tree
    upper = make_target(t.P, terms.old)
    lower = make_target(t.A, terms.old, feeds=upper)
    figures(lower, "20", "20", "20", "20", "20")
    response = t.client_for(t.province_viewer).get(reverse("target_detail", args=[upper.pk]))
    text = response.content.decode()
    assert "data:image/svg+xml;base64," in text
    assert t.A.name in text


def test_the_exports_carry_the_table(terms: Terms) -> None:
    t = terms.tree
    target = make_target(t.A, terms.old, "Kết nạp đảng viên mới")
    figures(target, "20", "20", "20", "20", "25", estimate_last=True)
    client = t.client_for(t.commune_officer)
    docx = client.get(reverse("targets_docx", args=["A", terms.old.pk])).content
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = z.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in z.namelist())
    assert "Kết nạp đảng viên mới" in body and "Ước 2025" in body and "Vượt" in body
    xlsx = client.get(reverse("targets_xlsx", args=["A", terms.old.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Kết nạp đảng viên mới" in values and 105 in values


def test_the_congress_link_opens_the_review_of_the_term_it_closes(terms: Terms) -> None:
    t = terms.tree
    response = t.client_for(t.commune_officer).get(
        reverse("targets_congress", args=[t.congress_A.pk])
    )
    assert response["Location"] == reverse("targets_review", args=["A", terms.old.pk])


def test_a_target_named_like_a_formula_stays_text_in_the_excel_table(terms: Terms) -> None:
    t = terms.tree
    make_target(t.A, terms.old, '=HYPERLINK("http://x","y")', measure="+1")
    client = t.client_for(t.commune_officer)
    xlsx = client.get(reverse("targets_xlsx", args=["A", terms.old.pk])).content
    cells = [
        v for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for v in row
    ]
    assert '\'=HYPERLINK("http://x","y")' in cells and "'+1" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+")) for v in cells)
