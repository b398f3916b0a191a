"""catalog/ never imports decisions/ (decisions may import the catalog, not the other way);
the classification and the file readers are plain Python, without Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.scoring.test_purity import _imported_modules

CATALOG = Path(__file__).resolve().parents[2] / "catalog"
PURE = ("catalog.licences", "catalog.sources", "catalog.document")


def test_it_finds_the_catalog_modules() -> None:
    names = {path.name for path in CATALOG.rglob("*.py")}
    assert {"models.py", "licences.py", "services.py", "importing.py", "views.py"} <= names


def test_it_has_no_decisions_import_in_any_catalog_module() -> None:
    offenders = {
        f"{path.relative_to(CATALOG.parent)}: import {module}"
        for path in CATALOG.rglob("*.py")
        for module in _imported_modules(path)
        if module == "decisions" or module.startswith("decisions.")
    }
    assert offenders == set()


def test_it_has_no_relative_import_that_leaves_the_catalog() -> None:
    offenders = [
        str(path)
        for path in CATALOG.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert offenders == []


def test_it_loads_the_pure_modules_without_django_or_decisions() -> None:
    program = (
        "import importlib, sys\n"
        f"for name in {PURE!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'decisions')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=CATALOG.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
