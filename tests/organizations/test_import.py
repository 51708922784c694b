from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from daihoi.audit.models import AuditEntry
from daihoi.organizations.importing import units_import
from daihoi.organizations.models import Unit
from daihoi.tables import ImportRefused
from tests.conftest import Tree
from tests.factories import LevelFactory

HEADER = "code,name,level,parent,members,start_date\n"


def csv_bytes(body: str) -> bytes:
    return (HEADER + body).encode("utf-8")


@pytest.fixture
def levels(tree: Tree) -> None:
    LevelFactory(code="chi-bo", name="Chi bộ", rank=9)


def refused(tree: Tree, data: bytes, name: str = "tree.csv", under=None) -> ImportRefused:  # type: ignore[no-untyped-def]
    before = Unit.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ImportRefused) as info:
        units_import(actor=None, file_name=name, data=data, under=under or tree.A)
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before, "nothing partial"
    return info.value


def test_it_imports_a_tree_below_a_unit_parents_first_whatever_the_row_order(
    tree: Tree, levels: None
) -> None:
    data = csv_bytes(
        "A1-T2,Tổ 2,chi-bo,A1-X,7,01/07/2025\n"
        "A1-X,Chi bộ X,Chi bộ,A1,20,2025-07-01\n"
        "A1-T1,Tổ 1,chi-bo,A1-X,5,\n"
    )
    result = units_import(actor=None, file_name="tree.csv", data=data, under=tree.A)
    assert result.created == 3
    x = Unit.objects.get(code="A1-X")
    assert x.parent_id == tree.A1.pk and x.depth == 3
    assert set(Unit.objects.subtree(x).values_list("code", flat=True)) == {"A1-X", "A1-T1", "A1-T2"}
    assert Unit.objects.get(code="A1-T2").start_date.isoformat() == "2025-07-01"
    assert AuditEntry.objects.filter(action="unit.import").count() == 1


def test_it_reads_an_excel_file(tree: Tree, levels: None) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên", "Cấp", "Mã cấp trên", "Số đảng viên"])
    sheet.append(["A9", "Chi bộ thôn 9", "Chi bộ", "A", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    units_import(actor=None, file_name="cay.xlsx", data=buffer.getvalue(), under=tree.A)
    assert Unit.objects.get(code="A9").members_count == 12


def test_a_bad_row_is_named_with_its_number_and_nothing_is_written(
    tree: Tree, levels: None
) -> None:
    error = refused(tree, csv_bytes("A7,Chi bộ 7,chi-bo,A,10,\nA8,Chi bộ 8,chi-bo,A,mười,\n"))
    assert [(e.row, e.column) for e in error.errors] == [(3, "members")]
    assert "mười" in error.errors[0].message


def test_an_unknown_level_is_refused(tree: Tree, levels: None) -> None:
    error = refused(tree, csv_bytes("A7,Chi bộ 7,huyện,A,10,\n"))
    assert [(e.row, e.column) for e in error.errors] == [(2, "level")]


def test_a_cycle_in_parents_is_refused(tree: Tree, levels: None) -> None:
    error = refused(tree, csv_bytes("X1,Một,chi-bo,X2,1,\nX2,Hai,chi-bo,X1,1,\n"))
    assert {(e.row, e.column) for e in error.errors} == {(2, "parent"), (3, "parent")}
    assert "cycle" in str(error.errors[0]) or "vòng" in str(error.errors[0])


def test_a_parent_outside_the_managed_subtree_is_refused(tree: Tree, levels: None) -> None:
    error = refused(tree, csv_bytes("B7,Chi bộ B7,chi-bo,B,10,\n"))
    assert [(e.row, e.column) for e in error.errors] == [(2, "parent")]


def test_a_repeated_or_existing_code_is_refused(tree: Tree, levels: None) -> None:
    error = refused(tree, csv_bytes("A7,Một,chi-bo,A,1,\nA7,Hai,chi-bo,A,1,\nA1,Ba,chi-bo,A,1,\n"))
    assert [(e.row, e.column) for e in error.errors] == [(3, "code"), (4, "code")]


def test_a_missing_column_or_an_unknown_one_is_named(tree: Tree, levels: None) -> None:
    error = refused(tree, b"code,name,colour\nA7,x,red\n")
    assert {(e.row, e.column) for e in error.errors} == {(1, "colour"), (1, "level")}


def test_a_file_of_another_kind_is_refused(tree: Tree) -> None:
    error = refused(tree, b"%PDF-1.4", name="tree.pdf")
    assert ".xlsx" in error.errors[0].message


def test_the_import_page_lists_every_bad_row_in_vietnamese(tree: Tree, levels: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = tree.client_for(tree.commune_officer)
    upload = SimpleUploadedFile("cay.csv", csv_bytes("A7,Chi bộ 7,không-có,A,10,\n"))
    response = client.post(reverse("unit_import", args=["A"]), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dòng 2" in text and "Không nhập được gì" in text
    assert not Unit.objects.filter(code="A7").exists()


def test_a_refusal_names_the_column_as_the_file_heads_it(tree: Tree, levels: None) -> None:
    data = "Mã,Tên,Cấp,Mã cấp trên\nA7,Chi bộ 7,huyện,A\n".encode()
    error = refused(tree, data)
    assert [(e.row, e.column) for e in error.errors] == [(2, "Cấp")]
    missing = refused(tree, "Mã,Tên\nA7,Chi bộ 7\n".encode())
    assert [(e.row, e.column) for e in missing.errors] == [(1, "Cấp")]


def test_a_level_above_the_parents_is_refused(tree: Tree, levels: None) -> None:
    error = refused(tree, csv_bytes("A7,Trung ương 7,rank-0,A,10,\n"))
    assert [(e.row, e.column) for e in error.errors] == [(2, "level")]
    assert not Unit.objects.filter(code="A7").exists()
