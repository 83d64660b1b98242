"""The runtime dependencies pyproject.toml declares are the ones the package imports.

README: "The runtime needs regex, click, jinja2, numpy and markdown-it-py (pip install .)".
A dependency no module imports costs every install (and every Spark node) for nothing;
one imported but not declared breaks ``pip install .``."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "textmend"
IMPORT_NAME = {"markdown-it-py": "markdown_it"}
"""Distribution name -> the module it installs, where they differ."""
EXTRAS_MODULES = {"spark.py": {"pyspark", "pyarrow", "pandas"}, "pandas.py": {"pandas"}, "columnar.py": {"pandas", "pyarrow"}}
"""Modules of the ``spark``/``pandas`` extras and what they may import beyond the runtime."""

tomllib = pytest.importorskip("tomllib")


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0] for spec in project["dependencies"]}
    return {IMPORT_NAME.get(name, name) for name in names}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "textmend"}


def test_every_declared_runtime_dependency_is_imported_and_every_import_declared() -> None:
    declared = _declared()
    imported: set[str] = set()
    for path in sorted(PACKAGE.glob("*.py")):
        names = _imports(path)
        imported |= names
        assert names <= declared | EXTRAS_MODULES.get(path.name, set()), path.name
    assert declared - imported == set(), "declared but never imported"
