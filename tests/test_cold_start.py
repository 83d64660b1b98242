"""Cold start: what ``import textmend`` and the first repair load, counted in a fresh process.

The issue's target is "cold start (import + first repair) <= 0.3 s" (benchmarks/SPEED.md, cold
start). Time on a shared machine is noise, so these tests check what is loaded, not how long it
takes: importing reads no data file and leaves out what only other front doors use, and the
first repair reads each data file once and still loads neither the markup parsers nor OpenSSL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import textmend

PACKAGE = Path(textmend.__file__).resolve().parent

CHILD = r"""
import json, sys
opened = []

def hook(event, args):
    if event == "open" and isinstance(args[0], str) and "/data/" in args[0]:
        opened.append(args[0])
    elif event == "sqlite3.connect":
        opened.append(str(args[0]))

sys.addaudithook(hook)
import textmend
at_import = (sorted(sys.modules), list(opened))
text = textmend.repair("The soldier is believed to be the first North Korean prisoner of warfare.").text
print(json.dumps({"import": {"modules": at_import[0], "opened": at_import[1]},
                  "repair": {"modules": sorted(sys.modules), "opened": opened}, "text": text}))
"""

ONLY_FOR_MARKUP = ("textmend.markup", "html.parser", "markdown_it")
"""Modules only ``repair_html`` / ``repair_markdown`` / ``repair_markup`` need."""
NEVER_FOR_A_REPAIR = (*ONLY_FOR_MARKUP, "hashlib", "_hashlib", "textmend.cli", "click", "jinja2", "pandas")
"""Modules a plain repair does not need (``hashlib``: only ``Channel.version``, for fitting)."""


@pytest.fixture(scope="module")
def loaded() -> dict:
    """What a fresh interpreter loads and opens at ``import textmend`` and at its first repair."""
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env,
                         check=True, cwd=PACKAGE.parent.parent)
    return json.loads(out.stdout)


def test_import_reads_no_data_file(loaded: dict) -> None:
    assert loaded["import"]["opened"] == []


def test_import_leaves_the_markup_front_doors_for_their_first_use(loaded: dict) -> None:
    assert not set(ONLY_FOR_MARKUP) & set(loaded["import"]["modules"])
    assert "repair_html" in textmend.__all__ and "repair_html" in dir(textmend)
    assert callable(textmend.repair_markdown)  # loaded on demand
    with pytest.raises(AttributeError, match="no attribute 'repair_htm'"):
        textmend.repair_htm  # noqa: B018  # a misspelling is still an error


def test_first_repair_loads_only_what_a_repair_needs(loaded: dict) -> None:
    assert loaded["text"].endswith("prisoner of war.")
    assert not set(NEVER_FOR_A_REPAIR) & set(loaded["repair"]["modules"])


def test_first_repair_opens_each_data_file_once(loaded: dict) -> None:
    opened = [Path(p.split("?")[0].removeprefix("file:")).name for p in loaded["repair"]["opened"]]
    assert len(opened) == len(set(opened)), opened
    assert {"terms.txt.gz", "general.sqlite", "lm.json"} <= set(opened)


def test_import_loads_neither_the_engine_nor_numpy(loaded: dict) -> None:
    """``import textmend`` defers every public name to its first use, so the ``textmend`` command
    can take over Ctrl-C before the heavy imports (``textmend.__main__``)."""
    assert not {"textmend.api", "textmend.detect", "numpy", "click"} & set(loaded["import"]["modules"])


def test_the_submodule_detect_never_hides_the_function_detect() -> None:
    """Importing ``textmend.detect`` (the module) first, or the command's modules, still leaves
    ``textmend.detect`` the function, as when the package imported its front door eagerly."""
    child = (
        "import sys, textmend.detect, textmend.cli, textmend\n"
        "from textmend.detect import observe\n"
        "assert textmend.detect is textmend.api.detect, textmend.detect\n"
        "assert sys.modules['textmend.detect'].observe is observe\n"
        "print(textmend.detect('The first North Korean prisoner of warfare.')[-1].replacement)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True)
    assert out.stdout == "war\n"
