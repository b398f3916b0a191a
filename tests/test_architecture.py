"""The floors of the house: which package may import which, no import circles, and no private
Django API on the request path (we keep the framework's way)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "decisions", "scoring", "catalog")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


MODULES = project_modules()


def _run_time_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under ``if TYPE_CHECKING:`` (never run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue
        yield node
        yield from _run_time_nodes(node)


def imports_of(name: str, path: Path) -> Iterator[str]:
    """The project modules ``name`` imports when it runs, wherever in the file (functions
    too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES:
                yield target


GRAPH = {name: set(imports_of(name, path)) - {name} for name, path in MODULES.items()}


def test_it_finds_the_modules_it_checks() -> None:
    assert {"config.settings", "decisions.views.questionnaire", "scoring.model"} <= set(MODULES)


def test_config_names_the_apps_only_in_strings() -> None:
    offenders = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("config")
        for target in targets
        if not target.startswith("config")
    }
    assert offenders == set()


def test_scoring_imports_nothing_of_the_web_app() -> None:
    offenders = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("scoring")
        for target in targets
        if not target.startswith("scoring")
    }
    assert offenders == set()


def test_the_catalog_never_imports_decisions() -> None:
    offenders = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("catalog")
        for target in targets
        if target.startswith("decisions")
    }
    assert offenders == set()


def test_no_management_command_imports_another() -> None:
    offenders = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if ".management.commands." in module
        for target in targets
        if ".management.commands." in target
    }
    assert offenders == set()


def test_there_is_no_import_circle() -> None:
    # A package's __init__ re-exporting its modules is not a circle; modules are.
    graph = {
        module: {t for t in targets if not module.startswith(t + ".")}
        for module, targets in GRAPH.items()
    }
    circles = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                circles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


# Django's private methods (a leading underscore) overridden or called, and the ORM's row
# building (from_db, db converters) used by hand: the framework's way is the public API.
PRIVATE_DJANGO = re.compile(
    r"def _get_session_from_db|\._get_session_from_db|get_db_converters|\.from_db\(|"
    r"\bmark_safe\(|\b_meta\.concrete_fields"
)


@pytest.mark.parametrize("package", ["config", "decisions", "catalog"])
def test_no_private_django_api_and_no_html_built_in_python(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in (ROOT / package).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE_DJANGO.search(line)
    ]
    assert offenders == []
