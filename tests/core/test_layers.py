"""The layers are a checked contract: ``make lint`` fails on a forbidden import.

Each test copies the package's Python files to a temporary folder, adds one
module that breaks a contract, and runs ``lint-imports`` on the copy with the
project's own contracts: the run must fail and name the offending import.
The working tree is never written to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "daihoi"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def lint_with(tmp_path: Path, module: str, source: str, contract: str) -> tuple[int, str]:
    """``lint-imports`` on a copy of the package with ``module`` added."""
    copy = tmp_path / "src" / "daihoi"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "locale", "templates"))
    target = copy.joinpath(*module.split(".")[1:]).with_suffix(".py")
    target.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    config = str(ROOT / "pyproject.toml")
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", config, "--contract", contract],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return run.returncode, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("module", "source", "contract", "named"),
    [
        (
            "daihoi.core.layer_probe",
            "from django.db import models\n",
            "core-leaf",
            "daihoi.core.layer_probe -> django",
        ),
        (
            "daihoi.core.layer_probe",
            "import daihoi.elections.models\n",
            "core-leaf",
            "daihoi.core.layer_probe -> daihoi.elections.models",
        ),
        (
            "daihoi.documents.layer_probe",
            "from daihoi.accounts.models import User\n",
            "documents-on-core",
            "daihoi.documents.layer_probe -> daihoi.accounts.models",
        ),
        (
            "daihoi.documents.layer_probe",
            "from daihoi.http import run_service\n",
            "layers",
            "daihoi.documents.layer_probe -> daihoi.http",
        ),
        # The apps' order: accounts sits below the apps whose objects it guards.
        (
            "daihoi.accounts.layer_probe",
            "from daihoi.congresses.models import Congress\n",
            "apps-order",
            "daihoi.accounts.layer_probe -> daihoi.congresses.models",
        ),
        (
            "daihoi.elections.layer_probe",
            "from daihoi.congresses import selectors\n",
            "apps-acyclic",
            ".elections -> .congresses",
        ),
        # A new module under daihoi must be given its layer.
        ("daihoi.layer_probe", "VALUE = 1\n", "layers", "- daihoi.layer_probe"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(
    tmp_path: Path, module: str, source: str, contract: str, named: str
) -> None:
    code, output = lint_with(tmp_path, module, source, contract)
    assert code != 0
    assert named in output


def test_documents_on_core_holds_without_the_probe(tmp_path: Path) -> None:
    code, output = lint_with(
        tmp_path,
        "daihoi.documents.layer_probe",
        "from daihoi.core import collation\n",
        "documents-on-core",
    )
    assert code == 0, output
