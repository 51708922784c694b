"""Every import refuses the same hostile spreadsheets, naming the row, writing nothing.

Units, planning results, targets, candidates' dossiers, consultation comments
(from a spreadsheet or a Word table), a congress's delegates and an election's
candidate list all read
through ``daihoi.tables``: a NUL or other control character, a CSV cell over
131,072 characters, a formula saved without its value, a small .xlsx declaring
the whole sheet — each is refused before anything is written, on SQLite and on
PostgreSQL alike (PostgreSQL cannot store NUL at all).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import Workbook

from daihoi.audit.models import AuditEntry
from daihoi.cli import main
from daihoi.congresses.importing import delegate_rows
from daihoi.consultation.importing import comments_import
from daihoi.consultation.models import Comment
from daihoi.consultation.services import version_create
from daihoi.elections.importing import candidate_rows
from daihoi.organizations.importing import units_import
from daihoi.organizations.models import Unit
from daihoi.personnel.importing import dossiers_import
from daihoi.personnel.models import Dossier
from daihoi.planning.importing import reports_import
from daihoi.planning.models import ResultReport
from daihoi.tables import ImportRefused
from daihoi.targets.importing import targets_import
from daihoi.targets.models import Target
from tests.conftest import Tree
from tests.consultation.conftest import Consult, consult  # noqa: F401  (a fixture)
from tests.factories import LevelFactory, make_term
from tests.hostile import csv_file, hostile_files

Importer = Callable[[Tree, Any, str, bytes], object]


def _units(tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return units_import(actor=None, file_name=name, data=data, under=tree.A)


def _planning(tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return reports_import(actor=None, under=tree.A, term=make_term(), file_name=name, data=data)


def _targets(tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return targets_import(actor=None, unit=tree.A, term=make_term(), file_name=name, data=data)


def _dossiers(tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return dossiers_import(actor=None, congress=tree.congress_A, file_name=name, data=data)


def _comments(tree: Tree, world: Consult, name: str, data: bytes) -> object:
    return comments_import(
        round_=world.round,
        file_name=name,
        data=data,
        default_unit=tree.A,
        allowed=[tree.A],
        user=tree.commune_officer,
    )


def _candidates(_tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return candidate_rows(name, data)


def _delegates(_tree: Tree, _world: Any, name: str, data: bytes) -> object:
    return delegate_rows(name, data)


IMPORTERS: dict[str, Importer] = {
    "units": _units,
    "planning": _planning,
    "targets": _targets,
    "dossiers": _dossiers,
    "comments": _comments,
    "candidates": _candidates,
    "delegates": _delegates,
}


def _written() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        ResultReport.objects.count(),
        Target.objects.count(),
        Dossier.objects.count(),
        Comment.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("hostile", sorted(hostile_files()))
@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_every_import_refuses_a_hostile_file_naming_the_row(
    consult: Consult,  # noqa: F811
    importer: str,
    hostile: str,
) -> None:
    tree = consult.tree
    file_name, data, row = hostile_files()[hostile]
    before = _written()
    with pytest.raises(ImportRefused) as caught:
        IMPORTERS[importer](tree, consult, file_name, data)
    assert caught.value.errors[0].row == row, [str(e) for e in caught.value.errors]
    assert _written() == before, "nothing partial"


def _docx_table(rows: list[list[str]]) -> bytes:
    document = Document()
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_table_of_comments_with_a_control_character_is_refused(
    consult: Consult,  # noqa: F811
) -> None:
    data = _docx_table([["Đoạn", "Ý kiến"], ["1", "Tốt"], ["2", "Lạ\x85thường"]])
    before = Comment.objects.count()
    with pytest.raises(ImportRefused) as caught:
        _comments(consult.tree, consult, "y-kien.docx", data)
    assert caught.value.errors[0].row == 3
    assert Comment.objects.count() == before


def test_a_parent_given_by_an_unsaved_formula_does_not_make_a_top_level_unit(
    tree: Tree,
) -> None:
    LevelFactory(code="chi-bo", name="Chi bộ", rank=9)
    header = ["code", "name", "level", "parent"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    sheet.append(["A1-X", "Chi bộ X", "chi-bo", "A1"])
    sheet.append(["A1-Y", "Chi bộ Y", "chi-bo", "=D2"])
    out = io.BytesIO()
    book.save(out)
    roots = Unit.objects.filter(parent__isnull=True).count()
    with pytest.raises(ImportRefused) as caught:
        units_import(actor=None, file_name="t.xlsx", data=out.getvalue(), under=None)
    assert (caught.value.errors[0].row, caught.value.errors[0].column) == (3, "D")
    assert Unit.objects.filter(parent__isnull=True).count() == roots


def test_the_units_command_refuses_a_nul_naming_the_row_and_exits_two(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "don-vi.csv"
    path.write_bytes(csv_file(["T-2", "Tên\x00lạ", "A"]))
    before = Unit.objects.count()
    assert main(["units", "import", str(path), "--under", tree.A.code, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Row 3" in err and "U+0000" in err and "Traceback" not in err
    assert Unit.objects.count() == before


def test_the_units_command_refuses_the_whole_sheet_xlsx_at_once(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(hostile_files()["xlsx-whole-sheet"][1])
    assert main(["units", "import", str(path), "--lang", "en"]) == 2
    assert "A1:XFD1048576" in capsys.readouterr().err


def _docx_paragraphs(texts: list[str]) -> bytes:
    """A Word file of these paragraphs; U+009B, which python-docx will not write
    but XML allows, is put into the document's XML afterwards."""
    document = Document()
    for text in texts:
        document.add_paragraph(text.replace("\x9b", "@CSI@"))
    out = io.BytesIO()
    document.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"@CSI@", "\x9b".encode())
            target.writestr(info, content)
    return edited.getvalue()


def test_a_word_draft_with_a_control_character_is_refused_naming_the_paragraph(
    consult: Consult,  # noqa: F811
) -> None:
    before = consult.draft.versions.count()
    with pytest.raises(ValidationError) as caught:
        version_create(
            draft=consult.draft,
            user=consult.tree.commune_officer,
            file_name="du-thao.docx",
            data=_docx_paragraphs(["Đoạn một.", "Đoạn hai\x9blạ."]),
        )
    assert "2" in str(caught.value) and "U+009B" in str(caught.value)
    assert consult.draft.versions.count() == before


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x9b"])
def test_a_written_draft_with_a_control_character_is_refused(
    consult: Consult,  # noqa: F811
    char: str,
) -> None:
    before = consult.draft.versions.count()
    with pytest.raises(ValidationError) as caught:
        version_create(
            draft=consult.draft,
            user=consult.tree.commune_officer,
            markdown=f"# Mục\n\nĐoạn một.\n\nMột{char}hai.",
        )
    assert f"U+{ord(char):04X}" in str(caught.value)
    assert consult.draft.versions.count() == before
