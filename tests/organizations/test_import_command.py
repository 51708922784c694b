from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.cli import main
from daihoi.organizations.models import Unit
from tests.conftest import Tree
from tests.factories import LevelFactory


def test_the_command_imports_under_a_unit(tree: Tree, tmp_path: Path) -> None:
    LevelFactory(code="chi-bo", name="Chi bộ", rank=9)
    f = tmp_path / "cay.csv"
    f.write_text("code;name;level;parent\nB9;Chi bộ B9;chi-bo;B\n", encoding="utf-8")
    assert main(["units", "import", str(f), "--under", "B"]) == 0
    assert Unit.objects.get(code="B9").parent_id == tree.B.pk


def test_the_command_names_the_file_and_row_and_writes_nothing(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "cay.csv"
    f.write_text("code,name,level,parent\nB9,Chi bộ B9,không-có,B\n", encoding="utf-8")
    assert main(["units", "import", str(f), "--under", "B"]) == 2
    err = capsys.readouterr().err
    assert f"{f}: Dòng 2" in err and "level" in err
    assert not Unit.objects.filter(code="B9").exists()
