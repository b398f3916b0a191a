"""scoring/ is the pure domain: it must never import Django, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SCORING = Path(__file__).resolve().parents[2] / "scoring"


def _imported_modules(path: Path) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


def test_it_finds_the_scoring_modules() -> None:
    names = {path.name for path in SCORING.rglob("*.py")}
    assert {"questions.py", "rules.py", "model.py", "tco.py", "docs.py"} <= names


def test_it_has_no_django_import_in_any_scoring_module() -> None:
    offenders = {
        f"{path.relative_to(SCORING.parent)}: import {module}"
        for path in SCORING.rglob("*.py")
        for module in _imported_modules(path)
        if module == "django" or module.startswith("django.")
    }
    assert offenders == set()


def test_it_imports_every_scoring_module_without_loading_django() -> None:
    # A fresh interpreter: this test process has Django loaded already (pytest-django).
    program = (
        "import importlib, pkgutil, sys\n"
        "import scoring\n"
        "names = sorted(m.name for m in pkgutil.walk_packages(scoring.__path__, 'scoring.'))\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(len(names), loaded)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=SCORING.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    count, loaded = completed.stdout.strip().split(" ", 1)
    assert int(count) >= 5
    assert loaded == "[]"
